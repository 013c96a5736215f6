import Foundation
import RegulaOptim
import Testing
import _Differentiation
import _RegulaTestSupport

/// Trajectories of the optax.contrib optimizers against Optax (fixtures from
/// Tools/fixtures/optimizers_contrib.py, float64), on the problem of ``OptaxParityTests``.
struct OptaxContribParityTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var name: String
      var steps: [String: [String: [Double]]]
      /// Schedule-Free's evaluation parameters at the same steps.
      var evaluation: [String: [String: [Double]]]?
    }
    var problem: [String: [Double]]
    var cases: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "optimizers_contrib.json")

  static let problem = OptaxParityProblem(fixture.problem)
  static var start: ParameterSet<Double> { problem.start }
  static func valueAndGradient(_ p: ParameterSet<Double>) -> (value: Double, gradient: ParameterSet<Double>) { problem.valueAndGradient(p) }

  /// Parameters (and, through `evaluate`, evaluation parameters) after every step.
  struct Run {
    var parameters: [Int: ParameterSet<Double>] = [:]
    var evaluation: [Int: ParameterSet<Double>] = [:]
  }

  static func run<T: GradientTransformation>(
    _ optimizer: T, evaluate: ((T.State, ParameterSet<Double>) -> ParameterSet<Double>)? = nil
  ) -> Run where T.Scalar == Double {
    var p = start, state = optimizer.initialState(for: start), result = Run()
    for step in 1...100 {
      optimizer.step(&p, gradient: valueAndGradient(p).gradient, state: &state)
      result.parameters[step] = p
      if let evaluate { result.evaluation[step] = evaluate(state, p) }
    }
    return result
  }

  static func run<T: LossAwareTransformation>(lossAware optimizer: T) -> Run where T.Scalar == Double {
    var p = start, state = optimizer.initialState(for: start), result = Run()
    for step in 1...100 {
      let (value, gradient) = valueAndGradient(p)
      optimizer.step(&p, gradient: gradient, loss: value, state: &state)
      result.parameters[step] = p
    }
    return result
  }

  /// H·v for the generator's loss, whose Hessian is diagonal: 2c + 1.2·x² per entry.
  static func hessianVectorProduct(at p: ParameterSet<Double>) -> (ParameterSet<Double>) -> ParameterSet<Double> {
    let q = fixture.problem
    let diagonal = ParameterSet([
      ("w", 2 * Tensor(shape: [2, 3], scalars: q["cw"]!) + 1.2 * square(p["w"])), ("b", 2 * Tensor(q["cb"]!) + 1.2 * square(p["b"])),
    ])
    return { v in ParameterSet([("w", diagonal["w"] * v["w"]), ("b", diagonal["b"] * v["b"])]) }
  }

  static func run(sophia optimizer: ScaleBySophia<Double>) -> Run {
    var p = start, state = optimizer.initialState(for: start), result = Run()
    for step in 1...100 {
      optimizer.step(&p, gradient: valueAndGradient(p).gradient, state: &state, hessianVectorProduct: hessianVectorProduct(at: p))
      result.parameters[step] = p
    }
    return result
  }

  static func runScheduleFree<Base>(_ optimizer: ScheduleFree<Base>) -> Run where Base.Scalar == Double {
    run(optimizer) { state, p in state.evaluationParameters(from: p) }
  }

  static let optimizers: [String: @Sendable () -> Run] = [
    "cocob": { run(cocob()) },
    "cocob_decay": { run(cocob(learningRate: 0.5, alpha: 50, weightDecay: 0.01)) },
    "dog": { run(dog()) },
    "dog_distance_decay": { run(dog(initialStep: .distance(0.1), weightDecay: 0.01)) },
    "dog_learning_rate": { run(dog(learningRate: 0.5, initialStep: .learningRate(0.01))) },
    "dowg": { run(dowg()) },
    "dowg_initial_decay": { run(dowg(initialSquaredDistance: 0.1, weightDecay: 0.01)) },
    "prodigy": { run(prodigy()) },
    "prodigy_safeguard": { run(prodigy(beta3: 0.99, estimateCoefficient: 0.8, weightDecay: 0.01, safeguardWarmup: true)) },
    "dadapt_adamw": { run(dadaptAdamW()) },
    "dadapt_adamw_decay": { run(dadaptAdamW(learningRate: 0.5, beta1: 0.8, beta2: 0.99, weightDecay: 0.01)) },
    "mechanize_adam": { run(Mechanize(adam(learningRate: 0.1))) },
    "mechanize_sgd": { run(Mechanize(sgd(learningRate: 0.05), weightDecay: 0, betaCount: 3)) },
    "momo": { run(lossAware: momo()) },
    "momo_adaptive": { run(lossAware: momo(learningRate: 0.5, beta: 0.8, weightDecay: 0.01, adaptLowerBound: true)) },
    "momo_adam": { run(lossAware: momoAdam(learningRate: 0.1)) },
    "momo_adam_adaptive": { run(lossAware: momoAdam(learningRate: 0.1, weightDecay: 0.01, adaptLowerBound: true)) },
    "acprop": { run(acprop(learningRate: 0.05)) },
    "acprop_decay": { run(acprop(learningRate: 0.05, beta1: 0.8, weightDecay: 0.01)) },
    "madgrad": { run(madgrad(learningRate: 0.05)) },
    "madgrad_decay": { run(madgrad(learningRate: 0.02, momentum: 0.5, weightDecay: 0.01)) },
    "schedule_free_sgd": { runScheduleFree(scheduleFreeSGD(learningRate: 0.05)) },
    "schedule_free_sgd_warmup": { runScheduleFree(scheduleFreeSGD(learningRate: 0.05, warmupSteps: 10, beta1: 0.8, weightDecay: 0.01)) },
    "schedule_free_adamw": { runScheduleFree(scheduleFreeAdamW(learningRate: 0.05)) },
    "schedule_free_adamw_warmup": {
      runScheduleFree(scheduleFreeAdamW(learningRate: 0.05, warmupSteps: 10, weightDecay: 0.01, weightLRPower: 1))
    },
    "reduce_on_plateau_sgd": {
      run(lossAware: sgd(learningRate: 0.05).followed(by: ReduceOnPlateau<Double>(patience: 5, rtol: 1e-2, minScale: 1e-3)))
    },
    "reduce_on_plateau_adam_windows": {
      run(lossAware: adam(learningRate: 0.1).followed(by: ReduceOnPlateau<Double>(
        factor: 0.5, patience: 2, rtol: 0, atol: 1e-3, cooldown: 2, accumulationSize: 3, minScale: 0.05)))
    },
    "sam_sgd": { run(sam(sgd(learningRate: 0.05), rho: 0.05)) },
    "sam_adam_sync3": {
      run(SharpnessAwareOptimizer(adam(learningRate: 0.05), adversary: chain { Normalize<Double>(); ScaleByAdam<Double>(); ScaleByLearningRate<Double>(0.01) },
        syncPeriod: 3, resetAdversary: false))
    },
    "sophia": { run(sophia: sophia(learningRate: 0.05)) },
    "sophia_wide_clip": {
      run(sophia: sophia(learningRate: 0.02, beta1: 0.9, beta2: 0.9, weightDecay: 0.01, gamma: 0.5, clipThreshold: 2, updateInterval: 3))
    },
  ]

  @Test(arguments: fixture.cases.map(\.name))
  func matchesOptaxTrajectory(_ name: String) throws {
    let golden = try #require(Self.fixture.cases.first { $0.name == name })
    let optimizer = try #require(Self.optimizers[name], "no Swift optimizer for fixture case \(name)")
    let run = optimizer()
    try OptaxParityProblem.expectTrajectory(run.parameters, golden.steps, name)
    try OptaxParityProblem.expectTrajectory(run.evaluation, golden.evaluation ?? [:], "\(name) evaluation")
    #expect((golden.evaluation == nil) == run.evaluation.isEmpty, "\(name): evaluation parameters expected iff Schedule-Free")
  }

  /// The finite-difference H·v agrees with the exact one on the generator's loss.
  @Test func finiteDifferenceHessianVectorProductIsAccurate() {
    let p = Self.start
    var generator = RandomGenerator(seed: 3)
    let v = p.mapTensors { _, t in Tensor<Double>.randomNormal(shape: t.shape, using: &generator) }
    let approximate = finiteDifferenceHessianVectorProduct(at: p) { Self.valueAndGradient($0).gradient }(v)
    let exact = Self.hessianVectorProduct(at: p)(v)
    for path in ["w", "b"] {
      #expect(maxRelativeDifference(approximate[path], exact[path], floor: 1e-3) < 1e-8, "\(path)")
    }
  }

  @Test func everyOptimizerHasAFixture() {
    #expect(Set(Self.optimizers.keys) == Set(Self.fixture.cases.map(\.name)))
  }
}

import Foundation
import RegulaOptim
import Testing
import _Differentiation
import _RegulaTestSupport

/// Trajectories against Optax (fixtures from Tools/fixtures/optimizers.py, float64).
struct OptaxParityTests {
  static let fixture = try! loadFixture(OptaxTrajectoryFixture.self, "optimizers.json")

  static let problem = OptaxParityProblem(fixture.problem)

  static func gradient(_ p: ParameterSet<Double>) -> ParameterSet<Double> { problem.valueAndGradient(p).gradient }

  static func run<T: GradientTransformation>(_ optimizer: T, steps: Int) -> [Int: ParameterSet<Double>] where T.Scalar == Double {
    var p = problem.start
    var state = optimizer.initialState(for: p)
    var snapshots: [Int: ParameterSet<Double>] = [:]
    for step in 1...steps {
      optimizer.step(&p, gradient: gradient(p), state: &state)
      snapshots[step] = p
    }
    return snapshots
  }

  static let optimizers: [String: @Sendable () -> [Int: ParameterSet<Double>]] = [
    "sgd": { run(sgd(learningRate: 0.05), steps: 100) },
    "sgd_momentum": { run(sgd(learningRate: 0.02, momentum: 0.9), steps: 100) },
    "sgd_nesterov": { run(sgd(learningRate: 0.02, momentum: 0.9, nesterov: true), steps: 100) },
    "adam": { run(adam(learningRate: 0.1), steps: 100) },
    "adam_eps_root": { run(adam(learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, epsilonRoot: 1e-8), steps: 100) },
    "adamw": { run(adamw(learningRate: 0.1, weightDecay: 0.05), steps: 100) },
    "adamw_default_decay": { run(adamw(learningRate: 0.01), steps: 100) },
    "adamw_cosine": {
      run(adamw(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 50, alpha: 0.1), weightDecay: 0.01), steps: 100)
    },
    "adabelief": { run(adabelief(learningRate: 0.1), steps: 100) },
    "adabelief_nesterov": { run(adabelief(learningRate: 0.05, nesterov: true), steps: 100) },
    "adadelta": { run(adadelta(learningRate: 1.0, weightDecay: 0.01), steps: 100) },
    "adagrad": { run(adagrad(learningRate: 0.3), steps: 100) },
    "adamax": { run(adamax(learningRate: 0.1), steps: 100) },
    "adamaxw": { run(adamaxw(learningRate: 0.1, weightDecay: 0.05), steps: 100) },
    "adan": { run(adan(learningRate: 0.1, weightDecay: 0.01), steps: 100) },
    "amsgrad": { run(amsgrad(learningRate: 0.1), steps: 100) },
    "fromage": { run(fromage(learningRate: 0.05), steps: 100) },
    "lamb": { run(lamb(learningRate: 0.05, weightDecay: 0.01), steps: 100) },
    "lars": { run(lars(learningRate: 0.5, weightDecay: 0.01), steps: 100) },
    "lars_nesterov": { run(lars(learningRate: 0.2, trustCoefficient: 0.01, epsilon: 1e-3, nesterov: true), steps: 100) },
    "lion": { run(lion(learningRate: 0.01), steps: 100) },
    "nadam": { run(nadam(learningRate: 0.1), steps: 100) },
    "nadamw": { run(nadamw(learningRate: 0.1, weightDecay: 0.05), steps: 100) },
    "novograd": { run(novograd(learningRate: 0.05, weightDecay: 0.01), steps: 100) },
    "optimistic_gradient_descent": { run(optimisticGradientDescent(learningRate: 0.02, alpha: 1, beta: 0.5), steps: 100) },
    "optimistic_adam": { run(optimisticAdam(learningRate: 0.05), steps: 100) },
    "radam": { run(radam(learningRate: 0.1), steps: 100) },
    "radam_nesterov": { run(radam(learningRate: 0.05, threshold: 4, nesterov: true), steps: 100) },
    "rmsprop": { run(rmsprop(learningRate: 0.003), steps: 100) },
    "rmsprop_centered_momentum": { run(rmsprop(learningRate: 0.01, centered: true, momentum: 0.9), steps: 100) },
    "rmsprop_nesterov_debiased": {
      run(rmsprop(learningRate: 0.003, epsilon: 1e-3, initialScale: 0.1, epsilonInSquareRoot: false, momentum: 0.5, nesterov: true, biasCorrection: true), steps: 100)
    },
    "rprop": { run(rprop(learningRate: 0.01), steps: 100) },
    "sign_sgd": { run(signSGD(learningRate: 0.01), steps: 100) },
    "signum": { run(signum(learningRate: 0.01), steps: 100) },
    "sm3": { run(sm3(learningRate: 0.1), steps: 100) },
    "yogi": { run(yogi(learningRate: 0.1), steps: 100) },
    "chain_clip_by_global_norm_adam": {
      run(chain { ClipByGlobalNorm<Double>(1); ScaleByAdam<Double>(); ScaleByLearningRate<Double>(0.1) }, steps: 100)
    },
    "chain_clip_sgd": { run(chain { Clip<Double>(maxDelta: 0.5); ScaleByLearningRate<Double>(0.05) }, steps: 100) },
    "chain_centralize_sgd_momentum": {
      run(chain { Centralize<Double>(); Trace<Double>(decay: 0.9); ScaleByLearningRate<Double>(0.02) }, steps: 100)
    },
    "masked_scale_by_adam": { run(chain { Masked(ScaleByAdam<Double>()) { $0 == "w" }; Scale<Double>(-0.05) }, steps: 100) },
    "partition_adam_sgd": {
      run(Partitioned(where: { $0 == "w" }, adam(learningRate: 0.1), sgd(learningRate: 0.05)), steps: 100)
    },
    "multi_steps_adam": { run(MultiSteps(adam(learningRate: 0.1), everySteps: 3), steps: 100) },
    "keep_nonnegative_sgd": { run(chain { ScaleByLearningRate<Double>(0.1); KeepNonNegative<Double>() }, steps: 100) },
    "freeze_b_adam": { run(chain { ScaleByAdam<Double>(); ScaleByLearningRate<Double>(0.1); Freeze<Double> { $0 == "b" } }, steps: 100) },
    "adamw_masked_decay": { run(adamw(learningRate: 0.1, weightDecay: 0.5, mask: { $0 == "w" }), steps: 100) },
    "apply_if_finite_adam": { run(ApplyIfFinite(adam(learningRate: 0.1), maxConsecutiveErrors: 3), steps: 100) },
    "muon": { run(muon(learningRate: 0.01), steps: 100) },
    "muon_decay_rms": {
      run(
        muon(
          learningRate: 0.01, beta: 0.9, nesterov: false, steps: 6, weightDecay: 0.05, consistentRMS: 0.2,
          adamWeightDecay: 0.01, adamLearningRate: 0.05), steps: 100)
    },
    "adopt": { run(adopt(learningRate: 0.05), steps: 100) },
    "ademamix": { run(ademamix(learningRate: 0.05, beta3: 0.99, weightDecay: 0.01), steps: 100) },
    "ademamix_scheduled": {
      run(
        ademamix(
          learningRate: 0.02, beta3: .linear(from: 0.9, to: 0.999, transitionSteps: 50),
          alpha: .linear(from: 0, to: 5, transitionSteps: 50)), steps: 100)
    },
    "adopt_nesterov_unclipped": { run(adopt(learningRate: 0.02, beta2: 0.99, nesterov: true, clipping: false), steps: 100) },
    "chain_adaptive_grad_clip_sgd": {
      run(chain { AdaptiveGradientClipping<Double>(clipping: 0.3); ScaleByLearningRate<Double>(0.05) }, steps: 100)
    },
    "adafactor": { run(adafactor(learningRate: 0.02), steps: 100) },
    "adafactor_factored": {
      run(adafactor(learningRate: 0.03, minDimSizeToFactor: 2, clippingThreshold: 0.5, momentum: 0.9, weightDecayRate: 0.01), steps: 100)
    },
    "adafactor_relative": {
      run(adafactor(learningRate: 0.05, minDimSizeToFactor: 2, multiplyByParameterScale: false, clippingThreshold: nil), steps: 100)
    },
  ]

  @Test(arguments: fixture.cases.map(\.name))
  func matchesOptaxTrajectory(_ name: String) throws {
    let golden = try #require(Self.fixture.cases.first { $0.name == name })
    let optimizer = try #require(Self.optimizers[name], "no Swift optimizer for fixture case \(name)")
    let run = optimizer()
    try OptaxParityProblem.expectTrajectory(run, golden.steps, name)
  }

  @Test func everyOptimizerHasAFixture() {
    #expect(Set(Self.optimizers.keys) == Set(Self.fixture.cases.map(\.name)))
  }
}

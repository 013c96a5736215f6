import Foundation
import RegulaOptim
import Testing
import _Differentiation
import _RegulaTestSupport

/// The shared matrix: every optimizer, on a quadratic and on Rosenbrock, in Float and Double,
/// with a state round trip through JSON in the middle of the run.
struct OptimizerPropertyTests {
  enum Objective: String, CaseIterable, Sendable {
    case quadratic, rosenbrock

    var start: [Double] { self == .quadratic ? [1.5, -2.0, 0.5] : [-1.2, 1.0] }
    var minimizer: [Double] { self == .quadratic ? [0.5, -1.0, 2.0] : [1.0, 1.0] }

    @differentiable(reverse)
    func value<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
      switch self {
      case .quadratic:
        // ½ Σ dᵢ (xᵢ − x*ᵢ)² with condition number 10.
        let center = Tensor<S>([0.5, -1.0, 2.0]), d = Tensor<S>([1, 4, 10])
        return (d * square(x - center)).sum() / 2
      case .rosenbrock:
        let a = x.slice(0..<1), b = x.slice(1..<2)
        return (square(1 - a) + 100 * square(b - square(a))).sum()
      }
    }
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var objectives: [Objective]
    var steps: Int
    var float: AnyRunner<Float>
    var double: AnyRunner<Double>
    var testDescription: String { name }
  }

  /// Runs any transformation with its concrete state, through a JSON round trip halfway.
  struct AnyRunner<S: TensorScalar>: Sendable {
    var run: @Sendable (Objective, Int) throws -> (x: Tensor<S>, resumedExactly: Bool)
    /// The largest relative difference between 4 steps on the full quadratic gradient and
    /// `MultiSteps(k: 3)` over 12 calls whose three gradients per step average to it.
    var multiStepsDifference: @Sendable () -> Double

    init<T: GradientTransformation>(_ t: T) where T.Scalar == S {
      multiStepsDifference = {
        let objective = Objective.quadratic
        let start = ParameterSet([("x", Tensor<S>(objective.start.map { S($0) }))])
        let full = { (p: ParameterSet<S>) in gradient(at: p) { p in objective.value(p["x"]).scalarized() } }
        var (p1, s1) = (start, t.initialState(for: start))
        for _ in 0..<4 { t.step(&p1, gradient: full(p1), state: &s1) }
        let accumulated = MultiSteps(t, everySteps: 3)
        var (p2, s2) = (start, accumulated.initialState(for: start))
        let offsets: [S] = [0.25, -0.5, 0.25]
        for call in 0..<12 {
          let g = full(p2).mapTensors { _, t in t + Tensor(repeating: offsets[call % 3], shape: t.shape) }
          accumulated.step(&p2, gradient: g, state: &s2)
        }
        return maxRelativeDifference(p2["x"], p1["x"], floor: 1e-3)
      }
      run = { objective, steps in
        var p = ParameterSet([("x", Tensor<S>(objective.start.map { S($0) }))])
        var state = t.initialState(for: p)
        func step() {
          let g = gradient(at: p) { p in objective.value(p["x"]).scalarized() }
          t.step(&p, gradient: g, state: &state)
        }
        for _ in 0..<(steps / 2) { step() }
        var restored = try JSONDecoder().decode(T.State.self, from: JSONEncoder().encode(state))
        let same = restored == state
        swap(&restored, &state)
        for _ in (steps / 2)..<steps { step() }
        return (p["x"], same)
      }
    }
  }

  static let cases: [Case] = [
    Case(
      name: "sgd", objectives: [.quadratic], steps: 400,
      float: AnyRunner(sgd(learningRate: 0.05)), double: AnyRunner(sgd(learningRate: 0.05))),
    Case(
      name: "sgd momentum", objectives: [.quadratic, .rosenbrock], steps: 5000,
      float: AnyRunner(sgd(learningRate: 5e-4, momentum: 0.9)),
      double: AnyRunner(sgd(learningRate: 5e-4, momentum: 0.9))),
    Case(
      name: "sgd nesterov", objectives: [.quadratic, .rosenbrock], steps: 5000,
      float: AnyRunner(sgd(learningRate: 5e-4, momentum: 0.9, nesterov: true)),
      double: AnyRunner(sgd(learningRate: 5e-4, momentum: 0.9, nesterov: true))),
    Case(
      name: "adam", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(adam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000))),
      double: AnyRunner(adam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000)))),
    Case(
      name: "adamw", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(adamw(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000), weightDecay: 1e-6)),
      double: AnyRunner(adamw(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000), weightDecay: 1e-6))),
    Case(
      name: "normalized steepest descent (ℓ2, momentum)", objectives: [.quadratic], steps: 3000,
      float: AnyRunner(chain {
        Trace<Float>(decay: 0.9); ScaleByLMO<Float>(.euclidean); ScaleByLearningRate<Float>(.cosineDecay(initialValue: 0.05, decaySteps: 3000))
      }),
      double: AnyRunner(chain {
        Trace<Double>(decay: 0.9); ScaleByLMO<Double>(.euclidean); ScaleByLearningRate<Double>(.cosineDecay(initialValue: 0.05, decaySteps: 3000))
      })),
    Case(
      name: "ademamix", objectives: [.quadratic, .rosenbrock], steps: 6000,
      float: AnyRunner(ademamix(learningRate: .cosineDecay(initialValue: 0.02, decaySteps: 6000), beta3: 0.999, alpha: 2)),
      double: AnyRunner(ademamix(learningRate: .cosineDecay(initialValue: 0.02, decaySteps: 6000), beta3: 0.999, alpha: 2))),
    Case(
      name: "adopt", objectives: [.quadratic, .rosenbrock], steps: 10000,
      float: AnyRunner(adopt(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 10000), beta2: 0.999)),
      double: AnyRunner(adopt(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 10000), beta2: 0.999))),
    Case(
      name: "cautious adamw", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(chain {
        Cautious(ScaleByAdam<Float>()); AddDecayedWeights<Float>(1e-6); ScaleByLearningRate<Float>(.cosineDecay(initialValue: 0.05, decaySteps: 3000))
      }),
      double: AnyRunner(chain {
        Cautious(ScaleByAdam<Double>()); AddDecayedWeights<Double>(1e-6); ScaleByLearningRate<Double>(.cosineDecay(initialValue: 0.05, decaySteps: 3000))
      })),
    Case(
      name: "soap", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(soap(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000), weightDecay: 0)),
      double: AnyRunner(soap(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000), weightDecay: 0))),
    Case(
      name: "muon (vectors on adamw)", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(muon(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000))),
      double: AnyRunner(muon(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000)))),
    Case(
      name: "shampoo", objectives: [.quadratic, .rosenbrock], steps: 6000,
      float: AnyRunner(shampoo(learningRate: .cosineDecay(initialValue: 0.3, decaySteps: 6000), epsilon: 1e-8)),
      double: AnyRunner(shampoo(learningRate: .cosineDecay(initialValue: 0.3, decaySteps: 6000), epsilon: 1e-8))),
    Case(
      name: "adafactor", objectives: [.quadratic, .rosenbrock], steps: 10000,
      float: AnyRunner(adafactor(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 10000), minDimSizeToFactor: 1)),
      double: AnyRunner(adafactor(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 10000), minDimSizeToFactor: 1))),
    Case(
      name: "adabelief", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(adabelief(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000))),
      double: AnyRunner(adabelief(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000)))),
    Case(
      name: "adadelta", objectives: [.quadratic], steps: 3000,
      float: AnyRunner(adadelta(learningRate: 1)),
      double: AnyRunner(adadelta(learningRate: 1))),
    Case(
      name: "adagrad", objectives: [.quadratic, .rosenbrock], steps: 8000,
      float: AnyRunner(adagrad(learningRate: 1)),
      double: AnyRunner(adagrad(learningRate: 1))),
    Case(
      name: "adamax", objectives: [.quadratic, .rosenbrock], steps: 10000,
      float: AnyRunner(adamax(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 10000))),
      double: AnyRunner(adamax(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 10000)))),
    Case(
      name: "adamaxw", objectives: [.quadratic, .rosenbrock], steps: 10000,
      float: AnyRunner(adamaxw(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 10000), weightDecay: 1e-6)),
      double: AnyRunner(adamaxw(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 10000), weightDecay: 1e-6))),
    Case(
      name: "adan", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(adan(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000))),
      double: AnyRunner(adan(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000)))),
    Case(
      name: "amsgrad", objectives: [.quadratic, .rosenbrock], steps: 10000,
      float: AnyRunner(amsgrad(learningRate: .cosineDecay(initialValue: 0.3, decaySteps: 10000))),
      double: AnyRunner(amsgrad(learningRate: .cosineDecay(initialValue: 0.3, decaySteps: 10000)))),
    Case(
      name: "fromage", objectives: [.quadratic], steps: 3000,
      float: AnyRunner(fromage(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000))),
      double: AnyRunner(fromage(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000)))),
    Case(
      name: "lamb", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(lamb(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000))),
      double: AnyRunner(lamb(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000)))),
    Case(
      name: "lars", objectives: [.quadratic], steps: 3000,
      float: AnyRunner(lars(learningRate: .cosineDecay(initialValue: 5, decaySteps: 3000))),
      double: AnyRunner(lars(learningRate: .cosineDecay(initialValue: 5, decaySteps: 3000)))),
    Case(
      name: "lion", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(lion(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 3000), weightDecay: 0)),
      double: AnyRunner(lion(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 3000), weightDecay: 0))),
    Case(
      name: "nadam", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(nadam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000))),
      double: AnyRunner(nadam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000)))),
    Case(
      name: "nadamw", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(nadamw(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000), weightDecay: 1e-6)),
      double: AnyRunner(nadamw(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000), weightDecay: 1e-6))),
    Case(
      name: "novograd", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(novograd(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000))),
      double: AnyRunner(novograd(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000)))),
    Case(
      name: "optimistic gradient descent", objectives: [.quadratic], steps: 1000,
      float: AnyRunner(optimisticGradientDescent(learningRate: 0.02)),
      double: AnyRunner(optimisticGradientDescent(learningRate: 0.02))),
    Case(
      name: "optimistic adam", objectives: [.quadratic, .rosenbrock], steps: 6000,
      float: AnyRunner(optimisticAdam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 6000))),
      double: AnyRunner(optimisticAdam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 6000)))),
    Case(
      name: "radam", objectives: [.quadratic, .rosenbrock], steps: 6000,
      float: AnyRunner(radam(learningRate: .warmupCosineDecay(peakValue: 0.05, warmupSteps: 200, decaySteps: 6000))),
      double: AnyRunner(radam(learningRate: .warmupCosineDecay(peakValue: 0.05, warmupSteps: 200, decaySteps: 6000)))),
    Case(
      name: "rmsprop", objectives: [.quadratic, .rosenbrock], steps: 6000,
      float: AnyRunner(rmsprop(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 6000))),
      double: AnyRunner(rmsprop(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 6000)))),
    Case(
      name: "rmsprop centered momentum", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(rmsprop(learningRate: .cosineDecay(initialValue: 0.002, decaySteps: 3000), centered: true, momentum: 0.9)),
      double: AnyRunner(rmsprop(learningRate: .cosineDecay(initialValue: 0.002, decaySteps: 3000), centered: true, momentum: 0.9))),
    Case(
      name: "rprop", objectives: [.quadratic, .rosenbrock], steps: 6000,
      float: AnyRunner(rprop(learningRate: 0.01)),
      double: AnyRunner(rprop(learningRate: 0.01))),
    Case(
      name: "sign sgd", objectives: [.quadratic], steps: 3000,
      float: AnyRunner(signSGD(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 3000))),
      double: AnyRunner(signSGD(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 3000)))),
    Case(
      name: "signum", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(signum(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 3000))),
      double: AnyRunner(signum(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 3000)))),
    Case(
      name: "sm3", objectives: [.quadratic, .rosenbrock], steps: 10000,
      float: AnyRunner(sm3(learningRate: .cosineDecay(initialValue: 1, decaySteps: 10000))),
      double: AnyRunner(sm3(learningRate: .cosineDecay(initialValue: 1, decaySteps: 10000)))),
    Case(
      name: "yogi", objectives: [.quadratic, .rosenbrock], steps: 6000,
      float: AnyRunner(yogi(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 6000))),
      double: AnyRunner(yogi(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 6000)))),
    Case(
      name: "noisy sgd", objectives: [.quadratic], steps: 1000,
      float: AnyRunner(noisySGD(learningRate: 0.05, seed: 1)),
      double: AnyRunner(noisySGD(learningRate: 0.05, seed: 1))),
    Case(
      name: "lbfgs (fixed step)", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(lbfgs(learningRate: 0.5)),
      double: AnyRunner(lbfgs(learningRate: 0.5))),
    Case(
      name: "lookahead adam", objectives: [.quadratic, .rosenbrock], steps: 6000,
      float: AnyRunner(Lookahead(adam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 6000)), syncPeriod: 5, slowStepSize: 0.5)),
      double: AnyRunner(Lookahead(adam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 6000)), syncPeriod: 5, slowStepSize: 0.5))),
    Case(
      name: "lion-κ (ℓ2)", objectives: [.quadratic, .rosenbrock], steps: 6000,
      float: AnyRunner(lion(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 6000), weightDecay: 0, kappa: .l2)),
      double: AnyRunner(lion(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 6000), weightDecay: 0, kappa: .l2))),
    Case(
      name: "error feedback (top-k) adam", objectives: [.quadratic], steps: 6000,
      float: AnyRunner(ErrorFeedback(adam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 6000)), compressor: .topK(fraction: 0.5))),
      double: AnyRunner(ErrorFeedback(adam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 6000)), compressor: .topK(fraction: 0.5)))),
    // optax.contrib
    Case(
      name: "acprop", objectives: [.quadratic, .rosenbrock], steps: 10000,
      float: AnyRunner(acprop(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 10000))),
      double: AnyRunner(acprop(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 10000)))),
    Case(
      name: "cocob", objectives: [.quadratic], steps: 3000,
      float: AnyRunner(cocob()), double: AnyRunner(cocob())),
    Case(
      name: "dadapt adamw", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(dadaptAdamW(learningRate: .cosineDecay(initialValue: 1, decaySteps: 3000))),
      double: AnyRunner(dadaptAdamW(learningRate: .cosineDecay(initialValue: 1, decaySteps: 3000)))),
    Case(
      name: "dog", objectives: [.quadratic, .rosenbrock], steps: 10000,
      float: AnyRunner(dog()), double: AnyRunner(dog())),
    Case(
      name: "dowg", objectives: [.quadratic, .rosenbrock], steps: 20000,
      float: AnyRunner(dowg()), double: AnyRunner(dowg())),
    Case(
      name: "madgrad", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(madgrad(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 3000))),
      double: AnyRunner(madgrad(learningRate: .cosineDecay(initialValue: 0.01, decaySteps: 3000)))),
    Case(
      name: "mechanize adam", objectives: [.quadratic], steps: 3000,
      float: AnyRunner(Mechanize(adam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000)) as Chained<ScaleByAdam<Float>, ScaleByLearningRate<Float>>)),
      double: AnyRunner(Mechanize(adam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 3000)) as Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>))),
    Case(
      name: "prodigy", objectives: [.quadratic, .rosenbrock], steps: 3000,
      float: AnyRunner(prodigy(learningRate: .cosineDecay(initialValue: 1, decaySteps: 3000))),
      double: AnyRunner(prodigy(learningRate: .cosineDecay(initialValue: 1, decaySteps: 3000)))),
    Case(
      name: "sam adam", objectives: [.quadratic, .rosenbrock], steps: 8000,
      float: AnyRunner(sam(adam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 4000)) as Chained<ScaleByAdam<Float>, ScaleByLearningRate<Float>>, rho: 0.002)),
      double: AnyRunner(sam(adam(learningRate: .cosineDecay(initialValue: 0.05, decaySteps: 4000)) as Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>, rho: 0.002))),
    Case(
      name: "schedule-free adamw", objectives: [.quadratic, .rosenbrock], steps: 10000,
      float: AnyRunner(scheduleFreeAdamW(learningRate: 0.05, warmupSteps: 100)),
      double: AnyRunner(scheduleFreeAdamW(learningRate: 0.05, warmupSteps: 100))),
    Case(
      name: "schedule-free sgd", objectives: [.quadratic], steps: 3000,
      float: AnyRunner(scheduleFreeSGD(learningRate: 0.05)),
      double: AnyRunner(scheduleFreeSGD(learningRate: 0.05))),
  ]

  @Test(arguments: cases)
  func convergesInFloatAndDoubleAndResumesExactly(_ c: Case) throws {
    for objective in c.objectives {
      let (xd, sameD) = try c.double.run(objective, c.steps)
      let (xf, sameF) = try c.float.run(objective, c.steps)
      #expect(sameD && sameF, "\(c.name): state changed in a JSON round trip")
      let target = Tensor(objective.minimizer)
      #expect(maxRelativeDifference(xd, target, floor: 1) < 2e-2, "\(c.name) on \(objective) (Double) reached \(xd)")
      #expect(maxRelativeDifference(Tensor<Double>(xf), target, floor: 1) < 2e-2, "\(c.name) on \(objective) (Float) reached \(xf)")
    }
  }

  @Test(arguments: cases)
  func multiStepsEqualsOneLargeBatchStep(_ c: Case) {
    let difference = c.double.multiStepsDifference()
    #expect(difference < 1e-9, "\(c.name): MultiSteps(3) differs from the full batch by \(difference)")
  }

  @Test func savedStateContinuesBitForBit() throws {
    let optimizer: AdamW<Float> = adamw(learningRate: 0.01, weightDecay: 0.1)
    var rng = RandomGenerator(seed: 7)
    var p = ParameterSet([("w", Tensor<Float>.randomNormal(shape: [4, 3], using: &rng))])
    var state = optimizer.initialState(for: p)
    let grad = { (p: ParameterSet<Float>) in gradient(at: p) { p in (square(p["w"]) * p["w"]).sum().scalarized() } }
    for _ in 0..<5 { optimizer.step(&p, gradient: grad(p), state: &state) }
    let saved = try JSONEncoder().encode(state)
    var (p1, s1) = (p, state)
    var (p2, s2) = (p, try JSONDecoder().decode(type(of: state), from: saved))
    for _ in 0..<5 {
      optimizer.step(&p1, gradient: grad(p1), state: &s1)
      optimizer.step(&p2, gradient: grad(p2), state: &s2)
    }
    #expect(p1 == p2)
    #expect(s1 == s2)
    #expect(s1.count == 10)
  }
}

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

    init<T: GradientTransformation>(_ t: T) where T.Scalar == S {
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

  @Test func savedStateContinuesBitForBit() throws {
    let optimizer: Chained<Chained<ScaleByAdam<Float>, AddDecayedWeights<Float>>, ScaleByLearningRate<Float>> = adamw(learningRate: 0.01, weightDecay: 0.1)
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
    #expect(s1.first.first.count == 10)
  }
}

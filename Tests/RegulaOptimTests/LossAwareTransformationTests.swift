import Foundation
import RegulaOptim
import Testing
import _Differentiation
import _RegulaTestSupport

/// Loss-aware transformations (MoMo, MoMo-Adam, reduce-on-plateau): the property matrix of
/// ``OptimizerPropertyTests`` with the loss passed to every step, and reduce-on-plateau's
/// counting rules on scripted losses.
struct LossAwareTransformationTests {
  typealias Objective = OptimizerPropertyTests.Objective

  /// Calls `step` `steps` times, swapping `state` for its JSON round trip halfway; returns
  /// whether the round trip preserved it.
  static func runResumingHalfway<State: Codable & Equatable>(_ steps: Int, state: inout State, step: (inout State) -> Void) throws -> Bool {
    for _ in 0..<(steps / 2) { step(&state) }
    var restored = try JSONDecoder().decode(State.self, from: JSONEncoder().encode(state))
    let same = restored == state
    swap(&restored, &state)
    for _ in (steps / 2)..<steps { step(&state) }
    return same
  }

  /// Runs `t` with the loss at every step and a JSON round trip of its state halfway.
  static func run<T: LossAwareTransformation>(_ t: T, on objective: Objective, steps: Int) throws -> (x: Tensor<T.Scalar>, resumedExactly: Bool) {
    var p = ParameterSet([("x", Tensor<T.Scalar>(objective.start.map { T.Scalar($0) }))])
    var state = t.initialState(for: p)
    let same = try runResumingHalfway(steps, state: &state) { state in
      let (value, g) = valueWithGradient(at: p) { p in objective.value(p["x"]).scalarized() }
      t.step(&p, gradient: g, loss: Double(value), state: &state)
    }
    return (p["x"], same)
  }

  static func expectConverges<F: LossAwareTransformation, D: LossAwareTransformation>(
    _ name: String, _ float: F, _ double: D, objectives: [Objective], steps: Int
  ) throws where F.Scalar == Float, D.Scalar == Double {
    for objective in objectives {
      let (xd, sameD) = try run(double, on: objective, steps: steps)
      let (xf, sameF) = try run(float, on: objective, steps: steps)
      #expect(sameD && sameF, "\(name): state changed in a JSON round trip")
      let target = Tensor(objective.minimizer)
      #expect(maxRelativeDifference(xd, target, floor: 1) < 2e-2, "\(name) on \(objective) (Double) reached \(xd)")
      #expect(maxRelativeDifference(Tensor<Double>(xf), target, floor: 1) < 2e-2, "\(name) on \(objective) (Float) reached \(xf)")
    }
  }

  @Test func momoConverges() throws {
    try Self.expectConverges("momo", momo(learningRate: 1) as ScaleByMomo<Float>, momo(learningRate: 1) as ScaleByMomo<Double>,
      objectives: [.quadratic, .rosenbrock], steps: 3000)
    try Self.expectConverges(
      "momo (adaptive lower bound)", momo(learningRate: 1, adaptLowerBound: true) as ScaleByMomo<Float>,
      momo(learningRate: 1, adaptLowerBound: true) as ScaleByMomo<Double>, objectives: [.quadratic], steps: 3000)
  }

  @Test func momoAdamConverges() throws {
    try Self.expectConverges("momo_adam", momoAdam(learningRate: 0.1) as ScaleByMomoAdam<Float>,
      momoAdam(learningRate: 0.1) as ScaleByMomoAdam<Double>, objectives: [.quadratic, .rosenbrock], steps: 3000)
  }

  @Test func adamWithReduceOnPlateauConverges() throws {
    try Self.expectConverges(
      "adam + reduce_on_plateau",
      adam(learningRate: 0.05).followed(by: ReduceOnPlateau<Float>(patience: 20)) as LossAwareChained<Chained<ScaleByAdam<Float>, ScaleByLearningRate<Float>>, ReduceOnPlateau<Float>>,
      adam(learningRate: 0.05).followed(by: ReduceOnPlateau<Double>(patience: 20)) as LossAwareChained<Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>, ReduceOnPlateau<Double>>,
      objectives: [.quadratic, .rosenbrock], steps: 3000)
  }

  /// The scales after each of `losses`, feeding a unit gradient.
  static func scales(_ t: ReduceOnPlateau<Double>, losses: [Double]) -> [Double] {
    let p = ParameterSet([("x", Tensor<Double>([1]))])
    var state = t.initialState(for: p)
    return losses.map { loss in
      var u = p
      t.update(&u, state: &state, parameters: p, loss: loss)
      #expect(u["x"].scalars == [state.scale])
      return state.scale
    }
  }

  @Test func reduceOnPlateauCountsPatienceAndCooldown() {
    // Improves twice, then a flat loss: the third flat window reaches patience 3 and halves
    // the scale; the two cooldown windows do not count; then three more flat windows.
    let t = ReduceOnPlateau<Double>(factor: 0.5, patience: 3, rtol: 0, atol: 0.01, cooldown: 2)
    #expect(Self.scales(t, losses: [5, 4, 4, 4, 4, 4, 4, 4, 4, 4]) == [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25])
    // A gain smaller than atol is no improvement.
    #expect(Self.scales(t, losses: [5, 4.995, 4.992, 4.991]) == [1, 1, 1, 0.5])
  }

  @Test func reduceOnPlateauAveragesWindowsAndStopsAtMinScale() {
    // Windows of two calls: the scale changes only when a window closes.
    let t = ReduceOnPlateau<Double>(factor: 0.1, patience: 1, rtol: 0.1, accumulationSize: 2, minScale: 0.05)
    // Window means: 3 (best), 3 (no 10% gain: reduce to 0.1), 1 (gain), 0.95 (reduce, floored at 0.05).
    #expect(Self.scales(t, losses: [2, 4, 3, 3, 1, 1, 0.9, 1]) == [1, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.05])
  }
}

import Foundation
import RegulaOptim
import Testing
import _Differentiation
import _RegulaTestSupport

/// Sophia with finite-difference Hessian–vector products: convergence in Float and Double
/// and an exact resume from a JSON checkpoint (the Rademacher generator is in the state).
struct SophiaTests {
  typealias Objective = OptimizerPropertyTests.Objective

  static func run<S: TensorScalar>(_ optimizer: ScaleBySophia<S>, on objective: Objective, steps: Int) throws -> (x: Tensor<S>, resumedExactly: Bool) {
    var p = ParameterSet([("x", Tensor<S>(objective.start.map { S($0) }))])
    var state = optimizer.initialState(for: p)
    let gradientAt = { (p: ParameterSet<S>) in gradient(at: p) { p in objective.value(p["x"]).scalarized() } }
    let same = try LossAwareTransformationTests.runResumingHalfway(steps, state: &state) { state in
      optimizer.step(&p, gradient: gradientAt(p), state: &state,
        hessianVectorProduct: finiteDifferenceHessianVectorProduct(at: p, gradient: gradientAt))
    }
    return (p["x"], same)
  }

  @Test(arguments: [Objective.quadratic, .rosenbrock])
  func convergesInFloatAndDouble(_ objective: Objective) throws {
    let rate = Schedule.cosineDecay(initialValue: 0.05, decaySteps: 4000)
    let (xd, sameD) = try Self.run(sophia(learningRate: rate, weightDecay: 0) as ScaleBySophia<Double>, on: objective, steps: 4000)
    let (xf, sameF) = try Self.run(sophia(learningRate: rate, weightDecay: 0) as ScaleBySophia<Float>, on: objective, steps: 4000)
    #expect(sameD && sameF)
    let target = Tensor(objective.minimizer)
    #expect(maxRelativeDifference(xd, target, floor: 1) < 2e-2, "\(objective) (Double) reached \(xd)")
    #expect(maxRelativeDifference(Tensor<Double>(xf), target, floor: 1) < 2e-2, "\(objective) (Float) reached \(xf)")
  }

  /// On a diagonal quadratic every Rademacher draw gives the exact diagonal: after the first
  /// estimate, h = (1 − β₂)·d.
  @Test func hutchinsonEstimateOfADiagonalHessianIsExact() {
    let d = Tensor<Double>([1, 4, 10])
    let optimizer: ScaleBySophia<Double> = sophia(learningRate: 0.1, beta2: 0.5)
    var p = ParameterSet([("x", Tensor<Double>([1, 2, 3]))])
    var state = optimizer.initialState(for: p)
    optimizer.step(&p, gradient: ParameterSet([("x", d * p["x"])]), state: &state) { v in ParameterSet([("x", d * v["x"])]) }
    #expect(state.hessianDiagonal["x"].scalars == [0.5, 2, 5])
    #expect(state.count == 1)
  }
}

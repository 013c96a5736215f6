import Foundation
import RegulaSolvers
import Testing
import _Differentiation
import _RegulaTestSupport

/// Gradients of the entropic transport cost (envelope theorem) against finite differences
/// of the converged solve.
struct EntropicTransportCostTests {
  static let (a, b) = (ExactTransportCostTests.weights(7, seed: 11), ExactTransportCostTests.weights(9, seed: 12))
  static let (eps, tolerance) = (0.1, 1e-13)

  static func transport(_ c: Tensor<Double>, _ a: Tensor<Double> = a, _ b: Tensor<Double> = b) -> Tensor<Double> {
    entropicTransportCost(c, sourceWeights: a, targetWeights: b, epsilon: eps, tolerance: tolerance)
  }

  @Test func valueIsTheRegularizedPrimalAndGradientWithRespectToTheCostIsThePlan() throws {
    let cost = square(randomTensor([7, 9], seed: 13))
    #expect(gradientError(at: cost) { Self.transport($0) } < 1e-6)
    let plan = gradient(at: cost) { Self.transport($0).scalarized() }
    // The plan is Sinkhorn's, and the value is ⟨P, C⟩ + ε·KL(P ‖ a⊗b), computed literally.
    var sinkhorn = Sinkhorn(epsilon: .absolute(Self.eps))
    sinkhorn.tolerance = Self.tolerance
    let problem = try TransportProblem(sourceWeights: Self.a.scalars, targetWeights: Self.b.scalars, cost: cost.scalars)
    #expect(maxRelativeDifference(plan, try sinkhorn.solve(problem).plan, floor: 1e-9) < 1e-9)
    var primal = 0.0
    for i in 0..<7 {
      for j in 0..<9 {
        let (p, q) = (plan.scalars[i * 9 + j], Self.a.scalars[i] * Self.b.scalars[j])
        primal += p * cost.scalars[i * 9 + j] + Self.eps * (p * log(p / q) - p + q)
      }
    }
    let value = Self.transport(cost).scalar
    #expect(abs(value - primal) < 1e-12, "\(value) vs \(primal)")
    // Above the exact cost, and close to it at small ε.
    let exact = exactTransportCost(cost, sourceWeights: Self.a, targetWeights: Self.b).scalar
    let sharp = entropicTransportCost(cost, sourceWeights: Self.a, targetWeights: Self.b, epsilon: 1e-3).scalar
    #expect(exact < sharp && sharp < value && sharp - exact < 0.02 * exact, "exact \(exact), ε=1e-3 \(sharp), ε=0.1 \(value)")
  }

  @Test func gradientWithRespectToThePoints() {
    let x = randomTensor([7, 2], seed: 14), y = randomTensor([9, 2], seed: 15) + 0.5
    func transport(_ x: Tensor<Double>, _ y: Tensor<Double>) -> Tensor<Double> {
      entropicTransportCost(
        sourcePoints: x, targetPoints: y, sourceWeights: Self.a, targetWeights: Self.b, epsilon: 0.5, tolerance: Self.tolerance)
    }
    #expect(gradientError(at: x) { transport($0, y) } < 1e-6)
    #expect(gradientError(at: y) { transport(x, $0) } < 1e-6)
  }

  @Test func gradientWithRespectToTheWeightsIsThePotentials() {
    let cost = square(randomTensor([7, 9], seed: 16))
    let (_, pullback) = valueWithPullback(at: cost, Self.a, Self.b) {
      entropicTransportCost($0, sourceWeights: $1, targetWeights: $2, epsilon: Self.eps, tolerance: Self.tolerance)
    }
    let (_, f, g) = pullback(Tensor(1))
    #expect(abs((f * Self.a).sum().scalar - (g * Self.b).sum().scalar) < 1e-12, "centered")
    let h = 1e-6
    func value(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double { Self.transport(cost, a, b).scalar }
    func step(_ count: Int, _ entries: [(Int, Double)]) -> Tensor<Double> {
      var s = [Double](repeating: 0, count: count)
      for (k, v) in entries { s[k] = v }
      return Tensor(s)
    }
    // Mass moved between two sources, between two targets, and added to one of each.
    for (i, k) in [(0, 3), (5, 1), (6, 2)] {
      let d = step(7, [(i, h), (k, -h)])
      let numeric = (value(Self.a + d, Self.b) - value(Self.a - d, Self.b)) / (2 * h)
      #expect(abs(numeric - (f.scalars[i] - f.scalars[k])) < 1e-6, "a: (\(i), \(k)) \(numeric)")
    }
    for (j, k) in [(0, 8), (4, 2)] {
      let d = step(9, [(j, h), (k, -h)])
      let numeric = (value(Self.a, Self.b + d) - value(Self.a, Self.b - d)) / (2 * h)
      #expect(abs(numeric - (g.scalars[j] - g.scalars[k])) < 1e-6, "b: (\(j), \(k)) \(numeric)")
    }
    for (i, j) in [(2, 3), (6, 0)] {
      let (da, db) = (step(7, [(i, h)]), step(9, [(j, h)]))
      let numeric = (value(Self.a + da, Self.b + db) - value(Self.a - da, Self.b - db)) / (2 * h)
      #expect(abs(numeric - (f.scalars[i] + g.scalars[j])) < 1e-6, "a and b: (\(i), \(j)) \(numeric)")
    }
  }

  @Test func zeroWeightsAreAllowed() {
    let a = Tensor<Double>([0.4, 0, 0.35, 0.25]), b = Tensor<Double>([0.5, 0.5, 0])
    let cost = square(randomTensor([4, 3], seed: 17))
    #expect(gradientError(at: cost) { Self.transport($0, a, b) } < 1e-6)
    let plan = gradient(at: cost) { Self.transport($0, a, b).scalarized() }
    #expect(plan.scalars[3..<6].allSatisfy { $0 == 0 } && [2, 5, 8, 11].allSatisfy { plan.scalars[$0] == 0 } && plan.isFinite)
  }
}

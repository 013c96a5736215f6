import Foundation
import RegulaSolvers
import Testing
import _Differentiation
import _RegulaTestSupport

/// Gradients of the exact transport cost (envelope theorem) against finite differences.
struct ExactTransportCostTests {
  static func weights(_ count: Int, seed: UInt64) -> Tensor<Double> {
    var rng = RandomGenerator(seed: seed)
    let w = Tensor<Double>.randomUniform(shape: [count], lower: 0.2, upper: 1, using: &rng)
    return w / w.sum()
  }

  static let (a, b) = (weights(7, seed: 1), weights(9, seed: 2))

  @Test func gradientWithRespectToTheCostIsThePlan() {
    let cost = square(randomTensor([7, 9], seed: 3))
    #expect(gradientError(at: cost) { exactTransportCost($0, sourceWeights: Self.a, targetWeights: Self.b) } < 1e-6)
    let plan = gradient(at: cost, of: { (c: Tensor<Double>) -> Double in exactTransportCost(c, sourceWeights: Self.a, targetWeights: Self.b).scalarized() })
    #expect(abs(plan.sum().scalar - 1) < 1e-14 && (plan * cost).sum().scalar > 0)
  }

  @Test func gradientWithRespectToThePoints() {
    let x = randomTensor([7, 2], seed: 4), y = randomTensor([9, 2], seed: 5) + 0.5
    #expect(gradientError(at: x) { exactTransportCost(sourcePoints: $0, targetPoints: y, sourceWeights: Self.a, targetWeights: Self.b) } < 1e-6)
    #expect(gradientError(at: y) { exactTransportCost(sourcePoints: x, targetPoints: $0, sourceWeights: Self.a, targetWeights: Self.b) } < 1e-6)
    // The cost matrix itself, checked against a literal loop.
    let c = squaredEuclideanCost(x, y)
    for i in 0..<7 {
      for j in 0..<9 {
        let literal = (0..<2).reduce(0.0) { $0 + pow(x.scalars[i * 2 + $1] - y.scalars[j * 2 + $1], 2) }
        #expect(abs(c.scalars[i * 9 + j] - literal) < 1e-13)
      }
    }
  }

  @Test func gradientWithRespectToTheWeightsIsTheDual() {
    // Only mass-preserving perturbations are defined: move h from entry k to entry i.
    let cost = square(randomTensor([7, 9], seed: 6))
    let (_, pullback) = valueWithPullback(at: cost, Self.a, Self.b) { exactTransportCost($0, sourceWeights: $1, targetWeights: $2) }
    let (_, u, v) = pullback(Tensor(1))
    let h = 1e-6
    func transport(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double { exactTransportCost(cost, sourceWeights: a, targetWeights: b).scalar }
    for (i, k) in [(0, 3), (5, 1), (6, 2)] {
      var step = [Double](repeating: 0, count: 7)
      (step[i], step[k]) = (h, -h)
      let numeric = (transport(Self.a + Tensor(step), Self.b) - transport(Self.a - Tensor(step), Self.b)) / (2 * h)
      #expect(abs(numeric - (u.scalars[i] - u.scalars[k])) < 1e-6, "a: (\(i), \(k))")
    }
    for (j, k) in [(0, 8), (4, 2)] {
      var step = [Double](repeating: 0, count: 9)
      (step[j], step[k]) = (h, -h)
      let numeric = (transport(Self.a, Self.b + Tensor(step)) - transport(Self.a, Self.b - Tensor(step))) / (2 * h)
      #expect(abs(numeric - (v.scalars[j] - v.scalars[k])) < 1e-6, "b: (\(j), \(k))")
    }
  }
}

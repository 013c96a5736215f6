import Foundation
import RegulaSolvers
import Testing
import _Differentiation
import _RegulaTestSupport

/// The unrolled Sinkhorn cost: its gradient is the exact derivative of the truncated
/// iterations (finite differences), and it converges to the envelope-theorem version.
struct UnrolledSinkhornCostTests {
  static let (a, b) = (ExactTransportCostTests.weights(5, seed: 21), ExactTransportCostTests.weights(6, seed: 22))
  static let cost = square(randomTensor([5, 6], seed: 23))

  static func unrolled(_ c: Tensor<Double>, _ a: Tensor<Double> = a, _ b: Tensor<Double> = b, iterations: Int) -> Tensor<Double> {
    unrolledSinkhornCost(c, sourceWeights: a, targetWeights: b, epsilon: 0.1, iterations: iterations)
  }

  /// Three iterations are far from converged, so these are gradients of the truncated
  /// computation, not of OT_ε.
  @Test func gradientsAreThoseOfTheTruncatedIterations() {
    #expect(gradientError(at: Self.cost) { Self.unrolled($0, iterations: 3) } < 1e-6)
    #expect(gradientError(at: Self.a) { Self.unrolled(Self.cost, $0, iterations: 3) } < 1e-6)
    #expect(gradientError(at: Self.b) { Self.unrolled(Self.cost, Self.a, $0, iterations: 3) } < 1e-6)
  }

  @Test func convergesToTheEnvelopeVersion() {
    let envelope = entropicTransportCost(Self.cost, sourceWeights: Self.a, targetWeights: Self.b, epsilon: 0.1, tolerance: 1e-13)
    let plan = gradient(at: Self.cost) {
      entropicTransportCost($0, sourceWeights: Self.a, targetWeights: Self.b, epsilon: 0.1, tolerance: 1e-13).scalarized()
    }
    let truncated = Self.unrolled(Self.cost, iterations: 2).scalar
    let converged = Self.unrolled(Self.cost, iterations: 400)
    #expect(abs(converged.scalar - envelope.scalar) < 1e-10 * abs(envelope.scalar))
    #expect(abs(truncated - envelope.scalar) > 1e-6, "two iterations should not have converged yet")
    let unrolledPlan = gradient(at: Self.cost) { Self.unrolled($0, iterations: 400).scalarized() }
    #expect(maxRelativeDifference(unrolledPlan, plan, floor: 1e-9) < 1e-7)
    // Weights: compare along a direction that keeps Σa = Σb (moving mass between two sources),
    // the only one on which the cost is defined.
    var direction = [Double](repeating: 0, count: 5)
    (direction[1], direction[3]) = (1, -1)
    let d = Tensor(direction)
    let envelopeSlope = (gradient(at: Self.a) {
      entropicTransportCost(Self.cost, sourceWeights: $0, targetWeights: Self.b, epsilon: 0.1, tolerance: 1e-13).scalarized()
    } * d).sum().scalar
    let unrolledSlope = (gradient(at: Self.a) { Self.unrolled(Self.cost, $0, iterations: 400).scalarized() } * d).sum().scalar
    #expect(abs(unrolledSlope - envelopeSlope) < 1e-7 * max(1, abs(envelopeSlope)))
  }
}

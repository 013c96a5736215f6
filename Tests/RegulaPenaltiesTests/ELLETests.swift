import Foundation
import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

struct ELLETests {
  @Test func tripletsLieInTheBoxAndOnTheirSegments() {
    let elle = ELLE(epsilon: 0.25)
    let x = randomTensor([5, 2, 3], seed: 3)
    var random = RandomGenerator(seed: 4)
    let triplet = elle.sampleTriplet(around: x, using: &random)
    #expect(triplet.inputs.shape == [15, 2, 3] && triplet.alpha.shape == [5])
    let a = triplet.inputs.slice(0..<5), b = triplet.inputs.slice(5..<10), c = triplet.inputs.slice(10..<15)
    for point in [a, b] {
      let offsets = (point - x).scalars
      #expect(offsets.allSatisfy { Swift.abs($0) <= 0.25 })
      #expect(offsets.map { Swift.abs($0) }.max()! > 0.2, "the box is filled, not a point")
    }
    #expect(triplet.alpha.scalars.allSatisfy { $0 >= 0 && $0 < 1 })
    for i in 0..<5 {
      let alpha = triplet.alpha.scalars[i]
      let expected = (1 - alpha) * a.slice(i..<(i + 1)) + alpha * b.slice(i..<(i + 1))
      #expect(maxRelativeDifference(c.slice(i..<(i + 1)), expected, floor: 1) < 1e-14)
    }
    // The same seed draws the same triplet.
    var again = RandomGenerator(seed: 4)
    #expect(elle.sampleTriplet(around: x, using: &again).inputs == triplet.inputs)
  }

  @Test func linearityErrorIsTheMeanSquaredGap() {
    let losses = Tensor<Double>([1.0, 2.0, 0.5, 3.0, 1.0, 4.0, 2.5, 1.0, 1.0])  // ℓ_a, ℓ_b, ℓ_c for 3 examples
    let alpha = Tensor<Double>([0.5, 0.25, 0.0])
    // Gaps: 2.5 − (0.5·1 + 0.5·3) = 0.5;  1 − (0.75·2 + 0.25·1) = −0.75;  1 − 0.5 = 0.5.
    let expected = (0.25 + 0.5625 + 0.25) / 3
    #expect(Swift.abs(ELLE.linearityError(losses: losses, alpha: alpha).scalar - expected) < 1e-15)
    // A loss that is linear along every segment has no error.
    let linear = Tensor<Double>([1, 2, 3, 5, 4, 2, 3.0, 3.5, 2.5])
    #expect(ELLE.linearityError(losses: linear, alpha: Tensor([0.5, 0.75, 0.5])).scalar == 0)
    #expect(gradientError(at: randomTensor([9], seed: 2)) { ELLE.linearityError(losses: $0, alpha: alpha) } < 1e-6)
  }

  /// ELLE-A's rule as the reference writes it, on the full history of errors.
  @Test func adaptiveWeightMatchesTheReferenceRule() {
    let errors = [0.10, 0.12, 0.11, 0.09, 0.50, 0.10, 0.11, 0.13, 0.12, 0.90, 0.12]
    var weight = AdaptiveLinearityWeight(maximum: 4000)
    var lambda = 4000.0
    var history: [Double] = []
    var jumps = 0
    for e in errors {
      let mean = history.reduce(0, +) / Double(Swift.max(history.count, 1))
      let std = (history.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(Swift.max(history.count, 1))).squareRoot()
      if history.count > 2 && e > mean + 2 * std { lambda = 4000; jumps += 1 } else { lambda *= 0.99 }
      history.append(e)
      weight.record(e)
      #expect(Swift.abs(weight.lambda - lambda) < 1e-9 * lambda)
    }
    #expect(jumps == 2)
    #expect(weight.count == errors.count)
    let decoded = try! JSONDecoder().decode(AdaptiveLinearityWeight.self, from: JSONEncoder().encode(weight))
    #expect(decoded == weight)
  }
}

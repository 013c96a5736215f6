import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// The Monge gap: zero for optimal maps, positive otherwise, and its gradient.
struct MongeGapTests {
  static let x = randomTensor([12, 2], seed: 21)

  @Test func vanishesForTheGradientOfAConvexFunction() {
    // T(x) = A·x + c with A symmetric positive definite is ∇ of the convex ½xᵀAx + cᵀx.
    let a = Tensor<Double>(shape: [2, 2], scalars: [2, 0.5, 0.5, 1])
    let mapped = matmul(Self.x, a) + Tensor(shape: [1, 2], scalars: [3, -1])
    #expect(abs(mongeGap(samples: Self.x, mapped: mapped).scalar) < 1e-12)
  }

  @Test func isPositiveForOtherMaps() {
    // A quarter turn moves every point further than the optimal matching does.
    let rotation = Tensor<Double>(shape: [2, 2], scalars: [0, 1, -1, 0])
    #expect(mongeGap(samples: Self.x, mapped: matmul(Self.x, rotation)).scalar > 0.1)
    for seed in UInt64(1)...5 {
      #expect(mongeGap(samples: Self.x, mapped: randomTensor([12, 2], seed: seed)).scalar >= -1e-12)
    }
  }

  @Test func gradientMatchesFiniteDifferences() {
    let rotation = Tensor<Double>(shape: [2, 2], scalars: [0, 1, -1, 0])
    let mapped = matmul(Self.x, rotation) + randomTensor([12, 2], seed: 30, scale: 0.1)
    #expect(gradientError(at: mapped) { mongeGap(samples: Self.x, mapped: $0) } < 1e-6)
  }
}

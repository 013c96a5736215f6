import Foundation
import RegulaPenalties
import Testing
import _RegulaTestSupport

/// The Gram-iteration bound is never below the true largest singular value and tightens
/// with every iteration (property tests on random matrices).
struct GramIterationTests {
  @Test(arguments: [[6, 4], [4, 6], [10, 10], [1, 7], [30, 3]])
  func boundIsAboveSigmaOneAndDecreases(_ shape: [Int]) {
    for seed in UInt64(0)..<10 {
      let w = randomTensor(shape, seed: seed, scale: [1e-3, 1, 1e3][Int(seed % 3)])
      let sigma = spectralNorm(w)
      var previous = Double.infinity
      for n in 0...10 {
        let bound = gramIterationBound(w, iterations: n).scalar
        #expect(bound >= sigma * (1 - 1e-12), "\(shape) seed \(seed) n=\(n): bound \(bound) < σ₁ \(sigma)")
        #expect(bound <= previous * (1 + 1e-12), "\(shape) seed \(seed) n=\(n): bound rose from \(previous) to \(bound)")
        previous = bound
      }
      // n = 0 is ‖W‖_F (up to the rounding of exp(log ‖W‖_F)).
      #expect(Swift.abs(gramIterationBound(w, iterations: 0).scalar / w.frobeniusNorm().scalar - 1) < 1e-14)
      #expect(gramIterationBound(w, iterations: 8).scalar <= sigma * (1 + 1e-6), "\(shape): not converged at n = 8")
    }
  }

  @Test func powerIterationIsALowerBoundThatConverges() {
    for seed in UInt64(0)..<10 {
      let w = randomTensor([7, 5], seed: seed)
      let sigma = spectralNorm(w)
      #expect(spectralNormByPowerIteration(w, iterations: 1) <= sigma * (1 + 1e-12))
      #expect(Swift.abs(spectralNormByPowerIteration(w, iterations: 2000) - sigma) < 1e-9 * sigma)
    }
  }

  /// The Gram iteration written out on nested arrays, without rescaling (fine for n ≤ 4 on
  /// entries of order 1): σ₁ ≤ ‖(WᵀW)^(2ⁿ⁻¹)‖_F^(1/2ⁿ), the Frobenius norm of the n-th Gram power.
  static func literalBound(_ w: [[Double]], _ n: Int) -> Double {
    var g = w[0].count > w.count ? (0..<w[0].count).map { j in w.map { $0[j] } } : w  // rows ≥ columns
    for _ in 0..<n {
      let c = g[0].count
      var next = [[Double]](repeating: [Double](repeating: 0, count: c), count: c)
      for a in 0..<c { for b in 0..<c { for row in g { next[a][b] += row[a] * row[b] } } }
      g = next
    }
    let frobenius = g.flatMap { $0 }.map { $0 * $0 }.reduce(0, +).squareRoot()
    return Foundation.pow(frobenius, 1 / Foundation.pow(2, Double(n)))
  }

  @Test func matchesTheLiteralIteration() {
    for shape in [[5, 3], [2, 6]] {
      let w = randomTensor(shape, seed: 31)
      let rows = (0..<shape[0]).map { i in Array(w.scalars[(i * shape[1])..<((i + 1) * shape[1])]) }
      for n in 0...4 {
        let literal = Self.literalBound(rows, n)
        #expect(Swift.abs(gramIterationBound(w, iterations: n).scalar - literal) < 1e-12 * literal, "\(shape) n=\(n)")
      }
    }
  }
}

import Foundation
import RegulaPenalties
import Testing
import _RegulaTestSupport

/// Weight diagnostics against literal definitions, and the convolution Gram bound against
/// the SVD of the explicit circular-convolution matrix.
struct DiagnosticsTests {
  @Test func measurementsMatchTheirDefinitions() {
    // A tall matrix with orthonormal columns scaled by (3, 1, 0.5): σ = (3, 1, 0.5).
    let q = qrDecomposition(randomTensor([6, 3], seed: 4)).q
    let w = q * Tensor<Double>([3, 1, 0.5])
    let d = WeightDiagnostics(w)
    #expect(Swift.abs(d.spectralNorm! - 3) < 1e-12)
    #expect(d.powerIterationEstimate! <= 3 + 1e-12 && d.powerIterationEstimate! > 3 - 1e-6)
    #expect(d.gramBound! >= 3 - 1e-12 && d.gramBound! < 3 * (1 + 1e-6))
    let p = [3.0, 1, 0.5].map { $0 / 4.5 }
    #expect(Swift.abs(d.effectiveRank! - exp(-p.map { $0 * log($0) }.reduce(0, +))) < 1e-12)
    // WᵀW = diag(9, 1, 0.25): ‖WᵀW − I‖_F = √(64 + 0 + 0.5625).
    #expect(Swift.abs(d.orthogonalityError! - (64 + 0.5625).squareRoot()) < 1e-12)
    #expect(WeightDiagnostics(q).orthogonalityError! < 1e-12)
    #expect(d.sparsity == 0)
    #expect(Swift.abs(WeightDiagnostics(matmul(randomTensor([5, 1], seed: 1), randomTensor([1, 4], seed: 2))).effectiveRank! - 1) < 1e-6)
  }

  @Test func sparsityCountsSmallEntriesAndVectorsHaveNoMatrixMeasurements() {
    let v = Tensor<Float>([0, 0.001, -0.5, 0, 2])
    #expect(WeightDiagnostics(v).sparsity == 0.4)
    #expect(WeightDiagnostics(v, zeroTolerance: 0.01).sparsity == 0.6)
    #expect(WeightDiagnostics(v).spectralNorm == nil && WeightDiagnostics(v).effectiveRank == nil)
    // A conv kernel [c_out, c_in, k, k] is measured as c_out filters.
    #expect(WeightDiagnostics(randomTensor([4, 2, 3, 3], seed: 1)).spectralNorm! > 0)
  }

  /// The matrix of y[o, i, j] = Σ_{c,a,b} K[o, c, a, b]·x[c, (i + a) mod N, (j + b) mod N].
  static func circularConvolutionMatrix(_ k: Tensor<Double>, n: Int) -> Tensor<Double> {
    let (out, inp, kh, kw) = (k.shape[0], k.shape[1], k.shape[2], k.shape[3])
    var m = [Double](repeating: 0, count: out * n * n * inp * n * n)
    let columns = inp * n * n
    for o in 0..<out {
      for i in 0..<n {
        for j in 0..<n {
          let row = (o * n + i) * n + j
          for c in 0..<inp {
            for a in 0..<kh {
              for b in 0..<kw {
                let column = (c * n + (i + a) % n) * n + (j + b) % n
                m[row * columns + column] += k.scalars[((o * inp + c) * kh + a) * kw + b]
              }
            }
          }
        }
      }
    }
    return Tensor(shape: [out * n * n, columns], scalars: m)
  }

  @Test(arguments: [[2, 3, 3, 3], [3, 2, 2, 2], [1, 1, 3, 3], [4, 4, 1, 1]])
  func convolutionBoundIsAboveSigmaOneAndTightens(_ shape: [Int]) {
    for seed in UInt64(0)..<3 {
      let k = randomTensor(shape, seed: seed)
      let n = 5
      let sigma = spectralNorm(Self.circularConvolutionMatrix(k, n: n))
      var previous = Double.infinity
      for iterations in 0...8 {
        let bound = convolutionGramIterationBound(k, inputSize: n, iterations: iterations).scalar
        #expect(bound >= sigma * (1 - 1e-12), "\(shape) n=\(iterations): \(bound) < σ₁ \(sigma)")
        #expect(bound <= previous * (1 + 1e-12), "\(shape) n=\(iterations): bound rose")
        previous = bound
      }
      // The real form doubles each singular value: the gap at n is at most 2^(1/2ⁿ⁺¹).
      #expect(previous <= sigma * Foundation.pow(2, 1 / 512) * (1 + 1e-12), "\(shape): bound \(previous) vs σ₁ \(sigma)")
      let converged = convolutionGramIterationBound(k, inputSize: n, iterations: 22).scalar
      #expect(converged >= sigma * (1 - 1e-12) && converged <= sigma * (1 + 1e-6), "\(shape): bound \(converged) not converged to σ₁ \(sigma)")
    }
  }

  @Test func convolutionBoundHasGradients() {
    let error = gradientError(at: randomTensor([2, 3, 2, 2], seed: 6)) {
      ConvolutionGramIterationRegularizer<Double>(inputSize: 4, iterations: 3)($0)
    }
    #expect(error < 1e-6)
    #expect(ConvolutionGramIterationRegularizer<Double>().rankError(forShape: [3, 3]) == "needs a convolution kernel [c_out, c_in, k, k] (rank 4), got shape [3, 3]")
  }
}

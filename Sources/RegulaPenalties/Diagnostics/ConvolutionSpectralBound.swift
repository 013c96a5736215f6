import Foundation

/// A certified upper bound on the spectral norm of a 2-D convolution with circular padding,
/// by Gram iteration in the Fourier domain.
///
/// The convolution of c_in channels of N×N images with a kernel K of shape
/// [c_out, c_in, k, k] is block-diagonalized by the 2-D DFT: at each frequency (u, v) it
/// acts as the c_out×c_in complex matrix K̂(u, v) = Σ_{a,b} K[:, :, a, b]·e^{−2πi(ua + vb)/N},
/// so its spectral norm is max_{u,v} σ₁(K̂(u, v)). Each σ₁ is bounded by Gram iteration with
/// the conjugate transpose (see ``gramIterationBound(_:iterations:)``):
///
///     r ← 2(r + log‖G‖_F),  G ← G/‖G‖_F,  G ← GᴴG;   σ₁ ≤ ‖G‖_F^(1/2ⁿ)·exp(r/2ⁿ)
///
/// and the bound is the maximum over the N² frequencies. It is exact for circular padding
/// as n grows, and an upper bound for zero padding.
///
/// - Parameters:
///   - kernel: [c_out, c_in, k, k] with k ≤ `inputSize`.
///   - inputSize: N, the side of the (square) input. Default 32.
///   - iterations: n ≥ 0. Default 5.
/// - Complexity: O(N²·k²·c_out·c_in) for the DFT (direct sums, no FFT), then
///   O(N²·n·c³) for the iterations, c = min(c_out, c_in).
/// - Note: the reference (lip4conv) uses an rfft2 over N×(N/2 + 1) frequencies and is
///   differentiable; this one is a Double diagnostic over all N² frequencies (the others
///   are complex conjugates, with the same singular values).
/// - SeeAlso: B. Delattre et al., "Efficient Bound of Lipschitz Constant for Convolutional
///   Layers by Gram Iteration", ICML 2023.
@_specialize(where S == Float) @_specialize(where S == Double)
public func convolutionSpectralNormBound<S: TensorScalar>(kernel: Tensor<S>, inputSize: Int = 32, iterations: Int = 5) -> Double {
  precondition(kernel.rank == 4, "a convolution kernel has shape [c_out, c_in, k, k], got \(kernel.shape)")
  let (out, inp, kh, kw) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
  precondition(kh <= inputSize && kw <= inputSize, "kernel \(kernel.shape) is larger than the \(inputSize)×\(inputSize) input")
  precondition(iterations >= 0, "Gram iteration needs iterations ≥ 0, got \(iterations)")
  let k = kernel.scalars.map { Double($0) }
  let n = inputSize
  var best = 0.0
  for u in 0..<n {
    for v in 0..<n {
      var matrix = ComplexMatrix(rows: out, columns: inp)
      for a in 0..<kh {
        for b in 0..<kw {
          let angle = -2 * Double.pi * Double(u * a + v * b) / Double(n)
          let (c, s) = (Foundation.cos(angle), Foundation.sin(angle))
          for o in 0..<out {
            for i in 0..<inp {
              let w = k[((o * inp + i) * kh + a) * kw + b]
              matrix.re[o * inp + i] += w * c
              matrix.im[o * inp + i] += w * s
            }
          }
        }
      }
      best = Swift.max(best, matrix.gramIterationBound(iterations: iterations))
    }
  }
  return best
}

/// A dense complex matrix in row-major order, as two real arrays.
struct ComplexMatrix {
  var rows: Int, columns: Int
  var re: [Double], im: [Double]

  init(rows: Int, columns: Int) {
    (self.rows, self.columns) = (rows, columns)
    (re, im) = ([Double](repeating: 0, count: rows * columns), [Double](repeating: 0, count: rows * columns))
  }

  var frobeniusNorm: Double {
    var total = 0.0
    for i in re.indices { total += re[i] * re[i] + im[i] * im[i] }
    return total.squareRoot()
  }

  /// AᴴA, columns × columns.
  func gram() -> ComplexMatrix {
    var g = ComplexMatrix(rows: columns, columns: columns)
    for j in 0..<columns {
      for l in 0..<columns {
        var (sr, si) = (0.0, 0.0)
        for i in 0..<rows {
          let (ar, ai) = (re[i * columns + j], -im[i * columns + j])  // conj(A_ij)
          let (br, bi) = (re[i * columns + l], im[i * columns + l])
          sr += ar * br - ai * bi
          si += ar * bi + ai * br
        }
        (g.re[j * columns + l], g.im[j * columns + l]) = (sr, si)
      }
    }
    return g
  }

  /// The conjugate transpose.
  func adjoint() -> ComplexMatrix {
    var t = ComplexMatrix(rows: columns, columns: rows)
    for i in 0..<rows {
      for j in 0..<columns { (t.re[j * rows + i], t.im[j * rows + i]) = (re[i * columns + j], -im[i * columns + j]) }
    }
    return t
  }

  /// The Gram-iteration bound on σ₁ (on the adjoint when the matrix is wide, so that the
  /// Gram matrices are the smaller ones).
  func gramIterationBound(iterations: Int) -> Double {
    var g = rows < columns ? adjoint() : self
    var r = 0.0
    for _ in 0..<iterations {
      let norm = g.frobeniusNorm
      if norm == 0 { return 0 }
      r = 2 * (r + Foundation.log(norm))
      for i in g.re.indices { g.re[i] /= norm; g.im[i] /= norm }
      g = g.gram()
    }
    let norm = g.frobeniusNorm
    return norm == 0 ? 0 : Foundation.exp((Foundation.log(norm) + r) / Double.pow2(iterations))
  }
}

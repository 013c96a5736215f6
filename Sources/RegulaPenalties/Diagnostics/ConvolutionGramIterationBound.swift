import Foundation
import _Differentiation

/// A certified upper bound on the spectral norm of a 2-D convolution with circular padding,
/// by Gram iteration in the Fourier domain; differentiable in the kernel, so it serves as a
/// Lipschitz penalty of a convolution (``ConvolutionGramIterationRegularizer``).
///
/// The convolution of c_in channels of N×N images with a kernel K of shape
/// [c_out, c_in, k, k] is block-diagonalized by the 2-D DFT: at each frequency (u, v) it
/// acts as the c_out×c_in complex matrix K̂(u, v) = Σ_{a,b} K[:, :, a, b]·e^{−2πi(ua + vb)/N},
/// so its spectral norm is max_{u,v} σ₁(K̂(u, v)). Each K̂ = B + iC is bounded through its
/// real form [[B, −C], [C, B]] (the same singular values, each twice) by
/// ``gramIterationBound(_:iterations:)``, and the bound is the maximum over the N²
/// frequencies. It tends to the exact norm for circular padding as n grows, and bounds the
/// norm with zero padding too.
///
/// - Parameters:
///   - kernel: [c_out, c_in, k, k] with k ≤ `inputSize`.
///   - inputSize: N, the side of the (square) input. Default 32.
///   - iterations: n ≥ 0. Default 5.
/// - Complexity: O(N²·k²·c_out·c_in) for the DFT (a matrix product, no FFT), then N² Gram
///   iterations of a 2c_out×2c_in matrix.
/// - Note: the reference (lip4conv) runs a batched complex Gram iteration over the
///   N×(N/2 + 1) frequencies of an rfft2; the real form doubles every singular value's
///   multiplicity, so at equal n this bound is looser by at most a factor 2^(1/2ⁿ⁺¹), and it
///   visits all N² frequencies (the others are conjugates, with the same singular values).
/// - SeeAlso: B. Delattre et al., "Efficient Bound of Lipschitz Constant for Convolutional
///   Layers by Gram Iteration", ICML 2023.
@differentiable(reverse, wrt: kernel)
public func convolutionGramIterationBound<S: TensorScalar>(_ kernel: Tensor<S>, inputSize: Int = 32, iterations: Int = 5) -> Tensor<S> {
  precondition(kernel.rank == 4, "a convolution kernel has shape [c_out, c_in, k, k], got \(kernel.shape)")
  let shape = withoutDerivative(at: kernel.shape)
  let (out, inp) = (shape[0], shape[1])
  precondition(shape[2] <= inputSize && shape[3] <= inputSize, "kernel \(shape) is larger than the \(inputSize)×\(inputSize) input")
  let basis = withoutDerivative(at: fourierBasis(height: shape[2], width: shape[3], size: inputSize) as (cos: Tensor<S>, sin: Tensor<S>))
  let flat = kernel.reshaped(to: withoutDerivative(at: [out * inp, shape[2] * shape[3]]))
  let real = matmul(flat, basis.cos)  // [c_out·c_in, N²]
  let imaginary = matmul(flat, basis.sin)
  var best = Tensor<S>(0)
  for f in 0..<withoutDerivative(at: inputSize * inputSize) {
    let b = real.slice(alongAxis: 1, f..<(f + 1)).reshaped(to: withoutDerivative(at: [out, inp]))
    let c = imaginary.slice(alongAxis: 1, f..<(f + 1)).reshaped(to: withoutDerivative(at: [out, inp]))
    let top = Tensor(concatenating: [b, -c], alongAxis: 1)
    let bottom = Tensor(concatenating: [c, b], alongAxis: 1)
    best = max(best, gramIterationBound(Tensor(concatenating: [top, bottom], alongAxis: 0), iterations: iterations))
  }
  return best
}

/// cos and sin of −2π(ua + vb)/N as [k_h·k_w, N²] matrices (rows: kernel offsets (a, b),
/// columns: frequencies (u, v)), so that K̂ = K_flat·(cos + i·sin).
func fourierBasis<S: TensorScalar>(height: Int, width: Int, size n: Int) -> (cos: Tensor<S>, sin: Tensor<S>) {
  var c = [S](repeating: 0, count: height * width * n * n)
  var s = c
  for a in 0..<height {
    for b in 0..<width {
      for u in 0..<n {
        for v in 0..<n {
          let angle = -2 * Double.pi * Double((u * a + v * b) % n) / Double(n)
          let index = (a * width + b) * n * n + u * n + v
          (c[index], s[index]) = (S(Foundation.cos(angle)), S(Foundation.sin(angle)))
        }
      }
    }
  }
  return (Tensor(shape: [height * width, n * n], scalars: c), Tensor(shape: [height * width, n * n], scalars: s))
}

import _Differentiation

/// Orthogonality of a 2-D convolution (OCNN's kernel orthogonality): the convolution of the
/// kernel with itself should be the identity at shift 0 and vanish at every other shift,
///
///     R(K) = ‖Conv(K, K, padding: P, stride: S) − I_r0‖²_F,   P = ⌊(k − 1)/S⌋·S,
///
/// for a kernel K of shape [c_out, c_in, k_h, k_w] (P per axis). Conv(K, K) treats K as
/// c_out images of c_in channels filtered by the c_out filters of K (a cross-correlation,
/// as PyTorch's `conv2d`): its entry at channels (a, b) and shift (d_h, d_w) ∈ {−P, −P+S, …, P}
/// is the inner product ⟨K_a shifted by d, K_b⟩ over the overlap, and I_r0 holds the
/// c_out×c_out identity at the centre (shift 0) and zeros elsewhere. Those inner products
/// are the inner products of the rows of the convolution's doubly block-Toeplitz matrix 𝒦
/// (stride S, an interior output position against its neighbours), so R = 0 exactly when
/// the rows of 𝒦 are orthonormal (away from the borders): 𝒦𝒦ᵀ = I.
///
/// Computed as one c_out×c_out product per shift over the overlapping part of the kernel:
/// O((2P/S + 1)²·c_out²·c_in·k_h·k_w).
///
/// - Parameters:
///   - stride: S ≥ 1, the convolution's stride. Default 1.
/// - SeeAlso: J. Wang, Y. Chen, R. Chakraborty & S. X. Yu, "Orthogonal Convolutional Neural
///   Networks", CVPR 2020; CATALOG §2 (conv orthogonality).
/// - Note: the value is the paper's squared Frobenius norm with its padding
///   P = ⌊(k − 1)/S⌋·S, which covers every shift at which two filters overlap. The authors'
///   `deconv_orth_dist` returns the norm itself (not squared) and is called with padding 1
///   for 3×3 kernels: at stride 1 that drops the shifts ±2, and at stride 2 it places the
///   identity at shift (1, 1) instead of 0.
public struct ConvolutionOrthogonalityRegularizer<Scalar: TensorScalar>: TensorPenalty {
  /// S, the convolution's stride.
  public var stride: Int

  /// - Precondition: `stride` ≥ 1.
  public init(stride: Int = 1) {
    precondition(stride >= 1, "stride must be at least 1, got \(stride)")
    self.stride = stride
  }

  public func rankError(forShape shape: [Int]) -> String? {
    shape.count == 4 ? nil : "needs a convolution kernel [c_out, c_in, k_h, k_w] (rank 4), got shape \(shape)"
  }

  /// P = ⌊(k − 1)/S⌋·S for a kernel side k.
  public func padding(forKernelSide k: Int) -> Int { (k - 1) / stride * stride }

  @differentiable(reverse)
  public func callAsFunction(_ k: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(k.rank == 4, "convolution orthogonality needs a kernel [c_out, c_in, k_h, k_w], got shape \(k.shape)")
    let (outputs, height, width) = withoutDerivative(at: (k.shape[0], k.shape[2], k.shape[3]))
    let (padH, padW, s) = withoutDerivative(at: (padding(forKernelSide: height), padding(forKernelSide: width), stride))
    let eye = withoutDerivative(at: identity(outputs) as Tensor<Scalar>)
    var total = Tensor<Scalar>(0)
    for dh in Swift.stride(from: -padH, through: padH, by: s) {
      for dw in Swift.stride(from: -padW, through: padW, by: s) {
        // Rows u of the shifted copy pair with rows u − dh of the unshifted one.
        let rows = withoutDerivative(at: Swift.max(0, dh)..<(height + Swift.min(0, dh)))
        let columns = withoutDerivative(at: Swift.max(0, dw)..<(width + Swift.min(0, dw)))
        let shifted = k.slice(alongAxis: 2, rows).slice(alongAxis: 3, columns).reshaped(to: withoutDerivative(at: [outputs, -1]))
        let back = withoutDerivative(at: (rows.lowerBound - dh)..<(rows.upperBound - dh))
        let backColumns = withoutDerivative(at: (columns.lowerBound - dw)..<(columns.upperBound - dw))
        let plain = k.slice(alongAxis: 2, back).slice(alongAxis: 3, backColumns).reshaped(to: withoutDerivative(at: [outputs, -1]))
        let products = matmul(shifted, transposed: false, plain, transposed: true)
        total = total + square(dh == 0 && dw == 0 ? products - eye : products).sum()
      }
    }
    return total
  }
}

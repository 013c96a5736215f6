import _Differentiation

/// The ℓp penalty R(W) = Σᵢ |wᵢ|^p: ridge-like for p = 2, the lasso for p = 1, and for
/// 0 < p < 1 a nonconvex quasi-norm that favours sparsity more strongly.
///
///     ∂R/∂wᵢ = p·|wᵢ|^(p−1)·sign(wᵢ)   (unbounded at 0 when p < 1)
///
/// - Parameter p: p > 0. Default 0.5.
/// - Note: this is the p-th power of the ℓp (quasi-)norm, as skglm's `L0_5` and `L2_3`
///   (at α = 1), not the norm itself.
/// - SeeAlso: Z. Xu et al., "L1/2 Regularization: A Thresholding Representation Theory and
///   a Fast Solver", IEEE TNNLS 2012.
public struct LpRegularizer<Scalar: TensorScalar>: TensorPenalty {
  public var p: Double

  /// - Precondition: `p` > 0.
  public init(p: Double = 0.5) {
    precondition(p > 0 && p.isFinite, "p must be positive and finite, got \(p)")
    self.p = p
  }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> { pow(abs(w), withoutDerivative(at: Scalar(p))).sum() }
}

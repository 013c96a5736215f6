import _Differentiation

/// The lasso penalty R(W) = ‖W‖₁ = Σᵢ|wᵢ| on a tensor of any shape.
///
///     ∂R/∂wᵢ = sign(wᵢ)   (0 at 0, Core's convention for |·|)
///     prox_{sR}(v) = sign(v)·max(|v| − s, 0)   (soft thresholding)
///
/// Prefer the prox (``ProximalUpdates``) to the subgradient with SGD: subgradient steps
/// oscillate around 0 and never produce exact zeros.
///
/// - SeeAlso: R. Tibshirani, "Regression Shrinkage and Selection via the Lasso", JRSS B
///   1996; skglm `L1`.
public struct L1Regularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  public init() {}

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> { w.l1Norm() }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    softThresholded(v, stepSize)
  }
}

/// Elementwise soft thresholding S_τ(v) = sign(v)·max(|v| − τ, 0) of a tensor, the prox of
/// τ‖·‖₁ (computed in Double, rounded once).
@_specialize(where S == Float) @_specialize(where S == Double)
public func softThresholded<S: TensorScalar>(_ v: Tensor<S>, _ threshold: Double) -> Tensor<S> {
  precondition(threshold >= 0, "soft threshold must be non-negative, got \(threshold)")
  return v.map { S(softThreshold(Double($0), threshold)) }
}

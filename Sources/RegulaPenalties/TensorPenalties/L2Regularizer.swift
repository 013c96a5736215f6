import _Differentiation

/// The ridge penalty R(W) = ½‖W‖²_F, whose gradient is W (coupled weight decay).
///
///     prox_{sR}(v) = v / (1 + s)
///
/// - Note: the ½ follows CATALOG §2 and Optax's `add_decayed_weights` (gradient λW); a
///   term with weight λ adds λW to the gradient.
/// - SeeAlso: A. Krogh & J. Hertz, "A Simple Weight Decay Can Improve Generalization",
///   NeurIPS 1991.
public struct L2Regularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  public init() {}

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> { square(w).sum() * Scalar(0.5) }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    precondition(stepSize >= 0, "step size must be non-negative, got \(stepSize)")
    return v * Scalar(1 / (1 + stepSize))
  }
}

import _Differentiation

/// Squared error (Optax's `squared_error`): ℓᵢ = Σⱼ (pᵢⱼ − tᵢⱼ)².
///
/// With `.mean` over [n] predictions this is the mean squared error.
///
/// - Parameters:
///   - predictions: [n] or [n, d…] (summed per example).
///   - targets: the same shape.
/// - Note: Optax returns the elementwise values; Regula sums them over the non-batch axes.
@differentiable(reverse, wrt: (predictions, targets))
public func squaredError<S: TensorScalar>(
  predictions: Tensor<S>, targets: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(predictions, "predictions", targets, "targets", in: "squaredError")
  checkNonEmpty(predictions, "predictions", in: "squaredError")
  return reduction.apply(sumOverNonBatchAxes(square(predictions - targets)), mask: mask)
}

/// The ℓ2 loss (Optax's `l2_loss`): ℓᵢ = ½ Σⱼ (pᵢⱼ − tᵢⱼ)², half the squared error.
@differentiable(reverse, wrt: (predictions, targets))
public func l2Loss<S: TensorScalar>(
  predictions: Tensor<S>, targets: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(predictions, "predictions", targets, "targets", in: "l2Loss")
  checkNonEmpty(predictions, "predictions", in: "l2Loss")
  return reduction.apply(sumOverNonBatchAxes(square(predictions - targets)) / 2, mask: mask)
}

import _Differentiation

/// Huber loss (Optax's `huber_loss`), with r = p − t:
///
///     ½r² if |r| ≤ δ,   δ(|r| − δ/2) otherwise
///
/// computed as ½q² + δ(|r| − q) with q = min(|r|, δ).
///
/// - Parameters:
///   - predictions: [n] or [n, d…] (summed per example).
///   - targets: the same shape.
///   - delta: δ > 0. Default `1`.
/// - SeeAlso: Huber, "Robust Estimation of a Location Parameter", 1964.
@differentiable(reverse, wrt: (predictions, targets))
public func huberLoss<S: TensorScalar>(
  predictions: Tensor<S>, targets: Tensor<S>, delta: Double = 1, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(predictions, "predictions", targets, "targets", in: "huberLoss")
  checkNonEmpty(predictions, "predictions", in: "huberLoss")
  precondition(delta > 0, "huberLoss: delta must be > 0, got \(delta)")
  let d = S(delta)
  let absolute = abs(predictions - targets)
  let quadratic = min(absolute, Tensor(d))
  let elementwise = quadratic * quadratic / 2 + d * (absolute - quadratic)
  return reduction.apply(sumOverNonBatchAxes(elementwise), mask: mask)
}

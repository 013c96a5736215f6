import Foundation
import _Differentiation

/// Log-cosh loss (Optax's `log_cosh`): ℓᵢ = Σⱼ log cosh(pᵢⱼ − tᵢⱼ), computed as
/// |r| + softplus(−2|r|) − log 2 so that it never overflows (cosh does at |r| ≈ 710).
///
/// - Parameters:
///   - predictions: [n] or [n, d…] (summed per example).
///   - targets: the same shape.
@differentiable(reverse, wrt: (predictions, targets))
public func logCoshLoss<S: TensorScalar>(
  predictions: Tensor<S>, targets: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(predictions, "predictions", targets, "targets", in: "logCoshLoss")
  checkNonEmpty(predictions, "predictions", in: "logCoshLoss")
  let absolute = abs(predictions - targets)
  let elementwise = absolute + softplus(-2 * absolute) - S(Foundation.log(2.0))
  return reduction.apply(sumOverNonBatchAxes(elementwise), mask: mask)
}

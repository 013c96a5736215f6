import Foundation
import _Differentiation

/// Pseudo-Huber loss on whole examples, as in consistency models:
///
///     ℓᵢ = √(‖xᵢ − yᵢ‖² + c²) − c
///
/// quadratic (‖r‖²/(2c)) for small residuals and linear (‖r‖) for large ones, smooth
/// everywhere.
///
/// - Parameters:
///   - predictions: [n] or [n, d…]; the norm runs over all non-batch axes.
///   - targets: the same shape.
///   - c: c > 0, or nil for 0.00054·√d with d the number of elements per example (the
///     paper's choice for images). Default `nil`.
/// - SeeAlso: Song & Dhariwal, "Improved Techniques for Training Consistency Models",
///   ICLR 2024.
/// - Note: [recalled] in the catalog; tested against the literal formula.
@differentiable(reverse, wrt: (predictions, targets))
public func pseudoHuberLoss<S: TensorScalar>(
  predictions: Tensor<S>, targets: Tensor<S>, c: Double? = nil, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(predictions, "predictions", targets, "targets", in: "pseudoHuberLoss")
  checkNonEmpty(predictions, "predictions", in: "pseudoHuberLoss")
  var scale = 0.00054 * Double(withoutDerivative(at: predictions.scalarCount / predictions.shape[0])).squareRoot()
  if let c { scale = c }
  precondition(scale > 0, "pseudoHuberLoss: c must be > 0, got \(scale)")
  let cc = S(scale)
  let perExample = sqrt(sumOverNonBatchAxes(square(predictions - targets)) + cc * cc) - cc
  return reduction.apply(perExample, mask: mask)
}

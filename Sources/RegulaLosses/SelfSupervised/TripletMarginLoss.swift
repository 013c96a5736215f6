import Foundation
import _Differentiation

/// Triplet margin loss (Optax's `triplet_margin_loss`).
///
///     d(x, y) = (Σⱼ |xⱼ − yⱼ|^p + ε)^{1/p}
///     ℓᵢ = max(0, d(aᵢ, pᵢ) − d(aᵢ, nᵢ) + margin)
///
/// - Parameters:
///   - anchors, positives, negatives: [n, d].
///   - margin: Default `1`.
///   - normDegree: p ≥ 1. Default `2`.
///   - epsilon: ε inside the root, which keeps the gradient finite at d = 0. Default `1e-6`.
/// - SeeAlso: Schroff, Kalenichenko & Philbin, "FaceNet: A Unified Embedding for Face
///   Recognition and Clustering", CVPR 2015.
/// - Note: Optax raises the signed difference to the power p; Regula uses |x − y|^p, the same
///   for even p.
@differentiable(reverse, wrt: (anchors, positives, negatives))
public func tripletMarginLoss<S: TensorScalar>(
  anchors: Tensor<S>, positives: Tensor<S>, negatives: Tensor<S>, margin: Double = 1, normDegree: Double = 2,
  epsilon: Double = 1e-6, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(anchors, "anchors", positives, "positives", in: "tripletMarginLoss")
  checkSameShape(anchors, "anchors", negatives, "negatives", in: "tripletMarginLoss")
  precondition(anchors.rank == 2, "tripletMarginLoss: embeddings must be [n, d], got \(anchors.shape)")
  checkNonEmpty(anchors, "anchors", in: "tripletMarginLoss")
  precondition(normDegree >= 1, "tripletMarginLoss: normDegree must be ≥ 1, got \(normDegree)")
  let positive = tripletDistance(anchors - positives, degree: normDegree, epsilon: epsilon)
  let negative = tripletDistance(anchors - negatives, degree: normDegree, epsilon: epsilon)
  return reduction.apply(relu(positive - negative + S(margin)), mask: mask)
}

@differentiable(reverse, wrt: difference)
@usableFromInline func tripletDistance<S: TensorScalar>(_ difference: Tensor<S>, degree: Double, epsilon: Double) -> Tensor<S> {
  if degree == 2 { return sqrt(square(difference).sum(alongAxes: [1]) + S(epsilon)) }
  return pow(pow(abs(difference), S(degree)).sum(alongAxes: [1]) + S(epsilon), S(1 / degree))
}

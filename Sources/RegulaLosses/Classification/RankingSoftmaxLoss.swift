import _Differentiation

/// Ranking softmax loss (Optax's `ranking_softmax_loss`), one value per list.
///
///     ℓᵢ = −Σⱼ yᵢⱼ · log softmax(sᵢ)ⱼ
///
/// - Parameters:
///   - logits: [n, L] item scores of n lists of L items.
///   - labels: [n, L] non-negative relevance labels (not normalised, as in Optax).
///   - mask: optional per-list weights [n].
/// - SeeAlso: Bruch et al., "An Analysis of the Softmax Cross Entropy Loss for
///   Learning-to-Rank with Binary Relevance", ICTIR 2019.
@differentiable(reverse, wrt: logits)
public func rankingSoftmaxLoss<S: TensorScalar>(
  logits: Tensor<S>, labels: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(logits, "logits", labels, "labels", in: "rankingSoftmaxLoss")
  precondition(logits.rank == 2, "rankingSoftmaxLoss: logits must be [n, L], got \(logits.shape)")
  checkNonEmpty(logits, "logits", in: "rankingSoftmaxLoss")
  return reduction.apply(-(labels * logSoftmax(logits)).sum(alongAxes: [1]), mask: mask)
}

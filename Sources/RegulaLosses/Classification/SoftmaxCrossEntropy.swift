import _Differentiation

/// Softmax cross-entropy between logits and integer class labels.
///
///     ℓᵢ = −Σₖ yᵢₖ · log softmax(zᵢ)ₖ,   yᵢ = (1 − α)·onehot(labelᵢ) + α/K
///
/// computed from log-softmax (x − logsumexp x), so logits of any finite size give finite
/// values and gradients. With α = 0 this is ℓᵢ = logsumexp(zᵢ) − zᵢ,labelᵢ.
///
/// - Parameters:
///   - logits: [n, K].
///   - labels: n class indices in 0..<K; an index out of range stops with a message naming it.
///   - labelSmoothing: α in [0, 1). Default `0`. Matches Optax's `smooth_labels` followed by
///     `softmax_cross_entropy`.
///   - reduction: Default `.mean`.
///   - mask: optional per-example weights [n].
/// - SeeAlso: Szegedy et al., "Rethinking the Inception Architecture for Computer Vision",
///   CVPR 2016 (label smoothing).
@differentiable(reverse, wrt: logits)
public func softmaxCrossEntropy<S: TensorScalar>(
  logits: Tensor<S>, labels: [Int], labelSmoothing: Double = 0, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkClassification(logits, labels, in: "softmaxCrossEntropy")
  precondition(labelSmoothing >= 0 && labelSmoothing < 1, "softmaxCrossEntropy: labelSmoothing must be in [0, 1), got \(labelSmoothing)")
  let logProbabilities = logSoftmax(logits)
  var perExample = -logProbabilities.picking(indices: labels)
  if labelSmoothing > 0 {
    let classes = withoutDerivative(at: S(logits.shape[1]))
    let alpha = S(labelSmoothing)
    perExample = (1 - alpha) * perExample - alpha / classes * logProbabilities.sum(alongAxes: [1])
  }
  return reduction.apply(perExample, mask: mask)
}

/// Softmax cross-entropy against target distributions (Optax's `softmax_cross_entropy`).
///
///     ℓᵢ = −Σₖ pᵢₖ · log softmax(zᵢ)ₖ
///
/// - Parameters:
///   - logits: [n, K].
///   - probabilities: [n, K] targets (rows are usually distributions; not checked).
@differentiable(reverse, wrt: logits)
public func softmaxCrossEntropy<S: TensorScalar>(
  logits: Tensor<S>, probabilities: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(logits, "logits", probabilities, "targets", in: "softmaxCrossEntropy")
  checkNonEmpty(logits, "logits", in: "softmaxCrossEntropy")
  let perExample = -(probabilities * logSoftmax(logits)).sum(alongAxes: [-1])
  return reduction.apply(perExample, mask: mask)
}

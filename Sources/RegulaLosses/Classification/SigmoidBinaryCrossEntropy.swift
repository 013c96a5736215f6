import _Differentiation

/// Sigmoid (binary) cross-entropy between logits and binary or soft labels
/// (Optax's `sigmoid_binary_cross_entropy`).
///
///     ℓᵢ = Σⱼ −yᵢⱼ · log σ(zᵢⱼ) − (1 − yᵢⱼ) · log σ(−zᵢⱼ)
///
/// computed with log σ(z) = −softplus(−z), so logits of any finite size give finite values
/// and gradients.
///
/// - Parameters:
///   - logits: [n] (one binary prediction per example) or [n, d…] (independent predictions,
///     summed per example).
///   - labels: the same shape, in [0, 1] (0/1 labels or target probabilities).
///   - reduction: Default `.mean`.
///   - mask: optional per-example weights [n].
/// - Note: Optax returns the elementwise values; Regula sums them over the non-batch axes.
@differentiable(reverse, wrt: logits)
public func sigmoidBinaryCrossEntropy<S: TensorScalar>(
  logits: Tensor<S>, labels: Tensor<S>, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(logits, "logits", labels, "labels", in: "sigmoidBinaryCrossEntropy")
  checkNonEmpty(logits, "logits", in: "sigmoidBinaryCrossEntropy")
  let elementwise = -labels * logSigmoid(logits) - (1 - labels) * logSigmoid(-logits)
  return reduction.apply(sumOverNonBatchAxes(elementwise), mask: mask)
}

import _Differentiation

/// Sigmoid focal loss (Optax's `sigmoid_focal_loss`).
///
///     ℓ = α_t · (1 − p_t)^γ · BCE(z, y),   p_t = σ(z) if y = 1 else 1 − σ(z),
///     α_t = α·y + (1 − α)(1 − y)   (no α weighting when `alpha` is nil)
///
/// with log(1 − p_t) = log σ(−(2y − 1)·z), so the weight is finite for any logit.
///
/// - Parameters:
///   - logits: [n] or [n, d…] (summed per example).
///   - labels: the same shape, each 0 or 1 (checked).
///   - alpha: class balance α in [0, 1], or nil for none. Default `nil` (Optax's default;
///     the paper uses 0.25).
///   - gamma: focusing exponent γ ≥ 0. Default `2`.
/// - SeeAlso: Lin et al., "Focal Loss for Dense Object Detection", ICCV 2017.
/// - Note: Optax also accepts soft labels; Regula requires 0/1 labels, for which
///   log(1 − p_t) has the stable closed form above.
@differentiable(reverse, wrt: logits)
public func sigmoidFocalLoss<S: TensorScalar>(
  logits: Tensor<S>, labels: Tensor<S>, alpha: Double? = nil, gamma: Double = 2,
  reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(logits, "logits", labels, "labels", in: "sigmoidFocalLoss")
  checkNonEmpty(logits, "logits", in: "sigmoidFocalLoss")
  checkBinaryLabels(labels, in: "sigmoidFocalLoss")
  precondition(gamma >= 0, "sigmoidFocalLoss: gamma must be ≥ 0, got \(gamma)")
  let signs = withoutDerivative(at: 2 * labels - 1)
  let crossEntropy = -labels * logSigmoid(logits) - (1 - labels) * logSigmoid(-logits)
  var elementwise = crossEntropy * exp(S(gamma) * logSigmoid(-signs * logits))
  if let alpha {
    precondition(alpha >= 0 && alpha <= 1, "sigmoidFocalLoss: alpha must be in [0, 1], got \(alpha)")
    let a = S(alpha)
    elementwise = elementwise * withoutDerivative(at: a * labels + (1 - a) * (1 - labels))
  }
  return reduction.apply(sumOverNonBatchAxes(elementwise), mask: mask)
}

/// Softmax focal loss for integer labels.
///
///     ℓᵢ = −(1 − p_y)^γ · log p_y,   p = softmax(zᵢ)
///
/// with log p from log-softmax and 1 − p_y = −expm1(log p_y).
///
/// - Parameters:
///   - logits: [n, K].
///   - labels: n class indices in 0..<K.
///   - gamma: γ ≥ 0. Default `2`. γ = 0 is softmax cross-entropy.
/// - SeeAlso: Lin et al., "Focal Loss for Dense Object Detection", ICCV 2017.
@differentiable(reverse, wrt: logits)
public func softmaxFocalLoss<S: TensorScalar>(
  logits: Tensor<S>, labels: [Int], gamma: Double = 2, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkClassification(logits, labels, in: "softmaxFocalLoss")
  precondition(gamma >= 0, "softmaxFocalLoss: gamma must be ≥ 0, got \(gamma)")
  let logP = logSoftmax(logits).picking(indices: labels)
  let perExample = -pow(-expm1(logP), S(gamma)) * logP
  return reduction.apply(perExample, mask: mask)
}

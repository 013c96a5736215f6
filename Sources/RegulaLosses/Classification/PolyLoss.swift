import _Differentiation

/// Poly-1 cross-entropy (Optax's `poly_loss_cross_entropy`).
///
///     ℓᵢ = CE(zᵢ, yᵢ) + ε · Σₖ yᵢₖ (1 − pᵢₖ),   p = softmax(zᵢ)
///
/// - Parameters:
///   - logits: [n, K].
///   - probabilities: [n, K] target distributions (one-hot for hard labels).
///   - epsilon: ε, the weight of the first polynomial term. Default `2` (Optax's default).
/// - SeeAlso: Leng et al., "PolyLoss: A Polynomial Expansion Perspective of Classification
///   Loss Functions", ICLR 2022.
@differentiable(reverse, wrt: logits)
public func polyLossCrossEntropy<S: TensorScalar>(
  logits: Tensor<S>, probabilities: Tensor<S>, epsilon: Double = 2, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(logits, "logits", probabilities, "targets", in: "polyLossCrossEntropy")
  precondition(logits.rank == 2, "polyLossCrossEntropy: logits must be [n, K], got \(logits.shape)")
  checkNonEmpty(logits, "logits", in: "polyLossCrossEntropy")
  let logP = logSoftmax(logits)
  let crossEntropy = -(probabilities * logP).sum(alongAxes: [1])
  let onePoly = (probabilities * (1 - exp(logP))).sum(alongAxes: [1])
  return reduction.apply(crossEntropy + S(epsilon) * onePoly, mask: mask)
}

/// Poly-1 cross-entropy with integer labels: CE + ε(1 − p_y). See
/// ``polyLossCrossEntropy(logits:probabilities:epsilon:reduction:mask:)``.
@differentiable(reverse, wrt: logits)
public func polyLossCrossEntropy<S: TensorScalar>(
  logits: Tensor<S>, labels: [Int], epsilon: Double = 2, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkClassification(logits, labels, in: "polyLossCrossEntropy")
  let logP = logSoftmax(logits).picking(indices: labels)
  return reduction.apply(-logP - S(epsilon) * expm1(logP), mask: mask)
}

import _Differentiation

/// The comp-sum family of losses, indexed by τ ≥ 0.
///
///     u = Σ_{k≠y} exp(zₖ − z_y) = 1/p_y − 1
///     Φ₁(u) = log(1 + u),   Φ_τ(u) = ((1 + u)^{1−τ} − 1)/(1 − τ)  (τ ≠ 1)
///
/// τ = 0 is the sum-exponential loss u; τ = 1 is cross-entropy −log p_y; τ ∈ (1, 2) is the
/// generalized cross-entropy with q = τ − 1, (1 − p_y^q)/q; τ = 2 is 1 − p_y (the mean
/// absolute error ‖p − e_y‖₁ up to a factor 2).
///
/// Computed as Φ_τ = expm1((1 − τ)·c)/(1 − τ) with c = log(1 + u) = logsumexp(z) − z_y, so
/// it is finite for any logits when τ ≥ 1. For τ < 1 the loss grows like e^{(1−τ)c} and
/// overflows to +∞ once that exceeds the scalar type's range: that is its value, not an
/// instability.
///
/// - Parameters:
///   - logits: [n, K].
///   - labels: n class indices in 0..<K.
///   - tau: τ ≥ 0. Default `1` (cross-entropy).
/// - SeeAlso: Mao, Mohri & Zhong, "Cross-Entropy Loss Functions: Theoretical Analysis and
///   Applications", ICML 2023.
@differentiable(reverse, wrt: logits)
public func compSumLoss<S: TensorScalar>(
  logits: Tensor<S>, labels: [Int], tau: Double = 1, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkClassification(logits, labels, in: "compSumLoss")
  precondition(tau >= 0 && tau.isFinite, "compSumLoss: tau must be ≥ 0, got \(tau)")
  let crossEntropy = -logSoftmax(logits).picking(indices: labels)
  if tau == 1 { return reduction.apply(crossEntropy, mask: mask) }
  let a = S(1 - tau)
  return reduction.apply(expm1(a * crossEntropy) / a, mask: mask)
}

/// Generalized cross-entropy (1 − p_y^q)/q, the comp-sum loss with τ = 1 + q.
///
/// - Parameters:
///   - q: in (0, 1]. Default `0.7`. q → 0 is cross-entropy; q = 1 is 1 − p_y.
/// - SeeAlso: Zhang & Sabuncu, "Generalized Cross Entropy Loss for Training Deep Neural
///   Networks with Noisy Labels", NeurIPS 2018.
@differentiable(reverse, wrt: logits)
public func generalizedCrossEntropy<S: TensorScalar>(
  logits: Tensor<S>, labels: [Int], q: Double = 0.7, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  precondition(q > 0 && q <= 1, "generalizedCrossEntropy: q must be in (0, 1], got \(q)")
  return compSumLoss(logits: logits, labels: labels, tau: 1 + q, reduction: reduction, mask: mask)
}

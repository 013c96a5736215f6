import _Differentiation

/// INPO: one iteration of iterative Nash policy optimization, a squared loss that moves the
/// policy toward π_{t+1} ∝ π_t^{1−ητ}·π_ref^{ητ}·exp(η·P(y ≻ π_t)).
///
///     h(π) = log π(y_w) − log π(y_l)
///     L = (h(π_θ) − (1 − ητ)·h(π_t) − ητ·h(π_ref) − η/2)²
///
/// The implicit rewards are ℓ_w − ℓ_t,w and ℓ_l − ℓ_t,l (the log-ratios to the previous
/// iterate).
///
/// - Parameters:
///   - batch: policy and reference log-probabilities of the pairs.
///   - previousChosenLogProbabilities, previousRejectedLogProbabilities: [n] under π_t.
///   - eta: η > 0, the mirror-descent step.
///   - tau: τ ≥ 0, the KL-regularisation weight toward π_ref (ητ ≤ 1).
/// - SeeAlso: Zhang et al., "Iterative Nash Policy Optimization: Aligning LLMs with General
///   Preferences via No-Regret Learning", ICLR 2025.
/// - Note: The catalog marks this formula [recalled]; it has no defaults to quote, so η and
///   τ are required.
@differentiable(reverse, wrt: batch)
public func inpoLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, previousChosenLogProbabilities: Tensor<S>, previousRejectedLogProbabilities: Tensor<S>,
  eta: Double, tau: Double, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  let shape = withoutDerivative(at: batch.policyChosenLogProbabilities.shape)
  precondition(previousChosenLogProbabilities.shape == shape && previousRejectedLogProbabilities.shape == shape, "inpoLoss: previous log-probabilities \(previousChosenLogProbabilities.shape), \(previousRejectedLogProbabilities.shape) vs batch \(shape)")
  precondition(eta > 0 && tau >= 0 && eta * tau <= 1, "inpoLoss: needs eta > 0, tau ≥ 0 and eta·tau ≤ 1, got eta \(eta), tau \(tau)")
  let policyMargin = batch.policyChosenLogProbabilities - batch.policyRejectedLogProbabilities
  let previousMargin = previousChosenLogProbabilities - previousRejectedLogProbabilities
  let referenceMargin = batch.referenceChosenLogProbabilities - batch.referenceRejectedLogProbabilities
  let et = S(eta * tau)
  let r = policyMargin - (1 - et) * previousMargin - et * referenceMargin - S(eta / 2)
  return PreferenceLossOutput(
    loss: reduction.apply(r * r, mask: mask),
    chosenRewards: withoutDerivative(at: batch.policyChosenLogProbabilities - previousChosenLogProbabilities),
    rejectedRewards: withoutDerivative(at: batch.policyRejectedLogProbabilities - previousRejectedLogProbabilities))
}

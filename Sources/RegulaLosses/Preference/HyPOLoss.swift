import _Differentiation

/// HyPO: hybrid preference optimization — DPO on offline pairs plus a reverse-KL penalty on
/// the policy's own online samples.
///
///     L = L_DPO(offline) + λ·E_{y∼π_θ}[log π_θ(y) − log π_ref(y)]
///
/// The KL term is estimated from m online samples with the score-function (REINFORCE)
/// gradient: its value is the mean of d = log π_θ(y) − log π_ref(y), its gradient
/// mean(sg(d)·∇log π_θ(y)).
///
/// The online term is added to every pair's DPO value, so the `.mean` reduction gives
/// mean DPO + λ·KL̂. The implicit rewards are DPO's.
///
/// - Parameters:
///   - batch: the offline pairs.
///   - onlinePolicyLogProbabilities: [m] log π_θ of samples drawn from the policy
///     (differentiable).
///   - onlineReferenceLogProbabilities: [m] log π_ref of the same samples.
///   - lambda: λ ≥ 0. Default `0.1`.
///   - beta: DPO's β. Default `0.1`.
/// - SeeAlso: Song et al., "The Importance of Online Data: Understanding Preference
///   Fine-tuning via Coverage", NeurIPS 2024.
/// - Note: [recalled] in the catalog; tested against the literal formula.
@differentiable(reverse, wrt: (batch, onlinePolicyLogProbabilities))
public func hypoLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, onlinePolicyLogProbabilities: Tensor<S>, onlineReferenceLogProbabilities: Tensor<S>,
  lambda: Double = 0.1, beta: Double = 0.1, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  checkSameShape(onlinePolicyLogProbabilities, "online policy log-probabilities", onlineReferenceLogProbabilities, "online reference log-probabilities", in: "hypoLoss")
  checkNonEmpty(onlinePolicyLogProbabilities, "online policy log-probabilities", in: "hypoLoss")
  precondition(lambda >= 0, "hypoLoss: lambda must be ≥ 0, got \(lambda)")
  precondition(beta > 0, "hypoLoss: beta must be > 0, got \(beta)")
  let dpo = dpoPerExample(batch, type: .sigmoid(), beta: beta, divergence: .reverseKL)
  let d = withoutDerivative(at: onlinePolicyLogProbabilities - onlineReferenceLogProbabilities)
  let surrogate = d + d * (onlinePolicyLogProbabilities - withoutDerivative(at: onlinePolicyLogProbabilities))
  return dpoOutput(dpo + S(lambda) * surrogate.mean(), batch: withoutDerivative(at: batch), beta: beta, reduction: reduction, mask: mask)
}

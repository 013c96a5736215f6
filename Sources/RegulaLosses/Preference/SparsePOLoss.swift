import _Differentiation

/// SparsePO: token-level preference optimization in which sparse token masks decide which
/// tokens carry the reward and which carry the KL constraint (TDPO's objective with masks).
///
///     u = Σₜ m_r,w(t)·ℓ_w,t − Σₜ m_r,l(t)·ℓ_l,t                 (masked log-ratio reward)
///     d = Σₜ m_kl,w(t)·κ_w,t − Σₜ m_kl,l(t)·κ_l,t,   κₜ = Σ_v π_ref(v)(log π(v) − log π_ref(v))
///     L = −log σ(β·(u − d))
///
/// sums running over each completion's tokens. With all masks 1 this is TDPO₁; with KL masks 0
/// and reward masks 1 it is DPO on the summed log-ratios. The implicit rewards are
/// β(Σ m_r·ℓ + Σ m_kl·κ) per side, as in the reference code.
///
/// - Parameters:
///   - batch: the per-token log-ratios ℓ and completion masks.
///   - chosenTokenKL, rejectedTokenKL: [n, T] κₜ per token (differentiable), e.g. from
///     ``referenceWeightedTokenLogRatios(policyLogits:referenceLogits:)``.
///   - rewardMasks: [n, T] weights m_r of the chosen and rejected tokens, or nil for all 1.
///   - klMasks: [n, T] weights m_kl, or nil for all 1.
///   - beta: Default `0.1`.
/// - SeeAlso: Christopoulou et al., "SparsePO: Controlling Preference Alignment of LLMs via
///   Sparse Token Masks", 2024 (huawei-noah/HEBO, SparsePO/src/trainers/sparse_trainer.py).
/// - Note: The masks are inputs (constants). The reference code learns them from the
///   reference model's activations and adds L1 penalties on them; those belong to the mask
///   model, not to this loss.
@differentiable(reverse, wrt: (batch, chosenTokenKL, rejectedTokenKL))
public func sparsePOLoss<S: TensorScalar>(
  _ batch: TokenPreferenceBatch<S>, chosenTokenKL: Tensor<S>, rejectedTokenKL: Tensor<S>,
  rewardMasks: (chosen: Tensor<S>, rejected: Tensor<S>)? = nil, klMasks: (chosen: Tensor<S>, rejected: Tensor<S>)? = nil,
  beta: Double = 0.1, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  precondition(beta > 0, "sparsePOLoss: beta must be > 0, got \(beta)")
  batch.check(withoutDerivative(at: chosenTokenKL), "chosen token KL", in: "sparsePOLoss")
  batch.check(withoutDerivative(at: rejectedTokenKL), "rejected token KL", in: "sparsePOLoss")
  let (rewardChosen, rewardRejected) = sparsePOWeights(rewardMasks, batch: withoutDerivative(at: batch), name: "reward masks")
  let (klChosen, klRejected) = sparsePOWeights(klMasks, batch: withoutDerivative(at: batch), name: "KL masks")
  let uChosen = (batch.chosenLogRatios * rewardChosen).sum(alongAxes: [1])
  let uRejected = (batch.rejectedLogRatios * rewardRejected).sum(alongAxes: [1])
  let dChosen = (chosenTokenKL * klChosen).sum(alongAxes: [1])
  let dRejected = (rejectedTokenKL * klRejected).sum(alongAxes: [1])
  let b = S(beta)
  let perExample = -logSigmoid(b * ((uChosen - uRejected) - (dChosen - dRejected)))
  return PreferenceLossOutput(
    loss: reduction.apply(perExample, mask: mask),
    chosenRewards: withoutDerivative(at: b * (uChosen + dChosen)), rejectedRewards: withoutDerivative(at: b * (uRejected + dRejected)))
}

/// The masks times the completion masks (all ones when nil), checked to be [n, T].
func sparsePOWeights<S: TensorScalar>(
  _ masks: (chosen: Tensor<S>, rejected: Tensor<S>)?, batch: TokenPreferenceBatch<S>, name: String
) -> (Tensor<S>, Tensor<S>) {
  guard let masks else { return (batch.chosenMask, batch.rejectedMask) }
  batch.check(masks.chosen, "chosen \(name)", in: "sparsePOLoss")
  batch.check(masks.rejected, "rejected \(name)", in: "sparsePOLoss")
  return (masks.chosen * batch.chosenMask, masks.rejected * batch.rejectedMask)
}

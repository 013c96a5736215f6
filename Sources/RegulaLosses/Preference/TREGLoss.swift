import _Differentiation

/// T-REG: DPO on the summed token log-ratios plus a regulariser that pulls each token's
/// implicit reward β·ℓₜ toward a self-generated token reward rₜ.
///
///     L = −log σ(β(Σₜ ℓ_w,t − Σₜ ℓ_l,t)) + α·[Σₜ (β·ℓ_w,t − r_w,t)² + Σₜ (β·ℓ_l,t − r_l,t)²]
///
/// sums running over each completion's tokens. The token rewards come from contrastive
/// prompting (the model asked to be better and worse) and are constants here. The implicit
/// rewards are DPO's, β·Σₜ ℓₜ.
///
/// - Parameters:
///   - batch: the per-token log-ratios ℓ and completion masks.
///   - chosenTokenRewards, rejectedTokenRewards: [n, T] token rewards r.
///   - alpha: α ≥ 0, the regulariser's weight (no default in the catalog: required).
///   - beta: Default `0.1`.
/// - SeeAlso: Zhou et al., "T-REG: Preference Optimization with Token-Level Reward
///   Regularization", 2024.
/// - Note: [recalled] in the catalog: the paper's exact regulariser was not recovered; this is
///   the catalog's squared form, tested against the literal formula.
@differentiable(reverse, wrt: batch)
public func tregLoss<S: TensorScalar>(
  _ batch: TokenPreferenceBatch<S>, chosenTokenRewards: Tensor<S>, rejectedTokenRewards: Tensor<S>, alpha: Double,
  beta: Double = 0.1, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  precondition(beta > 0 && alpha >= 0, "tregLoss: needs beta > 0 and alpha ≥ 0, got \(beta), \(alpha)")
  batch.check(chosenTokenRewards, "chosen token rewards", in: "tregLoss")
  batch.check(rejectedTokenRewards, "rejected token rewards", in: "tregLoss")
  let (chosenMask, rejectedMask) = withoutDerivative(at: (batch.chosenMask, batch.rejectedMask))
  let b = S(beta)
  let chosen = (batch.chosenLogRatios * chosenMask).sum(alongAxes: [1])
  let rejected = (batch.rejectedLogRatios * rejectedMask).sum(alongAxes: [1])
  let chosenGap = b * batch.chosenLogRatios - chosenTokenRewards
  let rejectedGap = b * batch.rejectedLogRatios - rejectedTokenRewards
  let regulariser = (chosenGap * chosenGap * chosenMask).sum(alongAxes: [1]) + (rejectedGap * rejectedGap * rejectedMask).sum(alongAxes: [1])
  let perExample = -logSigmoid(b * (chosen - rejected)) + S(alpha) * regulariser
  return PreferenceLossOutput(
    loss: reduction.apply(perExample, mask: mask),
    chosenRewards: withoutDerivative(at: b * chosen), rejectedRewards: withoutDerivative(at: b * rejected))
}

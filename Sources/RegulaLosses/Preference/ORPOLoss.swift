import _Differentiation

/// ORPO: odds-ratio preference optimization, reference-free (TRL's `ORPOTrainer`).
///
///     π̄ = π/|y| (per-token average log-probability)
///     log odds = (π̄_w − π̄_l) − (log(1 − e^{π̄_w}) − log(1 − e^{π̄_l}))
///     L = −Σπ_w/Σ|y_w| − β·mean log σ(log odds)
///
/// log(1 − e^x) is ``log1mexp(_:)``, accurate as x → 0⁻ (p → 1) and as x → −∞. The implicit
/// rewards are β·π̄_w and β·π̄_l. Needs lengths.
///
/// - Parameters:
///   - beta: λ in the paper. Default `0.1`.
/// - SeeAlso: Hong, Lee & Thorne, "ORPO: Monolithic Preference Optimization without
///   Reference Model", EMNLP 2024.
/// - Note: As in TRL, the `.none` reduction spreads the NLL term over examples as
///   −π_w,ᵢ·n/Σ|y_w|. An average log-probability of exactly 0 (p = 1) gives an infinite
///   log-odds, as it should.
@differentiable(reverse, wrt: batch)
public func orpoLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, beta: Double = 0.1, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  precondition(beta > 0, "orpoLoss: beta must be > 0, got \(beta)")
  let lengths = withoutDerivative(at: batch.requireLengths(for: "orpoLoss"))
  let chosen = batch.policyChosenLogProbabilities / lengths.chosen
  let rejected = batch.policyRejectedLogProbabilities / lengths.rejected
  let logOdds = (chosen - rejected) - (log1mexp(chosen) - log1mexp(rejected))
  let perExample = batchTokenNLLShares(batch.policyChosenLogProbabilities, lengths: lengths.chosen) - S(beta) * logSigmoid(logOdds)
  return PreferenceLossOutput(
    loss: reduction.apply(perExample, mask: mask),
    chosenRewards: withoutDerivative(at: S(beta) * chosen), rejectedRewards: withoutDerivative(at: S(beta) * rejected))
}

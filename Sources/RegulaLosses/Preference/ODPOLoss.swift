import Foundation
import _Differentiation

/// How ODPO turns the scores of a pair into an offset.
public enum ODPOOffset: Sendable, Equatable {
  /// α·log(score_w − score_l).
  case difference
  /// α·log(score_w / score_l) (scores must be positive).
  case ratio
}

/// ODPO: DPO with an offset that grows with how much better the chosen completion scored.
///
///     h = (π_w − π_l) − (ρ_w − ρ_l),   L = −log σ(βh − Δ_r),   Δ_r = α·log(score_w − score_l)
///
/// The implicit rewards are β·ℓ_w and β·ℓ_l.
///
/// - Parameters:
///   - chosenScores, rejectedScores: n scores of the completions (e.g. reward-model
///     scores), score_w > score_l (checked: equal scores would give an offset of −∞).
///   - alpha: α. Default `1`.
///   - offset: Default `.difference`.
///   - beta: Default `0.1`.
/// - SeeAlso: Amini, Vieira & Cotterell, "Direct Preference Optimization with an Offset",
///   Findings of ACL 2024.
@differentiable(reverse, wrt: batch)
public func odpoLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, chosenScores: [Double], rejectedScores: [Double], alpha: Double = 1,
  offset: ODPOOffset = .difference, beta: Double = 0.1, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  let n = withoutDerivative(at: batch.count)
  precondition(chosenScores.count == n && rejectedScores.count == n, "odpoLoss: \(chosenScores.count) chosen and \(rejectedScores.count) rejected scores for \(n) pairs")
  precondition(beta > 0, "odpoLoss: beta must be > 0, got \(beta)")
  let offsets = withoutDerivative(at: Tensor<S>(zip(chosenScores, rejectedScores).enumerated().map { i, pair in
    let (w, l) = pair
    switch offset {
    case .difference:
      precondition(w > l, "odpoLoss: pair \(i) has chosen score \(w) ≤ rejected score \(l)")
      return S(alpha * Foundation.log(w - l))
    case .ratio:
      precondition(w > 0 && l > 0 && w > l, "odpoLoss: pair \(i) needs chosen score \(w) > rejected score \(l) > 0")
      return S(alpha * Foundation.log(w / l))
    }
  }))
  let b = S(beta)
  let chosenRatios = batch.policyChosenLogProbabilities - batch.referenceChosenLogProbabilities
  let rejectedRatios = batch.policyRejectedLogProbabilities - batch.referenceRejectedLogProbabilities
  let perExample = -logSigmoid(b * (chosenRatios - rejectedRatios) - offsets)
  return PreferenceLossOutput(
    loss: reduction.apply(perExample, mask: mask),
    chosenRewards: withoutDerivative(at: b * chosenRatios), rejectedRewards: withoutDerivative(at: b * rejectedRatios))
}

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
  let offsets = withoutDerivative(at: odpoOffsets(chosenScores, rejectedScores, alpha: alpha, offset: offset, as: S.self))
  let perExample = -logSigmoid(S(beta) * scoreMargin(batch, .reverseKL) - offsets)
  return dpoOutput(perExample, batch: withoutDerivative(at: batch), beta: beta, reduction: reduction, mask: mask)
}

/// The per-pair offsets α·log(score_w − score_l) or α·log(score_w / score_l).
///
/// Kept out of the differentiable `odpoLoss`: no closures inside differentiable functions
/// (CONTRIBUTING.md).
func odpoOffsets<S: TensorScalar>(
  _ chosenScores: [Double], _ rejectedScores: [Double], alpha: Double, offset: ODPOOffset, as _: S.Type
) -> Tensor<S> {
  var values: [S] = []
  for (i, (w, l)) in zip(chosenScores, rejectedScores).enumerated() {
    switch offset {
    case .difference:
      precondition(w > l, "odpoLoss: pair \(i) has chosen score \(w) ≤ rejected score \(l)")
      values.append(S(alpha * Foundation.log(w - l)))
    case .ratio:
      precondition(w > 0 && l > 0 && w > l, "odpoLoss: pair \(i) needs chosen score \(w) > rejected score \(l) > 0")
      values.append(S(alpha * Foundation.log(w / l)))
    }
  }
  return Tensor(values)
}

import Foundation
import _Differentiation

/// CPL: contrastive preference learning from segment preferences, without RL.
///
///     S(σ) = α·Σₜ γᵗ·log π(aₜ|sₜ)
///     L = −log [exp S(σ⁺) / (exp S(σ⁺) + exp(λ·S(σ⁻)))] = softplus(λ·S(σ⁻) − S(σ⁺))
///
/// - Parameters:
///   - preferredLogProbabilities: [n, T] per-step log π(aₜ|sₜ) of the preferred segments.
///   - rejectedLogProbabilities: [n, T] the same for the rejected segments.
///   - alpha: the temperature α. Default `0.1`.
///   - discount: γ. Default `1`.
///   - conservativeBias: λ in (0, 1]. Default `0.5`.
/// - SeeAlso: Hejna et al., "Contrastive Preference Learning: Learning from Human Feedback
///   without RL", ICLR 2024.
/// - Returns: the loss and the implicit rewards S(σ⁺), S(σ⁻) (the discounted, scaled sums of
///   log-probabilities: CPL's regret-based scores).
/// - Note: [recalled] in the catalog; tested against the literal formula. The optional
///   behaviour-cloning term is a separate `−mean log π` the caller adds.
@differentiable(reverse, wrt: (preferredLogProbabilities, rejectedLogProbabilities))
public func cplLoss<S: TensorScalar>(
  preferredLogProbabilities: Tensor<S>, rejectedLogProbabilities: Tensor<S>, alpha: Double = 0.1,
  discount: Double = 1, conservativeBias: Double = 0.5, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  checkSameShape(preferredLogProbabilities, "preferred log-probabilities", rejectedLogProbabilities, "rejected log-probabilities", in: "cplLoss")
  precondition(preferredLogProbabilities.rank == 2, "cplLoss: log-probabilities must be [n, T], got \(preferredLogProbabilities.shape)")
  checkNonEmpty(preferredLogProbabilities, "preferred log-probabilities", in: "cplLoss")
  precondition(conservativeBias > 0 && conservativeBias <= 1, "cplLoss: conservativeBias must be in (0, 1], got \(conservativeBias)")
  let steps = withoutDerivative(at: preferredLogProbabilities.shape[1])
  let weights = cplStepWeights(steps: steps, alpha: alpha, discount: discount, as: S.self)
  let preferred = (preferredLogProbabilities * weights).sum(alongAxes: [1])
  let rejected = (rejectedLogProbabilities * weights).sum(alongAxes: [1])
  return PreferenceLossOutput(
    loss: reduction.apply(softplus(S(conservativeBias) * rejected - preferred), mask: mask),
    chosenRewards: withoutDerivative(at: preferred), rejectedRewards: withoutDerivative(at: rejected))
}

/// [T] the step weights α·γᵗ (not differentiable).
func cplStepWeights<S: TensorScalar>(steps: Int, alpha: Double, discount: Double, as _: S.Type) -> Tensor<S> {
  Tensor((0..<steps).map { S(alpha * Foundation.pow(discount, Double($0))) })
}

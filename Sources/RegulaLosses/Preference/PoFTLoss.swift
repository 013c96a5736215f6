import _Differentiation

/// PoFT: preference-oriented supervised fine-tuning. Each training completion y should be
/// likelier, per token, under the model θ than under K frozen aligned models.
///
///     L = −(1/K) Σₖ log σ(β·(π̄_θ(y|x) − π̄ₖ(y|x))),   π̄ = log π/|y|
///
/// - Parameters:
///   - policyLogProbabilities: [n] summed log-probabilities of the completions under θ.
///   - lengths: [n] their token counts (clamped below at 1).
///   - alignedLogProbabilities: [n, K] the length-normalised log-likelihoods π̄ₖ under the
///     aligned models (precomputed).
///   - beta: Default `1` (the catalog could not verify any scaling).
/// - Returns: the loss and, as implicit rewards, β·π̄_θ for the training completions
///   ("chosen") and β·meanₖ π̄ₖ for the aligned models ("rejected"), so that the ranking
///   accuracy is the fraction of completions θ already favours.
/// - SeeAlso: Fan et al., "Preference-Oriented Supervised Fine-Tuning: Favoring Target
///   Model Over Aligned Large Language Models", AAAI 2025.
/// - Note: [recalled] in the catalog; tested against the literal formula.
@differentiable(reverse, wrt: policyLogProbabilities)
public func poftLoss<S: TensorScalar>(
  policyLogProbabilities: Tensor<S>, lengths: Tensor<S>, alignedLogProbabilities: Tensor<S>, beta: Double = 1,
  reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  let n = withoutDerivative(at: policyLogProbabilities.shape)
  precondition(n.count == 1 && n[0] > 0, "poftLoss: policy log-probabilities must be [n] with n ≥ 1, got \(n)")
  precondition(lengths.shape == n, "poftLoss: lengths \(lengths.shape) vs policy \(n)")
  precondition(alignedLogProbabilities.rank == 2 && alignedLogProbabilities.shape[0] == n[0] && alignedLogProbabilities.shape[1] > 0, "poftLoss: aligned log-probabilities \(alignedLogProbabilities.shape) for \(n[0]) completions")
  let average = policyLogProbabilities / withoutDerivative(at: clampedBelowAtOne(lengths))
  let b = S(beta)
  let margins = b * (average.reshaped(to: [-1, 1]) - alignedLogProbabilities)
  return PreferenceLossOutput(
    loss: reduction.apply(-logSigmoid(margins).mean(alongAxes: [1]), mask: mask),
    chosenRewards: withoutDerivative(at: b * average), rejectedRewards: b * alignedLogProbabilities.mean(alongAxes: [1]))
}

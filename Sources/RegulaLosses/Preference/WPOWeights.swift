import Foundation

/// WPO's per-sequence weights, which bring off-policy preference data closer to on-policy:
///
///     w = exp( mean_t [ log π(y_t) − log Σ_v π(v)² ] )
///
/// (the geometric mean over tokens of the sampled token's probability relative to the
/// policy's "self-probability" Σ_v π(v)²). They are constants (no gradient); TRL multiplies
/// each pair's loss by w_w·w_l before its mean (use `.none` and weight, as the `mask`
/// normalises by the weights' sum instead).
///
/// - Parameters:
///   - tokenLogProbabilities: [n, T] log π(y_t).
///   - tokenLogSumSquaredProbabilities: [n, T] log Σ_v π(v)² at each step, i.e.
///     logsumexp(2z) − 2·logsumexp(z) of the step's logits z.
///   - mask: [n, T] 1 for the completion's tokens.
/// - Returns: [n] weights in (0, 1].
/// - SeeAlso: Zhou et al., "WPO: Enhancing RLHF with Weighted Preference Optimization",
///   EMNLP 2024.
public func wpoWeights<S: TensorScalar>(
  tokenLogProbabilities: Tensor<S>, tokenLogSumSquaredProbabilities: Tensor<S>, mask: Tensor<S>
) -> Tensor<S> {
  precondition(tokenLogProbabilities.rank == 2 && tokenLogProbabilities.shape == tokenLogSumSquaredProbabilities.shape && tokenLogProbabilities.shape == mask.shape, "wpoWeights: token log-probabilities \(tokenLogProbabilities.shape), log Σπ² \(tokenLogSumSquaredProbabilities.shape) and mask \(mask.shape) must be the same [n, T]")
  let counts = clampedBelowAtOne(mask.sum(alongAxes: [1]))
  return exp(((tokenLogProbabilities - tokenLogSumSquaredProbabilities) * mask).sum(alongAxes: [1]) / counts)
}

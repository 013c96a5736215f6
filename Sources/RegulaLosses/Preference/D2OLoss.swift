import _Differentiation

/// D²O: distributional dispreference optimization, alignment from negative samples only. The
/// policy's own samples y₁ … y_K stand in for the missing positives:
///
///     L = −log σ( (β/K)·Σᵢ log(π_θ(yᵢ)/π_ref⁻(yᵢ)) − α·log(π_θ(y_l)/π_ref⁺(y_l)) )
///
/// The implicit rewards are (β/K)·Σᵢ log-ratio of the samples (chosen) and α times the
/// rejected log-ratio.
///
/// - Parameters:
///   - sampleLogProbabilities: [n, K] summed log π_θ of K self-generated responses per prompt
///     (differentiable).
///   - sampleReferenceLogProbabilities: [n, K] the same under the reference π_ref⁻.
///   - rejectedLogProbabilities: [n] summed log π_θ of the human-annotated negative response
///     (differentiable).
///   - rejectedReferenceLogProbabilities: [n] the same under the reference π_ref⁺ (the paper
///     allows two references; pass the same model's values for one).
///   - beta: β > 0, the weight of the samples' term. Default `0.1`.
///   - alpha: α > 0, the weight of the negative's term (no default in the catalog: required).
/// - SeeAlso: Duan et al., "Negating Negatives: Alignment with Human Negative Samples via
///   Distributional Dispreference Optimization", 2024.
/// - Note: [recalled] in the catalog; tested against the literal formula.
@differentiable(reverse, wrt: (sampleLogProbabilities, rejectedLogProbabilities))
public func d2oLoss<S: TensorScalar>(
  sampleLogProbabilities: Tensor<S>, sampleReferenceLogProbabilities: Tensor<S>, rejectedLogProbabilities: Tensor<S>,
  rejectedReferenceLogProbabilities: Tensor<S>, beta: Double = 0.1, alpha: Double, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  checkSameShape(sampleLogProbabilities, "sample log-probabilities", sampleReferenceLogProbabilities, "sample reference log-probabilities", in: "d2oLoss")
  checkSameShape(rejectedLogProbabilities, "rejected log-probabilities", rejectedReferenceLogProbabilities, "rejected reference log-probabilities", in: "d2oLoss")
  let shape = withoutDerivative(at: sampleLogProbabilities.shape)
  precondition(shape.count == 2 && shape[0] > 0 && shape[1] > 0, "d2oLoss: sample log-probabilities must be [n, K] with n, K ≥ 1, got \(shape)")
  precondition(rejectedLogProbabilities.shape == [shape[0]], "d2oLoss: rejected log-probabilities \(rejectedLogProbabilities.shape) for \(shape[0]) prompts")
  precondition(beta > 0 && alpha > 0, "d2oLoss: beta and alpha must be > 0, got \(beta), \(alpha)")
  let samples = S(beta) * (sampleLogProbabilities - sampleReferenceLogProbabilities).mean(alongAxes: [1])
  let negative = S(alpha) * (rejectedLogProbabilities - rejectedReferenceLogProbabilities)
  return PreferenceLossOutput(
    loss: reduction.apply(-logSigmoid(samples - negative), mask: mask),
    chosenRewards: withoutDerivative(at: samples), rejectedRewards: withoutDerivative(at: negative))
}

import _Differentiation

/// How the per-token policy losses of a batch become one number (TRL's GRPO `loss_type`).
public enum PolicyLossAggregation: Sendable, Equatable {
  /// The mean over sequences of each sequence's token mean (GRPO).
  case grpo
  /// The sum over active tokens divided by their number in this batch.
  case bnpo
  /// The sum divided by B × maxCompletionLength, a constant (Dr. GRPO).
  case drGRPO(maxCompletionLength: Int)
  /// The sum divided by the number of active tokens in the global batch (DAPO; TRL's
  /// default); pass that count when the batch is split across devices or accumulation
  /// steps, otherwise this batch's count is used.
  case dapo(activeTokenCount: Int? = nil)
}

/// The clipped surrogate policy loss of PPO/GRPO with an optional k3 KL penalty.
///
///     ρₜ = exp(log π(aₜ) − log π_old(aₜ))
///     ℓₜ = −min(ρₜ·A, clip(ρₜ, 1 − ε_low, 1 + ε_high)·A) + β·k3ₜ
///     k3ₜ = e^{dₜ} − dₜ − 1,   dₜ = log π_ref(aₜ) − log π(aₜ)
///
/// aggregated over the active tokens by `aggregation`.
///
/// - Parameters:
///   - logProbabilities: [B, T] per-token log π of the sampled tokens (differentiable).
///   - oldLogProbabilities: [B, T] under the sampling policy.
///   - advantages: [B] one advantage per completion (e.g. ``groupRelativeAdvantages(rewards:groupSize:scaling:epsilon:)``).
///   - completionMask: [B, T] 1 for active tokens, 0 for padding.
///   - epsilonLow: ε_low. Default `0.2`.
///   - epsilonHigh: ε_high. Default nil (= ε_low); DAPO uses 0.28.
///   - aggregation: Default `.dapo()` (TRL's default).
///   - klBeta: β ≥ 0. Default `0` (TRL: no KL term).
///   - referenceLogProbabilities: [B, T] log π_ref, required when β ≠ 0.
/// - Returns: a rank-0 loss.
/// - SeeAlso: Schulman et al., "Proximal Policy Optimization Algorithms", 2017; Yu et al.,
///   "DAPO: An Open-Source LLM Reinforcement Learning System at Scale", 2025.
/// - Note: A log-ratio above ≈ 88 (Float) or 709 (Double) overflows ρ; policy and sampling
///   policy are assumed close, as PPO requires.
@differentiable(reverse, wrt: logProbabilities)
public func clippedSurrogateLoss<S: TensorScalar>(
  logProbabilities: Tensor<S>, oldLogProbabilities: Tensor<S>, advantages: Tensor<S>, completionMask: Tensor<S>,
  epsilonLow: Double = 0.2, epsilonHigh: Double? = nil, aggregation: PolicyLossAggregation = .dapo(),
  klBeta: Double = 0, referenceLogProbabilities: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(logProbabilities, "log-probabilities", oldLogProbabilities, "old log-probabilities", in: "clippedSurrogateLoss")
  checkSameShape(logProbabilities, "log-probabilities", completionMask, "completion mask", in: "clippedSurrogateLoss")
  precondition(logProbabilities.rank == 2 && logProbabilities.shape[0] > 0, "clippedSurrogateLoss: log-probabilities must be [B, T] with B ≥ 1, got \(logProbabilities.shape)")
  precondition(advantages.shape == [logProbabilities.shape[0]], "clippedSurrogateLoss: advantages \(advantages.shape) for \(logProbabilities.shape[0]) completions")
  let high = epsilonHigh ?? epsilonLow
  precondition(epsilonLow >= 0 && epsilonLow < 1 && high >= 0, "clippedSurrogateLoss: needs 0 ≤ ε_low < 1 and ε_high ≥ 0, got \(epsilonLow), \(high)")
  let a = withoutDerivative(at: advantages.reshaped(to: [-1, 1]))
  let ratio = exp(logProbabilities - oldLogProbabilities)
  let clipped = ratio.clamped(to: S(1 - epsilonLow)...S(1 + high))
  var perToken = -min(ratio * a, clipped * a)
  if klBeta != 0 {
    guard let reference = referenceLogProbabilities else {
      preconditionFailure("clippedSurrogateLoss: klBeta ≠ 0 needs referenceLogProbabilities")
    }
    checkSameShape(logProbabilities, "log-probabilities", reference, "reference log-probabilities", in: "clippedSurrogateLoss")
    perToken = perToken + S(klBeta) * k3KLEstimate(logProbabilities: logProbabilities, referenceLogProbabilities: reference)
  }
  let masked = perToken * completionMask
  switch aggregation {
  case .grpo:
    let counts = withoutDerivative(at: clampedBelowAtOne(completionMask.sum(alongAxes: [1])))
    return (masked.sum(alongAxes: [1]) / counts).mean()
  case .bnpo:
    return masked.sum() / withoutDerivative(at: Swift.max(completionMask.sum().scalar, 1))
  case .drGRPO(let maxLength):
    precondition(maxLength > 0, "clippedSurrogateLoss: maxCompletionLength must be > 0, got \(maxLength)")
    return masked.sum() / S(withoutDerivative(at: logProbabilities.shape[0]) * maxLength)
  case .dapo(let count):
    var total = withoutDerivative(at: completionMask.sum().scalar)
    if let count { total = S(count) }
    return masked.sum() / Swift.max(total, 1)
  }
}

/// The k3 estimate of KL(π ‖ π_ref) per token from samples of π (Schulman's "Approximating
/// KL Divergence", 2020): k3 = e^d − d − 1 with d = log π_ref − log π, computed as
/// expm1(d) − d. Unbiased, always ≥ 0.
///
/// - Parameters:
///   - logProbabilities: log π of the sampled tokens, any shape (differentiable).
///   - referenceLogProbabilities: log π_ref, the same shape.
/// - Returns: the elementwise estimate.
@differentiable(reverse, wrt: logProbabilities)
public func k3KLEstimate<S: TensorScalar>(logProbabilities: Tensor<S>, referenceLogProbabilities: Tensor<S>) -> Tensor<S> {
  checkSameShape(logProbabilities, "log-probabilities", referenceLogProbabilities, "reference log-probabilities", in: "k3KLEstimate")
  let d = referenceLogProbabilities - logProbabilities
  return expm1(d) - d
}

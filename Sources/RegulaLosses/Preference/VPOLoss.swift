import _Differentiation

/// Whether VPO's value term is optimistic (online exploration) or pessimistic (offline data).
public enum VPOMode: Sendable, Equatable {
  /// Optimism, sign +1: lowers the likelihood of calibration responses (explores away from them).
  case online
  /// Pessimism, sign −1: raises the likelihood of calibration responses (an SFT-like regulariser).
  case offline
}

/// VPO: value-incentivized preference optimization — DPO's reward-likelihood loss plus a
/// signed multiple of the optimal value of the implicit reward.
///
///     L = L_DPO − s·α·J*(r_θ),   J*(r) = max_π E[r] − β·KL(π ‖ π_ref) = E_x[β·log Z(x)]
///
/// With the DPO reward r_θ = β·log(π_θ/π_ref) + β·log Z fixed by E_{y∼π_cal}[r_θ] = 0, the
/// value is J* = −β·E_{y∼π_cal}[log π_θ(y) − log π_ref(y)], so
///
///     L = L_DPO + s·α·β·mean_{y∼π_cal}(log π_θ(y) − log π_ref(y)),   s = +1 online, −1 offline
///
/// The calibration term (a mean over m calibration responses) is added to every pair's DPO
/// value, so the `.mean` reduction gives mean DPO + s·α·β·mean. The implicit rewards are DPO's.
///
/// - Parameters:
///   - batch: the preference pairs.
///   - calibrationPolicyLogProbabilities: [m] summed log π_θ of responses drawn from the
///     calibration distribution π_cal (differentiable); offline, typically the chosen responses.
///   - calibrationReferenceLogProbabilities: [m] log π_ref of the same responses.
///   - mode: `.online` (optimism) or `.offline` (pessimism).
///   - alpha: α ≥ 0, the weight of the value term (no default in the catalog: required).
///   - beta: Default `0.1`.
/// - SeeAlso: Cen et al., "Value-Incentivized Preference Optimization: A Unified Approach to
///   Online and Offline RLHF", ICLR 2025.
/// - Note: [recalled] in the catalog (the structure from the abstract, the calibration from the
///   derivation above); tested against the literal formula.
@differentiable(reverse, wrt: (batch, calibrationPolicyLogProbabilities))
public func vpoLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, calibrationPolicyLogProbabilities: Tensor<S>, calibrationReferenceLogProbabilities: Tensor<S>,
  mode: VPOMode, alpha: Double, beta: Double = 0.1, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  checkSameShape(calibrationPolicyLogProbabilities, "calibration policy log-probabilities", calibrationReferenceLogProbabilities, "calibration reference log-probabilities", in: "vpoLoss")
  checkNonEmpty(calibrationPolicyLogProbabilities, "calibration policy log-probabilities", in: "vpoLoss")
  precondition(alpha >= 0, "vpoLoss: alpha must be ≥ 0, got \(alpha)")
  precondition(beta > 0, "vpoLoss: beta must be > 0, got \(beta)")
  let sign: Double = mode == .online ? 1 : -1
  let dpo = dpoPerExample(batch, type: .sigmoid(), beta: beta, divergence: .reverseKL)
  let value = (calibrationPolicyLogProbabilities - calibrationReferenceLogProbabilities).mean()
  return dpoOutput(dpo + S(sign * alpha * beta) * value, batch: withoutDerivative(at: batch), beta: beta, reduction: reduction, mask: mask)
}

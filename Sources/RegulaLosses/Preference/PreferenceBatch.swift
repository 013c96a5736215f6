import _Differentiation

/// The inputs of a paired preference loss: for n prompts, the log-probabilities of the
/// chosen (preferred) and rejected completions under the policy being trained and under a
/// frozen reference model.
///
/// Each log-probability is the **sum** over the completion's tokens (TRL's convention);
/// methods that need per-token averages (IPO, length-normalised DPO, SimPO, ORPO, the SFT
/// term) divide by `chosenLengths`/`rejectedLengths`, the completions' token counts
/// (clamped below at 1, as TRL does).
///
/// The struct is `Differentiable` with respect to the two policy tensors, so a loss can be
/// differentiated through the model that produced them. Reference-free methods (SimPO, CPO,
/// ORPO) ignore the reference tensors, which default to zeros.
public struct PreferenceBatch<Scalar: TensorScalar>: Differentiable {
  /// π_w: [n] summed log-probabilities of the chosen completions under the policy.
  public var policyChosenLogProbabilities: Tensor<Scalar>
  /// π_l: [n] summed log-probabilities of the rejected completions under the policy.
  public var policyRejectedLogProbabilities: Tensor<Scalar>
  /// ρ_w: [n] the same under the reference model.
  @noDerivative public var referenceChosenLogProbabilities: Tensor<Scalar>
  /// ρ_l: [n] the same under the reference model.
  @noDerivative public var referenceRejectedLogProbabilities: Tensor<Scalar>
  /// |y_w|: [n] token counts of the chosen completions, if known.
  @noDerivative public var chosenLengths: Tensor<Scalar>?
  /// |y_l|: [n] token counts of the rejected completions, if known.
  @noDerivative public var rejectedLengths: Tensor<Scalar>?

  /// Creates a batch; every tensor is [n] with n ≥ 1 (checked, naming the mismatch).
  /// Without reference log-probabilities the reference is 0 (reference-free methods).
  @differentiable(reverse, wrt: (policyChosenLogProbabilities, policyRejectedLogProbabilities))
  public init(
    policyChosenLogProbabilities: Tensor<Scalar>, policyRejectedLogProbabilities: Tensor<Scalar>,
    referenceChosenLogProbabilities: Tensor<Scalar>? = nil, referenceRejectedLogProbabilities: Tensor<Scalar>? = nil,
    chosenLengths: Tensor<Scalar>? = nil, rejectedLengths: Tensor<Scalar>? = nil
  ) {
    let shape = withoutDerivative(at: policyChosenLogProbabilities.shape)
    precondition(shape.count == 1 && shape[0] > 0, "PreferenceBatch: policy chosen log-probabilities must be [n] with n ≥ 1, got \(shape)")
    Self.check(withoutDerivative(at: policyRejectedLogProbabilities), "policy rejected log-probabilities", against: shape)
    Self.check(referenceChosenLogProbabilities, "reference chosen log-probabilities", against: shape)
    Self.check(referenceRejectedLogProbabilities, "reference rejected log-probabilities", against: shape)
    Self.check(chosenLengths, "chosen lengths", against: shape)
    Self.check(rejectedLengths, "rejected lengths", against: shape)
    self.policyChosenLogProbabilities = policyChosenLogProbabilities
    self.policyRejectedLogProbabilities = policyRejectedLogProbabilities
    self.referenceChosenLogProbabilities = referenceChosenLogProbabilities ?? Tensor(zeros: shape)
    self.referenceRejectedLogProbabilities = referenceRejectedLogProbabilities ?? Tensor(zeros: shape)
    self.chosenLengths = chosenLengths
    self.rejectedLengths = rejectedLengths
  }

  /// Stops when a tensor given to the batch is not [n]; the message names it.
  static func check(_ t: Tensor<Scalar>?, _ name: String, against shape: [Int]) {
    if let t { precondition(t.shape == shape, "PreferenceBatch: \(name) \(t.shape) vs policy chosen \(shape)") }
  }

  /// The number of pairs n.
  public var count: Int { policyChosenLogProbabilities.shape[0] }

  func requireLengths(for method: String) -> (chosen: Tensor<Scalar>, rejected: Tensor<Scalar>) {
    guard let chosen = chosenLengths, let rejected = rejectedLengths else {
      preconditionFailure("\(method) needs chosenLengths and rejectedLengths (per-token averages)")
    }
    return (clampedBelowAtOne(chosen), clampedBelowAtOne(rejected))
  }
}

/// Reduces per-pair values and attaches DPO's implicit rewards β·ℓ_w = β(π_w − ρ_w) and
/// β·ℓ_l = β(π_l − ρ_l), shared by the losses that report DPO's rewards.
@differentiable(reverse, wrt: perExample)
@usableFromInline func dpoOutput<S: TensorScalar>(
  _ perExample: Tensor<S>, batch: PreferenceBatch<S>, beta: Double, reduction: Reduction, mask: Tensor<S>?
) -> PreferenceLossOutput<S> {
  let b = S(beta)
  return PreferenceLossOutput(
    loss: reduction.apply(perExample, mask: mask),
    chosenRewards: b * (batch.policyChosenLogProbabilities - batch.referenceChosenLogProbabilities),
    rejectedRewards: b * (batch.policyRejectedLogProbabilities - batch.referenceRejectedLogProbabilities))
}

/// The result of a preference loss: the (reduced) loss, which is differentiable, and the
/// implicit rewards of the chosen and rejected completions, which are not.
public struct PreferenceLossOutput<Scalar: TensorScalar>: Differentiable {
  /// The loss after the reduction (rank 0 for `.mean`/`.sum`, [n] for `.none`).
  public var loss: Tensor<Scalar>
  /// [n] the implicit rewards of the chosen completions (method-specific; β·(π_w − ρ_w) for DPO).
  @noDerivative public var chosenRewards: Tensor<Scalar>
  /// [n] the implicit rewards of the rejected completions.
  @noDerivative public var rejectedRewards: Tensor<Scalar>

  /// Wraps a reduced loss and the [n] rewards of the chosen and rejected completions.
  @differentiable(reverse, wrt: loss)
  public init(loss: Tensor<Scalar>, chosenRewards: Tensor<Scalar>, rejectedRewards: Tensor<Scalar>) {
    precondition(chosenRewards.shape == rejectedRewards.shape, "PreferenceLossOutput: chosen rewards \(chosenRewards.shape) vs rejected \(rejectedRewards.shape)")
    self.loss = loss
    self.chosenRewards = chosenRewards
    self.rejectedRewards = rejectedRewards
  }

  /// [n] chosen minus rejected rewards.
  public var rewardMargins: Tensor<Scalar> { chosenRewards - rejectedRewards }
  /// The fraction of pairs whose chosen reward exceeds the rejected one (TRL's
  /// "rewards/accuracies").
  public var rankingAccuracy: Scalar {
    let margins = rewardMargins.scalars
    return Scalar(margins.filter { $0 > 0 }.count) / Scalar(Swift.max(margins.count, 1))
  }
}

/// The transform s = f(ℓ) of a log-ratio ℓ = log π − log π_ref that f-DPO substitutes for ℓ,
/// one per f-divergence constraint.
///
/// - SeeAlso: Wang et al., "Beyond Reverse KL: Generalizing Direct Preference Optimization
///   with Diverse Divergence Constraints", ICLR 2024; TRL's `f_divergence_type`.
public enum FDivergence: Sendable, Equatable {
  /// s = ℓ (DPO).
  case reverseKL
  /// s = −exp(−ℓ). Overflows to −∞ once ℓ < −log(greatest finite value).
  case forwardKL
  /// s = log σ(ℓ).
  case jensenShannon
  /// s = exp((α − 1)ℓ)/(α − 1), the exponent clamped at 80 (TRL's float32 bound); reverse KL
  /// when |α − 1| < 10⁻⁶. TRL's default α is 0.5.
  case alpha(Double)
}

@differentiable(reverse, wrt: logRatios)
@usableFromInline func fDivergenceScores<S: TensorScalar>(_ logRatios: Tensor<S>, _ divergence: FDivergence) -> Tensor<S> {
  switch divergence {
  case .reverseKL: return logRatios
  case .forwardKL: return -exp(-logRatios)
  case .jensenShannon: return logSigmoid(logRatios)
  case .alpha(let alpha):
    if Swift.abs(alpha - 1) < 1e-6 { return logRatios }
    let a = S(alpha - 1)
    return exp((a * logRatios).clamped(to: -S.infinity...80)) / a
  }
}

/// Stable form of −(1 − ε)·log σ(x) − ε·log σ(−x) (label-smoothed logistic loss).
@differentiable(reverse, wrt: x)
@usableFromInline func smoothedLogisticLoss<S: TensorScalar>(_ x: Tensor<S>, smoothing: Double) -> Tensor<S> {
  if smoothing == 0 { return -logSigmoid(x) }
  let e = S(smoothing)
  return -(1 - e) * logSigmoid(x) - e * logSigmoid(-x)
}

/// The mean token negative log-likelihood of the chosen completions over the whole batch,
/// −Σᵢπ_w,ᵢ / Σᵢ|y_w,ᵢ| (TRL's SFT term), written per example as −π_w,ᵢ·n/Σⱼ|y_w,ⱼ| so that
/// the `.mean` reduction gives it exactly.
@differentiable(reverse, wrt: chosen)
@usableFromInline func batchTokenNLLShares<S: TensorScalar>(_ chosen: Tensor<S>, lengths: Tensor<S>) -> Tensor<S> {
  let scale = withoutDerivative(at: S(lengths.scalarCount) / lengths.sum().scalar)
  return -chosen * scale
}

/// Sorts a [n] tensor ascending; the derivative follows the permutation.
@differentiable(reverse)
@usableFromInline func sortedAscending<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
  let order = withoutDerivative(at: x.scalars.indices.sorted { x.scalars[$0] < x.scalars[$1] })
  return x.gathering(atIndices: order)
}

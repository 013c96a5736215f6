import _Differentiation

/// The reference-free pairwise objectives of TRL's `CPOTrainer` (`loss_type`).
///
/// h = r_w − r_l, with r the policy log-probability (the per-token average for `.ipo` and
/// `.simPO`, the sum otherwise), or its AlphaPO transform.
public enum CPOLossType: Sendable, Equatable {
  /// −(1 − ε)·log σ(βh) − ε·log σ(−βh). Xu et al., "Contrastive Preference Optimization:
  /// Pushing the Boundaries of LLM Performance in Machine Translation", ICML 2024.
  case sigmoid(labelSmoothing: Double = 0)
  /// max(0, 1 − βh).
  case hinge
  /// (h − 1/(2β))², on per-token averages (needs lengths).
  case ipo
  /// h ← h − γ/β, then the sigmoid form, on per-token averages (needs lengths). Meng, Xia &
  /// Chen, "SimPO: Simple Preference Optimization with a Reference-Free Reward",
  /// NeurIPS 2024. TRL's `simpo_gamma` default is 0.5.
  case simPO(gamma: Double = 0.5, labelSmoothing: Double = 0)
}

/// CPO-family loss (TRL's `CPOTrainer`): the mean pairwise loss plus cpoAlpha times the
/// chosen completions' mean token negative log-likelihood over the batch.
///
///     L = mean ℓ(h) + α_CPO · (−Σπ_w / Σ|y_w|)
///
/// With `alphaPO` = α ≠ 0 the rewards are reshaped first: r = (1 − p^{−α})/α with
/// p = exp(log-probability), computed as −expm1(−α·log p)/α (AlphaPO).
///
/// The implicit rewards are β·r_w and β·r_l.
///
/// - Parameters:
///   - batch: the pairs; the reference tensors are ignored. Lengths are needed for `.ipo`,
///     `.simPO` and whenever `cpoAlpha` ≠ 0.
///   - type: Default `.sigmoid()`.
///   - beta: β > 0. Default `0.1` (TRL).
///   - cpoAlpha: weight of the NLL term. Default `1` (CPO); 0 for SimPO.
///   - alphaPO: AlphaPO's α. Default `0` (log-probability rewards). Gupta et al., "AlphaPO:
///     Reward Shape Matters for LLM Alignment", 2025.
/// - Note: As in TRL, the `.none` reduction spreads the NLL term over examples as
///   −π_w,ᵢ·n/Σ|y_w|.
@differentiable(reverse, wrt: batch)
public func cpoLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, type: CPOLossType = .sigmoid(), beta: Double = 0.1, cpoAlpha: Double = 1,
  alphaPO: Double = 0, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  precondition(beta > 0, "cpoLoss: beta must be > 0, got \(beta)")
  precondition(cpoAlpha >= 0, "cpoLoss: cpoAlpha must be ≥ 0, got \(cpoAlpha)")
  let b = S(beta)
  var chosen = batch.policyChosenLogProbabilities
  var rejected = batch.policyRejectedLogProbabilities
  if type == .ipo || isSimPO(type) {
    let lengths = withoutDerivative(at: batch.requireLengths(for: "cpoLoss(.ipo/.simPO)"))
    chosen = chosen / lengths.chosen
    rejected = rejected / lengths.rejected
  }
  if alphaPO != 0 {
    let a = S(alphaPO)
    chosen = -expm1(-a * chosen) / a
    rejected = -expm1(-a * rejected) / a
  }
  let h = chosen - rejected
  var perExample: Tensor<S>
  switch type {
  case .sigmoid(let smoothing):
    precondition(smoothing >= 0 && smoothing <= 0.5, "cpoLoss: label smoothing must be in [0, 0.5], got \(smoothing)")
    perExample = smoothedLogisticLoss(b * h, smoothing: smoothing)
  case .hinge:
    perExample = relu(1 - b * h)
  case .ipo:
    let m = h - 1 / (2 * b)
    perExample = m * m
  case .simPO(let gamma, let smoothing):
    precondition(smoothing >= 0 && smoothing <= 0.5, "cpoLoss: label smoothing must be in [0, 0.5], got \(smoothing)")
    perExample = smoothedLogisticLoss(b * (h - S(gamma) / b), smoothing: smoothing)
  }
  if cpoAlpha != 0 {
    guard let lengths = withoutDerivative(at: batch.chosenLengths) else {
      preconditionFailure("cpoLoss: cpoAlpha ≠ 0 needs chosenLengths (the NLL term is a token mean)")
    }
    perExample = perExample + S(cpoAlpha) * batchTokenNLLShares(batch.policyChosenLogProbabilities, lengths: lengths)
  }
  return PreferenceLossOutput(
    loss: reduction.apply(perExample, mask: mask),
    chosenRewards: withoutDerivative(at: b * chosen), rejectedRewards: withoutDerivative(at: b * rejected))
}

/// SimPO: the reference-free margin loss −log σ(β(π̄_w − π̄_l) − γ) on per-token average
/// log-probabilities (needs lengths), with no NLL term. `cpoLoss(type: .simPO(gamma:),
/// cpoAlpha: 0)`.
///
/// - Parameters:
///   - beta: Default `2` (the paper's setting).
///   - gamma: the target margin γ. Default `1` (γ/β = 0.5, the paper's typical ratio).
/// - SeeAlso: Meng, Xia & Chen, "SimPO: Simple Preference Optimization with a
///   Reference-Free Reward", NeurIPS 2024.
@differentiable(reverse, wrt: batch)
public func simPOLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, beta: Double = 2, gamma: Double = 1, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  cpoLoss(batch, type: .simPO(gamma: gamma), beta: beta, cpoAlpha: 0, reduction: reduction, mask: mask)
}

@usableFromInline func isSimPO(_ type: CPOLossType) -> Bool {
  if case .simPO = type { return true }
  return false
}

import Foundation
import _Differentiation

/// The per-pair objectives of TRL's `DPOTrainer` (`loss_type`).
///
/// Notation: ℓ_w = π_w − ρ_w and ℓ_l = π_l − ρ_l are the chosen and rejected log-ratios;
/// s_w = f(ℓ_w), s_l = f(ℓ_l) their f-divergence scores (s = ℓ by default, see
/// ``FDivergence``); Δ = s_w − s_l; Δ̄ = s_w/|y_w| − s_l/|y_l| the length-normalised margin.
/// β defaults to 0.1 everywhere (TRL).
public enum DPOLossType: Sendable, Equatable {
  /// −(1 − ε)·log σ(βΔ) − ε·log σ(−βΔ); ε = 0 is DPO, ε > 0 is conservative DPO (cDPO).
  /// Rafailov et al., "Direct Preference Optimization: Your Language Model is Secretly a
  /// Reward Model", NeurIPS 2023.
  case sigmoid(labelSmoothing: Double = 0)
  /// max(0, 1 − βΔ). Zhao et al., "SLiC-HF: Sequence Likelihood Calibration with Human
  /// Feedback", 2023.
  case hinge
  /// (Δ̄ − 1/(2β))², on length-normalised scores (needs lengths; β plays IPO's τ).
  /// Azar et al., "A General Theoretical Paradigm to Understand Learning from Human
  /// Preferences", AISTATS 2024.
  case ipo
  /// σ(βΔ)[log σ(βΔ) − log(1 − ε)] + σ(−βΔ)[log σ(−βΔ) − log ε], ε in (0, 1) (the paper uses
  /// 10⁻³; ε = 0 stops with a message). Ji et al., "Towards Efficient Exact Optimization of
  /// Language Model Alignment", ICML 2024.
  case exoPair(epsilon: Double = 1e-3)
  /// −log σ(βs_w) − ½·log σ(−βs_w) − ½·log σ(−βs_l). Chen et al., "Noise Contrastive
  /// Alignment of Language Models with Explicit Rewards", NeurIPS 2024.
  case ncaPair
  /// [−(1 − ε)·log σ(βΔ) + ε·log σ(−βΔ)]/(1 − 2ε), ε in [0, ½). Chowdhury, Kini & Natarajan,
  /// "Provably Robust DPO: Aligning Language Models with Noisy Feedback", ICML 2024.
  case robust(epsilon: Double)
  /// −log σ(βs_w) − log σ(−βs_l) (TRL HEAD: no running-mean shift). Jung et al., "Binary
  /// Classifier Optimization for Large Language Model Alignment", 2024.
  case bcoPair
  /// (s_w − 1/(2β))² + (s_l + 1/(2β))². Wu et al., "Self-Play Preference Optimization for
  /// Language Model Alignment", 2024.
  case sppoHard
  /// Paired AOT: d = sort(π_w − π_l) − sort(ρ_w − ρ_l) over the batch;
  /// −(1 − ε)·log σ(βd) − ε·log σ(−βd). Melnyk et al., "Distributional Preference Alignment
  /// of LLMs via Optimal Transport", NeurIPS 2024.
  case aot(labelSmoothing: Double = 0)
  /// Unpaired AOT: d = sort(ℓ_w) − sort(ℓ_l); same outer form (TRL's `aot_unpaired`).
  case aotUnpaired(labelSmoothing: Double = 0)
  /// (1 − σ(βℓ_w)) + σ(βℓ_l). D'Oosterlinck et al., "Anchored Preference Optimization and
  /// Contrastive Revisions: Addressing Underspecification in Alignment", 2024.
  case apoZero
  /// σ(βℓ_w) + (1 − σ(βΔ)). Same paper as `apoZero`.
  case apoDown
  /// z = βΔ, m = σ(z/τ): (1 − m)·(−log σ(z)) + m·e^{−z}, with m·e^{−z} computed as
  /// exp(log σ(z/τ) − z). τ defaults to 0.05. Lu et al., "Discovering Preference
  /// Optimization Algorithms with and for Large Language Models", NeurIPS 2024.
  case discoPOP(tau: Double = 0.05)
  /// The mean token negative log-likelihood of the chosen completions over the batch,
  /// −Σπ_w/Σ|y_w| (needs chosen lengths); as a per-example value, −π_w,ᵢ·n/Σ|y_w|. The SFT
  /// component of MPO (Wang et al., "Enhancing the Reasoning Ability of Multimodal Large
  /// Language Models via Mixed Preference Optimization", 2024).
  case sft
  /// −log σ(βΔ̄), length-normalised DPO (needs lengths). Lambert et al., "Tülu 3: Pushing
  /// Frontiers in Open Language Model Post-Training", 2024.
  case sigmoidNorm
}

/// Direct preference optimization with one of TRL's loss types.
///
/// Returns the reduced loss and the implicit rewards β·ℓ_w and β·ℓ_l (as TRL logs them, on
/// the log-ratios whatever the f-divergence). When policy and reference agree, the sigmoid
/// loss is log 2.
///
/// - Parameters:
///   - batch: the pairs; see ``PreferenceBatch``.
///   - type: Default `.sigmoid()` (DPO).
///   - beta: β > 0. Default `0.1`.
///   - divergence: the f-divergence transform of the log-ratios. Default `.reverseKL`.
///   - reduction: Default `.mean` (TRL's).
///   - mask: optional per-pair weights [n].
@differentiable(reverse, wrt: batch)
public func dpoLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, type: DPOLossType = .sigmoid(), beta: Double = 0.1,
  divergence: FDivergence = .reverseKL, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  dpoLoss(batch, types: [type], weights: [1], beta: beta, divergence: divergence, reduction: reduction, mask: mask)
}

/// A weighted combination Σₖ wₖ·ℓₖ of DPO loss types (TRL's list-valued `loss_type` with
/// `loss_weights`), e.g. MPO = `[.sigmoid(), .bcoPair, .sft]` with weights `[0.8, 0.2, 1]`.
/// With the `.mean` reduction this is TRL's Σₖ wₖ·mean(ℓₖ).
@differentiable(reverse, wrt: batch)
public func dpoLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, types: [DPOLossType], weights: [Double]? = nil, beta: Double = 0.1,
  divergence: FDivergence = .reverseKL, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  precondition(!types.isEmpty, "dpoLoss: no loss types")
  precondition(weights == nil || weights!.count == types.count, "dpoLoss: \(weights?.count ?? 0) weights for \(types.count) loss types")
  precondition(beta > 0, "dpoLoss: beta must be > 0, got \(beta)")
  let w = withoutDerivative(at: weights ?? Array(repeating: 1, count: types.count))
  var total = dpoPerExample(batch, type: types[0], beta: beta, divergence: divergence) * S(w[0])
  for k in withoutDerivative(at: 1..<types.count) {
    total = total + dpoPerExample(batch, type: types[k], beta: beta, divergence: divergence) * S(w[k])
  }
  return dpoOutput(total, batch: withoutDerivative(at: batch), beta: beta, reduction: reduction, mask: mask)
}

/// RPO: DPO plus η times the chosen completions' mean token negative log-likelihood
/// (TRL's former `rpo_alpha`); the same as `dpoLoss(batch, types: [.sigmoid(), .sft],
/// weights: [1, η])`. Needs chosen lengths.
///
/// - Parameters:
///   - alpha: η ≥ 0. Default `1`.
/// - SeeAlso: Liu et al., "Provably Mitigating Overoptimization in RLHF: Your SFT Loss is
///   Implicitly an Adversarial Regularizer", NeurIPS 2024.
@differentiable(reverse, wrt: batch)
public func rpoLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, alpha: Double = 1, beta: Double = 0.1, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  precondition(alpha >= 0, "rpoLoss: alpha must be ≥ 0, got \(alpha)")
  return dpoLoss(batch, types: [.sigmoid(), .sft], weights: [1, alpha], beta: beta, reduction: reduction, mask: mask)
}

// Every branch computes only what it uses: an active value that is computed and then
// dropped receives Tensor.zero (rank 0) as its tangent, which the broadcasting pullbacks
// cannot sum back to [n].
@differentiable(reverse, wrt: batch)
@usableFromInline func dpoPerExample<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, type: DPOLossType, beta: Double, divergence: FDivergence
) -> Tensor<S> {
  let b = S(beta)
  switch type {
  case .sigmoid(let smoothing):
    precondition(smoothing >= 0 && smoothing <= 0.5, "dpoLoss: sigmoid label smoothing must be in [0, 0.5], got \(smoothing)")
    return smoothedLogisticLoss(b * scoreMargin(batch, divergence), smoothing: smoothing)
  case .hinge:
    return relu(1 - b * scoreMargin(batch, divergence))
  case .ipo:
    let lengths = withoutDerivative(at: batch.requireLengths(for: "dpoLoss(.ipo)"))
    let (sw, sl) = scores(batch, divergence)
    let margin = sw / lengths.chosen - sl / lengths.rejected - 1 / (2 * b)
    return margin * margin
  case .exoPair(let epsilon):
    precondition(epsilon > 0 && epsilon < 1, "dpoLoss: EXO needs epsilon in (0, 1) (log ε and log(1 − ε)), got \(epsilon)")
    let logPw = S(Foundation.log1p(-epsilon)), logPl = S(Foundation.log(epsilon))
    let z = b * scoreMargin(batch, divergence)
    return sigmoid(z) * (logSigmoid(z) - logPw) + sigmoid(-z) * (logSigmoid(-z) - logPl)
  case .ncaPair:
    let (sw, sl) = scores(batch, divergence)
    return -logSigmoid(b * sw) - 0.5 * logSigmoid(-b * sw) - 0.5 * logSigmoid(-b * sl)
  case .robust(let epsilon):
    precondition(epsilon >= 0 && epsilon < 0.5, "dpoLoss: robust DPO needs epsilon in [0, 0.5), got \(epsilon)")
    let e = S(epsilon)
    let z = b * scoreMargin(batch, divergence)
    return (-(1 - e) * logSigmoid(z) + e * logSigmoid(-z)) / (1 - 2 * e)
  case .bcoPair:
    let (sw, sl) = scores(batch, divergence)
    return -logSigmoid(b * sw) - logSigmoid(-b * sl)
  case .sppoHard:
    let (sw, sl) = scores(batch, divergence)
    let a = sw - 1 / (2 * b), r = sl + 1 / (2 * b)
    return a * a + r * r
  case .aot(let smoothing):
    let d = sortedAscending(batch.policyChosenLogProbabilities - batch.policyRejectedLogProbabilities)
      - withoutDerivative(at: sortedAscending(batch.referenceChosenLogProbabilities - batch.referenceRejectedLogProbabilities))
    return smoothedLogisticLoss(b * d, smoothing: smoothing)
  case .aotUnpaired(let smoothing):
    let d = sortedAscending(batch.policyChosenLogProbabilities - batch.referenceChosenLogProbabilities)
      - sortedAscending(batch.policyRejectedLogProbabilities - batch.referenceRejectedLogProbabilities)
    return smoothedLogisticLoss(b * d, smoothing: smoothing)
  case .apoZero:
    return 1 - sigmoid(b * (batch.policyChosenLogProbabilities - batch.referenceChosenLogProbabilities))
      + sigmoid(b * (batch.policyRejectedLogProbabilities - batch.referenceRejectedLogProbabilities))
  case .apoDown:
    return sigmoid(b * (batch.policyChosenLogProbabilities - batch.referenceChosenLogProbabilities)) + 1
      - sigmoid(b * scoreMargin(batch, divergence))
  case .discoPOP(let tau):
    precondition(tau > 0, "dpoLoss: DiscoPOP needs tau > 0, got \(tau)")
    let t = S(tau)
    let z = b * scoreMargin(batch, divergence)
    return -sigmoid(-z / t) * logSigmoid(z) + exp(logSigmoid(z / t) - z)
  case .sft:
    guard let lengths = withoutDerivative(at: batch.chosenLengths) else {
      preconditionFailure("dpoLoss(.sft) needs chosenLengths")
    }
    return batchTokenNLLShares(batch.policyChosenLogProbabilities, lengths: lengths)
  case .sigmoidNorm:
    let lengths = withoutDerivative(at: batch.requireLengths(for: "dpoLoss(.sigmoidNorm)"))
    let (sw, sl) = scores(batch, divergence)
    return -logSigmoid(b * (sw / lengths.chosen - sl / lengths.rejected))
  }
}

/// (s_w, s_l): the f-divergence scores of the chosen and rejected log-ratios.
@differentiable(reverse, wrt: batch)
@usableFromInline func scores<S: TensorScalar>(_ batch: PreferenceBatch<S>, _ divergence: FDivergence) -> (Tensor<S>, Tensor<S>) {
  (fDivergenceScores(batch.policyChosenLogProbabilities - batch.referenceChosenLogProbabilities, divergence),
   fDivergenceScores(batch.policyRejectedLogProbabilities - batch.referenceRejectedLogProbabilities, divergence))
}

/// Δ = s_w − s_l.
@differentiable(reverse, wrt: batch)
@usableFromInline func scoreMargin<S: TensorScalar>(_ batch: PreferenceBatch<S>, _ divergence: FDivergence) -> Tensor<S> {
  let (sw, sl) = scores(batch, divergence)
  return sw - sl
}

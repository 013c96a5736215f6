import Foundation

/// How GRPO scales the centred rewards (TRL's `scale_rewards`).
public enum AdvantageScaling: Sendable, Equatable {
  /// Divide by the group's standard deviation (GRPO; TRL's default).
  case group
  /// Divide by the standard deviation of the whole batch.
  case batch
  /// Do not divide (Dr. GRPO).
  case none
}

/// Group-relative advantages of GRPO and Dr. GRPO (TRL's `GRPOTrainer`).
///
///     Aᵢ = (rᵢ − mean_group(r)) / (std + ε)
///
/// where the completions of one prompt are `groupSize` consecutive entries, std is the
/// unbiased (n − 1) standard deviation of the group (`.group`) or of the whole batch
/// (`.batch`), and `.none` skips the division (Dr. GRPO: Aᵢ = rᵢ − mean_group).
///
/// - Parameters:
///   - rewards: [N] rewards, N a multiple of `groupSize`. NaN rewards count as 0 (TRL sums
///     reward functions with `nansum`).
///   - groupSize: G ≥ 1, completions per prompt (a group of 1 has std 0, as in TRL).
///   - scaling: Default `.group`.
///   - epsilon: Default `1e-4` (TRL).
/// - Returns: [N] advantages (constants: advantages carry no gradient).
/// - SeeAlso: Shao et al., "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in
///   Open Language Models", 2024 (GRPO); Liu et al., "Understanding R1-Zero-Like Training: A
///   Critical Perspective", 2025 (Dr. GRPO).
@_specialize(where S == Float) @_specialize(where S == Double)
public func groupRelativeAdvantages<S: TensorScalar>(
  rewards: Tensor<S>, groupSize: Int, scaling: AdvantageScaling = .group, epsilon: Double = 1e-4
) -> Tensor<S> {
  let r = checkedGroupRewards(rewards, groupSize: groupSize, in: "groupRelativeAdvantages")
  var advantages = [Double](repeating: 0, count: r.count)
  let batchStd = unbiasedStandardDeviation(r[...])
  for start in stride(from: 0, to: r.count, by: groupSize) {
    let group = r[start..<(start + groupSize)]
    let mean = group.reduce(0, +) / Double(groupSize)
    let std = scaling == .batch ? batchStd : unbiasedStandardDeviation(group)
    for i in start..<(start + groupSize) {
      advantages[i] = scaling == .none ? r[i] - mean : (r[i] - mean) / (std + epsilon)
    }
  }
  return Tensor(advantages.map { S($0) })
}

/// Quantile advantage estimation (QAE): Aᵢ = rᵢ − Q_K(group), the group's K-quantile as the
/// baseline instead of its mean.
///
/// For binary rewards with success rate p, only successes get credit when p ≤ 1 − K and
/// only failures are penalised when p > 1 − K.
///
/// - Parameters:
///   - rewards: [N] rewards in groups of `groupSize` consecutive entries.
///   - quantile: K in [0, 1]; Q_K interpolates linearly between order statistics (NumPy's
///     and PyTorch's default).
/// - SeeAlso: "Quantile Advantage Estimation for Entropy-Safe Reasoning", 2025.
/// - Note: The paper's default K is not in the catalog, so `quantile` is required.
@_specialize(where S == Float) @_specialize(where S == Double)
public func quantileAdvantages<S: TensorScalar>(rewards: Tensor<S>, groupSize: Int, quantile: Double) -> Tensor<S> {
  precondition(quantile >= 0 && quantile <= 1, "quantileAdvantages: quantile must be in [0, 1], got \(quantile)")
  let r = checkedGroupRewards(rewards, groupSize: groupSize, in: "quantileAdvantages")
  var advantages = [S]()
  for start in stride(from: 0, to: r.count, by: groupSize) {
    let sorted = r[start..<(start + groupSize)].sorted()
    let position = quantile * Double(groupSize - 1)
    let lower = Int(position.rounded(.down)), upper = Swift.min(lower + 1, groupSize - 1)
    let baseline = sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    for i in start..<(start + groupSize) { advantages.append(S(r[i] - baseline)) }
  }
  return Tensor(advantages)
}

/// Unbiased reward estimates under a noisy binary verifier: a true reward r ∈ {0, 1} is
/// observed as r̃ with false-positive rate ρ₀ = P(r̃ = 1 | r = 0) and false-negative rate
/// ρ₁ = P(r̃ = 0 | r = 1); the backward correction
///
///     r̂ = (r̃ − ρ₀) / (1 − ρ₀ − ρ₁)
///
/// satisfies E[r̂ | r] = r.
///
/// - Parameters:
///   - observed: [N] observed rewards r̃ (0/1, or their averages).
///   - falsePositiveRate: ρ₀ in [0, 1).
///   - falseNegativeRate: ρ₁ in [0, 1), with ρ₀ + ρ₁ < 1 (checked).
/// - SeeAlso: "Reinforcement Learning with Verifiable yet Noisy Rewards under Imperfect
///   Verifiers", 2025.
public func correctedVerifierRewards<S: TensorScalar>(
  observed: Tensor<S>, falsePositiveRate: Double, falseNegativeRate: Double
) -> Tensor<S> {
  precondition(falsePositiveRate >= 0 && falseNegativeRate >= 0 && falsePositiveRate + falseNegativeRate < 1, "correctedVerifierRewards: needs ρ₀, ρ₁ ≥ 0 and ρ₀ + ρ₁ < 1, got ρ₀ \(falsePositiveRate), ρ₁ \(falseNegativeRate)")
  let scale = S(1 / (1 - falsePositiveRate - falseNegativeRate))
  return (observed - S(falsePositiveRate)) * scale
}

func checkedGroupRewards<S: TensorScalar>(_ rewards: Tensor<S>, groupSize: Int, in function: String) -> [Double] {
  precondition(rewards.rank == 1 && rewards.scalarCount > 0, "\(function): rewards must be [N] with N ≥ 1, got \(rewards.shape)")
  precondition(groupSize >= 1 && rewards.scalarCount % groupSize == 0, "\(function): \(rewards.scalarCount) rewards do not split into groups of \(groupSize)")
  return rewards.scalars.map { $0.isNaN ? 0 : Double($0) }
}

func unbiasedStandardDeviation(_ x: ArraySlice<Double>) -> Double {
  guard x.count > 1 else { return 0 }
  let mean = x.reduce(0, +) / Double(x.count)
  return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)).squareRoot()
}

import Foundation

/// How GRPO combines several reward functions into advantages (TRL's
/// `multi_objective_aggregation`).
public enum MultiRewardAggregation: Sendable, Equatable {
  /// Sum the weighted rewards, then normalise the sum as with one reward (TRL's default).
  case sumThenNormalize
  /// Normalise each reward function within its groups, sum with weights, then standardise
  /// the sums over the batch (GDPO).
  case normalizeThenSum
}

/// Group-relative advantages from several reward functions (TRL's `GRPOTrainer` with a list
/// of reward functions and `reward_weights`).
///
/// `.sumThenNormalize`: r = Σⱼ wⱼ·rⱼ with NaN entries counted as 0, then
/// ``groupRelativeAdvantages(rewards:groupSize:scaling:epsilon:)`` with `scaling`.
///
/// `.normalizeThenSum` (GDPO): each function j is normalised within each group over its
/// non-NaN entries,
///
///     Âⱼ = (rⱼ − mean_group rⱼ) / (std_group rⱼ + ε),   s = Σⱼ wⱼ·Âⱼ  (NaN terms dropped)
///     A = (s − mean_batch s) / (std_batch s + ε)
///
/// with unbiased (n − 1) standard deviations; `scaling` is ignored, as in TRL. A group in
/// which function j has fewer than two non-NaN rewards contributes 0 for j (TRL's NaN std
/// drops it from the sum).
///
/// - Parameters:
///   - rewards: [N, R], one column per reward function; NaN marks "not applicable".
///   - weights: R weights. Default all 1.
///   - groupSize: G ≥ 1, consecutive completions of one prompt.
///   - aggregation: Default `.sumThenNormalize` (TRL's default).
///   - scaling: for `.sumThenNormalize`. Default `.group`.
///   - epsilon: Default `1e-4` (TRL).
/// - Returns: [N] advantages (constants).
/// - SeeAlso: Liu et al., "GDPO: Group reward-Decoupled Normalization Policy Optimization for
///   Multi-reward RL Optimization", 2026.
public func groupRelativeAdvantages<S: TensorScalar>(
  rewards: Tensor<S>, weights: [Double]? = nil, groupSize: Int, aggregation: MultiRewardAggregation = .sumThenNormalize,
  scaling: AdvantageScaling = .group, epsilon: Double = 1e-4
) -> Tensor<S> {
  precondition(rewards.rank == 2 && rewards.shape[0] > 0, "groupRelativeAdvantages: multi-reward rewards must be [N, R] with N ≥ 1, got \(rewards.shape)")
  let (n, k) = (rewards.shape[0], rewards.shape[1])
  let w = weights ?? Array(repeating: 1, count: k)
  precondition(w.count == k, "groupRelativeAdvantages: \(w.count) weights for \(k) reward functions")
  precondition(groupSize >= 1 && n % groupSize == 0, "groupRelativeAdvantages: \(n) rewards do not split into groups of \(groupSize)")
  let r = rewards.scalars.map(Double.init)
  var summed = [Double](repeating: 0, count: n)
  switch aggregation {
  case .sumThenNormalize:
    for i in 0..<n {
      for j in 0..<k where !r[i * k + j].isNaN { summed[i] += w[j] * r[i * k + j] }
    }
    return groupRelativeAdvantages(rewards: Tensor(summed.map { S($0) }), groupSize: groupSize, scaling: scaling, epsilon: epsilon)
  case .normalizeThenSum:
    for start in stride(from: 0, to: n, by: groupSize) {
      for j in 0..<k {
        let rows = (start..<(start + groupSize)).filter { !r[$0 * k + j].isNaN }
        guard rows.count >= 2 else { continue }
        let values = rows.map { r[$0 * k + j] }
        let mean = values.reduce(0, +) / Double(values.count)
        let std = unbiasedStandardDeviation(values[...])
        for i in rows { summed[i] += w[j] * (r[i * k + j] - mean) / (std + epsilon) }
      }
    }
    let mean = summed.reduce(0, +) / Double(n)
    let std = unbiasedStandardDeviation(summed[...])
    return Tensor(summed.map { S(($0 - mean) / (std + epsilon)) })
  }
}

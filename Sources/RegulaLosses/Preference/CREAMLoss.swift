import _Differentiation

/// CREAM: consistency-regularised self-rewarding DPO.
///
///     L = C·(−log σ(βΔ)) + (1 − C)·(−log σ(−βΔ)),   Δ = ℓ_w − ℓ_l
///
/// C in [0, 1] is the consistency between the current and the previous iteration's rankings
/// of the sampled responses (``creamConsistency(current:previous:)``): a soft label that
/// down-weights preference pairs the two models disagree on.
///
/// - Parameters:
///   - consistency: [n] per-pair C ("dynamic") or a single value repeated (the dataset mean,
///     "consistency_avg"); each in [0, 1] (checked).
///   - beta: Default `0.1`.
/// - SeeAlso: Wang et al., "CREAM: Consistency Regularized Self-Rewarding Language Models",
///   ICLR 2025.
@differentiable(reverse, wrt: batch)
public func creamLoss<S: TensorScalar>(
  _ batch: PreferenceBatch<S>, consistency: [Double], beta: Double = 0.1, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> PreferenceLossOutput<S> {
  precondition(beta > 0, "creamLoss: beta must be > 0, got \(beta)")
  let c = creamSoftLabels(consistency, pairs: withoutDerivative(at: batch.count), as: S.self)
  let z = S(beta) * scoreMargin(batch, .reverseKL)
  let perExample = -c * logSigmoid(z) - (1 - c) * logSigmoid(-z)
  return dpoOutput(perExample, batch: withoutDerivative(at: batch), beta: beta, reduction: reduction, mask: mask)
}

/// The consistencies as a [n] tensor, checked to be n values in [0, 1]. Kept out of the
/// differentiable `creamLoss`: no closures inside differentiable functions (CONTRIBUTING.md).
func creamSoftLabels<S: TensorScalar>(_ consistency: [Double], pairs n: Int, as _: S.Type) -> Tensor<S> {
  precondition(consistency.count == n, "creamLoss: \(consistency.count) consistencies for \(n) pairs")
  precondition(consistency.allSatisfy { $0 >= 0 && $0 <= 1 }, "creamLoss: consistencies must be in [0, 1], got \(consistency)")
  return Tensor(consistency.map { S($0) })
}

/// CREAM's consistency of two rankings of the same N ≥ 2 responses: (Kendall τ + 1)/2, in
/// [0, 1] (1 when the current and previous models order every pair alike). Ties count as
/// neither concordant nor discordant (τ-a).
public func creamConsistency(current: [Double], previous: [Double]) -> Double {
  precondition(current.count == previous.count && current.count >= 2, "creamConsistency: \(current.count) vs \(previous.count) rewards (need the same N ≥ 2)")
  var score = 0.0
  let n = current.count
  for i in 0..<n {
    for j in (i + 1)..<n {
      let product = (current[i] - current[j]) * (previous[i] - previous[j])
      score += product > 0 ? 1 : (product < 0 ? -1 : 0)
    }
  }
  let tau = score / Double(n * (n - 1) / 2)
  return (tau + 1) / 2
}

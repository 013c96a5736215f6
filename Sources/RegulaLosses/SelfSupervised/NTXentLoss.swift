import Foundation
import _Differentiation

/// NT-Xent, the normalized temperature-scaled cross-entropy of SimCLR (Optax's `ntxent`).
///
/// With sᵢⱼ = cos(eᵢ, eⱼ)/T, positives P(i) = {j ≠ i : labelⱼ = labelᵢ} and negatives
/// N(i) = {k : labelₖ ≠ labelᵢ}, every positive pair contributes
///
///     ℓᵢⱼ = −log [exp sᵢⱼ / (exp sᵢⱼ + Σ_{k∈N(i)} exp sᵢₖ)] = softplus(LSE_{k∈N(i)} sᵢₖ − sᵢⱼ)
///
/// and the loss is their mean over all positive pairs.
///
/// - Parameters:
///   - embeddings: [n, d].
///   - labels: n labels; equal labels mark views of the same example.
///   - temperature: T > 0. Default `0.07` (Optax's default).
///   - reduction: `.mean` gives Optax's value. Per anchor, `.none` returns the shares
///     ℓᵢ = (n / |P|)·Σ_{j∈P(i)} ℓᵢⱼ, whose mean is that value (with one positive per anchor, as
///     in SimCLR, ℓᵢ is the anchor's own loss).
/// - SeeAlso: Chen et al., "A Simple Framework for Contrastive Learning of Visual
///   Representations", ICML 2020.
@differentiable(reverse, wrt: embeddings)
public func ntXentLoss<S: TensorScalar>(
  embeddings: Tensor<S>, labels: [Int], temperature: Double = 0.07, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> Tensor<S> {
  precondition(embeddings.rank == 2, "ntXentLoss: embeddings must be [n, d], got \(embeddings.shape)")
  checkNonEmpty(embeddings, "embeddings", in: "ntXentLoss")
  let n = withoutDerivative(at: embeddings.shape[0])
  precondition(labels.count == n, "ntXentLoss: \(labels.count) labels for \(n) embeddings")
  precondition(temperature > 0, "ntXentLoss: temperature must be > 0, got \(temperature)")
  let (positive, negative) = withoutDerivative(at: ntXentMasks(labels, S.self))
  let pairCount = withoutDerivative(at: positive.sum().scalar)
  precondition(pairCount > 0, "ntXentLoss: no positive pairs (every label is unique)")
  // Optax floors the squared norms at the machine epsilon of the scalar type.
  let floor = Tensor(S.ulpOfOne)
  let unit = embeddings / sqrt(max(square(embeddings).sum(alongAxes: [1], keepingDimensions: true), floor))
  let similarities = matmul(unit, transposed: false, unit, transposed: true) / S(temperature)
  // Masked entries get −1e30 (not −∞) so that an anchor without negatives gives softplus(−1e30) = 0.
  let negativeLSE = (similarities + (negative - 1) * S(1e30)).logSumExp(alongAxes: [1], keepingDimensions: true)
  let pairs = positive * softplus(negativeLSE - similarities)
  return reduction.apply(pairs.sum(alongAxes: [1]) * (S(n) / pairCount), mask: mask)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@usableFromInline func ntXentMasks<S: TensorScalar>(_ labels: [Int], _: S.Type) -> (positive: Tensor<S>, negative: Tensor<S>) {
  let n = labels.count
  var positive = [S](repeating: 0, count: n * n), negative = [S](repeating: 0, count: n * n)
  for i in 0..<n {
    for j in 0..<n {
      if labels[i] == labels[j] { if i != j { positive[i * n + j] = 1 } } else { negative[i * n + j] = 1 }
    }
  }
  return (Tensor(shape: [n, n], scalars: positive), Tensor(shape: [n, n], scalars: negative))
}

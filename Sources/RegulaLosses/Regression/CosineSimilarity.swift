import _Differentiation

/// Cosine similarity of each row of predictions and targets (Optax's `cosine_similarity`).
///
///     ℓᵢ = ⟨aᵢ, bᵢ⟩ / (√max(‖aᵢ‖², ε) · √max(‖bᵢ‖², ε))
///
/// - Parameters:
///   - predictions: [n, d].
///   - targets: [n, d].
///   - epsilon: ε ≥ 0, a floor on the squared norms. Default `0` (Optax's default: a zero
///     row gives NaN); pass e.g. 1e-12 to make zero rows similarity 0.
/// - Note: This is a similarity, not a loss; minimise ``cosineDistance(predictions:targets:epsilon:reduction:mask:)``.
@differentiable(reverse, wrt: (predictions, targets))
public func cosineSimilarity<S: TensorScalar>(
  predictions: Tensor<S>, targets: Tensor<S>, epsilon: Double = 0, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(predictions, "predictions", targets, "targets", in: "cosineSimilarity")
  precondition(predictions.rank == 2, "cosineSimilarity: predictions must be [n, d], got \(predictions.shape)")
  checkNonEmpty(predictions, "predictions", in: "cosineSimilarity")
  precondition(epsilon >= 0, "cosineSimilarity: epsilon must be ≥ 0, got \(epsilon)")
  return reduction.apply(rowCosine(predictions, targets, epsilon: S(epsilon)), mask: mask)
}

/// Cosine distance 1 − cosine similarity (Optax's `cosine_distance`); see
/// ``cosineSimilarity(predictions:targets:epsilon:reduction:mask:)``.
@differentiable(reverse, wrt: (predictions, targets))
public func cosineDistance<S: TensorScalar>(
  predictions: Tensor<S>, targets: Tensor<S>, epsilon: Double = 0, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(predictions, "predictions", targets, "targets", in: "cosineDistance")
  precondition(predictions.rank == 2, "cosineDistance: predictions must be [n, d], got \(predictions.shape)")
  checkNonEmpty(predictions, "predictions", in: "cosineDistance")
  precondition(epsilon >= 0, "cosineDistance: epsilon must be ≥ 0, got \(epsilon)")
  return reduction.apply(1 - rowCosine(predictions, targets, epsilon: S(epsilon)), mask: mask)
}

@differentiable(reverse, wrt: (a, b))
@usableFromInline func rowCosine<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>, epsilon: S) -> Tensor<S> {
  let floor = Tensor(epsilon)
  let aNorm = sqrt(max(square(a).sum(alongAxes: [1], keepingDimensions: true), floor))
  let bNorm = sqrt(max(square(b).sum(alongAxes: [1], keepingDimensions: true), floor))
  return ((a / aNorm) * (b / bNorm)).sum(alongAxes: [1])
}

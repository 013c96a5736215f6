import _Differentiation

/// The nuclear (trace) norm of a matrix, R(W) = ‖W‖_* = Σᵢ σᵢ(W), the convex surrogate of
/// rank.
///
///     ∂R/∂W = U·Vᵀ  (thin SVD; a subgradient where singular values repeat or vanish)
///     prox_{sR}(V) = U·diag(max(σ − s, 0))·Vᵀ   (singular-value thresholding)
///
/// Cost: one SVD, O(mn·min(m, n)).
///
/// - SeeAlso: J.-F. Cai, E. Candès & Z. Shen, "A Singular Value Thresholding Algorithm for
///   Matrix Completion", SIAM J. Optim. 2010; C. Scarvelis & J. Solomon, "Nuclear Norm
///   Regularization for Deep Learning", 2024.
public struct NuclearNormRegularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  public init() {}

  public func rankError(forShape shape: [Int]) -> String? { requireMatrix(shape) }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> { singularValues(w).sum() }

  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    singularValueThresholded(v, stepSize)
  }
}

/// Singular-value thresholding U·diag(max(σ − τ, 0))·Vᵀ of a matrix, the prox of τ‖·‖_*.
@_specialize(where S == Float) @_specialize(where S == Double)
public func singularValueThresholded<S: TensorScalar>(_ v: Tensor<S>, _ threshold: Double) -> Tensor<S> {
  precondition(v.rank == 2, "singular-value thresholding needs a matrix, got shape \(v.shape)")
  precondition(threshold >= 0, "threshold must be non-negative, got \(threshold)")
  if threshold == 0 { return v }
  let svd = singularValueDecomposition(v)
  let shrunk = svd.singularValues.map { S(Swift.max(Double($0) - threshold, 0)) }
  return matmul(svd.u * shrunk, svd.vTransposed)
}

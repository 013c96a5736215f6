import _Differentiation

/// Soft orthogonality of a matrix, R(W) = ‖WᵀW − I‖²_F, computed with the smaller Gram
/// matrix (WWᵀ when W has fewer rows than columns), so it asks for orthonormal columns of a
/// tall matrix and orthonormal rows of a wide one.
///
///     ∂R/∂W = 4·W·(WᵀW − I)   (tall case)
///
/// - SeeAlso: N. Bansal, X. Chen & Z. Wang, "Can We Gain More from Orthogonality
///   Regularizations in Training Deep CNNs?", NeurIPS 2018; CATALOG §2 (soft orthogonality).
public struct SoftOrthogonalityRegularizer<Scalar: TensorScalar>: TensorPenalty {
  public init() {}

  public func rankError(forShape shape: [Int]) -> String? { requireMatrix(shape) }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> { orthogonalityDefect(w) }
}

/// ‖G − I‖²_F with G the smaller Gram matrix of `w` (WᵀW for a tall W, WWᵀ for a wide one).
@differentiable(reverse)
func orthogonalityDefect<S: TensorScalar>(_ w: Tensor<S>) -> Tensor<S> {
  let tall = withoutDerivative(at: w.shape[0] >= w.shape[1])
  let k = withoutDerivative(at: Swift.min(w.shape[0], w.shape[1]))
  let gram = tall ? matmul(w, transposed: true, w, transposed: false) : matmul(w, transposed: false, w, transposed: true)
  return square(gram - withoutDerivative(at: identity(k) as Tensor<S>)).sum()
}

/// The k×k identity matrix.
func identity<S: TensorScalar>(_ k: Int) -> Tensor<S> {
  var scalars = [S](repeating: 0, count: k * k)
  for i in 0..<k { scalars[i * k + i] = 1 }
  return Tensor(shape: [k, k], scalars: scalars)
}

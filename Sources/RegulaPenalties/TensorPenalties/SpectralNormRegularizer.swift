import _Differentiation

/// The spectral norm of a matrix, R(W) = σ₁(W), estimated by power iteration: the top
/// singular pair (u, v) is found without derivative and R = uᵀWv, so ∂R/∂W = u·vᵀ — the
/// exact gradient once the iteration has converged.
///
///     prox_{sR}(V) = U·diag(σ − P_{‖·‖₁ ≤ s}(σ))·Vᵀ   (Moreau: the prox of s‖·‖_∞ on σ)
///
/// The prox uses an exact SVD.
///
/// - Parameters:
///   - iterations: power steps per evaluation. Default 20.
///   - seed: the seed of the start vector. Default 0.
/// - Note: stateless, unlike torch's `spectral_norm` (one step per call with a persistent
///   u), hence the larger default.
/// - SeeAlso: Y. Yoshida & T. Miyato, "Spectral Norm Regularization for Improving the
///   Generalizability of Deep Learning", 2017.
public struct SpectralNormRegularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  public var iterations: Int
  public var seed: UInt64

  /// - Precondition: `iterations` ≥ 1.
  public init(iterations: Int = 20, seed: UInt64 = 0) {
    precondition(iterations >= 1, "power iteration needs at least 1 iteration, got \(iterations)")
    (self.iterations, self.seed) = (iterations, seed)
  }

  public func rankError(forShape shape: [Int]) -> String? { requireMatrix(shape) }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    let pair = withoutDerivative(at: powerIterationVectors(w, iterations: iterations, seed: seed))
    let u = withoutDerivative(at: pair.u.expandingShape(at: 1))
    let v = withoutDerivative(at: pair.v.expandingShape(at: 0))
    return (w * matmul(u, v)).sum()
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    precondition(v.rank == 2, "spectral norm prox needs a matrix, got shape \(v.shape)")
    precondition(stepSize >= 0, "step size must be non-negative, got \(stepSize)")
    if stepSize == 0 { return v }
    let svd = singularValueDecomposition(v)
    let sigma = svd.singularValues
    let shrunk = sigma - Projection<Scalar>.l1Ball(radius: Scalar(stepSize)).project(sigma)
    return matmul(svd.u * shrunk, svd.vTransposed)
  }
}

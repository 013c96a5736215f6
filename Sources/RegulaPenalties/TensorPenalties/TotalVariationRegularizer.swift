import _Differentiation

/// Isotropic 2-D total variation of a matrix (an image, or a weight matrix whose neighbouring
/// entries should agree), with forward differences and nothing past the last row or column:
///
///     R(W) = Σᵢⱼ √((W[i+1,j] − W[i,j])² + (W[i,j+1] − W[i,j])²)
///     ∂R/∂W = −div(∇W/|∇W|)   (0 where |∇W|ᵢⱼ = 0)
///     prox_{sR}: Chambolle's projection algorithm (``totalVariationDenoised2D(_:rows:columns:lambda:tolerance:maxIterations:)``)
///
/// - Parameters:
///   - tolerance: the prox's duality-gap tolerance. Default 1e-10.
///   - maxIterations: the prox's cap on dual iterations. Default 1000.
/// - SeeAlso: L. Rudin, S. Osher & E. Fatemi, "Nonlinear Total Variation Based Noise Removal
///   Algorithms", Physica D 1992; A. Chambolle, "An Algorithm for Total Variation
///   Minimization and Applications", 2004; CATALOG §2 (2-D TV prox).
/// - Note: no smoothing (as ``FusedL1Regularizer`` and Core's `l2Norm`): where a pixel's
///   gradient vanishes the derivative takes the subgradient 0 for that pixel's term. The
///   prox is iterative, so it is exact only to its tolerance (the gap bounds ½‖u − u*‖²).
public struct TotalVariationRegularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  public var tolerance: Double
  public var maxIterations: Int

  /// - Precondition: `tolerance` ≥ 0, `maxIterations` ≥ 0.
  public init(tolerance: Double = 1e-10, maxIterations: Int = 1000) {
    precondition(tolerance >= 0 && maxIterations >= 0, "need tolerance ≥ 0 and maxIterations ≥ 0, got \(tolerance), \(maxIterations)")
    (self.tolerance, self.maxIterations) = (tolerance, maxIterations)
  }

  public func rankError(forShape shape: [Int]) -> String? { requireMatrix(shape) }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> { isotropicTotalVariation(w) }

  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    precondition(v.rank == 2, "2-D total variation prox needs a matrix, got shape \(v.shape)")
    let result = totalVariationDenoised2D(
      v.scalars.map(Double.init), rows: v.shape[0], columns: v.shape[1], lambda: stepSize,
      tolerance: tolerance, maxIterations: maxIterations)
    return Tensor(shape: v.shape, scalars: result.image.map { Scalar($0) })
  }
}

/// Σᵢⱼ |(∇W)ᵢⱼ|, the isotropic total variation of a matrix (see ``TotalVariationRegularizer``).
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func isotropicTotalVariation<S: TensorScalar>(_ w: Tensor<S>) -> Tensor<S> {
  precondition(w.rank == 2, "isotropicTotalVariation needs a matrix, got shape \(w.shape)")
  let (gx, gy) = forwardDifferences(w.scalars.map(Double.init), rows: w.shape[0], columns: w.shape[1])
  var total = 0.0
  for k in gx.indices { total += (gx[k] * gx[k] + gy[k] * gy[k]).squareRoot() }
  return Tensor(S(total))
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: isotropicTotalVariation)
@usableFromInline func _vjpIsotropicTotalVariation<S: TensorScalar>(_ w: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  let (rows, columns) = (w.shape[0], w.shape[1])
  var (nx, ny) = forwardDifferences(w.scalars.map(Double.init), rows: rows, columns: columns)
  var total = 0.0
  for k in nx.indices {
    let norm = (nx[k] * nx[k] + ny[k] * ny[k]).squareRoot()
    total += norm
    (nx[k], ny[k]) = norm > 0 ? (nx[k] / norm, ny[k] / norm) : (0, 0)
  }
  let gradient = divergence(nx, ny, rows: rows, columns: columns).map { S(-$0) }
  return (Tensor(S(total)), { g in Tensor(shape: [rows, columns], scalars: gradient) * g })  // g is rank 0
}

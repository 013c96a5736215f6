import _Differentiation

/// The determinant det A of a square matrix, as a rank-0 tensor: ±∏ᵢ Uᵢᵢ from the LU
/// factors of LAPACK's `getrf` (the sign from the row interchanges). It is 0 for an exactly
/// singular matrix; it can overflow or underflow for large n — use
/// ``logAbsDeterminant(_:)`` and ``determinantSign(_:)`` there.
///
/// **Derivative** (Jacobi's formula): ∂det A/∂A = adj(A)ᵀ, which is det(A)·A⁻ᵀ when A is
/// nonsingular. For an exactly singular A the cofactor matrix is formed from the SVD
/// A = U·diag(s)·Vᵀ as det(U)·det(V)·U·diag(∏_{j≠i} sⱼ)·Vᵀ, so the gradient stays exact and
/// finite there (nonzero when the rank is n − 1).
///
/// - Precondition: `a` is square (the message names its shape).
/// - SeeAlso: M. B. Giles, "An extended collection of matrix derivative results for forward
///   and reverse mode algorithmic differentiation", 2008; J. R. Magnus, H. Neudecker,
///   "Matrix Differential Calculus", ch. 8.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func determinant<S>(_ a: Tensor<S>) -> Tensor<S> {
  _ = LinearAlgebraKernels.squareOrder(a, "determinant")
  return Tensor(LinearAlgebraKernels.LU(a).determinant)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: determinant)
@usableFromInline func _vjpDeterminant<S>(_ a: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  _ = LinearAlgebraKernels.squareOrder(a, "determinant")
  let lu = LinearAlgebraKernels.LU(a)
  let d = lu.determinant
  return (
    Tensor(d),
    { g in
      let cofactors = lu.info == 0 ? lu.inverse().transposed() * d : LinearAlgebraKernels.cofactorMatrix(a)
      return cofactors * g.scalar
    }
  )
}

/// log|det A| of a square matrix, as a rank-0 tensor: Σᵢ log|Uᵢᵢ| from the LU factors of
/// LAPACK's `getrf`, without overflow. It is −∞ for an exactly singular matrix. With
/// ``determinantSign(_:)`` it is NumPy's `slogdet`; for a symmetric positive-definite A it is
/// log det A (as is 2·Σᵢ log Lᵢᵢ from ``choleskyFactor(_:)``).
///
/// **Derivative**: ∂log|det A|/∂A = A⁻ᵀ, applied as Ā = ḡ·A⁻ᵀ from the same LU factors.
///
/// - Precondition: `a` is square (the message names its shape). Differentiating at an
///   exactly singular A, where the derivative is infinite, stops with a message giving
///   `getrf`'s info code.
/// - SeeAlso: Giles 2008 (see ``determinant(_:)``).
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func logAbsDeterminant<S>(_ a: Tensor<S>) -> Tensor<S> {
  _ = LinearAlgebraKernels.squareOrder(a, "logAbsDeterminant")
  return Tensor(LinearAlgebraKernels.LU(a).signAndLogAbsDeterminant.logAbs)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: logAbsDeterminant)
@usableFromInline func _vjpLogAbsDeterminant<S>(_ a: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  _ = LinearAlgebraKernels.squareOrder(a, "logAbsDeterminant")
  let lu = LinearAlgebraKernels.LU(a)
  let shape = a.shape
  return (
    Tensor(lu.signAndLogAbsDeterminant.logAbs),
    { g in
      if lu.info != 0 {
        LinearAlgebraKernels.singularFailure("logAbsDeterminant (derivative)", shape: shape, routine: "getrf", info: lu.info)
      }
      return lu.inverse().transposed() * g.scalar
    }
  )
}

/// The sign of det A — −1, 0 or 1 — as a rank-0 tensor (`getrf`). Its derivative is zero.
///
/// det A = determinantSign(A)·exp(logAbsDeterminant(A)).
///
/// - Precondition: `a` is square (the message names its shape).
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func determinantSign<S>(_ a: Tensor<S>) -> Tensor<S> {
  _ = LinearAlgebraKernels.squareOrder(a, "determinantSign")
  return Tensor(LinearAlgebraKernels.LU(a).signAndLogAbsDeterminant.sign)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: determinantSign)
@usableFromInline func _vjpDeterminantSign<S>(_ a: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  let shape = a.shape
  return (determinantSign(a), { _ in Tensor(zeros: shape) })
}

extension LinearAlgebraKernels {
  /// adj(A)ᵀ = det(U)·det(V)·U·diag(∏_{j≠i} sⱼ)·Vᵀ from the SVD A = U·diag(s)·Vᵀ.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func cofactorMatrix<S>(_ a: Tensor<S>) -> Tensor<S> {
    let svd = thinSVD(a)
    let s = svd.singularValues.scalars
    let n = s.count
    var products = [S](repeating: 1, count: n)
    for i in 0..<n {
      for j in 0..<n where j != i { products[i] *= s[j] }
    }
    let orientation = LU(svd.u).determinant * LU(svd.vTransposed).determinant
    let sign: S = orientation < 0 ? -1 : 1
    return matmul(svd.u * Tensor(shape: [n], scalars: products), svd.vTransposed) * sign
  }
}

import _Differentiation

/// The Cholesky factor of a symmetric positive-definite matrix: the lower-triangular L with a
/// positive diagonal and L·Lᵀ = A, on LAPACK's `potrf`.
///
/// The input is used through its symmetric part (A + Aᵀ)/2, so the value and the derivative
/// agree for any square input. The result is zero above the diagonal.
///
/// **Derivative** (Murray 2016). With Φ(X) the lower triangle of X with its diagonal halved,
///
///     P = Φ(Lᵀ·L̄),   Ā = ½·L⁻ᵀ·(P + Pᵀ)·L⁻¹,
///
/// where L̄ counts only on and below the diagonal; Ā is symmetric. Both L⁻ᵀ and L⁻¹ are
/// applied by triangular solves, never formed.
///
/// - Precondition: `a` is square (the message names its shape) and positive definite: when
///   `potrf` stops, the message gives its info code k, the order of the leading minor that
///   is not positive.
/// - SeeAlso: I. Murray, "Differentiation of the Cholesky decomposition", 2016 (arXiv:1602.07527).
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func choleskyFactor<S>(_ a: Tensor<S>) -> Tensor<S> {
  LinearAlgebraKernels.choleskyFactor(a)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: choleskyFactor)
@usableFromInline func _vjpCholeskyFactor<S>(_ a: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  let l = LinearAlgebraKernels.choleskyFactor(a)
  return (l, { lBar in LinearAlgebraKernels.choleskyPullback(l, lBar) })
}

extension LinearAlgebraKernels {
  /// potrf on the symmetric part, with the strict upper triangle zeroed.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func choleskyFactor<S>(_ a: Tensor<S>) -> Tensor<S> {
    let n = squareOrder(a, "choleskyFactor")
    var x = symmetricPart(a).scalars
    if n > 0 {
      let info = x.withUnsafeMutableBufferPointer { BLAS.cholesky(n: n, a: $0.baseAddress!) }
      if info != 0 {
        lapackFailure(
          "choleskyFactor", shape: a.shape, routine: "potrf", info: info,
          meaning: "the matrix is not positive definite (its leading minor of order \(info) is not positive)")
      }
      for i in 0..<n {
        for j in (i + 1)..<n { x[i * n + j] = 0 }
      }
    }
    return Tensor(shape: [n, n], scalars: x)
  }

  /// Ā = ½·L⁻ᵀ·(P + Pᵀ)·L⁻¹ with P = Φ(Lᵀ·tril(L̄)).
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func choleskyPullback<S>(_ l: Tensor<S>, _ lBar: Tensor<S>) -> Tensor<S> {
    let n = l.shape[0]
    guard let gL = dense(lBar, [n, n]) else { return Tensor(zeros: [n, n]) }
    let x = matmul(l, transposed: true, triangle(gL, lower: true), transposed: false)
    // ½(P + Pᵀ) = ½·copyltu(tril(X)) (the diagonal of P + Pᵀ is X's own).
    let symmetric = mirroredLowerTriangle(x) * S(0.5)
    let left = triangularSolve(l, symmetric, left: true, lower: true, transpose: true)
    let g = triangularSolve(l, left, left: false, lower: true, transpose: false)
    return symmetricPart(g)
  }
}

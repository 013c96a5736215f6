import _Differentiation

/// The inverse A⁻¹ of a square nonsingular matrix: LU with partial pivoting on LAPACK
/// (`getrf`, then `getri`).
///
/// To apply A⁻¹ to a vector or matrix, ``solve(_:_:)`` is cheaper and more accurate.
///
/// **Derivative** (Giles 2008). With Y = A⁻¹ and Ȳ the cotangent of the result,
///
///     Ā = −Yᵀ·Ȳ·Yᵀ = −A⁻ᵀ·Ȳ·A⁻ᵀ.
///
/// - Precondition: `a` is square (the message names its shape) and not exactly singular (the
///   message gives `getrf`'s info code k: U[k−1, k−1] of the LU factors is zero).
/// - SeeAlso: M. B. Giles, "An extended collection of matrix derivative results for forward
///   and reverse mode algorithmic differentiation", 2008.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func inverse<S>(_ a: Tensor<S>) -> Tensor<S> {
  LinearAlgebraKernels.inverse(a)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: inverse)
@usableFromInline func _vjpInverse<S>(_ a: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  let y = LinearAlgebraKernels.inverse(a)
  return (
    y,
    { yBar in
      guard let g = LinearAlgebraKernels.dense(yBar, y.shape) else { return Tensor(zeros: a.shape) }
      return -matmul(matmul(y, transposed: true, g, transposed: false), transposed: false, y, transposed: true)
    }
  )
}

extension LinearAlgebraKernels {
  /// getrf + getri.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func inverse<S>(_ a: Tensor<S>) -> Tensor<S> {
    _ = squareOrder(a, "inverse")
    let lu = LU(a)
    if lu.info != 0 { singularFailure("inverse", shape: a.shape, routine: "getrf", info: lu.info) }
    return lu.inverse()
  }
}

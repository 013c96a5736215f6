import _Differentiation

/// The solution X of the linear system A·X = B, for a square nonsingular A (n×n) and B a
/// vector of n entries or an n×k matrix (X has B's shape). LU with partial pivoting on
/// LAPACK (`gesv`; the differentiated call keeps the `getrf` factors for the pullback).
///
/// Prefer this to `matmul(inverse(a), b)`: it is cheaper and more accurate.
///
/// **Derivative** (Giles 2008). The pullback of X̄ solves one transposed system with
/// the same LU factors:
///
///     B̄ = A⁻ᵀ·X̄,    Ā = −B̄·Xᵀ.
///
/// - Precondition: `a` is square and `b`'s first extent equals its order (the messages name
///   both shapes); A is not exactly singular (the message gives the LAPACK info code k:
///   U[k−1, k−1] of the LU factors is zero).
/// - SeeAlso: M. B. Giles, "An extended collection of matrix derivative results for forward
///   and reverse mode algorithmic differentiation", 2008.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func solve<S>(_ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> {
  LinearAlgebraKernels.solveValue(a, b)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: solve)
@usableFromInline func _vjpSolve<S>(_ a: Tensor<S>, _ b: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> (Tensor<S>, Tensor<S>)) {
  let (lu, x) = LinearAlgebraKernels.factoredSolve(a, b)
  return (
    x,
    { xBar in
      guard let gX = LinearAlgebraKernels.dense(xBar, x.shape) else { return (Tensor(zeros: a.shape), Tensor(zeros: b.shape)) }
      let gB = lu.solve(gX, transpose: true)
      return (LinearAlgebraKernels.negatedOuterProduct(gB, x), gB)
    }
  )
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: solve, wrt: b)
@usableFromInline func _vjpSolveB<S>(_ a: Tensor<S>, _ b: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  let (lu, x) = LinearAlgebraKernels.factoredSolve(a, b)
  return (
    x,
    { xBar in
      guard let gX = LinearAlgebraKernels.dense(xBar, x.shape) else { return Tensor(zeros: b.shape) }
      return lu.solve(gX, transpose: true)
    }
  )
}

extension LinearAlgebraKernels {
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func checkSolveShapes<S>(_ a: Tensor<S>, _ b: Tensor<S>) -> Int {
    let n = squareOrder(a, "solve")
    precondition(
      (b.rank == 1 || b.rank == 2) && b.shape[0] == n,
      "solve: the right-hand side of shape \(b.shape) does not fit the matrix of shape \(a.shape) (needs [\(n)] or [\(n), k])")
    return n
  }

  @inlinable
  static func singularFailure(_ operation: String, shape: [Int], routine: String, info: Int32) -> Never {
    lapackFailure(
      operation, shape: shape, routine: routine, info: info,
      meaning: "the matrix is singular (U[\(info - 1), \(info - 1)] of its LU factors is exactly zero)")
  }

  /// gesv.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func solveValue<S>(_ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> {
    let n = checkSolveShapes(a, b)
    let nrhs = b.rank == 1 ? 1 : b.shape[1]
    if n == 0 || nrhs == 0 { return b }
    var factors = a.scalars
    var x = b.scalars
    let info = factors.withUnsafeMutableBufferPointer { f in
      x.withUnsafeMutableBufferPointer { xp in BLAS.solve(n: n, nrhs: nrhs, a: f.baseAddress!, b: xp.baseAddress!) }
    }
    if info != 0 { singularFailure("solve", shape: a.shape, routine: "gesv", info: info) }
    return Tensor(shape: b.shape, scalars: x)
  }

  /// getrf + getrs, keeping the factors.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func factoredSolve<S>(_ a: Tensor<S>, _ b: Tensor<S>) -> (LU<S>, Tensor<S>) {
    _ = checkSolveShapes(a, b)
    let lu = LU(a)
    if lu.info != 0 { singularFailure("solve", shape: a.shape, routine: "getrf", info: lu.info) }
    return (lu, lu.solve(b))
  }

  /// −g·xᵀ, treating vectors as columns.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func negatedOuterProduct<S>(_ g: Tensor<S>, _ x: Tensor<S>) -> Tensor<S> {
    if g.rank == 1 {
      return -matmul(g.reshaped(to: [-1, 1]), x.reshaped(to: [1, -1]))
    }
    return -matmul(g, transposed: false, x, transposed: true)
  }
}

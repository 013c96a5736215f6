import _Differentiation
import RealModule

// Plain (non-differentiable) matrix helpers shared by the decompositions in this folder:
// shape checks, LAPACK failure messages, triangles, triangular solves and LU factors.
// They run outside automatic differentiation — in primal computations and inside pullbacks —
// and reach LAPACK only through `BLAS`.

/// Matrix helpers behind the differentiable decompositions (internal).
@usableFromInline
enum LinearAlgebraKernels {
  /// The order n of a square rank-2 tensor, or a precondition failure naming `operation` and
  /// the shape.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func squareOrder<S>(_ a: Tensor<S>, _ operation: String) -> Int {
    precondition(
      a.rank == 2 && a.shape[0] == a.shape[1],
      "\(operation) needs a square matrix, got shape \(a.shape)")
    return a.shape[0]
  }

  /// Stops with a message naming the operation, the input shape, the LAPACK routine, its
  /// `info` code and what a positive code means.
  ///
  /// This is a precondition failure in meaning, but it uses `fatalError`, whose message —
  /// unlike `precondition`'s under `-O` — is printed in release builds too: whether a matrix
  /// is singular or positive definite depends on data, so the message matters most there.
  @inlinable
  static func lapackFailure(
    _ operation: String, shape: [Int], routine: String, info: Int32, meaning: String
  ) -> Never {
    let reason =
      info < 0
      ? "argument \(-info) was rejected (the input may contain NaN or infinity)"
      : meaning
    fatalError("\(operation): LAPACK \(routine) failed on a matrix of shape \(shape) (info = \(info)): \(reason)")
  }

  /// (A + Aᵀ)/2 of a square matrix.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func symmetricPart<S>(_ a: Tensor<S>) -> Tensor<S> {
    let n = a.shape[0]
    return Tensor(shape: a.shape) { out in
      a.scalars.withUnsafeBufferPointer { x in
        for i in 0..<n {
          for j in 0..<n { out[i * n + j] = (x[i * n + j] + x[j * n + i]) / 2 }
        }
      }
    }
  }

  /// A cotangent as a dense tensor of `shape`, or `nil` when it is the rank-0 zero that
  /// automatic differentiation passes for an output that did not contribute.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func dense<S>(_ g: Tensor<S>, _ shape: [Int]) -> Tensor<S>? {
    if g.shape == shape { return g }
    if g.rank == 0 && g.scalars[0] == 0 { return nil }
    return g.broadcasted(to: shape)
  }

  /// The lower (`lower`) or upper triangle of a square matrix with its diagonal multiplied by
  /// `diagonalScale`; the other triangle is zero.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func triangle<S>(_ x: Tensor<S>, lower: Bool, diagonalScale: S = 1) -> Tensor<S> {
    let n = x.shape[0]
    return Tensor(shape: x.shape) { out in
      x.scalars.withUnsafeBufferPointer { x in
        for i in 0..<n {
          for j in 0..<n {
            let k = i * n + j
            out[k] = i == j ? x[k] * diagonalScale : ((i > j) == lower ? x[k] : 0)
          }
        }
      }
    }
  }

  /// copyltu(M) = tril(M) + tril(M, −1)ᵀ: the symmetric matrix whose lower triangle is M's.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func mirroredLowerTriangle<S>(_ m: Tensor<S>) -> Tensor<S> {
    let n = m.shape[0]
    return Tensor(shape: m.shape) { out in
      m.scalars.withUnsafeBufferPointer { x in
        for i in 0..<n {
          for j in 0..<n { out[i * n + j] = i >= j ? x[i * n + j] : x[j * n + i] }
        }
      }
    }
  }

  /// op(T)⁻¹·B (`left`) or B·op(T)⁻¹ for a triangular square T with a nonzero diagonal.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func triangularSolve<S>(
    _ t: Tensor<S>, _ b: Tensor<S>, left: Bool, lower: Bool, transpose: Bool
  ) -> Tensor<S> {
    if b.scalarCount == 0 { return b }
    var x = b.scalars
    t.scalars.withUnsafeBufferPointer { tp in
      x.withUnsafeMutableBufferPointer { xp in
        BLAS.triangularSolve(
          left: left, lower: lower, transpose: transpose, rows: b.shape[0], columns: b.shape[1],
          t: tp.baseAddress!, b: xp.baseAddress!)
      }
    }
    return Tensor(shape: b.shape, scalars: x)
  }

  /// The LU factors of a square matrix (`getrf`): `info` > 0 when it is exactly singular.
  @usableFromInline
  struct LU<S: TensorScalar> {
    @usableFromInline var factors: [S]
    @usableFromInline var pivots: [Int32]
    @usableFromInline var order: Int
    @usableFromInline var info: Int32

    @inlinable
    init(_ a: Tensor<S>) {
      order = a.shape[0]
      factors = a.scalars
      pivots = [Int32](repeating: 0, count: Swift.max(order, 1))
      info = 0
      if order == 0 { return }
      let n = order
      info = factors.withUnsafeMutableBufferPointer { f in
        pivots.withUnsafeMutableBufferPointer { p in BLAS.luFactor(n: n, a: f.baseAddress!, pivots: p.baseAddress!) }
      }
    }

    /// X with A·X = B, or Aᵀ·X = B when `transpose`; B is n×nrhs or a vector of n.
    @inlinable
    func solve(_ b: Tensor<S>, transpose: Bool = false) -> Tensor<S> {
      let nrhs = b.rank == 1 ? 1 : b.shape[1]
      var x = b.scalars
      if order == 0 || nrhs == 0 { return b }
      let n = order
      let info = factors.withUnsafeBufferPointer { f in
        pivots.withUnsafeBufferPointer { p in
          x.withUnsafeMutableBufferPointer { xp in
            BLAS.luSolve(
              n: n, nrhs: nrhs, transpose: transpose, lu: f.baseAddress!, pivots: p.baseAddress!,
              b: xp.baseAddress!)
          }
        }
      }
      precondition(info == 0, "LAPACK getrs rejected argument \(-info) for shapes [\(n), \(n)] and \(b.shape)")
      return Tensor(shape: b.shape, scalars: x)
    }

    /// A⁻¹ (`getri`); A must be nonsingular (`info == 0`).
    @inlinable
    func inverse() -> Tensor<S> {
      var inv = factors
      let n = order
      if n > 0 {
        let info = inv.withUnsafeMutableBufferPointer { f in
          pivots.withUnsafeBufferPointer { p in BLAS.luInverse(n: n, lu: f.baseAddress!, pivots: p.baseAddress!) }
        }
        precondition(info == 0, "LAPACK getri failed on a matrix of shape [\(n), \(n)] (info = \(info))")
      }
      return Tensor(shape: [n, n], scalars: inv)
    }

    /// det A = ±∏ᵢ Uᵢᵢ (the sign from the row interchanges), as (sign, log|det A|); the sign
    /// is 0 and the logarithm −∞ for an exactly singular matrix.
    @inlinable
    var signAndLogAbsDeterminant: (sign: S, logAbs: S) {
      if info > 0 { return (0, -.infinity) }
      var sign: S = 1
      var logAbs: S = 0
      for i in 0..<order {
        let u = factors[i * order + i]
        if u < 0 { sign = -sign }
        if pivots[i] != Int32(i + 1) { sign = -sign }
        logAbs += S.log(Swift.abs(u))
      }
      return (sign, logAbs)
    }

    /// det A = ±∏ᵢ Uᵢᵢ, multiplied directly (no logarithms).
    @inlinable
    var determinant: S {
      if info > 0 { return 0 }
      var d: S = 1
      for i in 0..<order {
        d *= factors[i * order + i]
        if pivots[i] != Int32(i + 1) { d = -d }
      }
      return d
    }
  }

  /// 1/x, or 0 where |x| ≤ tolerance: the guard that keeps degenerate spectra finite.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func guardedReciprocal<S: TensorScalar>(_ x: S, tolerance: S) -> S {
    Swift.abs(x) <= tolerance ? 0 : 1 / x
  }
}

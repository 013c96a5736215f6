import _Differentiation

/// The reduced QR decomposition A = Q·R of an m×n matrix with m ≥ n.
///
/// It is `Differentiable`, so Q, R or both can flow into a loss.
public struct QRDecomposition<Scalar: TensorScalar>: Differentiable, Sendable {
  /// The orthonormal columns, shape [m, n] (QᵀQ = I).
  public var q: Tensor<Scalar>
  /// The upper-triangular factor, shape [n, n] (zero below the diagonal).
  public var r: Tensor<Scalar>

  @inlinable
  public init(q: Tensor<Scalar>, r: Tensor<Scalar>) {
    self.q = q
    self.r = r
  }
}

/// The reduced QR decomposition A = Q·R of an m×n matrix with m ≥ n: Q is m×n with
/// orthonormal columns and R is n×n upper triangular. Householder QR on LAPACK (`geqrf`, then
/// `orgqr` to form Q).
///
/// **Signs.** R's diagonal keeps LAPACK's signs, which may be negative (Householder reflections
/// choose each sign for stability; NumPy and PyTorch, which call the same routines, agree). The signs are
/// locally constant, so Q and R are differentiable functions of A wherever A has full column
/// rank. Multiply column i of Q and row i of R by sign(Rᵢᵢ) for a positive diagonal.
///
/// **Derivative** (Walter & Lehmann 2010; Seeger et al. 2017). With
/// copyltu(M) = tril(M) + tril(M, −1)ᵀ (M's lower triangle mirrored to the upper),
///
///     M = R·R̄ᵀ − Q̄ᵀ·Q,    Ā = (Q̄ + Q·copyltu(M))·R⁻ᵀ,
///
/// where R̄ counts only on and above the diagonal. R⁻ᵀ is applied by a triangular solve; for a
/// rank-deficient A (a zero on R's diagonal) the derivative does not exist and the pullback
/// returns non-finite values.
///
/// - Precondition: `a` has rank 2 and m ≥ n (the message names the shape).
/// - SeeAlso: S. F. Walter, L. Lehmann, "Algorithmic differentiation of linear algebra
///   functions with application in optimum experimental design (extended version)", 2010;
///   M. Seeger, A. Hetzel, Z. Dai, E. Meissner, N. D. Lawrence, "Auto-Differentiating Linear
///   Algebra", 2017.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func qrDecomposition<S>(_ a: Tensor<S>) -> QRDecomposition<S> {
  LinearAlgebraKernels.reducedQR(a)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: qrDecomposition)
@usableFromInline func _vjpQRDecomposition<S>(_ a: Tensor<S>) -> (
  value: QRDecomposition<S>, pullback: (QRDecomposition<S>.TangentVector) -> Tensor<S>
) {
  let qr = LinearAlgebraKernels.reducedQR(a)
  let (q, r) = (qr.q, qr.r)
  return (qr, { t in LinearAlgebraKernels.qrPullback(q, r, t.q, t.r) })
}

extension LinearAlgebraKernels {
  /// geqrf + orgqr.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func reducedQR<S>(_ a: Tensor<S>) -> QRDecomposition<S> {
    precondition(
      a.rank == 2 && a.shape[0] >= a.shape[1],
      "qrDecomposition needs an m×n matrix with m ≥ n, got shape \(a.shape)")
    let (m, n) = (a.shape[0], a.shape[1])
    var x = a.scalars
    var r = [S](repeating: 0, count: n * n)
    if n > 0 {
      var tau = [S](repeating: 0, count: n)
      let info = x.withUnsafeMutableBufferPointer { xp in
        tau.withUnsafeMutableBufferPointer { tp in BLAS.qrFactor(m: m, n: n, a: xp.baseAddress!, tau: tp.baseAddress!) }
      }
      if info != 0 {
        lapackFailure("qrDecomposition", shape: a.shape, routine: "geqrf", info: info, meaning: "unexpected failure")
      }
      for i in 0..<n {
        for j in i..<n { r[i * n + j] = x[i * n + j] }
      }
      let formed = x.withUnsafeMutableBufferPointer { xp in
        tau.withUnsafeBufferPointer { tp in BLAS.qrFormQ(m: m, k: n, a: xp.baseAddress!, tau: tp.baseAddress!) }
      }
      if formed != 0 {
        lapackFailure("qrDecomposition", shape: a.shape, routine: "orgqr", info: formed, meaning: "unexpected failure")
      }
    }
    return QRDecomposition(q: Tensor(shape: [m, n], scalars: x), r: Tensor(shape: [n, n], scalars: r))
  }

  /// Ā = (Q̄ + Q·copyltu(R·R̄ᵀ − Q̄ᵀ·Q))·R⁻ᵀ.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func qrPullback<S>(_ q: Tensor<S>, _ r: Tensor<S>, _ qBar: Tensor<S>, _ rBar: Tensor<S>) -> Tensor<S> {
    let (m, n) = (q.shape[0], q.shape[1])
    let gQ = dense(qBar, [m, n])
    let gR = dense(rBar, [n, n]).map { triangle($0, lower: false) }
    var mMatrix = Tensor<S>(zeros: [n, n])
    if let gR { mMatrix = matmul(r, transposed: false, gR, transposed: true) }
    if let gQ { mMatrix = mMatrix - matmul(gQ, transposed: true, q, transposed: false) }
    var x = matmul(q, mirroredLowerTriangle(mMatrix))
    if let gQ { x = x + gQ }
    return triangularSolve(r, x, left: false, lower: false, transpose: true)
  }
}

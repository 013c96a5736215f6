// The one place Regula calls BLAS and LAPACK. Everything else goes through `BLAS`, so that
// another backend (Accelerate, a pure-Swift fallback, a GPU) replaces this file alone.
//
// Matrices are row-major. LAPACK routines take them through LAPACKE's row-major entry points
// and return LAPACK's `info` code.

#if canImport(Accelerate)
  import Accelerate
#else
  import _RegulaCBLAS
#endif

/// Typed entry points to BLAS/LAPACK for `Float` and `Double`.
public enum BLAS {
  @usableFromInline
  static func cast<T, U>(_ p: UnsafePointer<T>, to _: U.Type) -> UnsafePointer<U> {
    UnsafeRawPointer(p).assumingMemoryBound(to: U.self)
  }
  @usableFromInline
  static func cast<T, U>(_ p: UnsafeMutablePointer<T>, to _: U.Type) -> UnsafeMutablePointer<U> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: U.self)
  }

  /// C ← op(A)·op(B) for row-major matrices (`gemm` with α = 1, β = 0).
  ///
  /// Public for benchmarks that compare Regula's `matmul` with the bare BLAS call.
  public static func gemm<S: TensorScalar>(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    a: UnsafePointer<S>, lda: Int, b: UnsafePointer<S>, ldb: Int,
    c: UnsafeMutablePointer<S>, ldc: Int
  ) {
    if m == 0 || n == 0 { return }
    if k == 0 {
      c.update(repeating: 0, count: (m - 1) * ldc + n)
      return
    }
    let ta = transposeA ? CblasTrans : CblasNoTrans
    let tb = transposeB ? CblasTrans : CblasNoTrans
    if S.self == Float.self {
      cblas_sgemm(
        CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, cast(a, to: Float.self), Int32(lda),
        cast(b, to: Float.self), Int32(ldb), 0, cast(c, to: Float.self), Int32(ldc))
    } else {
      cblas_dgemm(
        CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, cast(a, to: Double.self), Int32(lda),
        cast(b, to: Double.self), Int32(ldb), 0, cast(c, to: Double.self), Int32(ldc))
    }
  }

  /// Eigenvalues (ascending) and eigenvectors (columns, in `a`) of a symmetric n×n matrix
  /// whose upper triangle is read (`syevd`).
  @usableFromInline
  static func symmetricEigen<S: TensorScalar>(
    n: Int, a: UnsafeMutablePointer<S>, eigenvalues w: UnsafeMutablePointer<S>
  ) -> Int32 {
    if S.self == Float.self {
      return LAPACKE_ssyevd(LAPACK_ROW_MAJOR, 86 /* V */, 85 /* U */, Int32(n), cast(a, to: Float.self), Int32(n), cast(w, to: Float.self))
    }
    return LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 86, 85, Int32(n), cast(a, to: Double.self), Int32(n), cast(w, to: Double.self))
  }

  /// The thin SVD A = U·diag(s)·Vᵀ of an m×n matrix (`gesdd`, job "S"); `a` is destroyed.
  /// `u` is m×min(m,n), `vt` is min(m,n)×n, `s` descending.
  @usableFromInline
  static func singularValueDecomposition<S: TensorScalar>(
    m: Int, n: Int, a: UnsafeMutablePointer<S>, s: UnsafeMutablePointer<S>,
    u: UnsafeMutablePointer<S>, vt: UnsafeMutablePointer<S>
  ) -> Int32 {
    let r = Int32(Swift.min(m, n))
    if S.self == Float.self {
      return LAPACKE_sgesdd(LAPACK_ROW_MAJOR, 83 /* S */, Int32(m), Int32(n), cast(a, to: Float.self), Int32(n),
        cast(s, to: Float.self), cast(u, to: Float.self), r, cast(vt, to: Float.self), Int32(n))
    }
    return LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 83, Int32(m), Int32(n), cast(a, to: Double.self), Int32(n),
      cast(s, to: Double.self), cast(u, to: Double.self), r, cast(vt, to: Double.self), Int32(n))
  }

  /// Householder QR of an m×n matrix in place (`geqrf`); `tau` has min(m,n) entries.
  @usableFromInline
  static func qrFactor<S: TensorScalar>(m: Int, n: Int, a: UnsafeMutablePointer<S>, tau: UnsafeMutablePointer<S>) -> Int32 {
    if S.self == Float.self {
      return LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), cast(a, to: Float.self), Int32(n), cast(tau, to: Float.self))
    }
    return LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), cast(a, to: Double.self), Int32(n), cast(tau, to: Double.self))
  }

  /// Forms the first `k` columns of Q from `qrFactor`'s output, in place in an m×k array
  /// (`orgqr`; the row stride of `a` is `k`).
  @usableFromInline
  static func qrFormQ<S: TensorScalar>(m: Int, k: Int, a: UnsafeMutablePointer<S>, tau: UnsafePointer<S>) -> Int32 {
    if S.self == Float.self {
      return LAPACKE_sorgqr(LAPACK_ROW_MAJOR, Int32(m), Int32(k), Int32(k), cast(a, to: Float.self), Int32(k), cast(tau, to: Float.self))
    }
    return LAPACKE_dorgqr(LAPACK_ROW_MAJOR, Int32(m), Int32(k), Int32(k), cast(a, to: Double.self), Int32(k), cast(tau, to: Double.self))
  }

  /// Cholesky factor L (lower, L·Lᵀ = A) of a symmetric positive-definite n×n matrix in place
  /// (`potrf`); the strict upper triangle is left as it was.
  @usableFromInline
  static func cholesky<S: TensorScalar>(n: Int, a: UnsafeMutablePointer<S>) -> Int32 {
    if S.self == Float.self { return LAPACKE_spotrf(LAPACK_ROW_MAJOR, 76 /* L */, Int32(n), cast(a, to: Float.self), Int32(n)) }
    return LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 76, Int32(n), cast(a, to: Double.self), Int32(n))
  }

  /// Solves A·X = B for X (n×n A, n×nrhs B) by LU with partial pivoting (`gesv`); `a` is
  /// overwritten by its factors and `b` by X.
  @usableFromInline
  static func solve<S: TensorScalar>(n: Int, nrhs: Int, a: UnsafeMutablePointer<S>, b: UnsafeMutablePointer<S>) -> Int32 {
    var pivots = [Int32](repeating: 0, count: Swift.max(n, 1))
    if S.self == Float.self {
      return LAPACKE_sgesv(LAPACK_ROW_MAJOR, Int32(n), Int32(nrhs), cast(a, to: Float.self), Int32(n), &pivots, cast(b, to: Float.self), Int32(nrhs))
    }
    return LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(n), Int32(nrhs), cast(a, to: Double.self), Int32(n), &pivots, cast(b, to: Double.self), Int32(nrhs))
  }

  /// Singular values only (descending) of an m×n matrix (`gesdd`, job "N"); `a` is destroyed.
  /// `s` has min(m,n) entries.
  @usableFromInline
  static func singularValues<S: TensorScalar>(m: Int, n: Int, a: UnsafeMutablePointer<S>, s: UnsafeMutablePointer<S>) -> Int32 {
    let ldu = Int32(Swift.max(1, Swift.min(m, n))), ldvt = Int32(Swift.max(1, n))
    if S.self == Float.self {
      return LAPACKE_sgesdd(LAPACK_ROW_MAJOR, 78 /* N */, Int32(m), Int32(n), cast(a, to: Float.self), Int32(Swift.max(1, n)),
        cast(s, to: Float.self), nil, ldu, nil, ldvt)
    }
    return LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 78, Int32(m), Int32(n), cast(a, to: Double.self), Int32(Swift.max(1, n)),
      cast(s, to: Double.self), nil, ldu, nil, ldvt)
  }

  /// LU factorization P·A = L·U of an n×n matrix with partial pivoting, in place (`getrf`).
  /// `pivots` (n entries, 1-based) receives the row interchanges; info > 0 means U[info−1,
  /// info−1] is exactly zero (the factorization is complete but A is singular).
  @usableFromInline
  static func luFactor<S: TensorScalar>(n: Int, a: UnsafeMutablePointer<S>, pivots: UnsafeMutablePointer<Int32>) -> Int32 {
    if S.self == Float.self { return LAPACKE_sgetrf(LAPACK_ROW_MAJOR, Int32(n), Int32(n), cast(a, to: Float.self), Int32(n), pivots) }
    return LAPACKE_dgetrf(LAPACK_ROW_MAJOR, Int32(n), Int32(n), cast(a, to: Double.self), Int32(n), pivots)
  }

  /// Solves A·X = B, or Aᵀ·X = B when `transpose`, from `luFactor`'s output (`getrs`);
  /// `b` (n×nrhs) is overwritten by X.
  @usableFromInline
  static func luSolve<S: TensorScalar>(
    n: Int, nrhs: Int, transpose: Bool, lu: UnsafePointer<S>, pivots: UnsafePointer<Int32>, b: UnsafeMutablePointer<S>
  ) -> Int32 {
    let trans: CChar = transpose ? 84 /* T */ : 78 /* N */
    if S.self == Float.self {
      return LAPACKE_sgetrs(LAPACK_ROW_MAJOR, trans, Int32(n), Int32(nrhs), cast(lu, to: Float.self), Int32(n), pivots,
        cast(b, to: Float.self), Int32(nrhs))
    }
    return LAPACKE_dgetrs(LAPACK_ROW_MAJOR, trans, Int32(n), Int32(nrhs), cast(lu, to: Double.self), Int32(n), pivots,
      cast(b, to: Double.self), Int32(nrhs))
  }

  /// A⁻¹ from `luFactor`'s output, in place (`getri`); info > 0 means A is singular.
  @usableFromInline
  static func luInverse<S: TensorScalar>(n: Int, lu: UnsafeMutablePointer<S>, pivots: UnsafePointer<Int32>) -> Int32 {
    if S.self == Float.self { return LAPACKE_sgetri(LAPACK_ROW_MAJOR, Int32(n), cast(lu, to: Float.self), Int32(n), pivots) }
    return LAPACKE_dgetri(LAPACK_ROW_MAJOR, Int32(n), cast(lu, to: Double.self), Int32(n), pivots)
  }

  /// B ← op(T)⁻¹·B (`left`) or B ← B·op(T)⁻¹ (`!left`) for a triangular n×n T with a non-unit
  /// diagonal, read from its `lower` or upper triangle; B is m×n (`trsm` with α = 1).
  /// A zero on T's diagonal yields infinities, never a trap: callers check it first.
  @usableFromInline
  static func triangularSolve<S: TensorScalar>(
    left: Bool, lower: Bool, transpose: Bool, rows m: Int, columns n: Int,
    t: UnsafePointer<S>, b: UnsafeMutablePointer<S>
  ) {
    if m == 0 || n == 0 { return }
    let side = left ? CblasLeft : CblasRight
    let uplo = lower ? CblasLower : CblasUpper
    let trans = transpose ? CblasTrans : CblasNoTrans
    let order = Int32(left ? m : n)
    if S.self == Float.self {
      cblas_strsm(CblasRowMajor, side, uplo, trans, CblasNonUnit, Int32(m), Int32(n), 1,
        cast(t, to: Float.self), order, cast(b, to: Float.self), Int32(n))
    } else {
      cblas_dtrsm(CblasRowMajor, side, uplo, trans, CblasNonUnit, Int32(m), Int32(n), 1,
        cast(t, to: Double.self), order, cast(b, to: Double.self), Int32(n))
    }
  }

  // MARK: Level 1 and 2 (vectors), used by the sparse solvers' coordinate updates

  /// xᵀy over `count` elements with strides 1 (`dot`).
  public static func dot<S: TensorScalar>(count: Int, _ x: UnsafePointer<S>, _ y: UnsafePointer<S>) -> S {
    if count <= 0 { return 0 }
    if S.self == Float.self {
      return S(cblas_sdot(Int32(count), cast(x, to: Float.self), 1, cast(y, to: Float.self), 1))
    }
    return S(cblas_ddot(Int32(count), cast(x, to: Double.self), 1, cast(y, to: Double.self), 1))
  }

  /// y ← a·x + y over `count` elements with strides 1 (`axpy`).
  public static func axpy<S: TensorScalar>(count: Int, _ a: S, _ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>) {
    if count <= 0 { return }
    if S.self == Float.self {
      cblas_saxpy(Int32(count), Float(a), cast(x, to: Float.self), 1, cast(y, to: Float.self), 1)
    } else {
      cblas_daxpy(Int32(count), Double(a), cast(x, to: Double.self), 1, cast(y, to: Double.self), 1)
    }
  }

  /// ‖x‖₂ over `count` elements with stride 1, without overflow (`nrm2`).
  public static func nrm2<S: TensorScalar>(count: Int, _ x: UnsafePointer<S>) -> S {
    if count <= 0 { return 0 }
    if S.self == Float.self { return S(cblas_snrm2(Int32(count), cast(x, to: Float.self), 1)) }
    return S(cblas_dnrm2(Int32(count), cast(x, to: Double.self), 1))
  }

  /// y ← α·op(A)·x + β·y for a row-major m×n matrix A with row stride `lda` (`gemv`).
  ///
  /// op(A) is A (x has n elements, y has m) or, when `transpose`, Aᵀ (x has m, y has n).
  /// A column-major n×p design is the row-major p×n matrix Xᵀ, so Xᵀr is the plain product
  /// and Xw the transposed one.
  public static func gemv<S: TensorScalar>(
    transpose: Bool, m: Int, n: Int, alpha: S, a: UnsafePointer<S>, lda: Int,
    x: UnsafePointer<S>, beta: S, y: UnsafeMutablePointer<S>
  ) {
    let outCount = transpose ? n : m
    if outCount == 0 { return }
    if (transpose ? m : n) == 0 {
      for i in 0..<outCount { y[i] = beta == 0 ? 0 : beta * y[i] }
      return
    }
    let t = transpose ? CblasTrans : CblasNoTrans
    if S.self == Float.self {
      cblas_sgemv(CblasRowMajor, t, Int32(m), Int32(n), Float(alpha), cast(a, to: Float.self), Int32(lda),
        cast(x, to: Float.self), 1, Float(beta), cast(y, to: Float.self), 1)
    } else {
      cblas_dgemv(CblasRowMajor, t, Int32(m), Int32(n), Double(alpha), cast(a, to: Double.self), Int32(lda),
        cast(x, to: Double.self), 1, Double(beta), cast(y, to: Double.self), 1)
    }
  }
}

import _Differentiation

/// The thin singular value decomposition A = U·diag(s)·Vᵀ of an m×n matrix, k = min(m, n).
///
/// It is `Differentiable`, so any of its parts can flow into a loss. Rebuild A as
/// `matmul(svd.u * svd.singularValues, svd.vTransposed)`.
public struct SingularValueDecomposition<Scalar: TensorScalar>: Differentiable, Sendable {
  /// The left singular vectors as orthonormal columns, shape [m, k].
  public var u: Tensor<Scalar>
  /// The singular values s₁ ≥ s₂ ≥ … ≥ s_k ≥ 0, shape [k].
  public var singularValues: Tensor<Scalar>
  /// The right singular vectors as orthonormal rows (Vᵀ, as NumPy's `vh`), shape [k, n].
  public var vTransposed: Tensor<Scalar>

  @inlinable
  public init(u: Tensor<Scalar>, singularValues: Tensor<Scalar>, vTransposed: Tensor<Scalar>) {
    self.u = u
    self.singularValues = singularValues
    self.vTransposed = vTransposed
  }
}

/// The thin SVD A = U·diag(s)·Vᵀ of an m×n matrix (U m×k, s k descending, Vᵀ k×n with
/// k = min(m, n)), on LAPACK's divide-and-conquer `gesdd`.
///
/// Singular vectors are determined up to a simultaneous sign flip of uᵢ and vᵢ (and up to a
/// rotation within a repeated singular value); LAPACK's choice is kept. Only functions
/// invariant under that choice, such as U·diag(g(s))·Vᵀ, have a derivative.
///
/// **Derivative** (Townsend 2016; Ionescu et al. 2015), for distinct nonzero singular values.
/// With S = diag(s), E_ij = sⱼ² − sᵢ² (i ≠ j) and skew(X) = X − Xᵀ:
///
///     J  = (skew(Uᵀ·Ū) / E)·S + S·(skew(Vᵀ·V̄) / E) + diag(s̄)
///     Ā  = U·J·Vᵀ + (I_m − U·Uᵀ)·Ū·S⁻¹·Vᵀ + U·S⁻¹·V̄ᵀ·(I_n − V·Vᵀ)
///
/// (the second term only when m > k, the third only when n > k; V̄ is the transpose of the
/// cotangent of `vTransposed`). Pairs with |sⱼ² − sᵢ²| ≤ k·ε·s₁² count as degenerate and
/// zero singular values as rank-deficient: their reciprocal is taken as 0, so the pullback
/// stays finite (it is exact for invariant functions such as U·diag(g(s))·Vᵀ with g(0) = 0).
/// When only s is used, prefer ``singularValues(_:)``.
///
/// - Precondition: `a` has rank 2; LAPACK converges (the message gives `gesdd`'s info code).
/// - SeeAlso: J. Townsend, "Differentiating the Singular Value Decomposition", 2016;
///   C. Ionescu, O. Vantzos, C. Sminchisescu, "Matrix Backpropagation for Deep Networks with
///   Structured Layers", ICCV 2015.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func singularValueDecomposition<S>(_ a: Tensor<S>) -> SingularValueDecomposition<S> {
  LinearAlgebraKernels.thinSVD(a)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: singularValueDecomposition)
@usableFromInline func _vjpSingularValueDecomposition<S>(_ a: Tensor<S>) -> (
  value: SingularValueDecomposition<S>,
  pullback: (SingularValueDecomposition<S>.TangentVector) -> Tensor<S>
) {
  let svd = LinearAlgebraKernels.thinSVD(a)
  return (svd, { t in LinearAlgebraKernels.svdPullback(svd, t.u, t.singularValues, t.vTransposed) })
}

/// The singular values s₁ ≥ … ≥ s_k ≥ 0 of an m×n matrix, k = min(m, n) (`gesdd`, values only).
///
/// **Derivative**: ∂sᵢ/∂A = uᵢ·vᵢᵀ, so the pullback is Ā = U·diag(s̄)·Vᵀ (the differentiated
/// call computes U and V as well). It is exact where the singular values are distinct and
/// nonzero; at a repeated one it is a valid subgradient of symmetric functions (e.g. the
/// nuclear norm Σsᵢ).
///
/// - Precondition: `a` has rank 2; LAPACK converges (the message gives `gesdd`'s info code).
/// - SeeAlso: Townsend 2016 (see ``singularValueDecomposition(_:)``).
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func singularValues<S>(_ a: Tensor<S>) -> Tensor<S> {
  LinearAlgebraKernels.singularValuesOnly(a)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: singularValues)
@usableFromInline func _vjpSingularValues<S>(_ a: Tensor<S>) -> (value: Tensor<S>, pullback: (Tensor<S>) -> Tensor<S>) {
  let svd = LinearAlgebraKernels.thinSVD(a)
  let (u, s, vt) = (svd.u, svd.singularValues, svd.vTransposed)
  return (s, { sBar in matmul(u * sBar.broadcasted(to: s.shape), vt) })
}

extension LinearAlgebraKernels {
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func checkMatrix<S>(_ a: Tensor<S>, _ operation: String) -> (m: Int, n: Int) {
    precondition(a.rank == 2, "\(operation) needs a matrix (rank 2), got shape \(a.shape)")
    return (a.shape[0], a.shape[1])
  }

  /// gesdd, job "S".
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func thinSVD<S>(_ a: Tensor<S>) -> SingularValueDecomposition<S> {
    let (m, n) = checkMatrix(a, "singularValueDecomposition")
    let k = Swift.min(m, n)
    var x = a.scalars
    var s = [S](repeating: 0, count: k)
    var u = [S](repeating: 0, count: m * k)
    var vt = [S](repeating: 0, count: k * n)
    if k > 0 {
      let info = x.withUnsafeMutableBufferPointer { xp in
        s.withUnsafeMutableBufferPointer { sp in
          u.withUnsafeMutableBufferPointer { up in
            vt.withUnsafeMutableBufferPointer { vp in
              BLAS.singularValueDecomposition(
                m: m, n: n, a: xp.baseAddress!, s: sp.baseAddress!, u: up.baseAddress!, vt: vp.baseAddress!)
            }
          }
        }
      }
      if info != 0 {
        lapackFailure(
          "singularValueDecomposition", shape: a.shape, routine: "gesdd", info: info,
          meaning: "the bidiagonal SVD did not converge")
      }
    }
    return SingularValueDecomposition(
      u: Tensor(shape: [m, k], scalars: u), singularValues: Tensor(shape: [k], scalars: s),
      vTransposed: Tensor(shape: [k, n], scalars: vt))
  }

  /// gesdd, job "N".
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func singularValuesOnly<S>(_ a: Tensor<S>) -> Tensor<S> {
    let (m, n) = checkMatrix(a, "singularValues")
    let k = Swift.min(m, n)
    var x = a.scalars
    var s = [S](repeating: 0, count: k)
    if k > 0 {
      let info = x.withUnsafeMutableBufferPointer { xp in
        s.withUnsafeMutableBufferPointer { sp in BLAS.singularValues(m: m, n: n, a: xp.baseAddress!, s: sp.baseAddress!) }
      }
      if info != 0 {
        lapackFailure(
          "singularValues", shape: a.shape, routine: "gesdd", info: info,
          meaning: "the bidiagonal SVD did not converge")
      }
    }
    return Tensor(shape: [k], scalars: s)
  }

  /// The full SVD pullback (see `singularValueDecomposition`).
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func svdPullback<S>(
    _ svd: SingularValueDecomposition<S>, _ uBar: Tensor<S>, _ sBar: Tensor<S>, _ vtBar: Tensor<S>
  ) -> Tensor<S> {
    let (u, s, vt) = (svd.u, svd.singularValues.scalars, svd.vTransposed)
    let (m, k, n) = (u.shape[0], s.count, vt.shape[1])
    let gU = dense(uBar, [m, k])
    let gVt = dense(vtBar, [k, n])
    let gS = dense(sBar, [k])
    var j = [S](repeating: 0, count: k * k)
    let sMax = s.first ?? 0
    let tolerance = S(Swift.max(k, 1)) * S.ulpOfOne * sMax * sMax
    let sTolerance = S(Swift.max(m, n)) * S.ulpOfOne * sMax
    // (skew(UᵀŪ)/E)·S + S·(skew(VᵀV̄)/E), E_ij = sⱼ² − sᵢ².
    let uu = gU.map { matmul(u, transposed: true, $0, transposed: false).scalars }
    let vv = gVt.map { matmul(vt, transposed: false, $0, transposed: true).scalars }  // Vᵀ·V̄
    if uu != nil || vv != nil {
      for a in 0..<k {
        for b in 0..<k where a != b {
          let e = guardedReciprocal(s[b] * s[b] - s[a] * s[a], tolerance: tolerance)
          var value: S = 0
          if let uu { value += (uu[a * k + b] - uu[b * k + a]) * s[b] }
          if let vv { value += s[a] * (vv[a * k + b] - vv[b * k + a]) }
          j[a * k + b] = value * e
        }
      }
    }
    if let gS { for a in 0..<k { j[a * k + a] += gS.scalars[a] } }
    let jt = Tensor(shape: [k, k], scalars: j)
    let sInverse = Tensor(shape: [k], scalars: s.map { guardedReciprocal($0, tolerance: sTolerance) })
    if m > k, let gU {
      // (U·J + (Ū − U·UᵀŪ)·S⁻¹)·Vᵀ
      let uuT = Tensor(shape: [k, k], scalars: uu!)
      let projected = (gU - matmul(u, uuT)) * sInverse
      return matmul(matmul(u, jt) + projected, vt)
    }
    if n > k, let gVt {
      // U·(J·Vᵀ + S⁻¹·(V̄ᵀ − V̄ᵀ·V·Vᵀ)), with V̄ᵀ = gVt.
      let gVtV = matmul(gVt, transposed: false, vt, transposed: true)
      let projected = (gVt - matmul(gVtV, vt)) * sInverse.reshaped(to: [k, 1])
      return matmul(u, matmul(jt, vt) + projected)
    }
    return matmul(matmul(u, jt), vt)
  }
}

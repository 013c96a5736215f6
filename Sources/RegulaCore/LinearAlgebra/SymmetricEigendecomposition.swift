import _Differentiation

/// The eigendecomposition A = V·diag(λ)·Vᵀ of a symmetric matrix.
///
/// It is `Differentiable`, so either part (or both) can flow into a loss:
///
///     let e = symmetricEigendecomposition(a)
///     let whitened = matmul(e.eigenvectors * rsqrt(e.eigenvalues + 1e-6), transposed: false,
///                           e.eigenvectors, transposed: true)     // V·diag(1/√λ)·Vᵀ
public struct SymmetricEigendecomposition<Scalar: TensorScalar>: Differentiable, Sendable {
  /// The eigenvalues λ in ascending order, shape [n].
  public var eigenvalues: Tensor<Scalar>
  /// The orthonormal eigenvectors as columns, shape [n, n]: column j belongs to λⱼ.
  public var eigenvectors: Tensor<Scalar>

  @inlinable
  public init(eigenvalues: Tensor<Scalar>, eigenvectors: Tensor<Scalar>) {
    self.eigenvalues = eigenvalues
    self.eigenvectors = eigenvectors
  }
}

/// The eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric n×n
/// matrix, on LAPACK's divide-and-conquer `syevd`.
///
/// The input is used through its symmetric part (A + Aᵀ)/2, so the value and the derivative
/// agree for any square input; for a symmetric A that is A itself. Each eigenvector's sign is
/// LAPACK's: only sign-invariant functions of the eigenvectors (V·diag(f(λ))·Vᵀ, squared
/// entries, projectors) have a well-defined derivative.
///
/// **Derivative** (Giles 2008; Magnus 1985). With F_ij = 1/(λⱼ − λᵢ) for i ≠ j and 0 on the
/// diagonal, the pullback of (λ̄, V̄) is
///
///     Ā = sym( V·(diag(λ̄) + F ∘ (Vᵀ·V̄))·Vᵀ ),   sym(X) = (X + Xᵀ)/2.
///
/// The formula is exact for distinct eigenvalues. Pairs closer than n·ε·max|λ| count as
/// degenerate and get F = 0, which keeps the pullback finite and is the right limit for
/// functions of the eigenvectors that depend only on the eigenspaces; for other functions
/// (e.g. a matrix function V·diag(f(λ))·Vᵀ, whose derivative there is given by the
/// Daleckii–Krein divided differences) the result at an exactly repeated eigenvalue is not
/// the derivative. When only the eigenvalues are used the pullback is V·diag(λ̄)·Vᵀ and F is
/// never formed.
///
/// - Precondition: `a` is square (the message names its shape); LAPACK converges (in practice it
///   fails only for non-finite input; the message gives `syevd`'s info code).
/// - SeeAlso: M. B. Giles, "An extended collection of matrix derivative results for forward
///   and reverse mode algorithmic differentiation", 2008; J. R. Magnus, "On differentiating
///   eigenvalues and eigenvectors", Econometric Theory 1(2), 1985.
@_specialize(where S == Float) @_specialize(where S == Double)
@differentiable(reverse)
public func symmetricEigendecomposition<S>(_ a: Tensor<S>) -> SymmetricEigendecomposition<S> {
  LinearAlgebraKernels.symmetricEigendecomposition(a)
}

@_specialize(where S == Float) @_specialize(where S == Double)
@derivative(of: symmetricEigendecomposition)
@usableFromInline func _vjpSymmetricEigendecomposition<S>(_ a: Tensor<S>) -> (
  value: SymmetricEigendecomposition<S>,
  pullback: (SymmetricEigendecomposition<S>.TangentVector) -> Tensor<S>
) {
  let e = LinearAlgebraKernels.symmetricEigendecomposition(a)
  let (lambda, v) = (e.eigenvalues, e.eigenvectors)
  return (e, { t in LinearAlgebraKernels.symmetricEigenPullback(lambda, v, t.eigenvalues, t.eigenvectors) })
}

extension LinearAlgebraKernels {
  /// syevd on the symmetric part of `a`.
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func symmetricEigendecomposition<S>(_ a: Tensor<S>) -> SymmetricEigendecomposition<S> {
    let n = squareOrder(a, "symmetricEigendecomposition")
    var v = symmetricPart(a).scalars
    var w = [S](repeating: 0, count: n)
    if n > 0 {
      let info = v.withUnsafeMutableBufferPointer { vp in
        w.withUnsafeMutableBufferPointer { wp in BLAS.symmetricEigen(n: n, a: vp.baseAddress!, eigenvalues: wp.baseAddress!) }
      }
      if info != 0 {
        lapackFailure(
          "symmetricEigendecomposition", shape: a.shape, routine: "syevd", info: info,
          meaning: "the eigenvalue iteration did not converge")
      }
    }
    return SymmetricEigendecomposition(eigenvalues: Tensor(shape: [n], scalars: w), eigenvectors: Tensor(shape: [n, n], scalars: v))
  }

  /// Ā = sym(V·(diag(λ̄) + F ∘ (Vᵀ·V̄))·Vᵀ).
  @_specialize(where S == Float) @_specialize(where S == Double)
  static func symmetricEigenPullback<S>(
    _ lambda: Tensor<S>, _ v: Tensor<S>, _ lambdaBar: Tensor<S>, _ vBar: Tensor<S>
  ) -> Tensor<S> {
    let n = lambda.scalarCount
    var inner = [S](repeating: 0, count: n * n)
    if let vBar = dense(vBar, [n, n]) {
      let p = matmul(v, transposed: true, vBar, transposed: false).scalars
      let scale = lambda.scalars.reduce(0) { Swift.max($0, Swift.abs($1)) }
      let tolerance = S(n) * S.ulpOfOne * scale
      for i in 0..<n {
        for j in 0..<n where i != j {
          let f = guardedReciprocal(lambda.scalars[j] - lambda.scalars[i], tolerance: tolerance)
          inner[i * n + j] = f * p[i * n + j]
        }
      }
    }
    if let lambdaBar = dense(lambdaBar, [n]) {
      for i in 0..<n { inner[i * n + i] += lambdaBar.scalars[i] }
    }
    let middle = Tensor(shape: [n, n], scalars: inner)
    let g = matmul(matmul(v, middle), transposed: false, v, transposed: true)
    return symmetricPart(g)
  }
}

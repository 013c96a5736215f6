import RealModule

/// How ``inverseRoot(_:p:epsilon:method:)`` computes A^(−1/p).
public enum InverseRootMethod: Sendable, Equatable, Codable {
  /// Symmetric eigendecomposition A = V·diag(λ)·Vᵀ (LAPACK `syevd`), then
  /// V·diag(max(λ, 0) + ε)^(−1/p)·Vᵀ. Exact up to rounding; O(n³).
  case eigendecomposition
  /// The coupled Newton iteration of Guo & Higham, run until ‖M − I‖_∞ ≤ `tolerance` or
  /// `maxIterations`. Matrix products only (BLAS); accurate when A is well conditioned.
  case coupledNewton(maxIterations: Int = 100, tolerance: Double = 1e-6)
}

/// The inverse p-th root (A + εI)^(−1/p) of a symmetric positive semi-definite matrix.
///
/// **Eigendecomposition**: with A = V·diag(λ)·Vᵀ, the result is V·diag((max(λ, 0) + ε)^(−1/p))·Vᵀ.
///
/// **Coupled Newton** (Guo & Higham 2006, as in Shampoo's reference code): with
/// A ← A + εI, z = (1 + p)/(2‖A‖_F), X₀ = z^(1/p)·I, M₀ = z·A,
///
///     T = ((1 + p)·I − M)/p;   X ← X·T;   M ← Tᵖ·M
///
/// until M ≈ I; then X ≈ A^(−1/p).
///
/// - Parameter a: a symmetric positive semi-definite [n, n] matrix.
/// - Parameter p: the root, ≥ 1 (Shampoo uses 2k for an order-k tensor: 4 for matrices).
/// - Parameter epsilon: ε, added to the diagonal (to the eigenvalues). Default `0`.
/// - SeeAlso: C.-H. Guo & N. J. Higham, "A Schur–Newton Method for the Matrix p'th Root and
///   its Inverse", SIAM J. Matrix Anal. Appl. 28(3), 2006; "Shampoo: Preconditioned Stochastic
///   Tensor Optimization", Gupta, Koren & Singer, ICML 2018.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func inverseRoot<S: TensorScalar>(
  _ a: Tensor<S>, p: Int, epsilon: Double = 0, method: InverseRootMethod = .eigendecomposition
) -> Tensor<S> {
  precondition(a.rank == 2 && a.shape[0] == a.shape[1], "inverseRoot expects a square matrix, got shape \(a.shape)")
  precondition(p >= 1, "p must be at least 1, got \(p)")
  let n = a.shape[0]
  switch method {
  case .eigendecomposition:
    let e = symmetricEigendecomposition(a)
    let v = e.eigenvectors
    let scale = e.eigenvalues.scalars.map { S(Double.pow(Swift.max(Double($0), 0) + epsilon, -1 / Double(p))) }
    // V·diag(s)·Vᵀ: scale the columns of V, then multiply by Vᵀ.
    var vs = v
    vs.scalars.withUnsafeMutableBufferPointer { x in
      for i in 0..<n { for j in 0..<n { x[i * n + j] *= scale[j] } }
    }
    return matmul(vs, transposed: false, v, transposed: true)
  case .coupledNewton(let maxIterations, let tolerance):
    var m = a
    m.scalars.withUnsafeMutableBufferPointer { x in for i in 0..<n { x[i * n + i] += S(epsilon) } }
    let norm = m.scalars.withUnsafeBufferPointer { euclideanNorm($0) }
    guard norm > 0 else { return identity(n, scale: S(Double.pow(Swift.max(epsilon, .leastNormalMagnitude), -1 / Double(p)))) }
    let z = (1 + Double(p)) / (2 * norm)
    var x = identity(n, scale: S(Double.pow(z, 1 / Double(p))))
    m.scalars.withUnsafeMutableBufferPointer { v in for i in v.indices { v[i] *= S(z) } }
    for _ in 0..<maxIterations {
      var error = 0.0
      m.scalars.withUnsafeBufferPointer { v in
        for i in 0..<n {
          var row = 0.0
          for j in 0..<n { row += Swift.abs(Double(v[i * n + j]) - (i == j ? 1 : 0)) }
          error = Swift.max(error, row)
        }
      }
      if error <= tolerance { break }
      var t = m
      t.scalars.withUnsafeMutableBufferPointer { v in
        for i in 0..<n {
          for j in 0..<n { v[i * n + j] = ((i == j ? S(1 + p) : 0) - v[i * n + j]) / S(p) }
        }
      }
      x = matmul(x, t)
      var tp = t
      for _ in 1..<p { tp = matmul(tp, t) }
      m = matmul(tp, m)
    }
    return x
  }
}

func identity<S: TensorScalar>(_ n: Int, scale: S = 1) -> Tensor<S> {
  var x = Tensor<S>(zeros: [n, n])
  x.scalars.withUnsafeMutableBufferPointer { v in for i in 0..<n { v[i * n + i] = scale } }
  return x
}

/// Coefficients (a, b, c) of one quintic Newton–Schulz step X ← aX + (b·A + c·A²)X, A = XXᵀ.
public struct NewtonSchulzCoefficients: Sendable, Equatable, Codable {
  public var a: Double
  public var b: Double
  public var c: Double
  public init(_ a: Double, _ b: Double, _ c: Double) { (self.a, self.b, self.c) = (a, b, c) }

  /// Keller Jordan's coefficients (3.4445, −4.7750, 2.0315), chosen to maximize the slope at
  /// zero; the singular values converge to roughly [0.7, 1.2] rather than to 1.
  public static let muon = NewtonSchulzCoefficients(3.4445, -4.7750, 2.0315)
  /// The classical cubic iteration X ← 1.5X − 0.5XXᵀX, which converges to UVᵀ (slowly for
  /// small singular values).
  public static let cubic = NewtonSchulzCoefficients(1.5, -0.5, 0)
}

/// Approximately orthogonalizes a matrix: G = USVᵀ ↦ ≈ UVᵀ, by Newton–Schulz iterations on
/// BLAS matrix products.
///
///     X₀ = G / (‖G‖_F + ε)        (transposed first when rows > columns)
///     A = XXᵀ;   X ← aX + (bA + cA²)X          (`steps` times)
///
/// Dividing by the Frobenius norm puts every singular value in (0, 1]; each step maps a
/// singular value σ to aσ + bσ³ + cσ⁵ and leaves U, V unchanged. With ``NewtonSchulzCoefficients/muon``
/// the result is U·S′·Vᵀ with S′ roughly in [0.7, 1.2]. Matches Optax's
/// `orthogonalize_via_newton_schulz` (Frobenius preconditioning).
///
/// - Parameter x: a matrix [m, n].
/// - Parameter steps: Default `5`.
/// - Parameter coefficients: Default ``NewtonSchulzCoefficients/muon``.
/// - Parameter epsilon: ε. Default `1e-8` (Optax; Keller Jordan's Muon uses 1e-7).
/// - Complexity: O(steps · min(m, n)² · max(m, n)).
/// - SeeAlso: "Muon: An optimizer for hidden layers in neural networks", K. Jordan et al.,
///   2024; "Old Optimizer, New Norm: An Anthology", Bernstein & Newhouse, 2024.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func newtonSchulzOrthogonalize<S: TensorScalar>(
  _ x: Tensor<S>, steps: Int = 5, coefficients: NewtonSchulzCoefficients = .muon, epsilon: Double = 1e-8
) -> Tensor<S> {
  precondition(x.rank == 2, "newtonSchulzOrthogonalize expects a matrix, got shape \(x.shape)")
  precondition(steps >= 0, "steps must be non-negative, got \(steps)")
  let transposed = x.shape[0] > x.shape[1]
  var X = transposed ? x.transposed() : x
  let norm = X.scalars.withUnsafeBufferPointer { euclideanNorm($0) }
  let inverse = S(1 / (norm + epsilon))
  X.scalars.withUnsafeMutableBufferPointer { v in for j in v.indices { v[j] *= inverse } }
  let a = S(coefficients.a), b = S(coefficients.b), c = S(coefficients.c)
  for _ in 0..<steps {
    var A = matmul(X, transposed: false, X, transposed: true)
    if c != 0 {
      let A2 = matmul(A, A)
      A.scalars.withUnsafeMutableBufferPointer { m in
        A2.scalars.withUnsafeBufferPointer { m2 in
          for j in m.indices { m[j] = b * m[j] + c * m2[j] }
        }
      }
    } else {
      A.scalars.withUnsafeMutableBufferPointer { m in for j in m.indices { m[j] *= b } }
    }
    let BX = matmul(A, X)
    X.scalars.withUnsafeMutableBufferPointer { v in
      BX.scalars.withUnsafeBufferPointer { w in
        for j in v.indices { v[j] = a * v[j] + w[j] }
      }
    }
  }
  return transposed ? X.transposed() : X
}

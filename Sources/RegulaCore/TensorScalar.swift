import _Differentiation
import RealModule

/// A floating-point type a ``Tensor`` can hold: `Float` or `Double`.
///
/// The requirements are what generic tensor code needs: IEEE arithmetic and the elementary
/// functions of swift-numerics (`Real`), SIMD vectors of it for explicitly vectorized kernels,
/// differentiability with the scalar as its own tangent, and `Codable` for checkpoints. BLAS and LAPACK are reached through the single internal
/// interface in `BLAS.swift`, which dispatches on the concrete type.
public protocol TensorScalar: Real, BinaryFloatingPoint, SIMDScalar, Differentiable, Codable, Sendable,
  LosslessStringConvertible
where TangentVector == Self {
  /// The NumPy name of the type's layout: `"float32"` or `"float64"`.
  static var dtypeName: String { get }
}

extension Float: TensorScalar {
  public static var dtypeName: String { "float32" }
}

extension Double: TensorScalar {
  public static var dtypeName: String { "float64" }
}

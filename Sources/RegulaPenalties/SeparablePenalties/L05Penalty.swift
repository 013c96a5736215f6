import Foundation

/// The ℓ0.5 quasi-norm penalty g(w) = α Σⱼ |wⱼ|^{1/2}, nonconvex, closer to ℓ0 than ℓ1: it
/// shrinks large coefficients less than the Lasso.
///
///     prox_s(x) = 0                                                     if |x| < t = (3/2)(sα)^{2/3}
///               = (2/3)·x·(1 + cos((2/3)·arccos(−(3^{3/2}/4)·sα·|x|^{−3/2})))   otherwise
///
/// (the half-thresholding operator; at |x| = t both 0 and the nonzero branch are minimizers,
/// and the nonzero one is returned, as skglm does).
///
/// The slope at 0 is infinite, so 0 is always stationary and the Fréchet subdifferential
/// there is all of ℝ: ``subdifferentialDistance(_:gradient:coordinate:)`` is 0 at wⱼ = 0
/// and says nothing about whether a coordinate should enter. Fit it with
/// ``CoordinateDescentOptions/WorkingSetStrategy/fixedPoint`` (skglm's `ws_strategy="fixpoint"`),
/// which measures optimality by how far a coordinate's prox-gradient step moves it.
///
/// - Parameter alpha: α ≥ 0.
/// - SeeAlso: Z. Xu, X. Chang, F. Xu & H. Zhang, "L1/2 Regularization: A Thresholding
///   Representation Theory and a Fast Solver", IEEE TNNLS 2012; skglm `L0_5`.
public struct L05Penalty: SeparablePenalty, Equatable {
  /// α, the regularization strength.
  public let alpha: Double

  /// - Precondition: `alpha` ≥ 0 and finite.
  public init(alpha: Double) {
    precondition(alpha >= 0 && alpha.isFinite, "alpha must be non-negative and finite, got \(alpha)")
    self.alpha = alpha
  }

  @inlinable
  public func value(_ x: Double, coordinate j: Int) -> Double { alpha * Swift.abs(x).squareRoot() }

  @inlinable
  public func prox(_ x: Double, stepSize s: Double, coordinate j: Int) -> Double {
    let u = s * alpha
    if u == 0 { return x }
    let a = Swift.abs(x)
    if a < 1.5 * Foundation.pow(u, 2.0 / 3) { return 0 }
    let phi = Foundation.acos(-(Foundation.pow(3, 1.5) / 4) * u * Foundation.pow(a, -1.5))
    return x * (2.0 / 3) * (1 + Foundation.cos(2.0 / 3 * phi))
  }

  /// 0 at wⱼ = 0 (every value is a Fréchet subgradient there); |−∇ⱼf − α·sign(w)/(2√|w|)|
  /// elsewhere, as skglm.
  @inlinable
  public func subdifferentialDistance(_ wj: Double, gradient gj: Double, coordinate j: Int) -> Double {
    if wj == 0 { return 0 }
    let slope = alpha / (2 * Swift.abs(wj).squareRoot())
    return Swift.abs(-gj - (wj > 0 ? slope : -slope))
  }
}

/// The Lasso penalty g(w) = α‖w‖₁ = α Σⱼ |wⱼ|.
///
///     prox_s(x) = sign(x)·max(|x| − sα, 0)
///     ∂gⱼ(w) = {α·sign(w)} for w ≠ 0,  [−α, α] at 0
///     g*(u) = 0 if |u| ≤ α, +∞ otherwise
///
/// - Parameter alpha: α ≥ 0, the regularization strength.
/// - SeeAlso: R. Tibshirani, "Regression Shrinkage and Selection via the Lasso", JRSS B 1996;
///   skglm `L1`, scikit-learn `Lasso`.
public struct L1Penalty: PathPenalty, ConvexSeparablePenalty, Equatable {
  /// α, the regularization strength.
  public let alpha: Double

  /// - Precondition: `alpha` ≥ 0 and finite.
  public init(alpha: Double) {
    precondition(alpha >= 0 && alpha.isFinite, "alpha must be non-negative and finite, got \(alpha)")
    self.alpha = alpha
  }

  @inlinable
  public func value(_ x: Double, coordinate j: Int) -> Double { alpha * Swift.abs(x) }

  @inlinable
  public func prox(_ x: Double, stepSize: Double, coordinate j: Int) -> Double {
    softThreshold(x, stepSize * alpha)
  }

  @inlinable
  public func subdifferentialDistance(_ wj: Double, gradient gj: Double, coordinate j: Int) -> Double {
    // At 0 the subdifferential is [−α, α]: the distance is how far |∇ⱼf| exceeds α.
    // Elsewhere it is the point α·sign(w).
    if wj == 0 { return Swift.max(0, Swift.abs(gj) - alpha) }
    return Swift.abs(-gj - (wj > 0 ? alpha : -alpha))
  }

  public func withAlpha(_ alpha: Double) -> L1Penalty { L1Penalty(alpha: alpha) }

  /// ‖∇f(0)‖_∞.
  public func alphaMax(gradientAtZero gradient: [Double]) -> Double {
    gradient.reduce(0) { Swift.max($0, Swift.abs($1)) }
  }

  @inlinable
  public func conjugate(_ u: Double, coordinate j: Int) -> Double {
    Swift.abs(u) <= alpha * (1 + 1e-12) ? 0 : .infinity
  }

  @inlinable
  public func dualScale(_ u: Double, coordinate j: Int) -> Double {
    Swift.abs(u) <= alpha ? 1 : alpha / Swift.abs(u)
  }

  @inlinable
  public func subdifferentialRadiusAtZero(coordinate j: Int) -> Double { alpha }
}

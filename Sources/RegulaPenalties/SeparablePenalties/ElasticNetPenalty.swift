/// The elastic-net penalty g(w) = α(ρ‖w‖₁ + ((1 − ρ)/2)‖w‖²₂), scikit-learn's `ElasticNet`
/// with `l1_ratio` ρ.
///
///     prox_s(x) = S_{sαρ}(x) / (1 + sα(1 − ρ))
///     ∂gⱼ(w) = {αρ·sign(w) + α(1 − ρ)w} for w ≠ 0,  [−αρ, αρ] at 0
///     g*(u) = max(|u| − αρ, 0)² / (2α(1 − ρ))       (ρ < 1)
///
/// - Parameters:
///   - alpha: α ≥ 0.
///   - l1Ratio: ρ in [0, 1]; 1 is the Lasso, 0 ridge. Default `0.5`, as scikit-learn.
/// - SeeAlso: H. Zou & T. Hastie, "Regularization and Variable Selection via the Elastic
///   Net", JRSS B 2005; skglm `L1_plus_L2`.
public struct ElasticNetPenalty: PathPenalty, ConvexSeparablePenalty, Equatable {
  /// α, the regularization strength.
  public let alpha: Double
  /// ρ, the share of the L1 term.
  public let l1Ratio: Double

  /// - Precondition: `alpha` ≥ 0 and finite, `l1Ratio` in [0, 1].
  public init(alpha: Double, l1Ratio: Double = 0.5) {
    precondition(alpha >= 0 && alpha.isFinite, "alpha must be non-negative and finite, got \(alpha)")
    precondition(l1Ratio >= 0 && l1Ratio <= 1, "l1Ratio must be in [0, 1], got \(l1Ratio)")
    self.alpha = alpha
    self.l1Ratio = l1Ratio
  }

  @inlinable
  public func value(_ x: Double, coordinate j: Int) -> Double {
    alpha * (l1Ratio * Swift.abs(x) + 0.5 * (1 - l1Ratio) * x * x)
  }

  @inlinable
  public func prox(_ x: Double, stepSize: Double, coordinate j: Int) -> Double {
    softThreshold(x, stepSize * alpha * l1Ratio) / (1 + stepSize * alpha * (1 - l1Ratio))
  }

  @inlinable
  public func subdifferentialDistance(_ wj: Double, gradient gj: Double, coordinate j: Int) -> Double {
    let l1 = alpha * l1Ratio
    if wj == 0 { return Swift.max(0, Swift.abs(gj) - l1) }
    return Swift.abs(-gj - (wj > 0 ? l1 : -l1) - alpha * (1 - l1Ratio) * wj)
  }

  public func withAlpha(_ alpha: Double) -> ElasticNetPenalty { ElasticNetPenalty(alpha: alpha, l1Ratio: l1Ratio) }

  /// ‖∇f(0)‖_∞ / ρ (+∞ for ρ = 0: ridge never sets every coefficient to 0).
  public func alphaMax(gradientAtZero gradient: [Double]) -> Double {
    gradient.reduce(0) { Swift.max($0, Swift.abs($1)) } / l1Ratio
  }

  @inlinable
  public func conjugate(_ u: Double, coordinate j: Int) -> Double {
    let excess = Swift.max(Swift.abs(u) - alpha * l1Ratio, 0)
    if l1Ratio == 1 || alpha == 0 { return excess <= alpha * l1Ratio * 1e-12 ? 0 : .infinity }
    return excess * excess / (2 * alpha * (1 - l1Ratio))
  }

  @inlinable
  public func dualScale(_ u: Double, coordinate j: Int) -> Double {
    if l1Ratio < 1 && alpha > 0 { return 1 }
    let l1 = alpha * l1Ratio
    return Swift.abs(u) <= l1 ? 1 : l1 / Swift.abs(u)
  }

  @inlinable
  public func subdifferentialRadiusAtZero(coordinate j: Int) -> Double { alpha * l1Ratio }
}

/// The minimax concave penalty (MCP), a nonconvex penalty that is the Lasso's near 0 and
/// flat beyond αγ, so large coefficients are not shrunk. With x = |wⱼ|:
///
///     gⱼ(w) = αx − x²/(2γ)   for x ≤ αγ
///           = γα²/2           for x > αγ
///
///     prox_s(v) = 0                              if |v| ≤ sα
///               = sign(v)(|v| − sα)/(1 − s/γ)    if sα < |v| ≤ αγ
///               = v                              if |v| > αγ       (γ > s)
///
/// When γ ≤ s the prox objective is concave on [0, αγ] and the prox is the better of 0 and
/// sign(v)·max(|v|, αγ).
///
/// - Parameters:
///   - alpha: α ≥ 0.
///   - gamma: γ > 0, the concavity; the penalty tends to L1 as γ → ∞. skglm's
///     `MCPRegression` uses `3`.
/// - SeeAlso: C.-H. Zhang, "Nearly Unbiased Variable Selection under Minimax Concave
///   Penalty", Annals of Statistics 2010; skglm `MCPenalty`.
public struct MCPenalty: PathPenalty, Equatable {
  /// α, the regularization strength (the slope at 0).
  public let alpha: Double
  /// γ, the concavity parameter.
  public let gamma: Double

  /// - Precondition: `alpha` ≥ 0 and finite, `gamma` > 0.
  public init(alpha: Double, gamma: Double = 3) {
    precondition(alpha >= 0 && alpha.isFinite, "alpha must be non-negative and finite, got \(alpha)")
    precondition(gamma > 0, "gamma must be positive, got \(gamma)")
    self.alpha = alpha
    self.gamma = gamma
  }

  @inlinable
  public func value(_ x: Double, coordinate j: Int) -> Double {
    let a = Swift.abs(x)
    return a <= alpha * gamma ? alpha * a - a * a / (2 * gamma) : 0.5 * gamma * alpha * alpha
  }

  @inlinable
  public func prox(_ x: Double, stepSize s: Double, coordinate j: Int) -> Double {
    let a = Swift.abs(x)
    if gamma > s {
      if a <= s * alpha { return 0 }
      if a > alpha * gamma { return x }
      return (x > 0 ? a - s * alpha : s * alpha - a) / (1 - s / gamma)
    }
    // Concave on [0, αγ]: compare the two candidates.
    let far = x >= 0 ? Swift.max(a, alpha * gamma) : -Swift.max(a, alpha * gamma)
    let atZero = 0.5 * x * x
    let atFar = 0.5 * (far - x) * (far - x) + s * value(far, coordinate: j)
    return atFar < atZero ? far : 0
  }

  @inlinable
  public func subdifferentialDistance(_ wj: Double, gradient gj: Double, coordinate j: Int) -> Double {
    let a = Swift.abs(wj)
    if wj == 0 { return Swift.max(0, Swift.abs(gj) - alpha) }
    // Between 0 and αγ the penalty is differentiable with derivative α·sign(w) − w/γ;
    // beyond αγ it is flat.
    if a < alpha * gamma { return Swift.abs(-gj - ((wj > 0 ? alpha : -alpha) - wj / gamma)) }
    return Swift.abs(gj)
  }

  public func withAlpha(_ alpha: Double) -> MCPenalty { MCPenalty(alpha: alpha, gamma: gamma) }

  /// ‖∇f(0)‖_∞: the slope at 0 is α, as for L1.
  public func alphaMax(gradientAtZero gradient: [Double]) -> Double {
    gradient.reduce(0) { Swift.max($0, Swift.abs($1)) }
  }
}

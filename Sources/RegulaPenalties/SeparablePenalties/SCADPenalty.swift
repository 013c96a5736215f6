/// The smoothly clipped absolute deviation (SCAD) penalty, nonconvex: L1 up to α, a
/// quadratic blend up to αγ, then flat. With x = |wⱼ|:
///
///     gⱼ(w) = αx                                for x ≤ α
///           = (2γαx − x² − α²) / (2(γ − 1))    for α < x ≤ αγ
///           = α²(γ + 1)/2                      for x > αγ
///
///     prox_s(v) = S_{sα}(v)                                 if |v| ≤ α(1 + s)
///               = ((γ − 1)v − sign(v)·sγα) / (γ − 1 − s)    if α(1 + s) < |v| ≤ αγ
///               = v                                         if |v| > αγ      (γ > 1 + s)
///
/// When γ ≤ 1 + s the prox objective is not convex, and the prox is the best of the
/// stationary points and boundaries of the three pieces (Gong et al. 2013).
///
/// - Parameters:
///   - alpha: α ≥ 0.
///   - gamma: γ > 2. Default `3.7`, the value Fan & Li recommend.
/// - SeeAlso: J. Fan & R. Li, "Variable Selection via Nonconcave Penalized Likelihood and its
///   Oracle Properties", JASA 2001; P. Gong et al., "A General Iterative Shrinkage and
///   Thresholding Algorithm for Non-convex Regularized Optimization Problems", ICML 2013;
///   skglm `SCAD`.
public struct SCADPenalty: PathPenalty, Equatable {
  /// α, the regularization strength (the slope at 0).
  public let alpha: Double
  /// γ, where the penalty becomes flat (at αγ).
  public let gamma: Double

  /// - Precondition: `alpha` ≥ 0 and finite, `gamma` > 2.
  public init(alpha: Double, gamma: Double = 3.7) {
    precondition(alpha >= 0 && alpha.isFinite, "alpha must be non-negative and finite, got \(alpha)")
    precondition(gamma > 2, "gamma must be greater than 2, got \(gamma)")
    self.alpha = alpha
    self.gamma = gamma
  }

  @inlinable
  public func value(_ x: Double, coordinate j: Int) -> Double {
    let a = Swift.abs(x)
    if a <= alpha { return alpha * a }
    if a <= alpha * gamma { return (2 * gamma * alpha * a - a * a - alpha * alpha) / (2 * (gamma - 1)) }
    return 0.5 * alpha * alpha * (gamma + 1)
  }

  @inlinable
  public func prox(_ x: Double, stepSize s: Double, coordinate j: Int) -> Double {
    let a = Swift.abs(x)
    let sign: Double = x >= 0 ? 1 : -1
    if gamma > 1 + s {
      if a <= alpha * (1 + s) { return softThreshold(x, s * alpha) }
      // ((γ − 1)|v| − sγα)/(γ − 1 − s), written so that a step of 0 returns v exactly.
      if a <= alpha * gamma { return sign * (a - s * (gamma * alpha - a) / (gamma - 1 - s)) }
      return x
    }
    // Nonconvex prox objective: compare candidates on |z| (same sign as x).
    func objective(_ z: Double) -> Double { 0.5 * (z - a) * (z - a) + s * value(z, coordinate: j) }
    var best = 0.0
    var bestValue = objective(0)
    func consider(_ z: Double) {
      let v = objective(z)
      if v < bestValue { best = z; bestValue = v }
    }
    consider(Swift.min(Swift.max(a - s * alpha, 0), alpha))
    consider(alpha)
    consider(alpha * gamma)
    consider(Swift.max(a, alpha * gamma))
    let curvature = gamma - 1 - s
    if curvature > 0 {
      consider(Swift.min(Swift.max(((gamma - 1) * a - s * gamma * alpha) / curvature, alpha), alpha * gamma))
    }
    return sign * best
  }

  @inlinable
  public func subdifferentialDistance(_ wj: Double, gradient gj: Double, coordinate j: Int) -> Double {
    let a = Swift.abs(wj)
    if wj == 0 { return Swift.max(0, Swift.abs(gj) - alpha) }
    let sign: Double = wj > 0 ? 1 : -1
    let derivative: Double
    if a <= alpha {
      derivative = sign * alpha
    } else if a <= alpha * gamma {
      derivative = (sign * gamma * alpha - wj) / (gamma - 1)
    } else {
      derivative = 0
    }
    return Swift.abs(-gj - derivative)
  }

  public func withAlpha(_ alpha: Double) -> SCADPenalty { SCADPenalty(alpha: alpha, gamma: gamma) }

  /// ‖∇f(0)‖_∞: the slope at 0 is α, as for L1.
  public func alphaMax(gradientAtZero gradient: [Double]) -> Double {
    gradient.reduce(0) { Swift.max($0, Swift.abs($1)) }
  }
}

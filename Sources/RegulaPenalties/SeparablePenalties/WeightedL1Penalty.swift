/// The weighted Lasso penalty g(w) = α Σⱼ ωⱼ|wⱼ|, with per-coordinate weights ωⱼ ≥ 0.
///
///     prox_s(x)ⱼ = sign(x)·max(|x| − sαωⱼ, 0)
///     ∂gⱼ(w) = {αωⱼ·sign(w)} for w ≠ 0,  [−αωⱼ, αωⱼ] at 0
///
/// A weight of 0 leaves its coordinate unpenalized (always in the working set); adaptive
/// Lasso reweighting uses ωⱼ = 1/|ŵⱼ|.
///
/// - Parameters:
///   - alpha: α ≥ 0.
///   - weights: ωⱼ ≥ 0, one per coordinate.
/// - SeeAlso: H. Zou, "The Adaptive Lasso and Its Oracle Properties", JASA 2006; skglm
///   `WeightedL1`.
public struct WeightedL1Penalty: PathPenalty, ConvexSeparablePenalty, Equatable {
  /// α, the regularization strength.
  public let alpha: Double
  /// ωⱼ, the weight of each coordinate.
  public let weights: [Double]

  /// - Precondition: `alpha` ≥ 0, every weight ≥ 0, all finite.
  public init(alpha: Double, weights: [Double]) {
    precondition(alpha >= 0 && alpha.isFinite, "alpha must be non-negative and finite, got \(alpha)")
    precondition(weights.allSatisfy { $0 >= 0 && $0.isFinite }, "weights must be non-negative and finite")
    self.alpha = alpha
    self.weights = weights
  }

  @inlinable
  public func value(_ x: Double, coordinate j: Int) -> Double { alpha * weights[j] * Swift.abs(x) }

  @inlinable
  public func prox(_ x: Double, stepSize: Double, coordinate j: Int) -> Double {
    softThreshold(x, stepSize * alpha * weights[j])
  }

  @inlinable
  public func subdifferentialDistance(_ wj: Double, gradient gj: Double, coordinate j: Int) -> Double {
    let slope = alpha * weights[j]
    if wj == 0 { return Swift.max(0, Swift.abs(gj) - slope) }
    return Swift.abs(-gj - (wj > 0 ? slope : -slope))
  }

  @inlinable
  public func isPenalized(coordinate j: Int) -> Bool { weights[j] != 0 }

  public func withAlpha(_ alpha: Double) -> WeightedL1Penalty { WeightedL1Penalty(alpha: alpha, weights: weights) }

  /// max over penalized j of |∇ⱼf(0)|/ωⱼ (0 when no coordinate is penalized).
  ///
  /// - Note: with unpenalized coordinates, `gradient` must be the datafit's gradient at the
  ///   minimizer over those coordinates alone (as in skglm), not at w = 0.
  public func alphaMax(gradientAtZero gradient: [Double]) -> Double {
    var best = 0.0
    for j in gradient.indices where weights[j] > 0 { best = Swift.max(best, Swift.abs(gradient[j]) / weights[j]) }
    return best
  }

  @inlinable
  public func conjugate(_ u: Double, coordinate j: Int) -> Double {
    Swift.abs(u) <= alpha * weights[j] * (1 + 1e-12) ? 0 : .infinity
  }

  @inlinable
  public func dualScale(_ u: Double, coordinate j: Int) -> Double {
    let slope = alpha * weights[j]
    if slope == 0 { return 1 }
    return Swift.abs(u) <= slope ? 1 : slope / Swift.abs(u)
  }

  @inlinable
  public func subdifferentialRadiusAtZero(coordinate j: Int) -> Double { alpha * weights[j] }
}

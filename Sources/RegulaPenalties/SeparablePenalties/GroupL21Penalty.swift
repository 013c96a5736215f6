/// The group Lasso penalty g(w) = α Σ_g ω_g ‖w_g‖₂ over disjoint groups of coordinates
/// (the L2,1 norm), which zeroes whole groups.
///
///     prox_s(v)_g = v_g · max(0, 1 − sαω_g/‖v_g‖₂)
///     ∂g_g(w_g) = {αω_g·w_g/‖w_g‖} for w_g ≠ 0,  the ball of radius αω_g at 0
///
/// - Parameters:
///   - alpha: α ≥ 0.
///   - groups: the coordinates of each group; groups are disjoint.
///   - weights: ω_g ≥ 0. Default √|g|, the usual choice.
/// - SeeAlso: M. Yuan & Y. Lin, "Model Selection and Estimation in Regression with Grouped
///   Variables", JRSS B 2006; skglm `WeightedGroupL2`, celer `GroupLasso`.
public struct GroupL21Penalty: BlockPenalty, Equatable {
  /// α, the regularization strength.
  public let alpha: Double
  /// The coordinates of each group.
  public let groups: [[Int]]
  /// ω_g, the weight of each group.
  public let weights: [Double]

  /// - Precondition: `alpha` ≥ 0 and finite; groups are disjoint with non-negative
  ///   indices; one finite non-negative weight per group.
  public init(alpha: Double, groups: [[Int]], weights: [Double]? = nil) {
    precondition(alpha >= 0 && alpha.isFinite, "alpha must be non-negative and finite, got \(alpha)")
    let all = groups.flatMap { $0 }
    precondition(all.allSatisfy { $0 >= 0 }, "group indices must be non-negative")
    precondition(Set(all).count == all.count, "groups must be disjoint")
    let w = weights ?? groups.map { Double($0.count).squareRoot() }
    precondition(w.count == groups.count, "\(w.count) weights for \(groups.count) groups")
    precondition(w.allSatisfy { $0 >= 0 && $0.isFinite }, "group weights must be non-negative and finite")
    self.alpha = alpha
    self.groups = groups
    self.weights = w
  }

  /// Contiguous groups of `size` coordinates over `featureCount` (the last may be shorter).
  public init(alpha: Double, featureCount: Int, groupSize size: Int, weights: [Double]? = nil) {
    precondition(size > 0, "group size must be positive, got \(size)")
    let groups = stride(from: 0, to: featureCount, by: size).map { Array($0..<Swift.min($0 + size, featureCount)) }
    self.init(alpha: alpha, groups: groups, weights: weights)
  }

  public var groupCount: Int { groups.count }

  public func indices(ofGroup g: Int) -> [Int] { groups[g] }

  public func value(_ block: [Double], group g: Int) -> Double {
    alpha * weights[g] * Self.norm(block)
  }

  public func prox(_ block: inout [Double], stepSize: Double, group g: Int) {
    blockSoftThreshold(&block, stepSize * alpha * weights[g])
  }

  public func subdifferentialDistance(_ block: [Double], gradient: [Double], group g: Int) -> Double {
    precondition(block.count == gradient.count, "block of \(block.count) values with \(gradient.count) partial derivatives")
    let radius = alpha * weights[g]
    let norm = Self.norm(block)
    if norm == 0 { return Swift.max(0, Self.norm(gradient) - radius) }
    var squared = 0.0
    for i in block.indices {
      let d = -gradient[i] - radius * block[i] / norm
      squared += d * d
    }
    return squared.squareRoot()
  }

  /// The same penalty with strength `alpha`.
  public func withAlpha(_ alpha: Double) -> GroupL21Penalty { GroupL21Penalty(alpha: alpha, groups: groups, weights: weights) }

  /// max over groups with ω_g > 0 of ‖∇_g f(0)‖₂/ω_g.
  public func alphaMax(gradientAtZero gradient: [Double]) -> Double {
    var best = 0.0
    for (g, group) in groups.enumerated() where weights[g] > 0 {
      best = Swift.max(best, Self.norm(group.map { gradient[$0] }) / weights[g])
    }
    return best
  }

  static func norm(_ v: [Double]) -> Double {
    var s = 0.0
    for x in v { s += x * x }
    return s.squareRoot()
  }
}

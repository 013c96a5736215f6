/// The sparse-group Lasso penalty, which zeroes whole groups and coordinates inside the
/// groups it keeps:
///
///     g(w) = α (τ‖w‖₁ + (1 − τ) Σ_g ω_g ‖w_g‖₂)
///
///     prox_s(v)_g = BST(S_{sατ}(v_g), sα(1 − τ)ω_g)   (soft threshold, then block soft threshold)
///     ∂g_g(0) = {ατ·s + α(1 − τ)ω_g·u : s ∈ [−1, 1]^|g|, ‖u‖₂ ≤ 1}
///
/// τ = 0 is the group Lasso (``GroupL21Penalty``), τ = 1 the Lasso.
///
/// - Parameters:
///   - alpha: α ≥ 0.
///   - l1Ratio: τ in [0, 1], the share of the L1 term.
///   - groups: the coordinates of each group; groups are disjoint.
///   - weights: ω_g ≥ 0. Default √|g|, as ``GroupL21Penalty``.
/// - SeeAlso: N. Simon, J. Friedman, T. Hastie & R. Tibshirani, "A Sparse-Group Lasso",
///   JCGS 2013; skglm `WeightedL1GroupL2`.
/// - Note: skglm's `WeightedL1GroupL2(alpha, weights_groups, weights_features)` is this
///   penalty with weights_groups = (1 − τ)ω and every feature weight τ.
public struct SparseGroupLassoPenalty: BlockPenalty, Equatable {
  /// α, the regularization strength.
  public let alpha: Double
  /// τ, the share of the L1 term.
  public let l1Ratio: Double
  /// The group part: its groups and weights ω_g (its own α is 1).
  public let groupPart: GroupL21Penalty

  /// - Precondition: `alpha` ≥ 0 and finite, `l1Ratio` in [0, 1]; the groups and weights as
  ///   for ``GroupL21Penalty``.
  public init(alpha: Double, l1Ratio: Double, groups: [[Int]], weights: [Double]? = nil) {
    precondition(alpha >= 0 && alpha.isFinite, "alpha must be non-negative and finite, got \(alpha)")
    precondition(l1Ratio >= 0 && l1Ratio <= 1, "l1Ratio must be in [0, 1], got \(l1Ratio)")
    self.alpha = alpha
    self.l1Ratio = l1Ratio
    groupPart = GroupL21Penalty(alpha: 1, groups: groups, weights: weights)
  }

  /// The coordinates of each group.
  public var groups: [[Int]] { groupPart.groups }
  /// ω_g, the weight of each group.
  public var weights: [Double] { groupPart.weights }

  public var groupCount: Int { groupPart.groupCount }

  public func indices(ofGroup g: Int) -> [Int] { groupPart.groups[g] }

  public func value(_ block: [Double], group g: Int) -> Double {
    var l1 = 0.0
    for x in block { l1 += Swift.abs(x) }
    return alpha * (l1Ratio * l1 + (1 - l1Ratio) * groupPart.value(block, group: g))
  }

  public func prox(_ block: inout [Double], stepSize: Double, group g: Int) {
    let threshold = stepSize * alpha * l1Ratio
    for i in block.indices { block[i] = softThreshold(block[i], threshold) }
    groupPart.prox(&block, stepSize: stepSize * alpha * (1 - l1Ratio), group: g)
  }

  public func subdifferentialDistance(_ block: [Double], gradient: [Double], group g: Int) -> Double {
    precondition(block.count == gradient.count, "block of \(block.count) values with \(gradient.count) partial derivatives")
    let l1 = alpha * l1Ratio
    let radius = alpha * (1 - l1Ratio) * weights[g]
    let norm = GroupL21Penalty.norm(block)
    var squared = 0.0
    if norm == 0 {
      // dist(−∇, l1·[−1, 1]^|g| + ball(radius)) = max(0, ‖S_{l1}(−∇)‖ − radius).
      for d in gradient {
        let excess = softThreshold(d, l1)
        squared += excess * excess
      }
      return Swift.max(0, squared.squareRoot() - radius)
    }
    for i in block.indices {
      let d: Double
      if block[i] == 0 {
        d = softThreshold(gradient[i], l1)
      } else {
        d = -gradient[i] - radius * block[i] / norm - (block[i] > 0 ? l1 : -l1)
      }
      squared += d * d
    }
    return squared.squareRoot()
  }

  /// The same penalty with strength `alpha`.
  public func withAlpha(_ alpha: Double) -> SparseGroupLassoPenalty {
    SparseGroupLassoPenalty(alpha: alpha, l1Ratio: l1Ratio, groups: groups, weights: weights)
  }

  /// Whether group `g` is penalized at all (τ > 0 or ω_g > 0).
  public func isPenalized(group g: Int) -> Bool { l1Ratio > 0 || weights[g] > 0 }

  /// The smallest α at which a group whose partial derivatives are `gradient` may be 0:
  /// the root of ‖S_{ατ}(∇)‖₂ = α(1 − τ)ω_g (by bisection to full precision; closed form
  /// ‖∇‖/ω_g for τ = 0). +∞ for an unpenalized group with a nonzero gradient.
  public func alphaMax(ofGroup g: Int, gradient: [Double]) -> Double {
    var infinityNorm = 0.0, squared = 0.0
    for d in gradient {
      infinityNorm = Swift.max(infinityNorm, Swift.abs(d))
      squared += d * d
    }
    if infinityNorm == 0 { return 0 }
    let omega = (1 - l1Ratio) * weights[g]
    if l1Ratio == 0 { return omega > 0 ? squared.squareRoot() / omega : .infinity }
    // h(a) = ‖S_{aτ}(∇)‖ − aω decreases from ‖∇‖ > 0; it is ≤ 0 at ‖∇‖_∞/τ.
    var low = 0.0, high = infinityNorm / l1Ratio
    if omega > 0 { high = Swift.min(high, squared.squareRoot() / omega) }
    for _ in 0..<200 {
      let mid = 0.5 * (low + high)
      if mid <= low || mid >= high { break }
      var s = 0.0
      for d in gradient {
        let t = softThreshold(d, mid * l1Ratio)
        s += t * t
      }
      if s.squareRoot() <= mid * omega { high = mid } else { low = mid }
    }
    return high
  }

  /// max over groups of ``alphaMax(ofGroup:gradient:)``: the smallest α for which w = 0 is
  /// optimal given the datafit's gradient at 0.
  public func alphaMax(gradientAtZero gradient: [Double]) -> Double {
    var best = 0.0
    for g in 0..<groupCount where isPenalized(group: g) {
      best = Swift.max(best, alphaMax(ofGroup: g, gradient: indices(ofGroup: g).map { gradient[$0] }))
    }
    return best
  }
}

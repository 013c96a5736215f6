import RegulaPenalties

/// What block coordinate descent needs from a group penalty beyond ``BlockPenalty``: its
/// strength, which groups it penalizes, and the per-group α_max that gives the dual point.
///
/// Both group penalties have an indicator conjugate: θ is dual-feasible when
/// α_g(X_gᵀθ/n) ≤ α for every group, where α_g is ``alphaMax(ofGroup:gradient:)``. α_g is
/// positively homogeneous, so the residual scaled by min_g min(1, α/α_g(X_gᵀr/n)) is
/// feasible.
protocol GroupPenalty: BlockPenalty {
  var alpha: Double { get }
  func isPenalized(group g: Int) -> Bool
  /// The smallest α at which a group with partial derivatives `gradient` may be 0.
  func alphaMax(ofGroup g: Int, gradient: [Double]) -> Double
}

extension SparseGroupLassoPenalty: GroupPenalty {}

extension GroupL21Penalty: GroupPenalty {
  func isPenalized(group g: Int) -> Bool { weights[g] > 0 }

  /// ‖∇_g‖₂/ω_g.
  func alphaMax(ofGroup g: Int, gradient: [Double]) -> Double {
    var squared = 0.0
    for d in gradient { squared += d * d }
    if squared == 0 { return 0 }
    return weights[g] > 0 ? squared.squareRoot() / weights[g] : .infinity
  }
}

/// A penalty that is a sum of terms over disjoint groups of coordinates,
/// g(w) = Σ_g g_g(w_g), described by what block coordinate descent needs.
///
/// Groups are given as lists of coordinate indices; a block is passed to the operators as
/// the values at those indices, in that order.
public protocol BlockPenalty: Sendable {
  /// The number of groups.
  var groupCount: Int { get }

  /// The coordinates of group `g`.
  func indices(ofGroup g: Int) -> [Int]

  /// g_g(v) for the values `block` of group `g`.
  func value(_ block: [Double], group g: Int) -> Double

  /// Replaces `block` by argmin_z ½‖z − block‖² + stepSize·g_g(z). A step of 0 leaves it.
  func prox(_ block: inout [Double], stepSize: Double, group g: Int)

  /// The distance from −`gradient` to ∂g_g(`block`).
  func subdifferentialDistance(_ block: [Double], gradient: [Double], group g: Int) -> Double
}

extension BlockPenalty {
  /// g(w) = Σ_g g_g(w_g).
  public func value(_ w: [Double]) -> Double {
    var total = 0.0
    for g in 0..<groupCount { total += value(indices(ofGroup: g).map { w[$0] }, group: g) }
    return total
  }
}

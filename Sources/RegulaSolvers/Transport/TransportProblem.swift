/// A discrete optimal-transport problem between weights a (n sources) and b (m targets)
/// with a cost matrix C (n×m, row-major): minimize ⟨P, C⟩ over plans P ≥ 0 with
/// P·1 = a and Pᵀ·1 = b.
///
/// The initializer validates user data and throws ``TransportError`` naming the bad entry.
public struct TransportProblem: Sendable, Equatable {
  /// a, the source weights.
  public let sourceWeights: [Double]
  /// b, the target weights.
  public let targetWeights: [Double]
  /// C, row-major n×m.
  public let cost: [Double]

  public var sourceCount: Int { sourceWeights.count }
  public var targetCount: Int { targetWeights.count }

  /// - Parameter relativeMassTolerance: how far the totals of a and b may differ, relative
  ///   to the larger. Default `1e-9`; `.infinity` for unbalanced transport
  ///   (``UnbalancedSinkhorn``), whose totals may differ.
  public init(
    sourceWeights a: [Double], targetWeights b: [Double], cost: [Double], relativeMassTolerance: Double = 1e-9
  ) throws(TransportError) {
    guard !a.isEmpty, !b.isEmpty else { throw .empty(side: a.isEmpty ? "source" : "target") }
    guard cost.count == a.count * b.count else {
      throw .shapeMismatch(costRows: cost.count / max(b.count, 1), costColumns: b.count, sourceCount: a.count, targetCount: b.count)
    }
    try Self.validate(sourceWeights: a, targetWeights: b, relativeMassTolerance: relativeMassTolerance)
    if let k = cost.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteCost(row: k / b.count, column: k % b.count, value: cost[k])
    }
    (sourceWeights, targetWeights, self.cost) = (a, b, cost)
  }

  /// Checks that both weight vectors are non-empty, finite, non-negative, with equal totals.
  static func validate(sourceWeights a: [Double], targetWeights b: [Double], relativeMassTolerance: Double = 1e-9) throws(TransportError) {
    guard !a.isEmpty else { throw .empty(side: "source") }
    guard !b.isEmpty else { throw .empty(side: "target") }
    for (side, weights) in [("source", a), ("target", b)] {
      if let i = weights.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
        throw .invalidWeight(side: side, index: i, value: weights[i])
      }
    }
    let (ta, tb) = (a.reduce(0, +), b.reduce(0, +))
    guard ta > 0 else { throw .zeroMass(side: "source") }
    guard abs(ta - tb) <= relativeMassTolerance * max(ta, tb) else { throw .unequalMass(source: ta, target: tb) }
  }

  /// A problem whose cost is the squared Euclidean distance between points (rows of
  /// `source` [n, d] and `target` [m, d]), divided by its maximum when `normalized`
  /// (as the POT benchmark does). `relativeMassTolerance` as above.
  public init(
    sourcePoints x: Tensor<Double>, targetPoints y: Tensor<Double>, sourceWeights a: [Double]? = nil,
    targetWeights b: [Double]? = nil, normalized: Bool = false, relativeMassTolerance: Double = 1e-9
  ) throws(TransportError) {
    precondition(x.rank == 2 && y.rank == 2 && x.shape[1] == y.shape[1], "points of shapes \(x.shape) and \(y.shape)")
    let (n, m, d) = (x.shape[0], y.shape[0], x.shape[1])
    var c = [Double](repeating: 0, count: n * m)
    for i in 0..<n {
      for j in 0..<m {
        var s = 0.0
        for k in 0..<d {
          let t = x.scalars[i * d + k] - y.scalars[j * d + k]
          s += t * t
        }
        c[i * m + j] = s
      }
    }
    if normalized, let top = c.max(), top > 0 { c = c.map { $0 / top } }
    try self.init(
      sourceWeights: a ?? Array(repeating: 1 / Double(n), count: n),
      targetWeights: b ?? Array(repeating: 1 / Double(m), count: m), cost: c, relativeMassTolerance: relativeMassTolerance)
  }
}

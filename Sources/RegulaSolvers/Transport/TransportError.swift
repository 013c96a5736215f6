/// Bad input to an optimal-transport solver: weights or costs a user supplied that define no
/// transport problem. ``description`` is the one-line message the command line prints.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A weight is negative or not finite: which side (`"source"` or `"target"`), its index, its value.
  case invalidWeight(side: String, index: Int, value: Double)
  /// The source and target weights have different totals (balanced transport needs equal mass).
  case unequalMass(source: Double, target: Double)
  /// A cost is NaN or infinite at (`row`, `column`).
  case nonFiniteCost(row: Int, column: Int, value: Double)
  /// The cost matrix's shape does not match the weights.
  case shapeMismatch(costRows: Int, costColumns: Int, sourceCount: Int, targetCount: Int)
  /// The entropic regularization ε is not positive and finite.
  case nonPositiveEpsilon(Double)
  /// A side has no points.
  case empty(side: String)
  /// A side's weights are all zero.
  case zeroMass(side: String)
  /// A point is NaN or infinite: which side, its index, its value.
  case nonFinitePoint(side: String, index: Int, value: Double)
  /// The mass to transport (partial transport) is not in [0, min(Σa, Σb)]: the mass, the limit.
  case invalidMass(Double, available: Double)

  public var message: String {
    switch self {
    case .invalidWeight(let side, let index, let value):
      return "\(side) weight \(index) (0-based) is \(value); weights must be finite and non-negative"
    case .unequalMass(let source, let target):
      return "the source weights sum to \(source) and the target weights to \(target); balanced transport needs equal totals (normalize them, or use unbalanced transport)"
    case .nonFiniteCost(let row, let column, let value):
      return "the cost at row \(row), column \(column) (0-based) is \(value); costs must be finite"
    case .shapeMismatch(let rows, let columns, let n, let m):
      return "the cost matrix is \(rows)×\(columns) but there are \(n) source and \(m) target weights"
    case .nonPositiveEpsilon(let epsilon):
      return "epsilon must be positive and finite, got \(epsilon)"
    case .empty(let side):
      return "the \(side) has no points"
    case .zeroMass(let side):
      return "the \(side) weights are all zero"
    case .nonFinitePoint(let side, let index, let value):
      return "\(side) point \(index) (0-based) is \(value); points must be finite"
    case .invalidMass(let mass, let available):
      return "the mass to transport is \(mass); it must lie in [0, \(available)], the smaller of the two weights' totals"
    }
  }

  public var description: String { "error: " + message }
}

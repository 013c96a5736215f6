/// Bad input to a solver: data or hyperparameters supplied by a user that the solver cannot
/// work with. Every case names the problem and where it is; ``description`` is the one-line
/// message the command-line tool prints.
///
/// Programmer errors (a tensor of the wrong rank passed by code) are preconditions instead.
public enum SolverError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A feature is NaN or infinite, at 0-based `row` and `column`.
  case nonFiniteFeature(row: Int, column: Int, value: Double)
  /// A target is NaN or infinite, at 0-based `row`.
  case nonFiniteTarget(row: Int, value: Double)
  /// A sample weight is negative, NaN or infinite, at 0-based `row`, or all weights are 0
  /// (`row` is then −1).
  case invalidSampleWeight(row: Int, value: Double)
  /// Two lengths that must agree do not: `what` names them.
  case lengthMismatch(what: String, expected: Int, got: Int)
  /// The regularization strength α is not positive (or not finite).
  case nonPositiveAlpha(Double)
  /// A hyperparameter is out of its range: `name`, its value, and the range it must be in.
  case invalidParameter(name: String, value: Double, requirement: String)
  /// The design has no rows or no columns.
  case emptyDesign(rows: Int, columns: Int)
  /// Every column of the design is constant (zero after centering, when an intercept is
  /// fitted): there is nothing to fit.
  case constantDesign(columns: Int)
  /// Group `group` (0-based) lists feature `feature`, which is not a column of a design with
  /// `featureCount` columns.
  case groupIndexOutOfRange(group: Int, feature: Int, featureCount: Int)
  /// Feature `feature` is in no group (`groups` is `[]`) or in two (`groups` names them):
  /// groups must partition the features.
  case notAPartition(feature: Int, groups: [Int])
  /// Group `group` (0-based) is empty.
  case emptyGroup(group: Int)

  /// The message without the `error: ` prefix.
  public var message: String {
    switch self {
    case .nonFiniteFeature(let row, let column, let value):
      return "the design has \(value) at row \(row), column \(column) (0-based); remove or impute non-finite values"
    case .nonFiniteTarget(let row, let value):
      return "the target has \(value) at row \(row) (0-based)"
    case .invalidSampleWeight(let row, let value):
      if row < 0 { return "the sample weights sum to \(value); at least one must be positive" }
      return "sample weight \(value) at row \(row) (0-based) is not a finite non-negative number"
    case .lengthMismatch(let what, let expected, let got):
      return "\(what): expected \(expected), got \(got)"
    case .nonPositiveAlpha(let alpha):
      return "alpha must be positive and finite, got \(alpha)"
    case .invalidParameter(let name, let value, let requirement):
      return "\(name) must be \(requirement), got \(value)"
    case .emptyDesign(let rows, let columns):
      return "the design is empty (\(rows) rows, \(columns) columns)"
    case .constantDesign(let columns):
      return "\(columns == 1 ? "the only column" : "all \(columns) columns") of the design \(columns == 1 ? "is" : "are") constant; there is nothing to fit"
    case .groupIndexOutOfRange(let group, let feature, let featureCount):
      return "group \(group) lists feature \(feature), beyond the design's \(featureCount) features (0-based)"
    case .notAPartition(let feature, let groups):
      if groups.isEmpty { return "feature \(feature) is in no group; the groups must cover every feature" }
      return "feature \(feature) is in groups \(groups.map(String.init).joined(separator: " and ")); the groups must be disjoint"
    case .emptyGroup(let group):
      return "group \(group) is empty"
    }
  }

  /// `error: ` followed by ``message``.
  public var description: String { "error: " + message }
}

/// The algorithm that ``PenalizedLinearRegression`` runs.
public enum SparseSolver: Sendable, Equatable {
  /// Coordinate descent with working sets, active-set cycling and Anderson extrapolation
  /// (``CoordinateDescentOptions``): the fast default.
  case coordinateDescent
  /// FISTA with adaptive (function) restart, which uses only the penalty's proximal
  /// operator: a fallback for penalties whose coordinate-wise structure coordinate descent
  /// should not rely on. Of the options it reads `tolerance`, `stoppingCriterion` and
  /// `maxIterations` (optimality checks, one every 10 gradient steps).
  case fista
}

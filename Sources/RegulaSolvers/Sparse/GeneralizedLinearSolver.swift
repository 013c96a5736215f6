/// The algorithm that fits a penalized generalized linear model (``PenalizedLogisticRegression``).
public enum GeneralizedLinearSolver: Sendable, Equatable {
  /// Coordinate descent with working sets and Anderson extrapolation, each coordinate taking
  /// a proximal gradient step with its Lipschitz constant (skglm's `AndersonCD`).
  case coordinateDescent
  /// Proximal Newton with working sets (skglm's `ProxNewton`): on each working set, a
  /// descent direction from coordinate descent on the second-order model, then a
  /// backtracking line search. Fewer passes over the data where the loss is far from
  /// quadratic.
  case proxNewton
}

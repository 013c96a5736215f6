/// How a solver stopped; every solver in RegulaSolvers reports one.
public enum SolverStatus: Sendable, Equatable {
  /// The stopping criterion fell below the tolerance.
  case converged
  /// The iteration budget ran out first; the returned iterate is the last one.
  case maxIterationsReached
  /// The objective became NaN or infinite at this outer iteration; the returned iterate is
  /// the last finite one.
  case numericalFailure(iteration: Int)
}

/// How a sparse solver stopped and what it reached: the status every sparse fit returns,
/// whatever the model (``SparseLinearModelSolution``, ``MultiTaskLassoSolution``).
///
///     let solution = try Lasso(alpha: 0.1).fit(x, y)
///     solution.report.isConverged; solution.dualityGap   // the same fields, read through
public struct SolverReport: Sendable, Equatable {
  /// How the solver stopped.
  public var status: SolverStatus
  /// Outer iterations (working-set updates).
  public var iterations: Int
  /// Coordinate-descent epochs (passes over a working set), summed over outer iterations.
  public var epochs: Int
  /// The objective at the returned point, in the problem's scaling.
  public var objective: Double
  /// The duality gap P(w) − D(θ) at the returned point, for convex problems; `nil` for
  /// nonconvex penalties.
  public var dualityGap: Double?
  /// max over coordinates (or blocks) of dist(−∇ⱼf(w), ∂gⱼ(wⱼ)), the first-order optimality
  /// residual.
  public var kktViolation: Double
  /// Wall-clock seconds spent in the solver (preprocessing included).
  public var seconds: Double
  /// One record per outer iteration.
  public var trace: [SolverTrace]

  /// A report from its fields (each documented above).
  public init(
    status: SolverStatus, iterations: Int, epochs: Int, objective: Double, dualityGap: Double?, kktViolation: Double,
    seconds: Double, trace: [SolverTrace]
  ) {
    self.status = status
    self.iterations = iterations
    self.epochs = epochs
    self.objective = objective
    self.dualityGap = dualityGap
    self.kktViolation = kktViolation
    self.seconds = seconds
    self.trace = trace
  }

  /// Whether the solver converged.
  public var isConverged: Bool { status == .converged }
}

/// A fitted sparse model that carries a ``SolverReport``; the report's fields read through
/// (`solution.objective` is `solution.report.objective`).
public protocol SolverReporting {
  /// How the solver stopped and what it reached.
  var report: SolverReport { get }
}

extension SolverReporting {
  /// ``SolverReport/status``.
  public var status: SolverStatus { report.status }
  /// ``SolverReport/iterations``.
  public var iterations: Int { report.iterations }
  /// ``SolverReport/epochs``.
  public var epochs: Int { report.epochs }
  /// ``SolverReport/objective``.
  public var objective: Double { report.objective }
  /// ``SolverReport/dualityGap``.
  public var dualityGap: Double? { report.dualityGap }
  /// ``SolverReport/kktViolation``.
  public var kktViolation: Double { report.kktViolation }
  /// ``SolverReport/seconds``.
  public var seconds: Double { report.seconds }
  /// ``SolverReport/trace``.
  public var trace: [SolverTrace] { report.trace }
  /// ``SolverReport/isConverged``.
  public var isConverged: Bool { report.isConverged }
}

extension SolverReport {
  /// A solver's result, timed from `start`.
  init(_ result: CoordinateDescentResult, start: ContinuousClock.Instant) {
    self.init(
      status: result.status, iterations: result.iterations, epochs: result.epochs, objective: result.objective,
      dualityGap: result.dualityGap, kktViolation: result.kktViolation, seconds: secondsSince(start), trace: result.trace)
  }
}

/// One record per outer iteration of a solver: when, and how far from optimal.
public struct SolverTrace: Sendable, Equatable {
  /// The outer iteration, from 0.
  public var iteration: Int
  /// Seconds since the solver started.
  public var seconds: Double
  /// The primal objective.
  public var objective: Double
  /// The duality gap, for convex problems.
  public var dualityGap: Double?
  /// The largest distance of −∇f to the subdifferential over the coordinates.
  public var kktViolation: Double
}

/// The result of fitting a sparse linear model: coefficients, intercept and how the solver
/// stopped (``report``, whose fields read through: `solution.objective`, `solution.status`).
/// The type is the same whatever the options.
public struct SparseLinearModelSolution: SolverReporting, Sendable, Equatable {
  /// The coefficients w, one per feature.
  public var coefficients: [Double]
  /// The intercept b (0 when none is fitted).
  public var intercept: Double
  /// How the solver stopped and what it reached.
  public var report: SolverReport
  /// The features that gap-safe screening proved to be 0 at the optimum and fixed there
  /// (``CoordinateDescentOptions/usesGapSafeScreening``), in the order they were screened;
  /// empty for solvers and problems without screening.
  public var screenedFeatures: [Int] = []

  /// A solution from its coefficients w, intercept b and solver report.
  public init(coefficients: [Double], intercept: Double, report: SolverReport, screenedFeatures: [Int] = []) {
    self.coefficients = coefficients
    self.intercept = intercept
    self.report = report
    self.screenedFeatures = screenedFeatures
  }

  /// The solution with the report's fields given one by one (see ``SolverReport``).
  public init(
    coefficients: [Double], intercept: Double, status: SolverStatus, iterations: Int, epochs: Int, objective: Double,
    dualityGap: Double?, kktViolation: Double, seconds: Double, trace: [SolverTrace]
  ) {
    self.init(coefficients: coefficients, intercept: intercept, report: SolverReport(
      status: status, iterations: iterations, epochs: epochs, objective: objective, dualityGap: dualityGap,
      kktViolation: kktViolation, seconds: seconds, trace: trace))
  }

  /// The indices of the nonzero coefficients, increasing.
  public var support: [Int] { coefficients.indices.filter { coefficients[$0] != 0 } }

  /// Predictions Xw + b for the rows of `x`, shape `[m, p]`.
  ///
  /// - Precondition: `x` has one column per coefficient.
  public func predict(_ x: Tensor<Double>) -> [Double] {
    precondition(x.rank == 2 && x.shape[1] == coefficients.count,
      "features of shape \(x.shape) for \(coefficients.count) coefficients")
    let (m, p) = (x.shape[0], x.shape[1])
    let s = x.scalars
    var out = [Double](repeating: intercept, count: m)
    for i in 0..<m {
      var sum = 0.0
      for j in 0..<p where coefficients[j] != 0 { sum += s[i * p + j] * coefficients[j] }
      out[i] += sum
    }
    return out
  }

  /// Predictions Xw + b for the rows of a sparse `x`.
  ///
  /// - Precondition: `x` has one column per coefficient.
  public func predict(_ x: SparseDesignMatrix) -> [Double] {
    precondition(x.columnCount == coefficients.count, "\(x.columnCount) features for \(coefficients.count) coefficients")
    var out = [Double](repeating: intercept, count: x.rowCount)
    for j in 0..<x.columnCount where coefficients[j] != 0 {
      for k in x.columnOffsets[j]..<x.columnOffsets[j + 1] { out[x.rowIndices[k]] += x.values[k] * coefficients[j] }
    }
    return out
  }

  /// The coefficient of determination R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)² on (`x`, `y`), as
  /// scikit-learn's `score` (1 is perfect; 0 for a constant `y` predicted exactly).
  public func score(_ x: Tensor<Double>, _ y: [Double]) -> Double {
    let prediction = predict(x)
    precondition(prediction.count == y.count, "\(y.count) targets for \(prediction.count) rows")
    let mean = y.reduce(0, +) / Double(max(y.count, 1))
    var residual = 0.0, total = 0.0
    for i in y.indices {
      residual += (y[i] - prediction[i]) * (y[i] - prediction[i])
      total += (y[i] - mean) * (y[i] - mean)
    }
    if total == 0 { return residual == 0 ? 1 : 0 }
    return 1 - residual / total
  }
}

extension SparseLinearModelSolution {
  /// A solver's result with its intercept, timed from `start`.
  init(_ result: CoordinateDescentResult, intercept: Double, start: ContinuousClock.Instant) {
    self.init(
      coefficients: result.coefficients, intercept: intercept, report: SolverReport(result, start: start),
      screenedFeatures: result.screenedFeatures)
  }
}

import Foundation
import RegulaPenalties

/// Solutions along a decreasing grid of regularization strengths, each fit warm-started
/// from the previous one (as scikit-learn's `lasso_path` and skglm's `path`).
public struct RegularizationPath: Sendable, Equatable {
  /// The strengths, decreasing.
  public var alphas: [Double]
  /// α_max of the data: the smallest α whose solution is 0.
  public var alphaMax: Double
  /// One solution per α.
  public var solutions: [SparseLinearModelSolution]
}

/// The log-spaced grid α_max·r^{k/(count−1)}, k = 0 … count − 1, from α_max down to
/// α_max·`minRatio` (NumPy's `geomspace`, scikit-learn's default grid).
///
/// - Precondition: `alphaMax` > 0, `count` ≥ 1, `minRatio` in (0, 1].
public func logarithmicAlphaGrid(alphaMax: Double, count: Int, minRatio: Double) -> [Double] {
  precondition(alphaMax > 0 && alphaMax.isFinite, "alphaMax must be positive, got \(alphaMax)")
  precondition(count >= 1, "count must be at least 1, got \(count)")
  precondition(minRatio > 0 && minRatio <= 1, "minRatio must be in (0, 1], got \(minRatio)")
  if count == 1 { return [alphaMax] }
  let logRatio = Foundation.log(minRatio)
  return (0..<count).map { k in k == 0 ? alphaMax : alphaMax * Foundation.exp(logRatio * Double(k) / Double(count - 1)) }
}

extension PenalizedLinearRegression where Penalty: PathPenalty {
  /// Fits the model along a decreasing grid of α (the penalty's own α is replaced), each fit
  /// warm-started from the previous solution; the data are prepared once.
  ///
  /// - Parameters:
  ///   - alphas: the grid, used in decreasing order; `nil` for ``logarithmicAlphaGrid(alphaMax:count:minRatio:)``.
  ///   - alphaCount: points of the default grid. Default `100`, as scikit-learn.
  ///   - minRatio: α_min/α_max of the default grid. Default `1e-3`, as scikit-learn.
  /// - Throws: ``SolverError`` for bad data, a non-positive α in `alphas`, or a bad grid size.
  public func path(
    _ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil, alphas: [Double]? = nil,
    alphaCount: Int = 100, minRatio: Double = 1e-3
  ) throws(SolverError) -> RegularizationPath {
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return try fitPath(datafit, alphas: alphas, alphaCount: alphaCount, minRatio: minRatio)
  }

  /// The path for a sparse design; see ``path(_:_:sampleWeights:alphas:alphaCount:minRatio:)-(Tensor<Double>,_,_,_,_,_)``.
  public func path(
    _ x: SparseDesignMatrix, _ y: [Double], sampleWeights: [Double]? = nil, alphas: [Double]? = nil,
    alphaCount: Int = 100, minRatio: Double = 1e-3
  ) throws(SolverError) -> RegularizationPath {
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return try fitPath(datafit, alphas: alphas, alphaCount: alphaCount, minRatio: minRatio)
  }

  func fitPath<D: DesignColumns>(
    _ datafit: QuadraticDatafit<D>, alphas: [Double]?, alphaCount: Int, minRatio: Double
  ) throws(SolverError) -> RegularizationPath {
    let alphaMax = penalty.alphaMax(gradientAtZero: datafit.gradientAtZero())
    let grid: [Double]
    if let alphas {
      for a in alphas where !(a > 0 && a.isFinite) { throw .nonPositiveAlpha(a) }
      grid = alphas.sorted(by: >)
    } else {
      guard alphaCount >= 1 else { throw .invalidParameter(name: "alphaCount", value: Double(alphaCount), requirement: "at least 1") }
      guard minRatio > 0, minRatio <= 1 else { throw .invalidParameter(name: "minRatio", value: minRatio, requirement: "in (0, 1]") }
      guard alphaMax > 0, alphaMax.isFinite else { throw .invalidParameter(name: "alphaMax", value: alphaMax, requirement: "positive (y is orthogonal to every feature)") }
      grid = logarithmicAlphaGrid(alphaMax: alphaMax, count: alphaCount, minRatio: minRatio)
    }
    var solutions = [SparseLinearModelSolution]()
    var previous: [Double]? = nil
    for alpha in grid {
      let start = ContinuousClock.now
      let penaltyAtAlpha = penalty.withAlpha(alpha)
      let result = coordinateDescent(
        datafit: datafit, penalty: penaltyAtAlpha, options: options, warmStart: previous,
        dual: dualCertificate(for: penaltyAtAlpha, datafit: datafit),
        start: start)
      previous = result.coefficients
      solutions.append(SparseLinearModelSolution(
        coefficients: result.coefficients, intercept: datafit.intercept(for: result.coefficients), status: result.status,
        iterations: result.iterations, epochs: result.epochs, objective: result.objective, dualityGap: result.dualityGap,
        kktViolation: result.kktViolation, seconds: secondsSince(start), trace: result.trace))
    }
    return RegularizationPath(alphas: grid, alphaMax: alphaMax, solutions: solutions)
  }
}

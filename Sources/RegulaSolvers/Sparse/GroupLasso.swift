import RegulaCore
import RegulaPenalties

/// The group Lasso and the sparse-group Lasso, in scikit-learn's scaling:
///
///     min_{w, b}  (1/2n)‖y − Xw − b‖² + α (τ‖w‖₁ + (1 − τ) Σ_g ω_g ‖w_g‖₂)
///
/// (with sample weights sᵢ: (1/2Σs) Σᵢ sᵢ(yᵢ − xᵢᵀw − b)²). τ = 0 is the group Lasso, which
/// keeps or drops whole groups; τ > 0 also zeroes coordinates inside the groups it keeps.
/// Solved by block coordinate descent with working sets of groups and Anderson
/// extrapolation (``CoordinateDescentOptions``), stopping when the duality gap is at most
/// `tolerance`·‖y‖²/n.
///
///     let model = GroupLasso(alpha: 0.05, groups: [[0, 1, 2], [3, 4], [5, 6, 7]])
///     let solution = try model.fit(x, y)
///     solution.coefficients; solution.dualityGap; solution.status
///
/// - Parameters:
///   - alpha: α > 0.
///   - groups: a partition of the features 0..<p into groups (each feature in exactly one).
///   - weights: ω_g ≥ 0, one per group; 0 leaves a group unpenalized. Default √|g|.
///   - l1Ratio: τ in [0, 1]. Default `0` (group Lasso).
///   - fitIntercept: default `true`.
///   - options: solver settings; default tolerance `1e-4`.
/// - Complexity: O(np) per outer iteration; O(n·|g|) per group update; the Lipschitz
///   constants ‖X_g‖₂²/n cost O(n|g|² + |g|³) per group once.
/// - SeeAlso: M. Yuan & Y. Lin, "Model Selection and Estimation in Regression with Grouped
///   Variables", JRSS B 2006; N. Simon et al., "A Sparse-Group Lasso", JCGS 2013;
///   Q. Bertrand et al., "Beyond L1: Faster and Better Sparse Models with skglm", 2022.
/// - Note: skglm's and celer's `GroupLasso` default to ω_g = 1; Regula defaults to √|g|
///   (Yuan & Lin), which does not favour large groups. Pass `weights` of 1 to match them.
public struct GroupLasso: Sendable {
  public var alpha: Double
  public var groups: [[Int]]
  public var weights: [Double]?
  public var l1Ratio: Double
  public var fitIntercept: Bool
  public var options: CoordinateDescentOptions

  public init(
    alpha: Double, groups: [[Int]], weights: [Double]? = nil, l1Ratio: Double = 0, fitIntercept: Bool = true,
    options: CoordinateDescentOptions = .init()
  ) {
    self.alpha = alpha
    self.groups = groups
    self.weights = weights
    self.l1Ratio = l1Ratio
    self.fitIntercept = fitIntercept
    self.options = options
  }

  /// Fits the model to `x` (shape `[n, p]`) and `y` (n targets).
  ///
  /// - Parameters:
  ///   - sampleWeights: sᵢ ≥ 0, one per row; `nil` for equal weights.
  ///   - warmStart: initial coefficients (p of them).
  /// - Throws: ``SolverError``: α ≤ 0, τ outside [0, 1], groups that do not partition the
  ///   features, bad group weights, and the data errors of ``Lasso``.
  public func fit(
    _ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    let start = ContinuousClock.now
    try validateHyperparameters()
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return try solve(datafit, warmStart: warmStart, start: start)
  }

  /// Fits the model to a sparse design; the same problem and result as the dense
  /// ``fit(_:_:sampleWeights:warmStart:)``.
  public func fit(
    _ x: SparseDesignMatrix, _ y: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    let start = ContinuousClock.now
    try validateHyperparameters()
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return try solve(datafit, warmStart: warmStart, start: start)
  }

  /// α_max, the smallest α whose solution is w = 0 (for τ = 0, max_g ‖X̃_gᵀỹ‖₂/(nω_g)).
  ///
  /// - Throws: ``SolverError`` as ``fit(_:_:sampleWeights:warmStart:)``.
  public func alphaMax(_ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil) throws(SolverError) -> Double {
    try validateGroups(featureCount: x.rank == 2 ? x.shape[1] : 0)
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return penalty(alpha: 1).alphaMax(gradientAtZero: datafit.gradientAtZero())
  }

  /// α_max for a sparse design; see ``alphaMax(_:_:sampleWeights:)-(Tensor<Double>,_,_)``.
  public func alphaMax(_ x: SparseDesignMatrix, _ y: [Double], sampleWeights: [Double]? = nil) throws(SolverError) -> Double {
    try validateGroups(featureCount: x.columnCount)
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return penalty(alpha: 1).alphaMax(gradientAtZero: datafit.gradientAtZero())
  }

  func penalty(alpha: Double) -> SparseGroupLassoPenalty {
    SparseGroupLassoPenalty(alpha: alpha, l1Ratio: l1Ratio, groups: groups, weights: weights)
  }

  func validateHyperparameters() throws(SolverError) {
    guard alpha > 0, alpha.isFinite else { throw .nonPositiveAlpha(alpha) }
    try validateL1Ratio()
  }

  func validateL1Ratio() throws(SolverError) {
    guard l1Ratio >= 0, l1Ratio <= 1 else { throw .invalidParameter(name: "l1Ratio", value: l1Ratio, requirement: "in [0, 1]") }
  }

  func validateGroups(featureCount p: Int) throws(SolverError) {
    try validatePartition(groups, featureCount: p)
    if let weights {
      guard weights.count == groups.count else {
        throw .lengthMismatch(what: "group weights for the groups", expected: groups.count, got: weights.count)
      }
      for (g, v) in weights.enumerated() where !(v >= 0 && v.isFinite) {
        throw .invalidParameter(name: "weights[\(g)]", value: v, requirement: "finite and non-negative")
      }
    }
  }

  func solve<D: DesignColumns>(
    _ datafit: QuadraticDatafit<D>, warmStart: [Double]?, start: ContinuousClock.Instant
  ) throws(SolverError) -> SparseLinearModelSolution {
    try validateGroups(featureCount: datafit.columnCount)
    let lipschitz = groupLipschitzConstants(datafit.design, groups: groups, sampleCount: datafit.rowCount)
    return try solve(datafit, alpha: alpha, lipschitz: lipschitz, warmStart: warmStart, start: start)
  }

  /// The fit at `alpha` on validated groups, with the groups' Lipschitz constants L_g given
  /// (computed once for a path).
  func solve<D: DesignColumns>(
    _ datafit: QuadraticDatafit<D>, alpha: Double, lipschitz: [Double], warmStart: [Double]?, start: ContinuousClock.Instant
  ) throws(SolverError) -> SparseLinearModelSolution {
    if let warmStart, warmStart.count != datafit.columnCount {
      throw .lengthMismatch(what: "warm-start coefficients for the columns of the design", expected: datafit.columnCount, got: warmStart.count)
    }
    let result: CoordinateDescentResult
    // The group Lasso runs on the plain group penalty (no L1 pass in its prox).
    if l1Ratio == 0 {
      result = blockCoordinateDescent(
        design: datafit.design, target: datafit.target, sampleCount: datafit.rowCount,
        penalty: GroupL21Penalty(alpha: alpha, groups: groups, weights: weights), lipschitz: lipschitz,
        options: options, warmStart: warmStart, start: start)
    } else {
      result = blockCoordinateDescent(
        design: datafit.design, target: datafit.target, sampleCount: datafit.rowCount, penalty: penalty(alpha: alpha),
        lipschitz: lipschitz, options: options, warmStart: warmStart, start: start)
    }
    return SparseLinearModelSolution(result, intercept: datafit.intercept(for: result.coefficients), start: start)
  }

  /// Fits the model along a decreasing grid of α (the model's own `alpha` is ignored), each
  /// fit warm-started from the previous one; the data and the groups' Lipschitz constants
  /// are prepared once. The default grid starts at α_max = max_g ‖X̃_gᵀỹ‖₂/(nω_g) for the
  /// group Lasso (for τ > 0, the α at which each group's soft-thresholded gradient enters).
  ///
  /// - Parameters:
  ///   - sampleWeights: sᵢ ≥ 0, one per row; `nil` for equal weights.
  ///   - alphas: the grid, used in decreasing order; `nil` for ``logarithmicAlphaGrid(alphaMax:count:minRatio:)``.
  ///   - alphaCount: points of the default grid. Default `100`, as scikit-learn and celer.
  ///   - minRatio: α_min/α_max of the default grid. Default `1e-3`, as scikit-learn and celer.
  /// - Throws: ``SolverError`` as ``fit(_:_:sampleWeights:warmStart:)``, and for a bad grid.
  /// - SeeAlso: celer's `celer_path(…, pb="grouplasso")`.
  public func path(
    _ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil, alphas: [Double]? = nil,
    alphaCount: Int = 100, minRatio: Double = 1e-3
  ) throws(SolverError) -> RegularizationPath<SparseLinearModelSolution> {
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return try fitPath(datafit, alphas: alphas, alphaCount: alphaCount, minRatio: minRatio)
  }

  /// The path for a sparse design; see ``path(_:_:sampleWeights:alphas:alphaCount:minRatio:)-(Tensor<Double>,_,_,_,_,_)``.
  public func path(
    _ x: SparseDesignMatrix, _ y: [Double], sampleWeights: [Double]? = nil, alphas: [Double]? = nil,
    alphaCount: Int = 100, minRatio: Double = 1e-3
  ) throws(SolverError) -> RegularizationPath<SparseLinearModelSolution> {
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return try fitPath(datafit, alphas: alphas, alphaCount: alphaCount, minRatio: minRatio)
  }

  /// Chooses α by K-fold cross-validation on the mean squared error, then refits on all the
  /// data, as ``PenalizedLinearRegression/crossValidate(_:_:folds:alphas:alphaCount:minRatio:)``
  /// (contiguous folds, scikit-learn's `KFold` without shuffling; the grid from the full data).
  ///
  /// - Parameters:
  ///   - folds: K ≥ 2, at most n. Default `5`.
  ///   - alphas, alphaCount, minRatio: the grid, as in ``path(_:_:sampleWeights:alphas:alphaCount:minRatio:)-(Tensor<Double>,_,_,_,_,_)``.
  /// - Throws: ``SolverError`` for bad data, groups or fold count.
  /// - SeeAlso: celer's `GroupLassoCV`.
  public func crossValidate(
    _ x: Tensor<Double>, _ y: [Double], folds: Int = 5, alphas: [Double]? = nil, alphaCount: Int = 100,
    minRatio: Double = 1e-3
  ) throws(SolverError) -> CrossValidation<SparseLinearModelSolution> {
    try crossValidateSingleTarget(x, y, folds: folds, fitIntercept: fitIntercept) { (datafit, grid) throws(SolverError) in
      try fitPath(datafit, alphas: grid ?? alphas, alphaCount: alphaCount, minRatio: minRatio)
    }
  }

  func fitPath<D: DesignColumns>(
    _ datafit: QuadraticDatafit<D>, alphas: [Double]?, alphaCount: Int, minRatio: Double
  ) throws(SolverError) -> RegularizationPath<SparseLinearModelSolution> {
    try validateL1Ratio()
    try validateGroups(featureCount: datafit.columnCount)
    let lipschitz = groupLipschitzConstants(datafit.design, groups: groups, sampleCount: datafit.rowCount)
    return try warmStartedPath(
      alphaMax: penalty(alpha: 1).alphaMax(gradientAtZero: datafit.gradientAtZero()), alphas: alphas,
      alphaCount: alphaCount, minRatio: minRatio
    ) { (alpha, previous) throws(SolverError) in
      try solve(datafit, alpha: alpha, lipschitz: lipschitz, warmStart: previous?.coefficients, start: .now)
    }
  }
}

/// Checks that `groups` partition 0..<`featureCount`.
///
/// - Throws: ``SolverError/emptyGroup(group:)``,
///   ``SolverError/groupIndexOutOfRange(group:feature:featureCount:)`` or
///   ``SolverError/notAPartition(feature:groups:)`` for the first problem found.
func validatePartition(_ groups: [[Int]], featureCount p: Int) throws(SolverError) {
  var owner = [Int](repeating: -1, count: p)
  for (g, group) in groups.enumerated() {
    guard !group.isEmpty else { throw .emptyGroup(group: g) }
    for j in group {
      guard j >= 0, j < p else { throw .groupIndexOutOfRange(group: g, feature: j, featureCount: p) }
      guard owner[j] < 0 else { throw .notAPartition(feature: j, groups: [owner[j], g]) }
      owner[j] = g
    }
  }
  if let missing = owner.firstIndex(of: -1) { throw .notAPartition(feature: missing, groups: []) }
}

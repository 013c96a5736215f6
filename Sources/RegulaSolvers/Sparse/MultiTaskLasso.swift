import RegulaCore
import RegulaPenalties

/// The multitask Lasso, scikit-learn's `MultiTaskLasso`: T regressions on the same design
/// that select the same features,
///
///     min_{W, b}  (1/2n)‖Y − XW − 1bᵀ‖²_F + α Σⱼ ‖W[j, :]‖₂
///
/// (the ℓ2,1 norm of W's rows, so a feature is used by every task or by none). Solved by
/// block coordinate descent over the rows of W with working sets and Anderson
/// extrapolation, stopping when the duality gap is at most `tolerance`·‖Y‖²_F/n (dual point
/// Θ = R·min(1, nα/maxⱼ‖x_jᵀR‖₂), as scikit-learn).
///
///     let solution = try MultiTaskLasso(alpha: 0.1).fit(x, y)   // y: [n, T]
///     solution.coefficients   // [p, T]
///
/// - Parameters:
///   - alpha: α > 0.
///   - fitIntercept: default `true` (one intercept per task, by centering).
///   - options: solver settings; default tolerance `1e-4`.
/// - SeeAlso: G. Obozinski, B. Taskar & M. Jordan, "Joint covariate selection and joint
///   subspace selection for multiple classification problems", Statistics and Computing
///   2010; scikit-learn `MultiTaskLasso`.
/// - Note: coefficients are W with shape `[p, T]` (Y ≈ XW); scikit-learn's `coef_` is its
///   transpose, `[T, p]`.
public struct MultiTaskLasso: Sendable {
  public var alpha: Double
  public var fitIntercept: Bool
  public var options: CoordinateDescentOptions

  public init(alpha: Double, fitIntercept: Bool = true, options: CoordinateDescentOptions = .init()) {
    self.alpha = alpha
    self.fitIntercept = fitIntercept
    self.options = options
  }

  /// Fits the model to `x` (shape `[n, p]`) and `y` (shape `[n, T]`).
  ///
  /// - Parameter warmStart: initial coefficients, shape `[p, T]`.
  /// - Throws: ``SolverError`` for α ≤ 0, an empty or constant design, mismatched row
  ///   counts, or NaN / infinite values (a target's row is named).
  public func fit(_ x: Tensor<Double>, _ y: Tensor<Double>, warmStart: Tensor<Double>? = nil) throws(SolverError) -> MultiTaskLassoSolution {
    let start = ContinuousClock.now
    guard alpha > 0, alpha.isFinite else { throw .nonPositiveAlpha(alpha) }
    let problem = try prepare(x, y)
    let p = problem.datafit.columnCount, T = problem.means.count
    if let warmStart, warmStart.shape != [p, T] {
      throw .lengthMismatch(what: "warm-start coefficients (p·T) for the design and targets", expected: p * T, got: warmStart.scalars.count)
    }
    return solve(problem, alpha: alpha, warmStart: warmStart?.scalars, start: start)
  }

  /// α_max = maxⱼ ‖x̃_jᵀỸ‖₂/n, the smallest α whose solution is W = 0.
  public func alphaMax(_ x: Tensor<Double>, _ y: Tensor<Double>) throws(SolverError) -> Double {
    try prepare(x, y).alphaMax
  }

  /// Fits the model along a decreasing grid of α (the model's own `alpha` is ignored), each
  /// fit warm-started from the previous one; the data are prepared once. The default grid
  /// starts at α_max = maxⱼ ‖x̃_jᵀỸ‖₂/n.
  ///
  /// - Parameters:
  ///   - alphas: the grid, used in decreasing order; `nil` for ``logarithmicAlphaGrid(alphaMax:count:minRatio:)``.
  ///   - alphaCount: points of the default grid. Default `100`, as scikit-learn.
  ///   - minRatio: α_min/α_max of the default grid. Default `1e-3`, as scikit-learn.
  /// - Throws: ``SolverError`` as ``fit(_:_:warmStart:)``, and for a bad grid.
  /// - SeeAlso: scikit-learn's `lasso_path` with a two-dimensional `y`.
  public func path(
    _ x: Tensor<Double>, _ y: Tensor<Double>, alphas: [Double]? = nil, alphaCount: Int = 100, minRatio: Double = 1e-3
  ) throws(SolverError) -> RegularizationPath<MultiTaskLassoSolution> {
    try fitPath(prepare(x, y), alphas: alphas, alphaCount: alphaCount, minRatio: minRatio)
  }

  /// Chooses α by K-fold cross-validation on the mean squared error over rows and tasks,
  /// then refits on all the data (scikit-learn's `MultiTaskLassoCV`: contiguous folds, its
  /// `KFold` without shuffling; the grid from the full data).
  ///
  /// - Parameters:
  ///   - folds: K ≥ 2, at most n. Default `5`.
  ///   - alphas, alphaCount, minRatio: the grid, as in ``path(_:_:alphas:alphaCount:minRatio:)``.
  /// - Throws: ``SolverError`` for bad data or a bad fold count.
  public func crossValidate(
    _ x: Tensor<Double>, _ y: Tensor<Double>, folds: Int = 5, alphas: [Double]? = nil, alphaCount: Int = 100,
    minRatio: Double = 1e-3
  ) throws(SolverError) -> CrossValidation<MultiTaskLassoSolution> {
    let full = try prepare(x, y)
    let fullPath = try fitPath(full, alphas: alphas, alphaCount: alphaCount, minRatio: minRatio)
    return try RegulaSolvers.crossValidate(
      rowCount: full.datafit.rowCount, folds: folds, fullPath: fullPath,
      foldPath: { (rows) throws(SolverError) in try path(selectRows(x, rows), selectRows(y, rows), alphas: fullPath.alphas) },
      testError: { solution, test in
        let truth = selectRows(y, test).scalars
        let prediction = solution.predict(selectRows(x, test)).scalars
        return zip(truth, prediction).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(truth.count)
      })
  }

  private func fitPath(
    _ problem: Problem, alphas: [Double]?, alphaCount: Int, minRatio: Double
  ) throws(SolverError) -> RegularizationPath<MultiTaskLassoSolution> {
    try warmStartedPath(alphaMax: problem.alphaMax, alphas: alphas, alphaCount: alphaCount, minRatio: minRatio) {
      (alpha, previous) throws(SolverError) in solve(problem, alpha: alpha, warmStart: previous?.coefficients.scalars, start: .now)
    }
  }

  /// A prepared problem: the centered design (the first task's datafit), its lifted
  /// multitask columns, the centered targets task by task (task t at t·n), and ȳ.
  private struct Problem {
    var datafit: QuadraticDatafit<DenseColumns>
    var design: MultiTaskColumns<DenseColumns>
    var targets: [Double]
    var means: [Double]

    /// maxⱼ ‖x̃_jᵀỸ‖₂/n.
    var alphaMax: Double {
      let p = datafit.columnCount, T = means.count
      var xty = [Double](repeating: 0, count: p * T)
      targets.withUnsafeBufferPointer { t in xty.withUnsafeMutableBufferPointer { design.transposeMultiply(t.baseAddress!, into: $0.baseAddress!) } }
      return penalty(alpha: 1).alphaMax(gradientAtZero: xty.map { $0 / Double(datafit.rowCount) })
    }

    /// α Σⱼ ‖W[j, :]‖₂ on the lifted coefficients w[j·T + t] = W[j, t].
    func penalty(alpha: Double) -> GroupL21Penalty {
      let p = datafit.columnCount
      return GroupL21Penalty(alpha: alpha, featureCount: p * means.count, groupSize: means.count, weights: [Double](repeating: 1, count: p))
    }
  }

  private func solve(_ problem: Problem, alpha: Double, warmStart: [Double]?, start: ContinuousClock.Instant) -> MultiTaskLassoSolution {
    let datafit = problem.datafit
    let p = datafit.columnCount, T = problem.means.count, n = datafit.rowCount
    let result = blockCoordinateDescent(
      design: problem.design, target: problem.targets, sampleCount: n, penalty: problem.penalty(alpha: alpha),
      lipschitz: datafit.design.squaredColumnNorms.map { $0 / Double(n) }, options: options,
      warmStart: warmStart, start: start)
    var intercepts = problem.means
    if fitIntercept {
      for t in 0..<T { for j in 0..<p { intercepts[t] -= datafit.featureMeans[j] * result.coefficients[j * T + t] } }
    }
    return MultiTaskLassoSolution(
      coefficients: Tensor(shape: [p, T], scalars: result.coefficients), intercepts: intercepts,
      report: SolverReport(result, start: start))
  }

  private func prepare(_ x: Tensor<Double>, _ y: Tensor<Double>) throws(SolverError) -> Problem {
    precondition(x.rank == 2, "the design must be a matrix, got shape \(x.shape)")
    precondition(y.rank == 2, "the targets must be a matrix [n, T], got shape \(y.shape)")
    let n = y.shape[0], T = y.shape[1]
    guard T > 0 else { throw .emptyDesign(rows: n, columns: 0) }
    let ys = y.scalars
    for (k, v) in ys.enumerated() where !v.isFinite { throw .nonFiniteTarget(row: k / T, value: v) }
    let columns = (0..<T).map { t in (0..<n).map { ys[$0 * T + t] } }
    // The first task's datafit validates X and the lengths, and centers X.
    let datafit = try QuadraticDatafit(x: x, y: columns[0], sampleWeights: nil, fitIntercept: fitIntercept)
    var means = [Double](repeating: 0, count: T)
    var targets = [Double]()
    targets.reserveCapacity(n * T)
    for t in 0..<T {
      if fitIntercept { means[t] = columns[t].reduce(0, +) / Double(n) }
      targets.append(contentsOf: columns[t].map { $0 - means[t] })
    }
    return Problem(datafit: datafit, design: MultiTaskColumns(datafit.design, taskCount: T), targets: targets, means: means)
  }
}

/// The result of ``MultiTaskLasso``: W, one intercept per task, and how the solver stopped
/// (``report``, whose fields read through; the objective is
/// (1/2n)‖Y − XW − 1bᵀ‖²_F + α Σⱼ‖W[j, :]‖₂ and the KKT violation is taken over the rows of W).
public struct MultiTaskLassoSolution: SolverReporting, Sendable, Equatable {
  /// W, shape `[p, T]`.
  public var coefficients: Tensor<Double>
  /// b, one per task.
  public var intercepts: [Double]
  /// How the solver stopped and what it reached.
  public var report: SolverReport

  /// A solution from W (shape `[p, T]`), one intercept per task and the solver report.
  public init(coefficients: Tensor<Double>, intercepts: [Double], report: SolverReport) {
    self.coefficients = coefficients
    self.intercepts = intercepts
    self.report = report
  }

  /// The features with a nonzero row of W, increasing.
  public var support: [Int] {
    let T = coefficients.shape[1]
    let w = coefficients.scalars
    return (0..<coefficients.shape[0]).filter { j in (0..<T).contains { w[j * T + $0] != 0 } }
  }

  /// Predictions XW + 1bᵀ for the rows of `x` (shape `[m, p]`), shape `[m, T]`.
  ///
  /// - Precondition: `x` has one column per row of W.
  public func predict(_ x: Tensor<Double>) -> Tensor<Double> {
    let p = coefficients.shape[0], T = coefficients.shape[1]
    precondition(x.rank == 2 && x.shape[1] == p, "features of shape \(x.shape) for \(p) rows of coefficients")
    let m = x.shape[0]
    let xs = x.scalars, w = coefficients.scalars
    var out = [Double]()
    out.reserveCapacity(m * T)
    for _ in 0..<m { out.append(contentsOf: intercepts) }
    for i in 0..<m {
      for j in 0..<p where xs[i * p + j] != 0 {
        for t in 0..<T { out[i * T + t] += xs[i * p + j] * w[j * T + t] }
      }
    }
    return Tensor(shape: [m, T], scalars: out)
  }
}

import RegulaPenalties

/// K-fold cross-validation of α for a penalized linear model (scikit-learn's `LassoCV`,
/// `MultiTaskLassoCV`; celer's `GroupLassoCV`).
///
/// `Solution` is ``SparseLinearModelSolution`` for the single-target models and
/// ``MultiTaskLassoSolution`` for ``MultiTaskLasso``.
public struct CrossValidation<Solution: Sendable & Equatable>: Sendable, Equatable {
  /// The grid, decreasing (from the full data's α_max).
  public var alphas: [Double]
  /// meanSquaredErrors[a][k]: the mean squared error on fold k of the model fitted on the
  /// other folds at alphas[a] (averaged over the tasks too, for a multitask model).
  public var meanSquaredErrors: [[Double]]
  /// The average over folds of ``meanSquaredErrors`` at each α.
  public var averageErrors: [Double]
  /// The index of the α with the smallest average error (the largest α among ties).
  public var bestIndex: Int
  /// alphas[bestIndex].
  public var bestAlpha: Double { alphas[bestIndex] }
  /// The model refitted on all the data at ``bestAlpha``.
  public var solution: Solution
}

/// The fold loop every model shares. The folds are contiguous blocks of rows, the first
/// n mod K one row larger (scikit-learn's `KFold` without shuffling); for each, `foldPath`
/// fits the path over `fullPath.alphas` on the other rows (given increasing), and
/// `testError` scores each of its solutions on the held-out block.
///
/// - Throws: ``SolverError/invalidParameter(name:value:requirement:)`` unless 2 ≤ `folds` ≤ n,
///   and what `foldPath` throws.
func crossValidate<Solution>(
  rowCount n: Int, folds: Int, fullPath: RegularizationPath<Solution>,
  foldPath: (_ trainingRows: [Int]) throws(SolverError) -> RegularizationPath<Solution>,
  testError: (_ solution: Solution, _ testRows: Range<Int>) -> Double
) throws(SolverError) -> CrossValidation<Solution> {
  guard folds >= 2, folds <= n else { throw .invalidParameter(name: "folds", value: Double(folds), requirement: "in 2...\(n)") }
  var errors = [[Double]](repeating: [], count: fullPath.alphas.count)
  var begin = 0
  for k in 0..<folds {
    let test = begin..<(begin + n / folds + (k < n % folds ? 1 : 0))
    begin = test.upperBound
    let path = try foldPath(Array(0..<test.lowerBound) + Array(test.upperBound..<n))
    for (a, solution) in path.solutions.enumerated() { errors[a].append(testError(solution, test)) }
  }
  let averages = errors.map { $0.reduce(0, +) / Double(folds) }
  var best = 0
  for a in averages.indices where averages[a] < averages[best] { best = a }
  return CrossValidation(
    alphas: fullPath.alphas, meanSquaredErrors: errors, averageErrors: averages, bestIndex: best,
    solution: fullPath.solutions[best])
}

/// The rows `rows` of a matrix `x` (shape `[n, d]`), in that order.
func selectRows<S: Collection<Int>>(_ x: Tensor<Double>, _ rows: S) -> Tensor<Double> {
  precondition(x.rank == 2, "row selection needs a matrix, got shape \(x.shape)")
  let d = x.shape[1]
  let s = x.scalars
  var out = [Double]()
  out.reserveCapacity(rows.count * d)
  for i in rows { out.append(contentsOf: s[(i * d)..<((i + 1) * d)]) }
  return Tensor(shape: [rows.count, d], scalars: out)
}

/// Cross-validation of a single-target least-squares model (``PenalizedLinearRegression``,
/// ``GroupLasso``): `fitPath(datafit, grid)` fits the model's path on prepared data, over
/// `grid` or, when it is `nil`, over the grid the caller configured.
func crossValidateSingleTarget(
  _ x: Tensor<Double>, _ y: [Double], folds: Int, fitIntercept: Bool,
  fitPath: (QuadraticDatafit<DenseColumns>, _ grid: [Double]?) throws(SolverError) -> RegularizationPath<SparseLinearModelSolution>
) throws(SolverError) -> CrossValidation<SparseLinearModelSolution> {
  let full = try QuadraticDatafit(x: x, y: y, sampleWeights: nil, fitIntercept: fitIntercept)
  let fullPath = try fitPath(full, nil)
  return try crossValidate(
    rowCount: full.rowCount, folds: folds, fullPath: fullPath,
    foldPath: { (rows) throws(SolverError) in
      try fitPath(QuadraticDatafit(x: selectRows(x, rows), y: rows.map { y[$0] }, sampleWeights: nil, fitIntercept: fitIntercept), fullPath.alphas)
    },
    testError: { solution, test in
      let prediction = solution.predict(selectRows(x, test))
      var squared = 0.0
      for (i, row) in test.enumerated() { squared += (y[row] - prediction[i]) * (y[row] - prediction[i]) }
      return squared / Double(test.count)
    })
}

extension PenalizedLinearRegression where Penalty: PathPenalty {
  /// Chooses α by K-fold cross-validation on the mean squared error, then refits on all data.
  ///
  /// The folds are contiguous blocks of rows, the first n mod K one row larger (scikit-learn's
  /// `KFold` without shuffling); shuffle the rows beforehand for ordered data. Each fold
  /// fits a warm-started path over the same grid.
  ///
  /// - Parameters:
  ///   - folds: K ≥ 2, at most n. Default `5`.
  ///   - alphas, alphaCount, minRatio: the grid, as in ``path(_:_:sampleWeights:alphas:alphaCount:minRatio:)``.
  /// - Throws: ``SolverError`` for bad data or a bad fold count.
  public func crossValidate(
    _ x: Tensor<Double>, _ y: [Double], folds: Int = 5, alphas: [Double]? = nil, alphaCount: Int = 100,
    minRatio: Double = 1e-3
  ) throws(SolverError) -> CrossValidation<SparseLinearModelSolution> {
    try crossValidateSingleTarget(x, y, folds: folds, fitIntercept: fitIntercept) { (datafit, grid) throws(SolverError) in
      try fitPath(datafit, alphas: grid ?? alphas, alphaCount: alphaCount, minRatio: minRatio)
    }
  }
}

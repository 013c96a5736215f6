import RegulaPenalties

/// K-fold cross-validation of α for a penalized linear model (scikit-learn's `LassoCV`).
public struct CrossValidation: Sendable, Equatable {
  /// The grid, decreasing (from the full data's α_max).
  public var alphas: [Double]
  /// meanSquaredErrors[a][k]: the mean squared error on fold k of the model fitted on the
  /// other folds at alphas[a].
  public var meanSquaredErrors: [[Double]]
  /// The average over folds of ``meanSquaredErrors`` at each α.
  public var averageErrors: [Double]
  /// The index of the α with the smallest average error (the largest α among ties).
  public var bestIndex: Int
  /// alphas[bestIndex].
  public var bestAlpha: Double { alphas[bestIndex] }
  /// The model refitted on all the data at ``bestAlpha``.
  public var solution: SparseLinearModelSolution
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
  ) throws(SolverError) -> CrossValidation {
    let full = try QuadraticDatafit(x: x, y: y, sampleWeights: nil, fitIntercept: fitIntercept)
    let n = full.rowCount, p = full.columnCount
    guard folds >= 2, folds <= n else { throw .invalidParameter(name: "folds", value: Double(folds), requirement: "in 2...\(n)") }
    let fullPath = try fitPath(full, alphas: alphas, alphaCount: alphaCount, minRatio: minRatio)
    let grid = fullPath.alphas
    var errors = [[Double]](repeating: [], count: grid.count)
    var begin = 0
    let xs = x.scalars
    for k in 0..<folds {
      let size = n / folds + (k < n % folds ? 1 : 0)
      let test = begin..<(begin + size)
      begin += size
      let trainRows = (0..<n).filter { !test.contains($0) }
      var trainX = [Double]()
      trainX.reserveCapacity(trainRows.count * p)
      for i in trainRows { trainX.append(contentsOf: xs[(i * p)..<((i + 1) * p)]) }
      let trainPath = try path(Tensor(shape: [trainRows.count, p], scalars: trainX), trainRows.map { y[$0] }, alphas: grid)
      for (a, solution) in trainPath.solutions.enumerated() {
        var squared = 0.0
        for i in test {
          var prediction = solution.intercept
          for j in 0..<p where solution.coefficients[j] != 0 { prediction += xs[i * p + j] * solution.coefficients[j] }
          squared += (y[i] - prediction) * (y[i] - prediction)
        }
        errors[a].append(squared / Double(size))
      }
    }
    let averages = errors.map { $0.reduce(0, +) / Double(folds) }
    var best = 0
    for a in averages.indices where averages[a] < averages[best] { best = a }
    return CrossValidation(
      alphas: grid, meanSquaredErrors: errors, averageErrors: averages, bestIndex: best,
      solution: fullPath.solutions[best])
  }
}

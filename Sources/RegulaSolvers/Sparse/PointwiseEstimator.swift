import RegulaPenalties

/// What the penalized Huber, Poisson and logistic estimators share: given how to build their
/// ``PointwiseDatafit`` from a validated design, fitting dense and sparse designs and
/// computing ∇f at the reference point for α_max.
protocol PointwiseEstimator {
  associatedtype Loss: SampleLoss
  associatedtype Penalty: SeparablePenalty
  var penalty: Penalty { get }
  var fitIntercept: Bool { get }
  var options: CoordinateDescentOptions { get }
  /// The algorithm the estimator runs.
  var algorithm: GeneralizedLinearSolver { get }
  /// The datafit on a design validated with `y` (the targets as the user gave them).
  func datafit<D: DesignColumns>(
    _ prepared: QuadraticDatafit<D>, _ y: [Double], sampleWeights: [Double]?
  ) throws(SolverError) -> PointwiseDatafit<Loss, D>
}

extension PointwiseEstimator {
  func solve(
    _ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]?, warmStart: [Double]?
  ) throws(SolverError) -> SparseLinearModelSolution {
    let start = ContinuousClock.now
    let prepared = try QuadraticDatafit(x: x, y: y, sampleWeights: nil, fitIntercept: fitIntercept)
    return try datafit(prepared, y, sampleWeights: sampleWeights)
      .solve(penalty: penalty, options: options, solver: algorithm, warmStart: warmStart, start: start)
  }

  func solve(
    _ x: SparseDesignMatrix, _ y: [Double], sampleWeights: [Double]?, warmStart: [Double]?
  ) throws(SolverError) -> SparseLinearModelSolution {
    let start = ContinuousClock.now
    let prepared = try QuadraticDatafit(x: x, y: y, sampleWeights: nil, fitIntercept: fitIntercept)
    return try datafit(prepared, y, sampleWeights: sampleWeights)
      .solve(penalty: penalty, options: options, solver: algorithm, warmStart: warmStart, start: start)
  }

  /// ∇f over the features at w = 0, the intercept at its best constant.
  func gradientAtReference(_ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]?) throws(SolverError) -> [Double] {
    let prepared = try QuadraticDatafit(x: x, y: y, sampleWeights: nil, fitIntercept: fitIntercept)
    return try datafit(prepared, y, sampleWeights: sampleWeights).gradientAtReference()
  }
}

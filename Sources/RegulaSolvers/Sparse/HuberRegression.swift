import RegulaPenalties

/// Robust linear regression: the Huber loss with a separable penalty (skglm's `Huber`
/// datafit),
///
///     min_{w, b}  (1/Σs) Σᵢ sᵢ h_δ(yᵢ − xᵢᵀw − b) + Σⱼ gⱼ(wⱼ),
///     h_δ(r) = ½r² for |r| ≤ δ,  δ|r| − ½δ² otherwise,
///
/// (1/n Σᵢ h_δ without sample weights). Residuals beyond δ pull the fit with a bounded force,
/// so that outliers in y do not dominate it. Fitted by coordinate descent with working sets
/// and Anderson extrapolation (Lⱼ = ‖x_j‖²/n; the intercept is an unpenalized coordinate),
/// stopping when the largest KKT violation is at most `tolerance`·‖∇f(0)‖_∞.
///
///     let solution = try PenalizedHuberRegression(penalty: L1Penalty(alpha: 0.05), delta: 1.35).fit(x, y)
///
/// - Parameters:
///   - penalty: g, e.g. ``L1Penalty``.
///   - delta: δ > 0. Default `1.35` (scikit-learn's `HuberRegressor` ε, for residuals of unit
///     scale).
///   - fitIntercept: default `true`.
///   - options: the solver's settings.
/// - SeeAlso: P. J. Huber, "Robust Estimation of a Location Parameter", Annals of
///   Mathematical Statistics 1964; skglm `Huber`.
/// - Note: δ applies to the raw residuals: unlike scikit-learn's `HuberRegressor`, no scale
///   σ is estimated jointly.
public struct PenalizedHuberRegression<Penalty: SeparablePenalty>: Sendable {
  public var penalty: Penalty
  public var delta: Double
  public var fitIntercept: Bool
  public var options: CoordinateDescentOptions

  public init(penalty: Penalty, delta: Double = 1.35, fitIntercept: Bool = true, options: CoordinateDescentOptions = .init()) {
    self.penalty = penalty
    self.delta = delta
    self.fitIntercept = fitIntercept
    self.options = options
  }

  /// Fits the model to `x` (shape `[n, p]`) and `y` (n targets).
  ///
  /// - Parameters:
  ///   - sampleWeights: sᵢ ≥ 0, one per row, not all 0; `nil` for equal weights.
  ///   - warmStart: initial coefficients (p of them).
  /// - Throws: ``SolverError`` for bad data, and
  ///   ``SolverError/invalidParameter(name:value:requirement:)`` for δ ≤ 0.
  @_specialize(exported: true, where Penalty == L1Penalty)
  @_specialize(exported: true, where Penalty == ElasticNetPenalty)
  public func fit(
    _ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    try solve(x, y, sampleWeights: sampleWeights, warmStart: warmStart)
  }

  /// Fits the model to a sparse design (CSC); the same problem and result as the dense
  /// ``fit(_:_:sampleWeights:warmStart:)-(Tensor<Double>,_,_,_)``.
  @_specialize(exported: true, where Penalty == L1Penalty)
  public func fit(
    _ x: SparseDesignMatrix, _ y: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    try solve(x, y, sampleWeights: sampleWeights, warmStart: warmStart)
  }

  /// The smallest α for which w = 0 is optimal given b = 0 (‖Xᵀclip(y, ±δ)‖_∞/n for L1,
  /// without intercept; with one, the fit's intercept moves away from 0 and α_max is a
  /// reference scale only).
  public func alphaMax(_ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil) throws(SolverError) -> Double
  where Penalty: PathPenalty {
    penalty.alphaMax(gradientAtZero: try gradientAtReference(x, y, sampleWeights: sampleWeights))
  }
}

extension PenalizedHuberRegression: PointwiseEstimator {
  var algorithm: GeneralizedLinearSolver { .coordinateDescent }

  func datafit<D: DesignColumns>(
    _ prepared: QuadraticDatafit<D>, _ y: [Double], sampleWeights: [Double]?
  ) throws(SolverError) -> PointwiseDatafit<HuberSampleLoss, D> {
    guard delta > 0, delta.isFinite else { throw .invalidParameter(name: "delta", value: delta, requirement: "positive and finite") }
    return try PointwiseDatafit(loss: HuberSampleLoss(delta: delta), prepared: prepared, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
  }
}

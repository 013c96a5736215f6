import RegulaPenalties

/// Poisson regression (log link) with a separable penalty, for counts (skglm's `Poisson`
/// datafit):
///
///     min_{w, b}  (1/Σs) Σᵢ sᵢ (exp(xᵢᵀw + b) − yᵢ(xᵢᵀw + b)) + Σⱼ gⱼ(wⱼ),   yᵢ ≥ 0
///
/// (1/n Σᵢ without sample weights): the negative log-likelihood of yᵢ ~ Poisson(exp(xᵢᵀw + b))
/// up to terms in y only. Its curvature exp(z) is unbounded, so coordinate descent has no
/// safe step; it is fitted by proximal Newton with working sets, stopping when the largest
/// KKT violation is at most `tolerance`·‖∇f(0, b₀)‖_∞, b₀ = log ȳ the best intercept at
/// w = 0.
///
///     let solution = try PenalizedPoissonRegression(penalty: L1Penalty(alpha: 0.01)).fit(x, counts)
///     let rates = solution.predict(x).map { exp($0) }
///
/// - Parameters:
///   - penalty: g, e.g. ``L1Penalty``.
///   - fitIntercept: default `true`.
///   - options: the solver's settings.
/// - SeeAlso: P. McCullagh & J. A. Nelder, "Generalized Linear Models", 1989; J. D. Lee,
///   Y. Sun & M. A. Saunders, "Proximal Newton-Type Methods for Minimizing Composite
///   Functions", 2014; skglm `Poisson`, `ProxNewton`.
/// - Note: `predict` returns the linear predictor xᵀw + b, the log of the rate.
public struct PenalizedPoissonRegression<Penalty: SeparablePenalty>: Sendable {
  public var penalty: Penalty
  public var fitIntercept: Bool
  public var options: CoordinateDescentOptions

  public init(penalty: Penalty, fitIntercept: Bool = true, options: CoordinateDescentOptions = .init()) {
    self.penalty = penalty
    self.fitIntercept = fitIntercept
    self.options = options
  }

  /// Fits the model to `x` (shape `[n, p]`) and counts `y` (n non-negative values; need not
  /// be integers).
  ///
  /// - Parameters:
  ///   - sampleWeights: sᵢ ≥ 0, one per row, not all 0; `nil` for equal weights.
  ///   - warmStart: initial coefficients (p of them).
  /// - Throws: ``SolverError`` for bad data, and
  ///   ``SolverError/invalidParameter(name:value:requirement:)`` naming the first negative
  ///   target's row.
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

  /// The smallest α for which w = 0 is optimal (with the intercept at log ȳ when fitted):
  /// for L1, ‖Xᵀ(exp(b₀) − y)‖_∞/n.
  public func alphaMax(_ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil) throws(SolverError) -> Double
  where Penalty: PathPenalty {
    penalty.alphaMax(gradientAtZero: try gradientAtReference(x, y, sampleWeights: sampleWeights))
  }
}

extension PenalizedPoissonRegression: PointwiseEstimator {
  var algorithm: GeneralizedLinearSolver { .proxNewton }

  func datafit<D: DesignColumns>(
    _ prepared: QuadraticDatafit<D>, _ y: [Double], sampleWeights: [Double]?
  ) throws(SolverError) -> PointwiseDatafit<PoissonSampleLoss, D> {
    try PointwiseDatafit(loss: PoissonSampleLoss(), prepared: prepared, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept) {
      y throws(SolverError) in
      if let i = y.firstIndex(where: { $0 < 0 }) {
        throw .invalidParameter(name: "the target at row \(i) (0-based)", value: y[i], requirement: "non-negative for Poisson regression (counts)")
      }
      return y
    }
  }
}

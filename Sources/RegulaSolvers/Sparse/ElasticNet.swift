import RegulaPenalties

/// The elastic net, scikit-learn's objective and defaults:
///
///     min_{w, b}  (1/2n)‖y − Xw − b‖² + αρ‖w‖₁ + (α(1 − ρ)/2)‖w‖²
///
/// Solved as ``Lasso`` is, stopping on the duality gap (dual point θ = r, the penalty's
/// conjugate being finite when ρ < 1).
///
/// - Parameters:
///   - alpha: α > 0.
///   - l1Ratio: ρ in [0, 1]. Default `0.5`, as scikit-learn.
///   - fitIntercept: default `true`.
///   - options: solver settings.
/// - SeeAlso: H. Zou & T. Hastie, "Regularization and Variable Selection via the Elastic
///   Net", 2005.
public struct ElasticNet: Sendable {
  public var alpha: Double
  public var l1Ratio: Double
  public var fitIntercept: Bool
  public var options: CoordinateDescentOptions

  public init(alpha: Double, l1Ratio: Double = 0.5, fitIntercept: Bool = true, options: CoordinateDescentOptions = .init()) {
    self.alpha = alpha
    self.l1Ratio = l1Ratio
    self.fitIntercept = fitIntercept
    self.options = options
  }

  /// Fits the model; see ``PenalizedLinearRegression/fit(_:_:sampleWeights:warmStart:)``.
  ///
  /// - Throws: ``SolverError/nonPositiveAlpha(_:)`` for α ≤ 0,
  ///   ``SolverError/invalidParameter(name:value:requirement:)`` for ρ outside [0, 1], and
  ///   the data errors.
  public func fit(
    _ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    guard alpha > 0, alpha.isFinite else { throw .nonPositiveAlpha(alpha) }
    guard l1Ratio >= 0, l1Ratio <= 1 else { throw .invalidParameter(name: "l1Ratio", value: l1Ratio, requirement: "in [0, 1]") }
    return try PenalizedLinearRegression(
      penalty: ElasticNetPenalty(alpha: alpha, l1Ratio: l1Ratio), fitIntercept: fitIntercept, options: options
    ).fit(x, y, sampleWeights: sampleWeights, warmStart: warmStart)
  }

  /// α_max = ‖X̃ᵀỹ‖_∞/(nρ), the smallest α whose solution is w = 0.
  public static func alphaMax(
    _ x: Tensor<Double>, _ y: [Double], l1Ratio: Double = 0.5, sampleWeights: [Double]? = nil, fitIntercept: Bool = true
  ) throws(SolverError) -> Double {
    try PenalizedLinearRegression(penalty: ElasticNetPenalty(alpha: 1, l1Ratio: l1Ratio), fitIntercept: fitIntercept)
      .alphaMax(x, y, sampleWeights: sampleWeights)
  }
}

import RegulaPenalties

/// The Lasso, scikit-learn's objective and defaults:
///
///     min_{w, b}  (1/2n)‖y − Xw − b‖² + α‖w‖₁
///
/// (with sample weights sᵢ: (1/2Σs) Σᵢ sᵢ(yᵢ − xᵢᵀw − b)²). Solved by coordinate descent
/// with working sets and Anderson extrapolation, stopping when the duality gap is at most
/// `tolerance`·‖y‖²/n, as scikit-learn does.
///
///     let solution = try Lasso(alpha: 0.1).fit(x, y)
///     solution.coefficients; solution.intercept; solution.dualityGap
///
/// - Parameters:
///   - alpha: α > 0. `alphaMax` gives the smallest α with an all-zero solution.
///   - fitIntercept: default `true`.
///   - options: solver settings; default tolerance `1e-4`.
/// - SeeAlso: R. Tibshirani, "Regression Shrinkage and Selection via the Lasso", 1996;
///   Q. Bertrand et al., "Beyond L1: Faster and Better Sparse Models with skglm", 2022.
public struct Lasso: Sendable {
  public var alpha: Double
  public var fitIntercept: Bool
  public var options: CoordinateDescentOptions

  public init(alpha: Double, fitIntercept: Bool = true, options: CoordinateDescentOptions = .init()) {
    self.alpha = alpha
    self.fitIntercept = fitIntercept
    self.options = options
  }

  /// Fits the model; see ``PenalizedLinearRegression/fit(_:_:sampleWeights:warmStart:)``.
  ///
  /// - Throws: ``SolverError/nonPositiveAlpha(_:)`` for α ≤ 0, and the data errors.
  public func fit(
    _ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    guard alpha > 0, alpha.isFinite else { throw .nonPositiveAlpha(alpha) }
    return try PenalizedLinearRegression(penalty: L1Penalty(alpha: alpha), fitIntercept: fitIntercept, options: options)
      .fit(x, y, sampleWeights: sampleWeights, warmStart: warmStart)
  }

  /// Fits the model to a sparse design; see ``PenalizedLinearRegression/fit(_:_:sampleWeights:warmStart:)-(SparseDesignMatrix,_,_,_)``.
  public func fit(
    _ x: SparseDesignMatrix, _ y: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    guard alpha > 0, alpha.isFinite else { throw .nonPositiveAlpha(alpha) }
    return try PenalizedLinearRegression(penalty: L1Penalty(alpha: alpha), fitIntercept: fitIntercept, options: options)
      .fit(x, y, sampleWeights: sampleWeights, warmStart: warmStart)
  }

  /// α_max = ‖X̃ᵀỹ‖_∞/n, the smallest α whose solution is w = 0.
  public static func alphaMax(
    _ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil, fitIntercept: Bool = true
  ) throws(SolverError) -> Double {
    try PenalizedLinearRegression(penalty: L1Penalty(alpha: 1), fitIntercept: fitIntercept)
      .alphaMax(x, y, sampleWeights: sampleWeights)
  }
}

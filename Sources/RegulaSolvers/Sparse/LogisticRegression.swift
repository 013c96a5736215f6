import Foundation
import RegulaPenalties

/// Binary logistic regression with a separable penalty:
///
///     min_{w, b}  (1/Σs) Σᵢ sᵢ log(1 + exp(−yᵢ(xᵢᵀw + b))) + Σⱼ gⱼ(wⱼ),   yᵢ ∈ {−1, +1}
///
/// skglm's `Logistic` datafit scaling (sᵢ = 1 without sample weights: a mean over the
/// samples); scikit-learn's `LogisticRegression(penalty="l1", C)` solves the same problem
/// with α = 1/(nC). Fitted by coordinate descent with working sets and Anderson
/// extrapolation (Lⱼ = ‖x_j‖²/(4n); the intercept is an unpenalized coordinate), or by
/// proximal Newton (`solver: .proxNewton`). Both stop when the largest KKT violation is at
/// most `tolerance`·‖∇f(0, b₀)‖_∞, with b₀ = log(n₊/n₋) the best intercept at w = 0 (there
/// is no duality gap).
///
/// - Parameters:
///   - penalty: g, e.g. ``L1Penalty`` or ``ElasticNetPenalty``.
///   - fitIntercept: default `true`.
///   - options: the solver's settings.
///   - solver: default `.coordinateDescent`.
/// - Complexity: O(n) exponentials per coordinate update.
/// - Note: Double only. Labels may be any two distinct values; the smaller becomes −1.
public struct PenalizedLogisticRegression<Penalty: SeparablePenalty>: Sendable {
  public var penalty: Penalty
  public var fitIntercept: Bool
  public var options: CoordinateDescentOptions
  public var solver: GeneralizedLinearSolver

  public init(
    penalty: Penalty, fitIntercept: Bool = true, options: CoordinateDescentOptions = .init(),
    solver: GeneralizedLinearSolver = .coordinateDescent
  ) {
    self.penalty = penalty
    self.fitIntercept = fitIntercept
    self.options = options
    self.solver = solver
  }

  /// Fits the model to `x` (shape `[n, p]`) and `labels` (two distinct values).
  ///
  /// - Parameters:
  ///   - sampleWeights: sᵢ ≥ 0, one per row, not all 0; `nil` for equal weights.
  ///   - warmStart: initial coefficients (p of them).
  /// - Throws: ``SolverError`` for bad data, or
  ///   ``SolverError/invalidParameter(name:value:requirement:)`` naming `labels` when they do
  ///   not take exactly two values.
  @_specialize(exported: true, where Penalty == L1Penalty)
  @_specialize(exported: true, where Penalty == ElasticNetPenalty)
  public func fit(
    _ x: Tensor<Double>, _ labels: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    try solve(x, labels, sampleWeights: sampleWeights, warmStart: warmStart)
  }

  /// Fits the model to a sparse design (CSC); the same problem and result as the dense
  /// ``fit(_:_:sampleWeights:warmStart:)-(Tensor<Double>,_,_,_)``.
  @_specialize(exported: true, where Penalty == L1Penalty)
  public func fit(
    _ x: SparseDesignMatrix, _ labels: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    try solve(x, labels, sampleWeights: sampleWeights, warmStart: warmStart)
  }

  /// The smallest α for which w = 0 is optimal (with the intercept at its optimum when
  /// fitted): for L1, ‖Xᵀd‖_∞/n with dᵢ the loss derivative there.
  public func alphaMax(_ x: Tensor<Double>, _ labels: [Double], sampleWeights: [Double]? = nil) throws(SolverError) -> Double
  where Penalty: PathPenalty {
    penalty.alphaMax(gradientAtZero: try gradientAtReference(x, labels, sampleWeights: sampleWeights))
  }
}

extension PenalizedLogisticRegression: PointwiseEstimator {
  var algorithm: GeneralizedLinearSolver { solver }

  func datafit<D: DesignColumns>(
    _ prepared: QuadraticDatafit<D>, _ labels: [Double], sampleWeights: [Double]?
  ) throws(SolverError) -> PointwiseDatafit<LogisticSampleLoss, D> {
    try PointwiseDatafit(loss: LogisticSampleLoss(), prepared: prepared, y: labels, sampleWeights: sampleWeights, fitIntercept: fitIntercept) {
      labels throws(SolverError) in
      let classes = Array(Set(labels)).sorted()
      guard classes.count == 2 else {
        throw .invalidParameter(name: "the number of distinct labels", value: Double(classes.count), requirement: "2 for binary logistic regression")
      }
      return labels.map { $0 == classes[0] ? -1 : 1 }
    }
  }
}

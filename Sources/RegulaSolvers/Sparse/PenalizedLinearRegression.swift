import RegulaPenalties

/// Least squares with a separable penalty, fitted by coordinate descent with working sets and
/// Anderson extrapolation:
///
///     min_{w, b}  (1/2Σs) Σᵢ sᵢ(yᵢ − xᵢᵀw − b)² + Σⱼ gⱼ(wⱼ)
///
/// the scaling of scikit-learn's `Lasso` (1/(2n) on the squared loss without weights). Any
/// ``SeparablePenalty`` works: ``L1Penalty`` (Lasso), ``ElasticNetPenalty``,
/// ``WeightedL1Penalty``, ``MCPenalty``, ``SCADPenalty``. For a ``ConvexSeparablePenalty``
/// the solver stops on the duality gap; otherwise on the KKT violation (see
/// ``CoordinateDescentOptions/tolerance``).
///
///     let model = PenalizedLinearRegression(penalty: MCPenalty(alpha: 0.1, gamma: 3))
///     let solution = try model.fit(x, y)
///     print(solution.status, solution.support, solution.kktViolation)
///
/// - Parameters:
///   - penalty: g.
///   - fitIntercept: whether to fit b (by centering X and y). Default `true`.
///   - options: the solver's settings.
///   - solver: the algorithm. Default `.coordinateDescent`.
/// - Complexity: O(np) per outer iteration, O(n·|working set|) per epoch; the design is
///   copied once, column-major, in float64.
/// - Note: solvers are `Double`-only: a duality gap of 1e-10 needs float64 throughout.
public struct PenalizedLinearRegression<Penalty: SeparablePenalty>: Sendable {
  public var penalty: Penalty
  public var fitIntercept: Bool
  public var options: CoordinateDescentOptions
  public var solver: SparseSolver

  public init(
    penalty: Penalty, fitIntercept: Bool = true, options: CoordinateDescentOptions = .init(),
    solver: SparseSolver = .coordinateDescent
  ) {
    self.penalty = penalty
    self.fitIntercept = fitIntercept
    self.options = options
    self.solver = solver
  }

  /// Fits the model to `x` (shape `[n, p]`) and `y` (n targets).
  ///
  /// - Parameters:
  ///   - sampleWeights: sᵢ ≥ 0, one per row, not all 0; `nil` for equal weights.
  ///   - warmStart: initial coefficients (p of them), e.g. the solution at a nearby α.
  /// - Throws: ``SolverError`` for an empty or constant design, mismatched lengths, NaN or
  ///   infinite values, or bad weights.
  @_specialize(exported: true, where Penalty == L1Penalty)
  @_specialize(exported: true, where Penalty == ElasticNetPenalty)
  @_specialize(exported: true, where Penalty == WeightedL1Penalty)
  @_specialize(exported: true, where Penalty == MCPenalty)
  @_specialize(exported: true, where Penalty == SCADPenalty)
  public func fit(
    _ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    let start = ContinuousClock.now
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return try solve(datafit, warmStart: warmStart, start: start)
  }

  /// Fits the model to a sparse design (CSC); the same problem and result as the dense
  /// ``fit(_:_:sampleWeights:warmStart:)``. Without an intercept a coordinate update costs
  /// O(nnz of its column); with one, O(nnz + n).
  @_specialize(exported: true, where Penalty == L1Penalty)
  @_specialize(exported: true, where Penalty == ElasticNetPenalty)
  public func fit(
    _ x: SparseDesignMatrix, _ y: [Double], sampleWeights: [Double]? = nil, warmStart: [Double]? = nil
  ) throws(SolverError) -> SparseLinearModelSolution {
    let start = ContinuousClock.now
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return try solve(datafit, warmStart: warmStart, start: start)
  }

  func solve<D: DesignColumns>(
    _ datafit: QuadraticDatafit<D>, warmStart: [Double]?, start: ContinuousClock.Instant
  ) throws(SolverError) -> SparseLinearModelSolution {
    if let warmStart, warmStart.count != datafit.columnCount {
      throw .lengthMismatch(what: "warm-start coefficients for the columns of the design", expected: datafit.columnCount, got: warmStart.count)
    }
    let dual = dualCertificate(for: penalty, datafit: datafit)
    let result = switch solver {
    case .coordinateDescent:
      coordinateDescent(datafit: datafit, penalty: penalty, options: options, warmStart: warmStart, dual: dual, start: start)
    case .fista:
      fista(datafit: datafit, penalty: penalty, options: options, warmStart: warmStart, dual: dual, start: start)
    }
    return SparseLinearModelSolution(result, intercept: datafit.intercept(for: result.coefficients), start: start)
  }
}

extension PenalizedLinearRegression where Penalty: PathPenalty {
  /// The smallest α for which w = 0 solves the problem on (`x`, `y`), after centering and
  /// weighting: for the Lasso ‖X̃ᵀỹ‖_∞/n.
  ///
  /// - Throws: ``SolverError`` for bad data, as ``fit(_:_:sampleWeights:warmStart:)``.
  public func alphaMax(_ x: Tensor<Double>, _ y: [Double], sampleWeights: [Double]? = nil) throws(SolverError) -> Double {
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return penalty.alphaMax(gradientAtZero: datafit.gradientAtZero())
  }

  /// α_max for a sparse design; see ``alphaMax(_:_:sampleWeights:)-(Tensor<Double>,_,_)``.
  public func alphaMax(_ x: SparseDesignMatrix, _ y: [Double], sampleWeights: [Double]? = nil) throws(SolverError) -> Double {
    let datafit = try QuadraticDatafit(x: x, y: y, sampleWeights: sampleWeights, fitIntercept: fitIntercept)
    return penalty.alphaMax(gradientAtZero: datafit.gradientAtZero())
  }
}

extension QuadraticDatafit {
  /// ∇f(0) = −X̃ᵀỹ/n.
  func gradientAtZero() -> [Double] {
    var out = [Double](repeating: 0, count: columnCount)
    target.withUnsafeBufferPointer { y in
      out.withUnsafeMutableBufferPointer { g in design.transposeMultiply(y.baseAddress!, into: g.baseAddress!) }
    }
    let scale = -1 / Double(rowCount)
    return out.map { $0 * scale }
  }
}

/// The duality gap and screening radii of least squares on `datafit` for a convex penalty,
/// `nil` for a nonconvex one.
func dualCertificate<P: SeparablePenalty, D: DesignColumns>(for penalty: P, datafit: QuadraticDatafit<D>) -> DualCertificate? {
  guard let convex = penalty as? any ConvexSeparablePenalty else { return nil }
  return makeDualCertificate(convex, target: datafit.target, columnCount: datafit.columnCount)
}

private func makeDualCertificate<C: ConvexSeparablePenalty>(_ penalty: C, target y: [Double], columnCount p: Int) -> DualCertificate {
  // With an unpenalized coordinate the gap ignores its dual constraint (see `dualityGap`),
  // so it is not a certified bound and screening is switched off.
  let allPenalized = (0..<p).allSatisfy { penalty.isPenalized(coordinate: $0) }
  let n = y.count
  return DualCertificate(
    gap: { primal, gradient, r in
      let (ry, rr) = y.withUnsafeBufferPointer { y in (BLAS.dot(count: n, r, y.baseAddress!), BLAS.dot(count: n, r, r)) }
      return dualityGap(penalty: penalty, primal: primal, gradient: gradient, featureCount: p, rowCount: n, residualDotTarget: ry, residualSquaredNorm: rr)
    },
    screeningRadii: allPenalized ? (0..<p).map { penalty.subdifferentialRadiusAtZero(coordinate: $0) } : nil)
}

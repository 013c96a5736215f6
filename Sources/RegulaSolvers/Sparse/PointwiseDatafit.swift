import RegulaPenalties

/// A datafit that sums a loss over the samples at their linear predictors (a generalized
/// linear model's negative log-likelihood, or a robust loss):
///
///     f(w, b) = (1/Σs) Σᵢ sᵢ ℓ(yᵢ, xᵢᵀw + b)
///
/// (1/n Σᵢ ℓ without sample weights: skglm's scaling). Weights are rescaled to sum to n.
/// The intercept, when fitted, is the last coordinate of w on a column of ones
/// (``DesignWithIntercept``); the columns of X are then centered first, which changes b
/// only (b = b′ − x̄ᵀw) and conditions the problem better.
///
/// For coordinate descent the state is z = X̃w + b′, ∂f/∂wⱼ = (1/n) Σᵢ x̃ᵢⱼ sᵢ ℓ′(yᵢ, zᵢ),
/// and Lⱼ = sup ℓ″ · (1/n) Σᵢ sᵢ x̃ᵢⱼ².
///
/// - Complexity: a partial derivative costs n evaluations of ℓ′ and a dot product, on a
///   sparse design too.
final class PointwiseDatafit<Loss: SampleLoss, Base: DesignColumns>: CoordinateDescentDatafit {
  let loss: Loss
  let design: DesignWithIntercept<Base>
  /// The targets yᵢ, as the loss reads them.
  let targets: [Double]
  /// sᵢ, summing to n (all 1 without weights).
  let weights: [Double]
  /// x̄, the column means subtracted from X (zeros without intercept).
  let featureMeans: [Double]
  let lipschitzConstants: [Double]
  let referenceCoefficients: [Double]
  private let scratch: UnsafeMutablePointer<Double>

  var rowCount: Int { design.rowCount }
  /// p, the number of features (the intercept, when fitted, is coordinate p).
  var featureCount: Int { design.base.columnCount }

  /// Wraps a validated design (see ``QuadraticDatafit``, whose centering with
  /// `fitIntercept` is reused) with the targets as the loss reads them.
  init(loss: Loss, prepared: QuadraticDatafit<Base>, targets: [Double], weights: [Double]?, fitIntercept: Bool) {
    let n = prepared.rowCount
    self.loss = loss
    design = DesignWithIntercept(prepared.design, includesIntercept: fitIntercept)
    self.targets = targets
    self.weights = weights ?? [Double](repeating: 1, count: n)
    featureMeans = prepared.featureMeans
    scratch = .allocate(capacity: n)
    let columns = design.columnCount
    let invN = 1 / Double(n)
    var norms = design.squaredColumnNorms
    if weights != nil {
      for j in 0..<columns {
        scratch.update(repeating: 0, count: n)
        design.add(1, timesColumn: j, to: scratch)
        var s = 0.0
        for i in 0..<n { s += self.weights[i] * scratch[i] * scratch[i] }
        norms[j] = s
      }
    }
    let bound = loss.curvatureBound
    lipschitzConstants = norms.map { $0 == 0 ? 0 : bound * $0 * invN }
    var reference = [Double](repeating: 0, count: columns)
    if fitIntercept { reference[columns - 1] = loss.bestConstant(targets, weights: self.weights) }
    referenceCoefficients = reference
  }

  deinit { scratch.deallocate() }

  /// The fitted intercept b = b′ − x̄ᵀw for coordinates `w` (p + 1 of them with an
  /// intercept, p without).
  func intercept(for w: [Double]) -> Double {
    guard design.includesIntercept else { return 0 }
    var b = w[featureCount]
    for j in 0..<featureCount where w[j] != 0 { b -= featureMeans[j] * w[j] }
    return b
  }

  func computeState(_ state: UnsafeMutablePointer<Double>, at w: UnsafePointer<Double>) {
    state.update(repeating: 0, count: rowCount)
    for j in 0..<design.columnCount where w[j] != 0 { design.add(w[j], timesColumn: j, to: state) }
  }

  func value(_ state: UnsafePointer<Double>) -> Double {
    var total = 0.0
    for i in 0..<rowCount { total += weights[i] * loss.value(targets[i], state[i]) }
    return total / Double(rowCount)
  }

  /// dᵢ = sᵢ ℓ′(yᵢ, zᵢ)/n, the gradient in z, into `out`.
  @inline(__always)
  func rawGradient(_ state: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
    let invN = 1 / Double(rowCount)
    for i in 0..<rowCount { out[i] = weights[i] * loss.derivative(targets[i], state[i]) * invN }
  }

  /// hᵢ = sᵢ ℓ″(yᵢ, zᵢ)/n, the (diagonal) Hessian in z, into `out`.
  func rawHessian(_ state: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
    let invN = 1 / Double(rowCount)
    for i in 0..<rowCount { out[i] = weights[i] * loss.secondDerivative(targets[i], state[i]) * invN }
  }

  func partialDerivative(_ j: Int, _ state: UnsafePointer<Double>) -> Double {
    rawGradient(state, into: scratch)
    return design.dot(column: j, scratch)
  }

  func gradient(_ state: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
    rawGradient(state, into: scratch)
    design.transposeMultiply(scratch, into: out)
  }

  @inline(__always)
  func move(_ state: UnsafeMutablePointer<Double>, coordinate j: Int, by delta: Double) {
    design.add(delta, timesColumn: j, to: state)
  }
}

extension PointwiseDatafit {
  /// Prepares a problem validated by ``QuadraticDatafit`` (built from the design and `y`,
  /// the targets as the user gave them, without weights and with `fitIntercept`): checks
  /// the weights, then checks and converts `y` by `targets` into what the loss reads.
  ///
  /// - Throws: ``SolverError`` for bad sample weights, then what `targets` throws.
  convenience init(
    loss: Loss, prepared: QuadraticDatafit<Base>, y: [Double], sampleWeights: [Double]?, fitIntercept: Bool,
    targets: ([Double]) throws(SolverError) -> [Double] = { $0 }
  ) throws(SolverError) {
    let weights = try normalizedWeights(sampleWeights, count: y.count)
    self.init(loss: loss, prepared: prepared, targets: try targets(y), weights: weights, fitIntercept: fitIntercept)
  }
}

extension PointwiseDatafit {
  /// Fits `penalty` (on the p features; the intercept is left unpenalized) by `solver` and
  /// packages the result with the intercept.
  func solve<P: SeparablePenalty>(
    penalty: P, options: CoordinateDescentOptions, solver: GeneralizedLinearSolver, warmStart: [Double]?,
    start: ContinuousClock.Instant
  ) throws(SolverError) -> SparseLinearModelSolution {
    let p = featureCount
    if let warmStart, warmStart.count != p {
      throw .lengthMismatch(what: "warm-start coefficients for the columns of the design", expected: p, got: warmStart.count)
    }
    var initial = referenceCoefficients
    if let warmStart { for j in 0..<p { initial[j] = warmStart[j] } }
    let augmented = UnpenalizedInterceptPenalty(base: penalty, featureCount: p)
    let result = switch solver {
    case .coordinateDescent:
      coordinateDescent(datafit: self, penalty: augmented, options: options, warmStart: initial, dual: nil, start: start)
    case .proxNewton:
      proxNewton(datafit: self, penalty: augmented, options: options, warmStart: initial, start: start)
    }
    // No dual certificate for these datafits: the report's gap is nil, stopping is on the KKT violation.
    return SparseLinearModelSolution(
      coefficients: Array(result.coefficients[0..<p]), intercept: intercept(for: result.coefficients),
      report: SolverReport(result, start: start))
  }

  /// ∇f at w = 0 (the intercept at its best constant) over the p features, for α_max.
  func gradientAtReference() -> [Double] {
    let state = UnsafeMutablePointer<Double>.allocate(capacity: rowCount)
    defer { state.deallocate() }
    var g = [Double](repeating: 0, count: design.columnCount)
    referenceCoefficients.withUnsafeBufferPointer { computeState(state, at: $0.baseAddress!) }
    g.withUnsafeMutableBufferPointer { gradient(state, into: $0.baseAddress!) }
    return Array(g[0..<featureCount])
  }
}

/// The least-squares datafit f(w, b) = (1/2Σs) Σᵢ sᵢ(yᵢ − xᵢᵀw − b)², scikit-learn's
/// scaling (sᵢ = 1 without sample weights, so f = (1/2n)‖y − Xw − b‖²), prepared for
/// coordinate descent.
///
/// Weights are rescaled to sum to n (as scikit-learn does), and the problem is reduced to an
/// unweighted one without intercept: with x̄ and ȳ the weighted means (0 without intercept),
///
///     x̃ᵢ = √sᵢ (xᵢ − x̄),  ỹᵢ = √sᵢ (yᵢ − ȳ),  f = (1/2n)‖ỹ − X̃w‖²,  b = ȳ − x̄ᵀw.
struct QuadraticDatafit<Design: DesignColumns> {
  let design: Design
  /// ỹ.
  let target: [Double]
  /// x̄ (zeros without intercept).
  let featureMeans: [Double]
  /// ȳ (0 without intercept).
  let targetMean: Double

  var rowCount: Int { design.rowCount }
  var columnCount: Int { design.columnCount }

  /// The intercept that goes with coefficients `w`.
  func intercept(for w: [Double]) -> Double {
    var b = targetMean
    for j in w.indices where w[j] != 0 { b -= featureMeans[j] * w[j] }
    return b
  }
}

/// Least squares for coordinate descent: the state is the residual r = ỹ − X̃w,
/// ∂f/∂wⱼ = −x̃_jᵀr/n and Lⱼ = ‖x̃_j‖²/n.
extension QuadraticDatafit: CoordinateDescentDatafit {
  var lipschitzConstants: [Double] {
    let invN = 1 / Double(rowCount)
    return design.squaredColumnNorms.map { $0 * invN }
  }

  var referenceCoefficients: [Double] { [Double](repeating: 0, count: columnCount) }

  func computeState(_ state: UnsafeMutablePointer<Double>, at w: UnsafePointer<Double>) {
    target.withUnsafeBufferPointer { state.update(from: $0.baseAddress!, count: rowCount) }
    for j in 0..<columnCount where w[j] != 0 { design.add(-w[j], timesColumn: j, to: state) }
  }

  @inline(__always)
  func value(_ state: UnsafePointer<Double>) -> Double {
    0.5 * BLAS.dot(count: rowCount, state, state) / Double(rowCount)
  }

  @inline(__always)
  func partialDerivative(_ j: Int, _ state: UnsafePointer<Double>) -> Double {
    -design.dot(column: j, state) / Double(rowCount)
  }

  func gradient(_ state: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
    design.transposeMultiply(state, into: out)
    let scale = -1 / Double(rowCount)
    for j in 0..<columnCount { out[j] *= scale }
  }

  @inline(__always)
  func move(_ state: UnsafeMutablePointer<Double>, coordinate j: Int, by delta: Double) {
    design.add(-delta, timesColumn: j, to: state)
  }
}

extension QuadraticDatafit where Design == DenseColumns {
  /// Validates and prepares a dense problem.
  ///
  /// - Throws: ``SolverError`` for an empty design, mismatched lengths, NaN or infinite
  ///   values, bad sample weights, or a design whose columns are all constant.
  init(x: Tensor<Double>, y: [Double], sampleWeights: [Double]?, fitIntercept: Bool) throws(SolverError) {
    precondition(x.rank == 2, "the design must be a matrix, got shape \(x.shape)")
    let (n, p) = (x.shape[0], x.shape[1])
    guard n > 0, p > 0 else { throw .emptyDesign(rows: n, columns: p) }
    guard y.count == n else { throw .lengthMismatch(what: "targets for the rows of the design", expected: n, got: y.count) }
    let scalars = x.scalars
    for (i, v) in y.enumerated() where !v.isFinite { throw .nonFiniteTarget(row: i, value: v) }
    let weights = try normalizedWeights(sampleWeights, count: n)

    var means = [Double](repeating: 0, count: p)
    var yMean = 0.0
    if fitIntercept {
      scalars.withUnsafeBufferPointer { x in
        means.withUnsafeMutableBufferPointer { means in
          for i in 0..<n {
            let s = weights?[i] ?? 1
            yMean += s * y[i]
            let row = x.baseAddress! + i * p
            for j in 0..<p { means[j] += s * row[j] }
          }
        }
      }
      yMean /= Double(n)
      for j in 0..<p { means[j] /= Double(n) }
    }
    let rowScale = weights?.map { $0.squareRoot() }
    let design = scalars.withUnsafeBufferPointer {
      DenseColumns(rowMajor: $0, rows: n, columns: p, columnShift: means, rowScale: rowScale)
    }
    if design.hasNonFinite {
      for (k, v) in scalars.enumerated() where !v.isFinite { throw .nonFiniteFeature(row: k / p, column: k % p, value: v) }
    }
    guard design.squaredColumnNorms.contains(where: { $0 > 0 }) else { throw .constantDesign(columns: p) }
    self.design = design
    target = (0..<n).map { (rowScale?[$0] ?? 1) * (y[$0] - yMean) }
    featureMeans = means
    targetMean = yMean
  }
}

/// Sample weights rescaled to sum to `count` (scikit-learn's convention), or `nil` for none.
func normalizedWeights(_ weights: [Double]?, count n: Int) throws(SolverError) -> [Double]? {
  guard let weights else { return nil }
  guard weights.count == n else { throw .lengthMismatch(what: "sample weights for the rows of the design", expected: n, got: weights.count) }
  for (i, s) in weights.enumerated() where !(s.isFinite && s >= 0) { throw .invalidSampleWeight(row: i, value: s) }
  let total = weights.reduce(0, +)
  guard total > 0 else { throw .invalidSampleWeight(row: -1, value: total) }
  return weights.map { $0 * Double(n) / total }
}

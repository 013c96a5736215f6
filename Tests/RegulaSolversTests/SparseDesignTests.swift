import RegulaPenalties
import RegulaSolvers
import Testing

/// A random 60×90 matrix with about 10% nonzeros, in CSR arrays, and y.
func randomSparseProblem(seed: UInt64) -> (SparseDesignMatrix, [Double]) {
  var rng = RandomGenerator(seed: seed)
  let (n, p) = (60, 90)
  var offsets = [0], columns = [Int](), values = [Double]()
  for _ in 0..<n {
    for j in 0..<p where rng.nextUnit() < 0.1 {
      columns.append(j)
      values.append(rng.nextNormal())
    }
    offsets.append(values.count)
  }
  let x = SparseDesignMatrix(rowCount: n, columnCount: p, rowOffsets: offsets, columnIndices: columns, values: values)
  let y = (0..<n).map { _ in rng.nextNormal() * 2 + 1 }
  return (x, y)
}

@Test("a sparse design gives the dense design's solution", arguments: [true, false], [false, true])
func sparseMatchesDense(intercept: Bool, weighted: Bool) throws {
  let (x, y) = randomSparseProblem(seed: 5)
  var rng = RandomGenerator(seed: 6)
  let weights = weighted ? (0..<x.rowCount).map { _ in 0.5 + rng.nextUnit() } : nil
  let dense = x.densified()
  let options = CoordinateDescentOptions(tolerance: 1e-12, maxIterations: 1000, stoppingCriterion: .kktViolation)
  for penalty in [ElasticNetPenalty(alpha: 0.05, l1Ratio: 1), ElasticNetPenalty(alpha: 0.02, l1Ratio: 0.7)] {
    let model = PenalizedLinearRegression(penalty: penalty, fitIntercept: intercept, options: options)
    let a = try model.fit(x, y, sampleWeights: weights)
    let b = try model.fit(dense, y, sampleWeights: weights)
    #expect(a.isConverged && b.isConverged)
    #expect(abs(a.objective - b.objective) <= 1e-12 * b.objective)
    #expect(abs(a.intercept - b.intercept) <= 1e-8)
    for j in a.coefficients.indices { #expect(abs(a.coefficients[j] - b.coefficients[j]) <= 1e-8, "coefficient \(j)") }
    #expect(a.support.count > 3)
  }
  let lasso = try Lasso(alpha: 0.05, fitIntercept: intercept, options: options).fit(x, y, sampleWeights: weights)
  #expect(lasso.dualityGap! <= 1e-10)
}

@Test("CSR and CSC constructions agree, and bad sparse values are named")
func sparseConstruction() {
  // [[0, 2, 0], [1, 0, 3]]
  let fromRows = SparseDesignMatrix(rowCount: 2, columnCount: 3, rowOffsets: [0, 1, 3], columnIndices: [1, 0, 2], values: [2, 1, 3])
  let fromColumns = SparseDesignMatrix(rowCount: 2, columnCount: 3, columnOffsets: [0, 1, 2, 3], rowIndices: [1, 0, 1], values: [1, 2, 3])
  #expect(fromRows == fromColumns)
  #expect(fromRows.densified().scalars == [0, 2, 0, 1, 0, 3])
  let bad = SparseDesignMatrix(rowCount: 2, columnCount: 3, rowOffsets: [0, 1, 3], columnIndices: [1, 0, 2], values: [2, .infinity, 3])
  #expect(throws: SolverError.nonFiniteFeature(row: 1, column: 0, value: .infinity)) { _ = try Lasso(alpha: 0.1).fit(bad, [1, 2]) }
  let empty = SparseDesignMatrix(rowCount: 2, columnCount: 2, rowOffsets: [0, 0, 0], columnIndices: [], values: [])
  #expect(throws: SolverError.constantDesign(columns: 2)) { _ = try Lasso(alpha: 0.1, fitIntercept: false).fit(empty, [1, 2]) }
}

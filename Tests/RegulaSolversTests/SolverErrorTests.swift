import RegulaPenalties
import RegulaSolvers
import Testing

let goodX = Tensor<Double>(rows: [[1, 2], [3, 5], [0, 1]])
let goodY = [1.0, 2, 3]

@Test("NaN or infinity in X names its row and column")
func nonFiniteFeature() {
  var x = goodX
  x.scalars[3] = .nan
  do {
    _ = try Lasso(alpha: 0.1).fit(x, goodY)
    Issue.record("no error for NaN")
  } catch {
    guard case .nonFiniteFeature(row: 1, column: 1, let value) = error, value.isNaN else {
      Issue.record("wrong error \(error)")
      return
    }
  }
  x.scalars[3] = 5
  x.scalars[4] = -.infinity
  #expect(throws: SolverError.nonFiniteFeature(row: 2, column: 0, value: -.infinity)) { _ = try Lasso(alpha: 0.1).fit(x, goodY) }
}

@Test("NaN or infinity in y names its row")
func nonFiniteTarget() {
  #expect(throws: SolverError.nonFiniteTarget(row: 2, value: .infinity)) { _ = try Lasso(alpha: 0.1).fit(goodX, [1, 2, .infinity]) }
}

@Test("mismatched lengths are named")
func mismatchedLengths() {
  #expect(throws: SolverError.lengthMismatch(what: "targets for the rows of the design", expected: 3, got: 2)) {
    _ = try Lasso(alpha: 0.1).fit(goodX, [1, 2])
  }
  #expect(throws: SolverError.lengthMismatch(what: "sample weights for the rows of the design", expected: 3, got: 4)) {
    _ = try ElasticNet(alpha: 0.1).fit(goodX, goodY, sampleWeights: [1, 1, 1, 1])
  }
  #expect(throws: SolverError.lengthMismatch(what: "warm-start coefficients for the columns of the design", expected: 2, got: 3)) {
    _ = try Lasso(alpha: 0.1).fit(goodX, goodY, warmStart: [0, 0, 0])
  }
}

@Test("α ≤ 0 and ρ outside [0, 1] are rejected")
func badHyperparameters() {
  for alpha in [0.0, -1, .nan, .infinity] {
    #expect(throws: SolverError.self) { _ = try Lasso(alpha: alpha).fit(goodX, goodY) }
    #expect(throws: SolverError.self) { _ = try ElasticNet(alpha: alpha).fit(goodX, goodY) }
  }
  #expect(throws: SolverError.nonPositiveAlpha(-1)) { _ = try Lasso(alpha: -1).fit(goodX, goodY) }
  #expect(throws: SolverError.invalidParameter(name: "l1Ratio", value: 1.5, requirement: "in [0, 1]")) {
    _ = try ElasticNet(alpha: 1, l1Ratio: 1.5).fit(goodX, goodY)
  }
}

@Test("empty and constant designs are rejected")
func emptyAndConstantDesigns() {
  #expect(throws: SolverError.emptyDesign(rows: 0, columns: 2)) { _ = try Lasso(alpha: 0.1).fit(Tensor(zeros: [0, 2]), []) }
  #expect(throws: SolverError.emptyDesign(rows: 3, columns: 0)) { _ = try Lasso(alpha: 0.1).fit(Tensor(zeros: [3, 0]), goodY) }
  let constant = Tensor<Double>(rows: [[1, 7], [1, 7], [1, 7]])
  #expect(throws: SolverError.constantDesign(columns: 2)) { _ = try Lasso(alpha: 0.1).fit(constant, goodY) }
  // Without an intercept a constant (nonzero) column is informative.
  #expect(throws: Never.self) { _ = try Lasso(alpha: 0.1, fitIntercept: false).fit(constant, goodY) }
  #expect(throws: SolverError.constantDesign(columns: 2)) { _ = try Lasso(alpha: 0.1, fitIntercept: false).fit(Tensor(zeros: [3, 2]), goodY) }
}

@Test("bad sample weights are rejected")
func badSampleWeights() {
  #expect(throws: SolverError.invalidSampleWeight(row: 1, value: -1)) { _ = try Lasso(alpha: 0.1).fit(goodX, goodY, sampleWeights: [1, -1, 1]) }
  #expect(throws: SolverError.invalidSampleWeight(row: -1, value: 0)) { _ = try Lasso(alpha: 0.1).fit(goodX, goodY, sampleWeights: [0, 0, 0]) }
}

@Test("messages name the problem")
func errorMessages() {
  #expect(SolverError.nonFiniteFeature(row: 4, column: 2, value: .nan).description
    == "error: the design has nan at row 4, column 2 (0-based); remove or impute non-finite values")
  #expect(SolverError.nonPositiveAlpha(0).description == "error: alpha must be positive and finite, got 0.0")
  #expect(SolverError.constantDesign(columns: 3).message == "all 3 columns of the design are constant; there is nothing to fit")
}

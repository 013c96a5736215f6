import RegulaData
import RegulaPenalties
import RegulaSolvers
import Testing

@Test("precision, recall and sign agreement count what they say")
func supportRecoveryRates() {
  let r = SupportRecovery(estimate: [0, 1.5, -2, 0, 0.1], truth: [0, 2, -1, 1, 0])
  #expect(r.signMatches == 2)
  #expect(abs(r.precision - 2.0 / 3) < 1e-15 && abs(r.recall - 2.0 / 3) < 1e-15 && abs(r.signAgreement - 2.0 / 3) < 1e-15)
  let flipped = SupportRecovery(estimate: [0, -1, -1, 0], truth: [0, 3, -2, 0])
  #expect(flipped.supportRecovered && !flipped.signsRecovered)
  #expect(flipped.precision == 1 && flipped.recall == 1 && flipped.signAgreement == 0.5)
  let empty = SupportRecovery(estimate: [0, 0, 0], truth: [0, 1, -1])
  #expect(empty.precision == 0 && empty.recall == 0 && empty.signAgreement == 0 && empty.falseNegatives == 2)
  let superset = SupportRecovery(estimate: [0.5, 1, -1, 2], truth: [0, 3, -2, 0])
  #expect(superset.precision == 0.5 && superset.recall == 1 && superset.signAgreement == 1 && !superset.supportRecovered)
}

@Test("on a correlated design the cross-validated Lasso finds the true support with its signs, plus false positives")
func supportRecoveryOnCorrelatedDesign() throws {
  let problem = Synthetic.sparseLinearRegression(
    sampleCount: 200, featureCount: 50, supportSize: 5, correlation: 0.6, noise: .signalToNoiseRatio(10), seed: 21, as: Double.self)
  let truth = problem.coefficients.scalars
  let trueSupport = Set(truth.indices.filter { truth[$0] != 0 })
  let model = PenalizedLinearRegression(penalty: L1Penalty(alpha: 1), options: CoordinateDescentOptions(tolerance: 1e-8))
  let cv = try model.crossValidate(problem.design, problem.response.scalars, folds: 5, alphaCount: 30, minRatio: 1e-3)
  // Along the path, the rates equal the literal set ratios; at α_max nothing is selected.
  let path = try model.path(problem.design, problem.response.scalars, alphas: cv.alphas)
  for solution in path.solutions {
    let r = SupportRecovery(estimate: solution.coefficients, truth: truth)
    let selected = Set(solution.support)
    let hits = selected.intersection(trueSupport)
    #expect(r.recall == Double(hits.count) / Double(trueSupport.count))
    #expect(r.precision == (selected.isEmpty ? 0 : Double(hits.count) / Double(selected.count)))
    let signs = hits.filter { (solution.coefficients[$0] > 0) == (truth[$0] > 0) }.count
    #expect(r.signAgreement == Double(signs) / Double(trueSupport.count))
  }
  #expect(SupportRecovery(estimate: path.solutions[0].coefficients, truth: truth).recall == 0)
  let chosen = SupportRecovery(estimate: cv.solution.coefficients, truth: truth)
  #expect(chosen.recall == 1 && chosen.signAgreement == 1)
  // The prediction-optimal α over-selects on a correlated design (the Lasso's known bias).
  #expect(chosen.precision < 1 && chosen.falsePositives > 0)
}

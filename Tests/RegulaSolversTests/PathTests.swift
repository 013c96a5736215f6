import RegulaData
import RegulaPenalties
import RegulaSolvers
import Testing

@Test("the default grid is scikit-learn's geomspace")
func alphaGrid() {
  let grid = logarithmicAlphaGrid(alphaMax: 2, count: 4, minRatio: 1e-3)
  #expect(grid[0] == 2)
  #expect(abs(grid[3] - 2e-3) < 1e-15)
  #expect(abs(grid[1] - 0.2) < 1e-14 && abs(grid[2] - 0.02) < 1e-15)
  #expect(logarithmicAlphaGrid(alphaMax: 3, count: 1, minRatio: 0.5) == [3])
}

@Test("a warm-started path reaches scikit-learn's objectives at every α")
func pathMatchesScikitLearn() throws {
  let options = CoordinateDescentOptions(tolerance: 1e-12, maxIterations: 2000, stoppingCriterion: .kktViolation)
  for data in lassoFixture.datasets {
    for intercept in [true, false] {
      let cases = lassoFixture.cases.filter {
        $0.dataset == data.name && $0.kind == "lasso" && $0.fit_intercept == intercept && $0.sample_weight == nil
      }
      let model = PenalizedLinearRegression(penalty: L1Penalty(alpha: 1), fitIntercept: intercept, options: options)
      let path = try model.path(data.design, data.y, alphas: cases.map(\.alpha))
      #expect(abs(path.alphaMax - cases[0].alpha_max) <= 1e-12 * cases[0].alpha_max)
      for (c, solution) in zip(cases.sorted { $0.alpha > $1.alpha }, path.solutions) {
        #expect(solution.isConverged)
        #expect(abs(solution.objective - c.objective) <= 1e-10 * abs(c.objective), "\(data.name) α=\(c.alpha)")
      }
    }
  }
}

@Test("the default path starts at 0 and grows the support; warm starts save epochs")
func defaultPath() throws {
  let problem = Synthetic.sparseLinearRegression(sampleCount: 80, featureCount: 120, supportSize: 5, seed: 4, as: Double.self)
  let y = problem.response.scalars
  let model = PenalizedLinearRegression(penalty: L1Penalty(alpha: 1), options: CoordinateDescentOptions(tolerance: 1e-8))
  let path = try model.path(problem.design, y, alphaCount: 30, minRatio: 1e-2)
  #expect(path.alphas.count == 30 && path.solutions.count == 30)
  #expect(path.solutions[0].support.isEmpty)
  #expect(path.solutions.allSatisfy { $0.isConverged })
  #expect(path.solutions.last!.support.count > 5)
  // Each point equals a cold-start fit at its α.
  for index in [5, 17, 29] {
    let cold = try PenalizedLinearRegression(penalty: L1Penalty(alpha: path.alphas[index]), options: CoordinateDescentOptions(tolerance: 1e-12))
      .fit(problem.design, y)
    #expect(abs(cold.objective - path.solutions[index].objective) <= 1e-7 * cold.objective)
  }
}

@Test("cross-validation picks the α of least held-out error and recovers the support")
func crossValidation() throws {
  let problem = Synthetic.sparseLinearRegression(
    sampleCount: 150, featureCount: 60, supportSize: 4, noise: .signalToNoiseRatio(20), seed: 9, as: Double.self)
  let y = problem.response.scalars
  let model = PenalizedLinearRegression(penalty: L1Penalty(alpha: 1), options: CoordinateDescentOptions(tolerance: 1e-8))
  let cv = try model.crossValidate(problem.design, y, folds: 5, alphaCount: 40, minRatio: 1e-3)
  #expect(cv.meanSquaredErrors.count == 40 && cv.meanSquaredErrors.allSatisfy { $0.count == 5 })
  #expect(cv.averageErrors[cv.bestIndex] == cv.averageErrors.min())
  #expect(cv.bestIndex > 0 && cv.bestIndex < 39)
  let recovery = SupportRecovery(estimate: cv.solution.coefficients, truth: problem.coefficients.scalars)
  #expect(recovery.truePositives == 4 && recovery.falseNegatives == 0)
  // A fold error recomputed by hand: fold 0 holds rows 0..<30.
  let trainRows = Array(30..<150)
  let xs = problem.design.scalars
  let trainX = Tensor(shape: [120, 60], scalars: trainRows.flatMap { xs[($0 * 60)..<(($0 + 1) * 60)] })
  let fit = try PenalizedLinearRegression(penalty: L1Penalty(alpha: cv.alphas[10]), options: CoordinateDescentOptions(tolerance: 1e-12))
    .fit(trainX, trainRows.map { y[$0] })
  let testX = Tensor(shape: [30, 60], scalars: Array(xs[0..<(30 * 60)]))
  let mse = zip(fit.predict(testX), y[0..<30]).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / 30
  #expect(abs(mse - cv.meanSquaredErrors[10][0]) <= 1e-5 * mse)
}

@Test("support and sign recovery")
func supportRecovery() {
  let r = SupportRecovery(estimate: [0, 1.5, -2, 0, 0.1], truth: [0, 2, -1, 1, 0])
  #expect(r.truePositives == 2 && r.falsePositives == 1 && r.falseNegatives == 1)
  #expect(!r.supportRecovered && !r.signsRecovered)
  #expect(SupportRecovery(estimate: [0, 1, -1], truth: [0, 3, -2]).signsRecovered)
  #expect(!SupportRecovery(estimate: [0, 1, 1], truth: [0, 3, -2]).signsRecovered)
}

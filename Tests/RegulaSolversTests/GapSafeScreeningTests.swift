import Foundation
import RegulaPenalties
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Gap-safe screening (``CoordinateDescentOptions/usesGapSafeScreening``) against the same
/// solver without it, on scikit-learn's diabetes data and the correlated design of
/// Tools/fixtures/sparse.py, for the Lasso and the elastic net at several α.
@Test("gap-safe screening never discards a feature of the solution and leaves the solution unchanged",
      arguments: ["diabetes", "correlated"])
func screeningNeverDiscardsTheSupport(_ dataset: String) throws {
  let data = lassoFixture.datasets.first { $0.name == dataset }!
  var screenedTotal = 0
  for c in lassoFixture.cases where c.dataset == dataset && c.sample_weight == nil {
    // Stopping on the KKT violation: on the ill-conditioned correlated design a tiny gap
    // still leaves coefficients 1e-9 apart. The gap, and so screening, is computed all the same.
    var with = CoordinateDescentOptions(tolerance: 1e-13, maxIterations: 2000, stoppingCriterion: .kktViolation)
    with.usesGapSafeScreening = true
    var without = with
    without.usesGapSafeScreening = false
    let penalty = ElasticNetPenalty(alpha: c.alpha, l1Ratio: c.l1_ratio)
    let screened = try PenalizedLinearRegression(penalty: penalty, fitIntercept: c.fit_intercept, options: with).fit(data.design, data.y)
    let reference = try PenalizedLinearRegression(penalty: penalty, fitIntercept: c.fit_intercept, options: without).fit(data.design, data.y)
    #expect(screened.isConverged && reference.isConverged)
    screenedTotal += screened.screenedFeatures.count
    #expect(reference.screenedFeatures.isEmpty)
    // No feature of the solution (nor of scikit-learn's) is ever screened.
    let support = Set(reference.support).union(c.coef.indices.filter { c.coef[$0] != 0 })
    #expect(support.isDisjoint(with: screened.screenedFeatures), "\(c.testDescription): screened \(support.intersection(screened.screenedFeatures))")
    for j in screened.screenedFeatures { #expect(screened.coefficients[j] == 0) }
    #expect(abs(screened.objective - reference.objective) <= 1e-10 * reference.objective)
    let scale = max(1, reference.coefficients.map(abs).max()!)
    for j in reference.coefficients.indices {
      #expect(abs(screened.coefficients[j] - reference.coefficients[j]) <= 1e-10 * scale, "\(c.testDescription) coefficient \(j)")
    }
  }
  // The checks above are not vacuous: features were screened.
  #expect(screenedTotal > 0)
}

@Test("gap-safe screening removes most inactive features of a sparse problem at high α")
func screeningRemovesFeatures() throws {
  var rng = RandomGenerator(seed: 21)
  let (n, p) = (80, 600)
  let x = Tensor<Double>.randomNormal(shape: [n, p], using: &rng)
  let y = (0..<n).map { i in 3 * x.scalars[i * p + 4] - 2 * x.scalars[i * p + 99] + x.scalars[i * p + 300] + 0.3 * rng.nextNormal() }
  for fraction in [0.5, 0.3] {
    let alpha = fraction * (try Lasso.alphaMax(x, y))
    let solution = try Lasso(alpha: alpha, options: CoordinateDescentOptions(tolerance: 1e-10)).fit(x, y)
    #expect(solution.isConverged)
    let zeros = solution.coefficients.filter { $0 == 0 }.count
    #expect(zeros > p / 2)
    #expect(2 * solution.screenedFeatures.count >= zeros, "α = \(fraction)·α_max: \(solution.screenedFeatures.count) screened of \(zeros) zeros")
    #expect(Set(solution.screenedFeatures).isDisjoint(with: solution.support))
  }
}

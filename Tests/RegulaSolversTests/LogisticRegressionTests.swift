import Foundation
import RegulaPenalties
import RegulaSolvers
import Testing
import _RegulaTestSupport

struct LogisticFixture: Decodable {
  struct Case: Decodable {
    let alpha: Double
    let alpha_max: Double
    let coef: [Double]
    let objective: Double
  }
  let rows: Int
  let columns: Int
  let x: [Double]
  let y: [Double]
  let cases: [Case]
}

@Test("L1 logistic regression matches scikit-learn (liblinear) on breast cancer")
func logisticMatchesScikitLearn() throws {
  let fixture = try loadFixture(LogisticFixture.self, "sparse_logistic.json")
  let x = Tensor<Double>(shape: [fixture.rows, fixture.columns], scalars: fixture.x)
  let options = CoordinateDescentOptions(tolerance: 1e-12, maxIterations: 500)
  let alphaMax = try PenalizedLogisticRegression(penalty: L1Penalty(alpha: 1), fitIntercept: false, options: options)
    .alphaMax(x, fixture.y)
  #expect(abs(alphaMax - fixture.cases[0].alpha_max) <= 1e-12 * alphaMax)
  for c in fixture.cases {
    let solution = try PenalizedLogisticRegression(penalty: L1Penalty(alpha: c.alpha), fitIntercept: false, options: options)
      .fit(x, fixture.y)
    #expect(solution.isConverged)
    // The objective recomputed literally.
    var loss = 0.0
    let prediction = solution.predict(x)
    for i in 0..<fixture.rows { loss += log1p(exp(-fixture.y[i] * prediction[i])) }
    let objective = loss / Double(fixture.rows) + c.alpha * solution.coefficients.reduce(0) { $0 + abs($1) }
    #expect(abs(objective - solution.objective) <= 1e-12 * objective)
    // Regula's objective is at least as low as liblinear's, and they agree to 1e-9.
    #expect(objective <= c.objective * (1 + 1e-12), "α=\(c.alpha): \(objective) vs scikit-learn \(c.objective)")
    #expect(abs(objective - c.objective) <= 1e-9 * c.objective, "α=\(c.alpha): \(objective) vs scikit-learn \(c.objective)")
    #expect(solution.kktViolation <= 1e-8 * alphaMax)
    for j in c.coef.indices { #expect(abs(solution.coefficients[j] - c.coef[j]) <= 1e-5, "coefficient \(j)") }
  }
}

@Test("the logistic intercept: α_max gives w = 0 with b = log(n₊/n₋); labels need two classes")
func logisticIntercept() throws {
  var rng = RandomGenerator(seed: 2)
  let x = Tensor<Double>.randomNormal(shape: [200, 8], using: &rng)
  let labels = (0..<200).map { i in x.scalars[i * 8] + 0.5 * x.scalars[i * 8 + 3] + 0.8 + rng.nextNormal() > 0 ? 1.0 : 0.0 }
  let model = PenalizedLogisticRegression(penalty: L1Penalty(alpha: 1), options: CoordinateDescentOptions(tolerance: 1e-10))
  let alphaMax = try model.alphaMax(x, labels)
  let atMax = try PenalizedLogisticRegression(penalty: L1Penalty(alpha: alphaMax * (1 + 1e-9))).fit(x, labels)
  #expect(atMax.support.isEmpty)
  let positives = Double(labels.filter { $0 == 1 }.count)
  #expect(abs(atMax.intercept - log(positives / (200 - positives))) < 1e-6)
  let fit = try PenalizedLogisticRegression(penalty: L1Penalty(alpha: 0.05 * alphaMax), options: CoordinateDescentOptions(tolerance: 1e-10))
    .fit(x, labels)
  #expect(fit.isConverged)
  #expect(fit.coefficients[0] > 0 && fit.coefficients[3] > 0 && fit.intercept > 0)
  // Elastic net penalty too.
  let en = try PenalizedLogisticRegression(penalty: ElasticNetPenalty(alpha: 0.05 * alphaMax, l1Ratio: 0.5)).fit(x, labels)
  #expect(en.isConverged)
  #expect(throws: SolverError.self) { _ = try model.fit(x, [Double](repeating: 1, count: 200)) }
}

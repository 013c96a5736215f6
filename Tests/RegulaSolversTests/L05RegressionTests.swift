import Foundation
import RegulaPenalties
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Tools/fixtures/sparse_l05.py: skglm's ℓ0.5-penalized least squares.
struct L05Fixture: Decodable {
  struct Case: Decodable, CustomTestStringConvertible {
    let dataset: String
    let standardized: Bool
    let alpha: Double
    let fraction: Double
    let coef: [Double]
    let objective: Double
    var testDescription: String { "\(dataset) α=\(fraction)α_max" }
  }
  let cases: [Case]
}

let l05Fixture = try! loadFixture(L05Fixture.self, "sparse_l05.json")

@Test("ℓ0.5 least squares reaches a fixed point and matches skglm's", arguments: l05Fixture.cases)
func l05MatchesSkglm(_ c: L05Fixture.Case) throws {
  let data = lassoFixture.datasets.first { $0.name == c.dataset }!
  let x = c.standardized ? standardized(data.design) : data.design
  // skglm's algorithm: every epoch a full pass over the working set. (With active-set
  // cycling the iterates take another path and may settle at another fixed point.)
  let options = CoordinateDescentOptions(tolerance: 1e-13, maxIterations: 2000, workingSetStrategy: .fixedPoint, activeSetEpochs: 0)
  let model = PenalizedLinearRegression(penalty: L05Penalty(alpha: c.alpha), fitIntercept: false, options: options)
  let (n, p) = (data.rows, data.columns)
  let xs = x.scalars
  let norms = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + xs[$1 * p + j] * xs[$1 * p + j] } / Double(n) }
  /// max over j of |wⱼ − prox(wⱼ − ∇ⱼf/Lⱼ)|·Lⱼ, recomputed literally.
  func fixedPointViolation(_ w: [Double]) -> Double {
    let residual = zip(data.y, SparseLinearModelSolution.linearPrediction(x, w)).map { $0 - $1 }
    var worst = 0.0
    for j in 0..<p {
      var g = 0.0
      for i in 0..<n { g -= xs[i * p + j] * residual[i] }
      g /= Double(n)
      let step = 1 / norms[j]
      worst = max(worst, abs(w[j] - model.penalty.prox(w[j] - g * step, stepSize: step, coordinate: j)) / step)
    }
    return worst
  }
  let scale = max(1, c.coef.map(abs).max()!)
  // skglm's solution is a fixed point of Regula's solver.
  #expect(fixedPointViolation(c.coef) <= 1e-7 * scale)
  let fromSkglm = try model.fit(x, data.y, warmStart: c.coef)
  #expect(fromSkglm.isConverged)
  for j in c.coef.indices { #expect(abs(fromSkglm.coefficients[j] - c.coef[j]) <= 1e-6 * scale, "coefficient \(j)") }

  // From 0, Regula reaches a fixed point. On the well-conditioned standardized diabetes data
  // it is skglm's; on the correlated design the problem has many fixed points and the two
  // solvers' working sets lead to different ones of similar objective.
  let solution = try model.fit(x, data.y)
  #expect(solution.isConverged)
  #expect(fixedPointViolation(solution.coefficients) <= 1e-8 * scale)
  if c.standardized {
    #expect(abs(solution.objective - c.objective) <= 1e-9 * abs(c.objective), "objective \(solution.objective) vs skglm \(c.objective)")
    #expect(solution.support == c.coef.indices.filter { c.coef[$0] != 0 })
  } else {
    #expect(abs(solution.objective - c.objective) <= 0.1 * abs(c.objective), "objective \(solution.objective) vs skglm \(c.objective)")
  }
}

@Test("with the subdifferential strategy, ℓ0.5 stops at 0: every zero is stationary")
func l05NeedsFixedPoint() throws {
  let data = lassoFixture.datasets.first { $0.name == "correlated" }!
  let solution = try PenalizedLinearRegression(penalty: L05Penalty(alpha: 0.1), fitIntercept: false).fit(data.design, data.y)
  #expect(solution.isConverged && solution.support.isEmpty && solution.iterations == 1)
}

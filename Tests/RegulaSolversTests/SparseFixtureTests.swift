import Foundation
import RegulaPenalties
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Tools/fixtures/sparse.py: scikit-learn and skglm solutions.
struct LassoFixture: Decodable {
  struct DataSet: Decodable {
    let name: String
    let rows: Int
    let columns: Int
    let x: [Double]
    let y: [Double]
    var design: Tensor<Double> { Tensor(shape: [rows, columns], scalars: x) }
  }
  struct Case: Decodable {
    let dataset: String
    let kind: String
    let alpha: Double
    let alpha_max: Double
    let l1_ratio: Double
    let fit_intercept: Bool
    let sample_weight: [Double]?
    let coef: [Double]
    let intercept: Double
    let objective: Double
  }
  let datasets: [DataSet]
  let cases: [Case]
}

struct NonconvexFixture: Decodable {
  struct Case: Decodable {
    let dataset: String
    let standardized: Bool
    let kind: String
    let alpha: Double
    let fraction: Double
    let gamma: Double
    let coef: [Double]
    let objective: Double
  }
  let cases: [Case]
}

let lassoFixture = try! loadFixture(LassoFixture.self, "sparse_lasso.json")
let nonconvexFixture = try! loadFixture(NonconvexFixture.self, "sparse_nonconvex.json")

let tight = CoordinateDescentOptions(tolerance: 1e-12, maxIterations: 2000, stoppingCriterion: .kktViolation)

extension LassoFixture.Case: CustomTestStringConvertible {
  var testDescription: String {
    "\(dataset) \(kind) α=\(String(format: "%.3g", alpha / alpha_max))α_max intercept=\(fit_intercept) weights=\(sample_weight != nil)"
  }
}

@Test("Lasso and ElasticNet match scikit-learn's objective to 1e-10", arguments: lassoFixture.cases)
func matchesScikitLearn(_ c: LassoFixture.Case) throws {
  let data = lassoFixture.datasets.first { $0.name == c.dataset }!
  let x = data.design
  let solution = try c.kind == "lasso"
    ? Lasso(alpha: c.alpha, fitIntercept: c.fit_intercept, options: tight).fit(x, data.y, sampleWeights: c.sample_weight)
    : ElasticNet(alpha: c.alpha, l1Ratio: c.l1_ratio, fitIntercept: c.fit_intercept, options: tight)
      .fit(x, data.y, sampleWeights: c.sample_weight)
  #expect(solution.isConverged)
  // The objective recomputed from scratch in the original data's scaling.
  let objective = directObjective(x, data.y, solution.coefficients, solution.intercept, weights: c.sample_weight) {
    c.alpha * (c.l1_ratio * $0.reduce(0) { $0 + abs($1) } + 0.5 * (1 - c.l1_ratio) * $0.reduce(0) { $0 + $1 * $1 })
  }
  #expect(abs(objective - c.objective) <= 1e-10 * abs(c.objective), "objective \(objective) vs scikit-learn \(c.objective)")
  #expect(abs(solution.objective - c.objective) <= 1e-10 * abs(c.objective))
  #expect(solution.kktViolation <= 1e-8 * max(1, c.alpha_max), "KKT \(solution.kktViolation)")
  #expect(solution.dualityGap! <= 1e-10 * abs(c.objective), "gap \(solution.dualityGap!)")
  let scale = max(1, c.coef.map(abs).max()!)
  for j in c.coef.indices {
    #expect(abs(solution.coefficients[j] - c.coef[j]) <= 1e-6 * scale, "coefficient \(j)")
  }
  #expect(abs(solution.intercept - c.intercept) <= 1e-6 * max(1, abs(c.intercept)))
}

@Test("α_max agrees with scikit-learn's, and the Lasso at α_max is zero")
func alphaMaxMatches() throws {
  for c in lassoFixture.cases where c.kind == "lasso" {
    let data = lassoFixture.datasets.first { $0.name == c.dataset }!
    let alphaMax = try Lasso.alphaMax(data.design, data.y, sampleWeights: c.sample_weight, fitIntercept: c.fit_intercept)
    #expect(abs(alphaMax - c.alpha_max) <= 1e-12 * c.alpha_max)
  }
  let data = lassoFixture.datasets[0]
  let alphaMax = try Lasso.alphaMax(data.design, data.y)
  let atMax = try Lasso(alpha: alphaMax * (1 + 1e-12)).fit(data.design, data.y)
  #expect(atMax.support.isEmpty)
  #expect(abs(atMax.intercept - data.y.reduce(0, +) / Double(data.y.count)) < 1e-9)
}

extension NonconvexFixture.Case: CustomTestStringConvertible {
  var testDescription: String { "\(dataset) \(kind) α=\(alpha)" }
}

@Test("MCP and SCAD are stationary and match skglm", arguments: nonconvexFixture.cases)
func matchesSkglm(_ c: NonconvexFixture.Case) throws {
  let data = lassoFixture.datasets.first { $0.name == c.dataset }!
  let x = c.standardized ? standardized(data.design) : data.design
  let options = CoordinateDescentOptions(tolerance: 1e-13, maxIterations: 2000)
  let penalty: any SeparablePenalty = c.kind == "mcp"
    ? MCPenalty(alpha: c.alpha, gamma: c.gamma) : SCADPenalty(alpha: c.alpha, gamma: c.gamma)
  func fit(warmStart: [Double]?) throws -> SparseLinearModelSolution {
    if let p = penalty as? MCPenalty {
      return try PenalizedLinearRegression(penalty: p, fitIntercept: false, options: options).fit(x, data.y, warmStart: warmStart)
    }
    return try PenalizedLinearRegression(penalty: penalty as! SCADPenalty, fitIntercept: false, options: options)
      .fit(x, data.y, warmStart: warmStart)
  }
  func stationarity(_ w: [Double]) -> Double {
    // dist(−∇ⱼf, ∂gⱼ(wⱼ)) for every j, recomputed literally.
    let residual = zip(data.y, SparseLinearModelSolution.linearPrediction(x, w)).map { $0 - $1 }
    let xs = x.scalars
    var worst = 0.0
    for j in 0..<data.columns {
      var g = 0.0
      for i in 0..<data.rows { g -= xs[i * data.columns + j] * residual[i] }
      worst = max(worst, penalty.subdifferentialDistance(w[j], gradient: g / Double(data.rows), coordinate: j))
    }
    return worst
  }
  let scale = max(1, c.coef.map(abs).max()!)

  // skglm's solution is a fixed point of Regula's solver: the same stationarity conditions.
  let fromSkglm = try fit(warmStart: c.coef)
  #expect(fromSkglm.isConverged)
  #expect(stationarity(c.coef) <= 1e-7, "skglm's own stationarity violation \(stationarity(c.coef))")
  for j in c.coef.indices {
    #expect(abs(fromSkglm.coefficients[j] - c.coef[j]) <= 1e-6 * scale, "warm-started coefficient \(j)")
  }

  // From 0, Regula reaches a stationary point; away from very small α (where the
  // nonconvex problem has several and the two solvers' paths differ) it is skglm's.
  let solution = try fit(warmStart: nil)
  #expect(solution.isConverged)
  #expect(solution.dualityGap == nil)
  #expect(stationarity(solution.coefficients) <= 1e-8, "stationarity violation \(stationarity(solution.coefficients))")
  if c.dataset == "diabetes" || c.fraction >= 0.3 {
    #expect(abs(solution.objective - c.objective) <= 1e-9 * abs(c.objective), "objective \(solution.objective) vs skglm \(c.objective)")
    for j in c.coef.indices {
      #expect(abs(solution.coefficients[j] - c.coef[j]) <= 1e-6 * scale, "coefficient \(j): \(solution.coefficients[j]) vs \(c.coef[j])")
    }
  } else {
    #expect(abs(solution.objective - c.objective) <= 0.05 * abs(c.objective), "objective \(solution.objective) vs skglm \(c.objective)")
  }
}

/// (1/2Σs) Σᵢ sᵢ(yᵢ − xᵢᵀw − b)² + penalty(w), written out literally.
func directObjective(
  _ x: Tensor<Double>, _ y: [Double], _ w: [Double], _ b: Double, weights: [Double]?, penalty: ([Double]) -> Double
) -> Double {
  let (n, p) = (x.shape[0], x.shape[1])
  let s = weights ?? [Double](repeating: 1, count: n)
  var loss = 0.0
  for i in 0..<n {
    var prediction = b
    for j in 0..<p { prediction += x.scalars[i * p + j] * w[j] }
    loss += s[i] * (y[i] - prediction) * (y[i] - prediction)
  }
  return 0.5 * loss / s.reduce(0, +) + penalty(w)
}

/// Columns centered and scaled to unit (population) standard deviation, as numpy's
/// `(X - X.mean(0)) / X.std(0)`.
func standardized(_ x: Tensor<Double>) -> Tensor<Double> {
  let (n, p) = (x.shape[0], x.shape[1])
  var s = x.scalars
  for j in 0..<p {
    var mean = 0.0
    for i in 0..<n { mean += s[i * p + j] }
    mean /= Double(n)
    var variance = 0.0
    for i in 0..<n { variance += (s[i * p + j] - mean) * (s[i * p + j] - mean) }
    let sd = (variance / Double(n)).squareRoot()
    for i in 0..<n { s[i * p + j] = (s[i * p + j] - mean) / sd }
  }
  return Tensor(shape: [n, p], scalars: s)
}

extension SparseLinearModelSolution {
  /// Xw without intercept, written out.
  static func linearPrediction(_ x: Tensor<Double>, _ w: [Double]) -> [Double] {
    let (n, p) = (x.shape[0], x.shape[1])
    return (0..<n).map { i in (0..<p).reduce(0.0) { $0 + x.scalars[i * p + $1] * w[$1] } }
  }
}

@Test("gap-safe screening does not change the solution")
func screeningIsSafe() throws {
  let data = lassoFixture.datasets.first { $0.name == "correlated" }!
  for c in lassoFixture.cases where c.dataset == "correlated" && c.sample_weight == nil {
    var with = tight
    with.stoppingCriterion = .automatic
    with.tolerance = 1e-14
    var without = with
    without.usesGapSafeScreening = false
    let model = { (o: CoordinateDescentOptions) in
      PenalizedLinearRegression(penalty: ElasticNetPenalty(alpha: c.alpha, l1Ratio: c.l1_ratio), fitIntercept: c.fit_intercept, options: o)
    }
    let a = try model(with).fit(data.design, data.y)
    let b = try model(without).fit(data.design, data.y)
    #expect(a.isConverged && b.isConverged)
    #expect(abs(a.objective - b.objective) <= 1e-11 * b.objective)
    #expect(Set(a.support) == Set(b.support) || abs(a.objective - c.objective) <= 1e-10 * c.objective)
    #expect(abs(a.objective - c.objective) <= 1e-10 * c.objective)
  }
}

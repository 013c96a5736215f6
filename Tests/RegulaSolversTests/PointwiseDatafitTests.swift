import Foundation
import RegulaPenalties
@testable import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Tools/fixtures/sparse_datafits.py: skglm's L1 Huber (AndersonCD), Poisson and logistic
/// (ProxNewton) solutions.
struct DatafitFixture: Decodable {
  struct Case: Decodable {
    let fit_intercept: Bool?
    let alpha: Double
    let coef: [Double]
    let intercept: Double?
    let objective: Double
  }
  struct Problem: Decodable {
    let rows: Int
    let columns: Int
    let x: [Double]
    let y: [Double]
    let delta: Double?
    let cases: [Case]
    var design: Tensor<Double> { Tensor(shape: [rows, columns], scalars: x) }
  }
  struct Logistic: Decodable { let cases: [Case] }
  let huber: Problem
  let poisson: Problem
  let logistic: Logistic
}

let datafitFixture = try! loadFixture(DatafitFixture.self, "sparse_datafits.json")
let tightGLM = CoordinateDescentOptions(tolerance: 1e-12, maxIterations: 500)

/// (1/Σs) Σᵢ sᵢ ℓ(yᵢ, xᵢᵀw + b) + α‖w‖₁ and the largest violation of its optimality
/// conditions (b's partial derivative included when fitted), written out literally.
func literalObjectiveAndKKT(
  _ x: Tensor<Double>, _ y: [Double], _ w: [Double], _ b: Double, alpha: Double, fitIntercept: Bool, weights: [Double]? = nil,
  loss: (Double, Double) -> Double, derivative: (Double, Double) -> Double
) -> (objective: Double, kkt: Double) {
  let (n, p) = (x.shape[0], x.shape[1])
  let s = weights ?? [Double](repeating: 1, count: n)
  let total = s.reduce(0, +)
  var value = 0.0
  var gradient = [Double](repeating: 0, count: p)
  var interceptGradient = 0.0
  for i in 0..<n {
    var z = b
    for j in 0..<p { z += x.scalars[i * p + j] * w[j] }
    value += s[i] * loss(y[i], z)
    let d = s[i] * derivative(y[i], z) / total
    interceptGradient += d
    for j in 0..<p { gradient[j] += x.scalars[i * p + j] * d }
  }
  var kkt = fitIntercept ? abs(interceptGradient) : 0
  let l1 = L1Penalty(alpha: alpha)
  for j in 0..<p { kkt = max(kkt, l1.subdifferentialDistance(w[j], gradient: gradient[j], coordinate: j)) }
  return (value / total + alpha * w.reduce(0) { $0 + abs($1) }, kkt)
}

func huberLiteral(_ delta: Double) -> (Double, Double) -> Double {
  { y, z in abs(y - z) <= delta ? 0.5 * (y - z) * (y - z) : delta * abs(y - z) - 0.5 * delta * delta }
}
func huberDerivativeLiteral(_ delta: Double) -> (Double, Double) -> Double { { y, z in -min(max(y - z, -delta), delta) } }

extension DatafitFixture.Case: CustomTestStringConvertible {
  var testDescription: String { "α=\(String(format: "%.4g", alpha)) intercept=\(fit_intercept ?? false)" }
}

@Test("L1 Huber regression matches skglm (AndersonCD)", arguments: datafitFixture.huber.cases)
func huberMatchesSkglm(_ c: DatafitFixture.Case) throws {
  let data = datafitFixture.huber, delta = data.delta!
  let x = data.design
  let solution = try PenalizedHuberRegression(penalty: L1Penalty(alpha: c.alpha), delta: delta, fitIntercept: c.fit_intercept!, options: tightGLM)
    .fit(x, data.y)
  #expect(solution.isConverged)
  let (objective, kkt) = literalObjectiveAndKKT(
    x, data.y, solution.coefficients, solution.intercept, alpha: c.alpha, fitIntercept: c.fit_intercept!,
    loss: huberLiteral(delta), derivative: huberDerivativeLiteral(delta))
  #expect(abs(objective - solution.objective) <= 1e-12 * objective)
  #expect(abs(objective - c.objective) <= 1e-8 * c.objective, "objective \(objective) vs skglm \(c.objective)")
  #expect(kkt <= 1e-9, "KKT \(kkt)")
  for j in c.coef.indices { #expect(abs(solution.coefficients[j] - c.coef[j]) <= 1e-5, "coefficient \(j)") }
  #expect(abs(solution.intercept - c.intercept!) <= 1e-5)
}

@Test("L1 Poisson regression matches skglm (ProxNewton)", arguments: datafitFixture.poisson.cases)
func poissonMatchesSkglm(_ c: DatafitFixture.Case) throws {
  let data = datafitFixture.poisson
  let x = data.design
  let solution = try PenalizedPoissonRegression(penalty: L1Penalty(alpha: c.alpha), fitIntercept: c.fit_intercept!, options: tightGLM)
    .fit(x, data.y)
  #expect(solution.isConverged)
  let (objective, kkt) = literalObjectiveAndKKT(
    x, data.y, solution.coefficients, solution.intercept, alpha: c.alpha, fitIntercept: c.fit_intercept!,
    loss: { y, z in exp(z) - y * z }, derivative: { y, z in exp(z) - y })
  #expect(abs(objective - solution.objective) <= 1e-12 * abs(objective))
  #expect(abs(objective - c.objective) <= 1e-8 * abs(c.objective), "objective \(objective) vs skglm \(c.objective)")
  #expect(kkt <= 1e-9, "KKT \(kkt)")
  for j in c.coef.indices { #expect(abs(solution.coefficients[j] - c.coef[j]) <= 1e-5, "coefficient \(j)") }
  #expect(abs(solution.intercept - c.intercept!) <= 1e-5)
  // α_max: w = 0 is optimal just above it, and not below.
  let alphaMax = try PenalizedPoissonRegression(penalty: L1Penalty(alpha: 1), fitIntercept: c.fit_intercept!).alphaMax(x, data.y)
  let atMax = try PenalizedPoissonRegression(penalty: L1Penalty(alpha: alphaMax * (1 + 1e-9)), fitIntercept: c.fit_intercept!, options: tightGLM)
    .fit(x, data.y)
  #expect(atMax.support.isEmpty)
}

@Test("L1 logistic regression: proximal Newton matches skglm's ProxNewton and coordinate descent")
func logisticProxNewton() throws {
  let fixture = try loadFixture(LogisticFixture.self, "sparse_logistic.json")
  let x = Tensor<Double>(shape: [fixture.rows, fixture.columns], scalars: fixture.x)
  for c in datafitFixture.logistic.cases {
    let newton = try PenalizedLogisticRegression(penalty: L1Penalty(alpha: c.alpha), fitIntercept: false, options: tightGLM, solver: .proxNewton)
      .fit(x, fixture.y)
    let cd = try PenalizedLogisticRegression(penalty: L1Penalty(alpha: c.alpha), fitIntercept: false, options: tightGLM)
      .fit(x, fixture.y)
    #expect(newton.isConverged && cd.isConverged)
    let (objective, kkt) = literalObjectiveAndKKT(
      x, fixture.y, newton.coefficients, 0, alpha: c.alpha, fitIntercept: false,
      loss: { y, z in log1p(exp(-y * z)) }, derivative: { y, z in -y / (1 + exp(y * z)) })
    #expect(abs(objective - c.objective) <= 1e-8 * c.objective, "objective \(objective) vs skglm \(c.objective)")
    #expect(abs(newton.objective - cd.objective) <= 1e-10 * cd.objective)
    #expect(kkt <= 1e-9, "KKT \(kkt)")
    for j in c.coef.indices {
      #expect(abs(newton.coefficients[j] - c.coef[j]) <= 1e-5, "coefficient \(j)")
      #expect(abs(newton.coefficients[j] - cd.coefficients[j]) <= 1e-6, "coefficient \(j) vs coordinate descent")
    }
    // At small α, where the loss is far from its quadratic model at 0, Newton steps are
    // far fewer than coordinate descent's epochs.
    if c.alpha < 0.05 * datafitFixture.logistic.cases[0].alpha { #expect(newton.epochs * 5 < cd.epochs) }
  }
  // With an intercept and elastic net the two solvers agree too.
  var rng = RandomGenerator(seed: 5)
  let z = Tensor<Double>.randomNormal(shape: [150, 12], using: &rng)
  let labels = (0..<150).map { i in z.scalars[i * 12] - z.scalars[i * 12 + 4] + 0.7 + rng.nextNormal() > 0 ? 1.0 : 0.0 }
  for penalty in [ElasticNetPenalty(alpha: 0.02, l1Ratio: 0.7), ElasticNetPenalty(alpha: 0.005, l1Ratio: 1)] {
    let a = try PenalizedLogisticRegression(penalty: penalty, options: tightGLM, solver: .proxNewton).fit(z, labels)
    let b = try PenalizedLogisticRegression(penalty: penalty, options: tightGLM).fit(z, labels)
    #expect(a.isConverged && b.isConverged)
    #expect(abs(a.objective - b.objective) <= 1e-10 * b.objective)
    #expect(abs(a.intercept - b.intercept) <= 1e-6)
  }
}

@Test("integer sample weights are row repetitions (Huber, Poisson, logistic, both solvers)")
func weightsRepeatRows() throws {
  var rng = RandomGenerator(seed: 9)
  let (n, p) = (60, 8)
  let x = Tensor<Double>.randomNormal(shape: [n, p], using: &rng)
  let weights = (0..<n).map { Double($0 % 3) }  // 0, 1, 2
  var rows = [Double](), repeatedIndex = [Int]()
  for i in 0..<n { for _ in 0..<Int(weights[i]) { rows += Array(x.scalars[i * p..<(i + 1) * p]); repeatedIndex.append(i) } }
  let repeated = Tensor<Double>(shape: [repeatedIndex.count, p], scalars: rows)
  let linear = (0..<n).map { i in 0.8 * x.scalars[i * p] - 0.5 * x.scalars[i * p + 2] }
  let yHuber = linear.map { $0 + 2 * rng.nextNormal() }
  let counts = linear.map { (exp($0 * 0.5 + 0.3) * (1 + 0.5 * rng.nextNormal())).rounded().magnitude }
  let labels = linear.map { $0 + rng.nextNormal() > 0 ? 1.0 : -1.0 }
  func compare(_ a: SparseLinearModelSolution, _ b: SparseLinearModelSolution, _ what: String) {
    #expect(a.isConverged && b.isConverged, "\(what)")
    #expect(abs(a.objective - b.objective) <= 1e-10 * abs(b.objective), "\(what): \(a.objective) vs \(b.objective)")
    for j in 0..<p { #expect(abs(a.coefficients[j] - b.coefficients[j]) <= 1e-6, "\(what) coefficient \(j)") }
    #expect(abs(a.intercept - b.intercept) <= 1e-6, "\(what) intercept")
    #expect(!a.support.isEmpty, "\(what)")
  }
  let huber = PenalizedHuberRegression(penalty: L1Penalty(alpha: 0.05), delta: 1, options: tightGLM)
  let weightedHuber = try huber.fit(x, yHuber, sampleWeights: weights)
  compare(weightedHuber, try huber.fit(repeated, repeatedIndex.map { yHuber[$0] }), "Huber")
  let poisson = PenalizedPoissonRegression(penalty: L1Penalty(alpha: 0.02), options: tightGLM)
  let weightedPoisson = try poisson.fit(x, counts, sampleWeights: weights)
  compare(weightedPoisson, try poisson.fit(repeated, repeatedIndex.map { counts[$0] }), "Poisson")
  // The weighted objective and optimality conditions, written out.
  let huberCheck = literalObjectiveAndKKT(
    x, yHuber, weightedHuber.coefficients, weightedHuber.intercept, alpha: 0.05, fitIntercept: true, weights: weights,
    loss: huberLiteral(1), derivative: huberDerivativeLiteral(1))
  #expect(abs(huberCheck.objective - weightedHuber.objective) <= 1e-12 * huberCheck.objective)
  #expect(huberCheck.kkt <= 1e-9)
  let poissonCheck = literalObjectiveAndKKT(
    x, counts, weightedPoisson.coefficients, weightedPoisson.intercept, alpha: 0.02, fitIntercept: true, weights: weights,
    loss: { y, z in exp(z) - y * z }, derivative: { y, z in exp(z) - y })
  #expect(abs(poissonCheck.objective - weightedPoisson.objective) <= 1e-12 * abs(poissonCheck.objective))
  #expect(poissonCheck.kkt <= 1e-9)
  // A warm start at the solution's coefficients (the intercept starts at log ȳ) ends at
  // the same point.
  let warm = try poisson.fit(x, counts, sampleWeights: weights, warmStart: weightedPoisson.coefficients)
  #expect(warm.isConverged)
  #expect(abs(warm.objective - weightedPoisson.objective) <= 1e-12 * abs(weightedPoisson.objective))
  for solver in [GeneralizedLinearSolver.coordinateDescent, .proxNewton] {
    let logistic = PenalizedLogisticRegression(penalty: L1Penalty(alpha: 0.02), options: tightGLM, solver: solver)
    compare(try logistic.fit(x, labels, sampleWeights: weights), try logistic.fit(repeated, repeatedIndex.map { labels[$0] }), "logistic \(solver)")
  }
}

@Test("sample losses: derivatives agree with central differences")
func sampleLossDerivatives() {
  func check<L: SampleLoss>(_ loss: L, _ points: [(Double, Double)]) {
    let h = 1e-6
    for (y, z) in points {
      let first = (loss.value(y, z + h) - loss.value(y, z - h)) / (2 * h)
      let second = (loss.derivative(y, z + h) - loss.derivative(y, z - h)) / (2 * h)
      #expect(abs(first - loss.derivative(y, z)) <= 1e-6 * max(1, abs(first)), "\(L.self) ℓ′ at y=\(y), z=\(z)")
      #expect(abs(second - loss.secondDerivative(y, z)) <= 1e-6 * max(1, abs(second)), "\(L.self) ℓ″ at y=\(y), z=\(z)")
      #expect(loss.secondDerivative(y, z) <= loss.curvatureBound)
    }
  }
  check(HuberSampleLoss(delta: 1.35), [(0.3, -0.2), (2, 0.1), (-3, 1), (1, 1.5)])
  check(PoissonSampleLoss(), [(0, -1), (3, 0.5), (7, 2.2)])
  check(LogisticSampleLoss(), [(1, -3), (-1, 0.4), (1, 25), (-1, -30)])
}

@Test("bad input to the GLM estimators is named")
func pointwiseBadInput() {
  let x = Tensor<Double>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 7])
  #expect(throws: SolverError.invalidParameter(name: "the target at row 1 (0-based)", value: -1, requirement: "non-negative for Poisson regression (counts)")) {
    _ = try PenalizedPoissonRegression(penalty: L1Penalty(alpha: 0.1)).fit(x, [1, -1, 2])
  }
  #expect(throws: SolverError.invalidParameter(name: "delta", value: 0, requirement: "positive and finite")) {
    _ = try PenalizedHuberRegression(penalty: L1Penalty(alpha: 0.1), delta: 0).fit(x, [1, 2, 3])
  }
  #expect(throws: SolverError.nonFiniteTarget(row: 2, value: .infinity)) {
    _ = try PenalizedHuberRegression(penalty: L1Penalty(alpha: 0.1)).fit(x, [1, 2, .infinity])
  }
  #expect(throws: SolverError.lengthMismatch(what: "sample weights for the rows of the design", expected: 3, got: 2)) {
    _ = try PenalizedPoissonRegression(penalty: L1Penalty(alpha: 0.1)).fit(x, [1, 2, 3], sampleWeights: [1, 1])
  }
}

@Test("a sparse design gives the dense design's solution (Huber, Poisson, logistic, with intercept)")
func pointwiseSparseMatchesDense() throws {
  var rng = RandomGenerator(seed: 13)
  let (n, p) = (70, 15)
  var dense = [Double](repeating: 0, count: n * p)
  for k in dense.indices where rng.nextUnit() < 0.3 { dense[k] = rng.nextNormal() }
  let x = Tensor<Double>(shape: [n, p], scalars: dense)
  var offsets = [0], columns = [Int](), values = [Double]()
  for i in 0..<n {
    for j in 0..<p where dense[i * p + j] != 0 { columns.append(j); values.append(dense[i * p + j]) }
    offsets.append(columns.count)
  }
  let sparse = SparseDesignMatrix(rowCount: n, columnCount: p, rowOffsets: offsets, columnIndices: columns, values: values)
  let linear = (0..<n).map { i in 1.5 * dense[i * p] - dense[i * p + 3] + dense[i * p + 7] }
  let y = linear.map { $0 + 0.5 * rng.nextNormal() + 2 }
  let counts = linear.map { (exp(0.5 * $0 + 0.5) * (1 + 0.3 * rng.nextNormal())).rounded().magnitude }
  let labels = linear.map { $0 + 0.5 * rng.nextNormal() > 0 ? 1.0 : 0.0 }
  func compare(_ a: SparseLinearModelSolution, _ b: SparseLinearModelSolution, _ what: String) {
    #expect(a.isConverged && b.isConverged, "\(what)")
    #expect(abs(a.objective - b.objective) <= 1e-12 * abs(b.objective), "\(what)")
    for j in 0..<p { #expect(abs(a.coefficients[j] - b.coefficients[j]) <= 1e-8, "\(what) coefficient \(j)") }
    #expect(abs(a.intercept - b.intercept) <= 1e-8, "\(what) intercept")
    #expect(!a.support.isEmpty && a.support.count < p, "\(what)")
  }
  let huber = PenalizedHuberRegression(penalty: L1Penalty(alpha: 0.03), delta: 1, options: tightGLM)
  compare(try huber.fit(sparse, y), try huber.fit(x, y), "Huber")
  let poisson = PenalizedPoissonRegression(penalty: L1Penalty(alpha: 0.03), options: tightGLM)
  compare(try poisson.fit(sparse, counts), try poisson.fit(x, counts), "Poisson")
  for solver in [GeneralizedLinearSolver.coordinateDescent, .proxNewton] {
    let logistic = PenalizedLogisticRegression(penalty: L1Penalty(alpha: 0.02), options: tightGLM, solver: solver)
    compare(try logistic.fit(sparse, labels), try logistic.fit(x, labels), "logistic \(solver)")
  }
}

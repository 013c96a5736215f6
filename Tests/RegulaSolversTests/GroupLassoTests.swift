import Foundation
import RegulaPenalties
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Tools/fixtures/sparse_groups.py: skglm/celer group Lasso, skglm sparse-group Lasso,
/// scikit-learn MultiTaskLasso.
struct GroupFixture: Decodable {
  struct Case: Decodable, CustomTestStringConvertible {
    let kind: String
    let weights: String
    let l1_ratio: Double
    let fit_intercept: Bool
    let alpha: Double
    let alpha_max: Double
    let coef: [Double]
    let intercept: Double
    let objective: Double
    var testDescription: String {
      "\(kind) ω=\(weights) τ=\(l1_ratio) α=\(String(format: "%.3g", alpha / alpha_max))α_max intercept=\(fit_intercept)"
    }
  }
  struct MultiTask: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
      let fit_intercept: Bool
      let alpha: Double
      let alpha_max: Double
      let coef: [Double]
      let intercepts: [Double]
      let objective: Double
      var testDescription: String { "α=\(String(format: "%.3g", alpha / alpha_max))α_max intercept=\(fit_intercept)" }
    }
    let rows: Int
    let columns: Int
    let tasks: Int
    let x: [Double]
    let y: [Double]
    let cases: [Case]
  }
  let rows: Int
  let columns: Int
  let x: [Double]
  let y: [Double]
  let groups: [[Int]]
  let cases: [Case]
  let multitask: MultiTask
  var design: Tensor<Double> { Tensor(shape: [rows, columns], scalars: x) }
}

let groupFixture = try! loadFixture(GroupFixture.self, "sparse_groups.json")
let groupTight = CoordinateDescentOptions(tolerance: 1e-12, maxIterations: 2000, stoppingCriterion: .kktViolation)

extension GroupFixture.Case {
  func model(_ groups: [[Int]], options: CoordinateDescentOptions = groupTight) -> GroupLasso {
    let omega = weights == "ones" ? groups.map { _ in 1.0 } : nil
    return GroupLasso(alpha: alpha, groups: groups, weights: omega, l1Ratio: l1_ratio, fitIntercept: fit_intercept, options: options)
  }

  /// The objective written out: (1/2n)‖y − Xw − b‖² + α(τ‖w‖₁ + (1 − τ)Σ ω_g‖w_g‖).
  func objective(_ f: GroupFixture, _ w: [Double], _ b: Double) -> Double {
    var penalty = l1_ratio * w.reduce(0) { $0 + abs($1) }
    for g in f.groups {
      let omega = weights == "ones" ? 1 : Double(g.count).squareRoot()
      penalty += (1 - l1_ratio) * omega * g.reduce(0) { $0 + w[$1] * w[$1] }.squareRoot()
    }
    return directObjective(f.design, f.y, w, b, weights: nil) { _ in alpha * penalty }
  }
}

@Test("group and sparse-group Lasso match skglm and celer to 1e-10", arguments: groupFixture.cases)
func groupLassoMatchesSkglm(_ c: GroupFixture.Case) throws {
  let f = groupFixture
  let model = c.model(f.groups)
  let solution = try model.fit(f.design, f.y)
  #expect(solution.isConverged)
  let objective = c.objective(f, solution.coefficients, solution.intercept)
  #expect(abs(objective - c.objective) <= 1e-10 * abs(c.objective), "objective \(objective) vs skglm \(c.objective)")
  #expect(abs(solution.objective - c.objective) <= 1e-10 * abs(c.objective))
  #expect(solution.kktViolation <= 1e-8, "KKT \(solution.kktViolation)")
  #expect(solution.dualityGap! >= -1e-12 && solution.dualityGap! <= 1e-10 * abs(c.objective), "gap \(solution.dualityGap!)")
  let scale = max(1, c.coef.map(abs).max()!)
  for j in c.coef.indices {
    #expect(abs(solution.coefficients[j] - c.coef[j]) <= 1e-6 * scale, "coefficient \(j)")
  }
  #expect(abs(solution.intercept - c.intercept) <= 1e-6 * max(1, abs(c.intercept)))
  #expect(abs(try model.alphaMax(f.design, f.y) - c.alpha_max) <= 1e-10 * c.alpha_max)
  // Warm-started at the solution, the solver stops at once.
  let again = try model.fit(f.design, f.y, warmStart: solution.coefficients)
  #expect(again.isConverged && again.iterations == 1)
}

@Test("the group Lasso stops on the duality gap by default, and the gap bounds suboptimality")
func groupLassoGapStopping() throws {
  let f = groupFixture
  for c in f.cases where c.fit_intercept {
    var options = CoordinateDescentOptions(tolerance: 1e-6)
    options.maxIterations = 200
    let solution = try c.model(f.groups, options: options).fit(f.design, f.y)
    let yMean = f.y.reduce(0, +) / Double(f.rows)
    let scaledNorm = f.y.reduce(0) { $0 + ($1 - yMean) * ($1 - yMean) } / Double(f.rows)
    #expect(solution.isConverged)
    #expect(solution.dualityGap! <= 1e-6 * scaledNorm)
    #expect(solution.objective - c.objective <= solution.dualityGap! + 1e-12 * c.objective)
    #expect(solution.objective >= c.objective - 1e-10 * c.objective)
  }
}

@Test("a sparse design gives the dense design's group Lasso")
func groupLassoSparseDesign() throws {
  let f = groupFixture
  var values = [Double](), rows = [Int](), offsets = [0]
  for j in 0..<f.columns {
    for i in 0..<f.rows where f.x[i * f.columns + j] != 0 && (i + j) % 3 != 0 {
      rows.append(i)
      values.append(f.x[i * f.columns + j])
    }
    offsets.append(values.count)
  }
  let sparse = SparseDesignMatrix(rowCount: f.rows, columnCount: f.columns, columnOffsets: offsets, rowIndices: rows, values: values)
  let dense = sparse.densified()
  for c in f.cases where c.alpha / c.alpha_max == 0.1 {
    let model = c.model(f.groups)
    let a = try model.fit(dense, f.y)
    let b = try model.fit(sparse, f.y)
    #expect(a.isConverged && b.isConverged)
    #expect(abs(a.objective - b.objective) <= 1e-10 * abs(a.objective))
    for j in 0..<f.columns { #expect(abs(a.coefficients[j] - b.coefficients[j]) <= 1e-6) }
    #expect(abs(a.intercept - b.intercept) <= 1e-6)
    #expect(abs(try model.alphaMax(dense, f.y) - model.alphaMax(sparse, f.y)) <= 1e-12 * c.alpha_max)
  }
}

@Test("groups of one feature with unit weights are the Lasso")
func singletonGroupsAreTheLasso() throws {
  let f = groupFixture
  let alpha = 0.05
  let groups = (0..<f.columns).map { [$0] }
  let group = try GroupLasso(alpha: alpha, groups: groups, weights: groups.map { _ in 1 }, options: groupTight).fit(f.design, f.y)
  let lasso = try Lasso(alpha: alpha, options: groupTight).fit(f.design, f.y)
  #expect(abs(group.objective - lasso.objective) <= 1e-11 * lasso.objective)
  #expect(group.support == lasso.support)
}

extension GroupFixture.MultiTask {
  var design: Tensor<Double> { Tensor(shape: [rows, columns], scalars: x) }
  var targets: Tensor<Double> { Tensor(shape: [rows, tasks], scalars: y) }
}

@Test("MultiTaskLasso matches scikit-learn to 1e-10", arguments: groupFixture.multitask.cases)
func multiTaskLassoMatchesScikitLearn(_ c: GroupFixture.MultiTask.Case) throws {
  let f = groupFixture.multitask
  let model = MultiTaskLasso(alpha: c.alpha, fitIntercept: c.fit_intercept, options: groupTight)
  let solution = try model.fit(f.design, f.targets)
  #expect(solution.isConverged)
  #expect(solution.coefficients.shape == [f.columns, f.tasks])
  // The objective written out.
  let w = solution.coefficients.scalars
  var loss = 0.0
  for i in 0..<f.rows {
    for t in 0..<f.tasks {
      var prediction = solution.intercepts[t]
      for j in 0..<f.columns { prediction += f.x[i * f.columns + j] * w[j * f.tasks + t] }
      loss += (f.y[i * f.tasks + t] - prediction) * (f.y[i * f.tasks + t] - prediction)
    }
  }
  var rows = 0.0
  for j in 0..<f.columns { rows += (0..<f.tasks).reduce(0) { $0 + w[j * f.tasks + $1] * w[j * f.tasks + $1] }.squareRoot() }
  let objective = 0.5 * loss / Double(f.rows) + c.alpha * rows
  #expect(abs(objective - c.objective) <= 1e-10 * c.objective, "objective \(objective) vs scikit-learn \(c.objective)")
  #expect(abs(solution.objective - c.objective) <= 1e-10 * c.objective)
  #expect(solution.kktViolation <= 1e-8)
  #expect(solution.dualityGap! <= 1e-10 * c.objective)
  for k in c.coef.indices { #expect(abs(w[k] - c.coef[k]) <= 1e-6 * max(1, c.coef.map(abs).max()!), "coefficient \(k)") }
  for t in 0..<f.tasks { #expect(abs(solution.intercepts[t] - c.intercepts[t]) <= 1e-6 * max(1, abs(c.intercepts[t]))) }
  #expect(abs(try model.alphaMax(f.design, f.targets) - c.alpha_max) <= 1e-12 * c.alpha_max)
  // Every task uses the same features.
  for j in 0..<f.columns {
    let used = (0..<f.tasks).filter { w[j * f.tasks + $0] != 0 }.count
    #expect(used == 0 || used == f.tasks)
  }
}

@Test("one task is the Lasso")
func oneTaskIsTheLasso() throws {
  let f = groupFixture.multitask
  let y = (0..<f.rows).map { f.y[$0 * f.tasks] }
  let multi = try MultiTaskLasso(alpha: 0.2, options: groupTight).fit(f.design, Tensor(shape: [f.rows, 1], scalars: y))
  let lasso = try Lasso(alpha: 0.2, options: groupTight).fit(f.design, y)
  #expect(abs(multi.objective - lasso.objective) <= 1e-11 * lasso.objective)
  #expect(multi.support == lasso.support)
  #expect(abs(multi.intercepts[0] - lasso.intercept) <= 1e-8)
}

@Test("bad groups, weights and targets are named")
func groupBadInput() {
  let x = Tensor<Double>(rows: [[1, 2, 0], [3, 5, 1], [0, 1, 4]])
  let y = [1.0, 2, 3]
  #expect(throws: SolverError.groupIndexOutOfRange(group: 1, feature: 3, featureCount: 3)) {
    _ = try GroupLasso(alpha: 0.1, groups: [[0, 1], [3]]).fit(x, y)
  }
  #expect(throws: SolverError.notAPartition(feature: 1, groups: [0, 1])) {
    _ = try GroupLasso(alpha: 0.1, groups: [[0, 1], [1, 2]]).fit(x, y)
  }
  #expect(throws: SolverError.notAPartition(feature: 2, groups: [])) {
    _ = try GroupLasso(alpha: 0.1, groups: [[0, 1]]).fit(x, y)
  }
  #expect(throws: SolverError.emptyGroup(group: 0)) { _ = try GroupLasso(alpha: 0.1, groups: [[], [0, 1, 2]]).fit(x, y) }
  #expect(throws: SolverError.lengthMismatch(what: "group weights for the groups", expected: 2, got: 1)) {
    _ = try GroupLasso(alpha: 0.1, groups: [[0, 1], [2]], weights: [1]).fit(x, y)
  }
  #expect(throws: SolverError.invalidParameter(name: "weights[1]", value: -1, requirement: "finite and non-negative")) {
    _ = try GroupLasso(alpha: 0.1, groups: [[0, 1], [2]], weights: [1, -1]).fit(x, y)
  }
  #expect(throws: SolverError.nonPositiveAlpha(0)) { _ = try GroupLasso(alpha: 0, groups: [[0, 1, 2]]).fit(x, y) }
  #expect(throws: SolverError.invalidParameter(name: "l1Ratio", value: 2, requirement: "in [0, 1]")) {
    _ = try GroupLasso(alpha: 1, groups: [[0, 1, 2]], l1Ratio: 2).fit(x, y)
  }
  #expect(throws: SolverError.nonFiniteTarget(row: 1, value: .infinity)) {
    _ = try GroupLasso(alpha: 1, groups: [[0, 1, 2]]).fit(x, [1, .infinity, 2])
  }
  #expect(throws: SolverError.constantDesign(columns: 3)) {
    _ = try GroupLasso(alpha: 1, groups: [[0, 1, 2]]).fit(Tensor(rows: [[1, 2, 3], [1, 2, 3]]), [1, 2])
  }
  let targets = Tensor<Double>(rows: [[1, 2], [3, -.infinity], [0, 1]])
  #expect(throws: SolverError.nonFiniteTarget(row: 1, value: -.infinity)) { _ = try MultiTaskLasso(alpha: 0.1).fit(x, targets) }
  #expect(throws: SolverError.lengthMismatch(what: "targets for the rows of the design", expected: 3, got: 2)) {
    _ = try MultiTaskLasso(alpha: 0.1).fit(x, Tensor(rows: [[1, 2], [3, 4]]))
  }
  #expect(throws: SolverError.nonPositiveAlpha(-1)) { _ = try MultiTaskLasso(alpha: -1).fit(x, Tensor(rows: [[1], [2], [3]])) }
}

@Test("active-set cycling and the fixed-point strategy leave the Lasso's solution unchanged")
func lassoVariantsAgree() throws {
  let data = lassoFixture.datasets.first { $0.name == "correlated" }!
  for c in lassoFixture.cases where c.dataset == "correlated" && c.kind == "lasso" && c.sample_weight == nil {
    var reference = c.objective
    for (cycles, strategy) in [(0, CoordinateDescentOptions.WorkingSetStrategy.subdifferential), (4, .subdifferential), (1, .fixedPoint)] {
      var options = tight
      options.activeSetEpochs = cycles
      options.workingSetStrategy = strategy
      let solution = try Lasso(alpha: c.alpha, fitIntercept: c.fit_intercept, options: options).fit(data.design, data.y)
      #expect(solution.isConverged)
      #expect(abs(solution.objective - reference) <= 1e-10 * reference, "cycles \(cycles), \(strategy)")
      reference = c.objective
    }
  }
}

@Test("FISTA with restarts reaches coordinate descent's Lasso, elastic net and MCP objectives")
func fistaAgreesWithCoordinateDescent() throws {
  let data = lassoFixture.datasets.first { $0.name == "correlated" }!
  let options = CoordinateDescentOptions(tolerance: 1e-11, maxIterations: 100_000)
  for c in lassoFixture.cases where c.dataset == "correlated" && c.sample_weight == nil && c.alpha / c.alpha_max > 0.05 {
    let penalty = ElasticNetPenalty(alpha: c.alpha, l1Ratio: c.l1_ratio)
    let solution = try PenalizedLinearRegression(penalty: penalty, fitIntercept: c.fit_intercept, options: options, solver: .fista)
      .fit(data.design, data.y)
    #expect(solution.isConverged)
    #expect(abs(solution.objective - c.objective) <= 1e-9 * c.objective, "objective \(solution.objective) vs \(c.objective)")
    #expect(solution.dualityGap! <= 1e-11 * data.y.reduce(0) { $0 + $1 * $1 })
  }
  // A nonconvex penalty: FISTA stops at a stationary point (KKT criterion).
  let x = standardized(lassoFixture.datasets.first { $0.name == "diabetes" }!.design)
  let y = lassoFixture.datasets.first { $0.name == "diabetes" }!.y
  let mcp = MCPenalty(alpha: 5, gamma: 3)
  let fromFista = try PenalizedLinearRegression(penalty: mcp, fitIntercept: false, options: options, solver: .fista).fit(x, y)
  #expect(fromFista.isConverged && fromFista.dualityGap == nil)
  #expect(fromFista.kktViolation <= 1e-11 * 1000)
}

@Test("the group Lasso's KKT criterion is relative to α_max")
func groupLassoKKTCriterion() throws {
  let f = groupFixture
  let y = f.y.map { 100 * $0 }  // α_max and α ≫ 1, so that a threshold scaled by α would show
  var options = CoordinateDescentOptions(tolerance: 1e-5, maxIterations: 500, stoppingCriterion: .kktViolation)
  options.andersonMemory = 0
  let unit = GroupLasso(alpha: 1, groups: f.groups, options: options)
  let alphaMax = try unit.alphaMax(f.design, y)
  var model = unit
  model.alpha = 0.5 * alphaMax
  let solution = try model.fit(f.design, y)
  #expect(solution.isConverged)
  #expect(solution.kktViolation <= 1e-5 * alphaMax)
  #expect(solution.trace.dropLast().allSatisfy { $0.kktViolation > 1e-5 * alphaMax })
}

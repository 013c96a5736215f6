import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Sinkhorn against POT (Tools/fixtures/transport.py) and its own guarantees.
struct SinkhornTests {
  struct Fixture: Decodable {
    struct Result: Decodable { var cost: Double, plan: [Double], niter: Int }
    struct Case: Decodable {
      var name: String, reg: Double, a: [Double], b: [Double], cost: [Double], n: Int, m: Int
      var log: Result
      var kernel: Result?
    }
    var cases: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "transport.json")

  static func problem(_ c: Fixture.Case) throws -> TransportProblem {
    try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost)
  }

  @Test(arguments: fixture.cases.map(\.name), [Sinkhorn.Domain.logarithmic, .kernel, .automatic])
  func matchesPOT(_ name: String, domain: Sinkhorn.Domain) throws {
    let c = try #require(Self.fixture.cases.first { $0.name == name })
    var solver = Sinkhorn(epsilon: .absolute(c.reg), domain: domain)
    solver.tolerance = 1e-13
    solver.maxIterations = 200_000
    let solution = try solver.solve(Self.problem(c))
    if c.kernel == nil && domain == .kernel {
      // ε so small that exp(−C/ε) underflows: the kernel domain reports it instead of NaN.
      guard case .numericalFailure = solution.status else { Issue.record("\(name): expected a breakdown"); return }
      #expect(solution.plan.isFinite)
      #expect(solution.notes.count == 1 && solution.notes[0].contains("use the log domain"), "\(solution.notes)")
      return
    }
    let reference = domain == .kernel ? c.kernel! : c.log
    #expect(solution.status == .converged, "\(name) \(domain): \(solution.status)")
    #expect(abs(solution.cost - reference.cost) <= 1e-8 * reference.cost, "\(name) \(domain): \(solution.cost) vs \(reference.cost)")
    #expect(maxRelativeDifference(solution.plan, Tensor(shape: [c.n, c.m], scalars: reference.plan), floor: 1e-6) < 1e-6)
    #expect(solution.iterations == reference.niter, "\(name) \(domain): \(solution.iterations) iterations, POT \(reference.niter)")
    if c.kernel == nil && domain == .automatic {
      #expect(solution.domain == .logarithmic)
      #expect(solution.notes.first?.contains("log domain") == true)
    }
    // The plan meets both marginals to the tolerance.
    let rows = solution.plan.sum(alongAxes: [1]).scalars, columns = solution.plan.sum(alongAxes: [0]).scalars
    #expect(zip(columns, c.b).allSatisfy { abs($0 - $1) < 1e-10 })
    #expect(zip(rows, c.a).allSatisfy { abs($0 - $1) < 1e-10 })
  }

  @Test func logAndKernelDomainsAgreeAndWarmStartsAreFree() throws {
    let c = Self.fixture.cases[0]
    let problem = try Self.problem(c)
    var solver = Sinkhorn(epsilon: .absolute(c.reg), domain: .kernel)
    solver.tolerance = 1e-12
    let kernel = try solver.solve(problem)
    solver.domain = .logarithmic
    let log = try solver.solve(problem)
    #expect(abs(kernel.cost - log.cost) < 1e-12)
    #expect(maxRelativeDifference(kernel.plan, log.plan, floor: 1e-9) < 1e-8)
    let warm = try solver.solve(problem, warmStart: (log.sourcePotential, log.targetPotential))
    #expect(warm.iterations == 0 && warm.status == .converged)
  }

  @Test func relativeEpsilonScalesWithTheMeanCost() throws {
    let c = Self.fixture.cases[1]
    let mean = c.cost.reduce(0, +) / Double(c.cost.count)
    let solution = try Sinkhorn(epsilon: .relative(0.5 / mean)).solve(Self.problem(c))
    #expect(abs(solution.epsilon - 0.5) < 1e-15)
    #expect(abs(solution.cost - c.log.cost) < 1e-8)
  }

  @Test func errorNormsAndIterationCap() throws {
    let problem = try Self.problem(Self.fixture.cases[2])
    var solver = Sinkhorn(epsilon: .absolute(0.01))
    solver.maxIterations = 25
    let capped = try solver.solve(problem)
    #expect(capped.status == .maxIterationsReached && capped.iterations == 24)
    #expect(capped.errorHistory.count == 3 && !capped.notes.isEmpty)
    for norm in Sinkhorn.ErrorNorm.allCases {
      solver.errorNorm = norm
      solver.maxIterations = 100_000
      solver.tolerance = 1e-6
      let s = try solver.solve(problem)
      let residual = zip(s.plan.sum(alongAxes: [0]).scalars, problem.targetWeights).map { $0 - $1 }
      let measured: Double
      switch norm {
      case .l2: measured = residual.reduce(0) { $0 + $1 * $1 }.squareRoot()
      case .l1: measured = residual.reduce(0) { $0 + abs($1) }
      case .lInfinity: measured = residual.reduce(0) { max($0, abs($1)) }
      }
      #expect(s.status == .converged && measured < 1e-6, "\(norm): \(measured)")
    }
  }

  @Test func badInputIsATypedError() {
    let cost = [0.0, 1, 1, 0]
    #expect(throws: TransportError.unequalMass(source: 1, target: 2)) {
      try TransportProblem(sourceWeights: [0.5, 0.5], targetWeights: [1, 1], cost: cost)
    }
    #expect(throws: TransportError.invalidWeight(side: "source", index: 1, value: -0.5)) {
      try TransportProblem(sourceWeights: [1.5, -0.5], targetWeights: [0.5, 0.5], cost: cost)
    }
    #expect(throws: TransportError.nonFiniteCost(row: 1, column: 0, value: .infinity)) {
      try TransportProblem(sourceWeights: [0.5, 0.5], targetWeights: [0.5, 0.5], cost: [0, 1, .infinity, 0])
    }
    #expect(throws: TransportError.shapeMismatch(costRows: 1, costColumns: 2, sourceCount: 2, targetCount: 2)) {
      try TransportProblem(sourceWeights: [0.5, 0.5], targetWeights: [0.5, 0.5], cost: [0, 1, 2])
    }
    #expect(throws: TransportError.nonPositiveEpsilon(0)) {
      try Sinkhorn(epsilon: .absolute(0)).solve(TransportProblem(sourceWeights: [1], targetWeights: [1], cost: [0]))
    }
    #expect(TransportError.unequalMass(source: 1, target: 2).description.hasPrefix("error: the source weights sum to 1"))
  }
}

/// Two weighted point sets and POT's W_p^p between them, with their weights and uniform.
struct PointSetPairCase: Decodable {
  var p: Double, u: [Double], v: [Double], a: [Double], b: [Double], weighted: Double, uniform: Double

  /// Checks `cost(u, v, weights, p)` against both of POT's values.
  func expectMatches(
    tolerance: Double, _ cost: ([Double], [Double], (u: [Double], v: [Double])?, Double) throws -> Double
  ) rethrows {
    let weighted = try cost(u, v, (a, b), p), uniform = try cost(u, v, nil, p)
    #expect(abs(weighted - self.weighted) <= tolerance * self.weighted, "p = \(p): \(weighted) vs \(self.weighted)")
    #expect(abs(uniform - self.uniform) <= tolerance * self.uniform, "p = \(p): \(uniform) vs \(self.uniform)")
  }
}

/// W_p^p on the line against POT's wasserstein_1d.
struct WassersteinOnTheLineTests {
  struct Fixture: Decodable { var line: [PointSetPairCase] }

  @Test func matchesPOT() throws {
    let fixture = try loadFixture(Fixture.self, "transport.json")
    #expect(fixture.line.count == 3)
    for c in fixture.line {
      try c.expectMatches(tolerance: 1e-12) { try wassersteinCostOnTheLine($0, $1, uWeights: $2?.u, vWeights: $2?.v, p: $3) }
    }
  }

  @Test func isZeroForEqualMeasuresAndATranslationForShifts() throws {
    let u = [0.3, -1.2, 2.5, 0.0]
    #expect(try wassersteinCostOnTheLine(u, u.reversed(), p: 2) == 0)
    #expect(abs(try wassersteinCostOnTheLine(u, u.map { $0 + 0.7 }, p: 2) - 0.49) < 1e-12)
    let error = #expect(throws: TransportError.self) { try wassersteinCostOnTheLine(u, [1, .nan]) }
    guard case .nonFinitePoint(side: "target", index: 1, _) = error else {
      Issue.record("expected the NaN target point to be named, got \(String(describing: error))")
      return
    }
  }
}

import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Exact transport: POT parity (Tools/fixtures/transport_more.py) and optimality certificates.
struct NetworkSimplexTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var name: String, n: Int, m: Int, a: [Double], b: [Double], cost: [Double]
      var emd: Double, u: [Double], v: [Double], plan: [Double]?
    }
    var emd: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "transport_more.json")

  /// Checks that `s` is optimal for `problem` by LP duality: the plan is feasible, the
  /// potentials are dual feasible (uᵢ + vⱼ ≤ Cᵢⱼ), complementary slackness holds on the
  /// plan's support, and the two objectives agree. Returns nothing; records issues.
  static func expectOptimal(_ s: NetworkSimplex.Solution, _ problem: TransportProblem, _ label: String, tolerance: Double = 1e-12) {
    let (n, m) = (problem.sourceCount, problem.targetCount)
    let scale = max(problem.cost.map(abs).max()!, 1e-300)
    #expect(s.status == .converged, "\(label): \(s.status)")
    #expect(s.flows.count <= n + m - 1, "\(label): \(s.flows.count) non-zeros for a \(n)×\(m) problem")
    var rows = [Double](repeating: 0, count: n), columns = [Double](repeating: 0, count: m)
    for f in s.flows {
      #expect(f.mass > 0)
      rows[f.source] += f.mass
      columns[f.target] += f.mass
      let slack = problem.cost[f.source * m + f.target] - s.sourcePotential[f.source] - s.targetPotential[f.target]
      #expect(abs(slack) <= tolerance * scale, "\(label): complementary slackness fails at (\(f.source), \(f.target)): \(slack)")
    }
    #expect(zip(rows, problem.sourceWeights).allSatisfy { abs($0 - $1) <= 1e-14 }, "\(label): source marginal")
    #expect(zip(columns, problem.targetWeights).allSatisfy { abs($0 - $1) <= 1e-14 }, "\(label): target marginal")
    var worst = 0.0
    for i in 0..<n { for j in 0..<m { worst = max(worst, s.sourcePotential[i] + s.targetPotential[j] - problem.cost[i * m + j]) } }
    #expect(worst <= tolerance * scale, "\(label): dual infeasible by \(worst)")
    let dual = zip(problem.sourceWeights, s.sourcePotential).reduce(0) { $0 + $1.0 * $1.1 }
    let dualTarget = zip(problem.targetWeights, s.targetPotential).reduce(0) { $0 + $1.0 * $1.1 }
    #expect(abs(dual + dualTarget - s.cost) <= tolerance * scale, "\(label): duality gap \(dual + dualTarget - s.cost)")
    #expect(abs(dual - dualTarget) <= tolerance * scale, "\(label): potentials not centered")
  }

  @Test(arguments: fixture.emd.map(\.name))
  func matchesPOT(_ name: String) throws {
    let c = try #require(Self.fixture.emd.first { $0.name == name })
    let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost)
    let s = NetworkSimplex().solve(problem)
    #expect(abs(s.cost - c.emd) <= 1e-10 * c.emd, "\(name): \(s.cost) vs POT \(c.emd)")
    Self.expectOptimal(s, problem, name)
    if let plan = c.plan {
      #expect(maxRelativeDifference(s.plan, Tensor(shape: [c.n, c.m], scalars: plan), floor: 1e-12) < 1e-9, "\(name): plan")
    }
    // POT's duals are optimal too, so they give the same dual objective.
    let potDual = zip(c.a, c.u).reduce(0) { $0 + $1.0 * $1.1 } + zip(c.b, c.v).reduce(0) { $0 + $1.0 * $1.1 }
    #expect(abs(potDual - s.cost) <= 1e-10 * c.emd)
  }

  @Test func uniformSquareProblemIsTheBestPermutation() throws {
    // With n = m and uniform weights an optimal plan is a permutation (Birkhoff): check
    // against all 6! of them.
    var rng = RandomGenerator(seed: 5)
    let n = 6
    let cost = (0..<(n * n)).map { _ in Double(rng.next() % 1000) / 100 }
    let problem = try TransportProblem(sourceWeights: Array(repeating: 1 / Double(n), count: n), targetWeights: Array(repeating: 1 / Double(n), count: n), cost: cost)
    var best = Double.infinity
    func search(_ row: Int, _ used: Set<Int>, _ sum: Double) {
      if row == n { best = min(best, sum); return }
      for j in 0..<n where !used.contains(j) { search(row + 1, used.union([j]), sum + cost[row * n + j]) }
    }
    search(0, [], 0)
    let s = NetworkSimplex().solve(problem)
    #expect(abs(s.cost - best / Double(n)) < 1e-14)
    Self.expectOptimal(s, problem, "permutation")
  }

  @Test func largerRandomProblemsCarryAnOptimalityCertificate() throws {
    var rng = RandomGenerator(seed: 11)
    for (n, m) in [(150, 150), (200, 90), (1, 40), (40, 1)] {
      let x = Tensor<Double>.randomUniform(shape: [n, 2], using: &rng), y = Tensor<Double>.randomUniform(shape: [m, 2], using: &rng)
      var a = (0..<n).map { _ in Double(rng.next() % 100 + 1) }, b = (0..<m).map { _ in Double(rng.next() % 100 + 1) }
      let (ta, tb) = (a.reduce(0, +), b.reduce(0, +))
      a = a.map { $0 / ta }
      b = b.map { $0 / tb }
      let problem = try TransportProblem(sourcePoints: x, targetPoints: y, sourceWeights: a, targetWeights: b)
      Self.expectOptimal(NetworkSimplex().solve(problem), problem, "\(n)×\(m)")
    }
  }

  @Test func zeroWeightsGetFeasiblePotentials() throws {
    let problem = try TransportProblem(
      sourceWeights: [0.5, 0, 0.5], targetWeights: [0, 0.25, 0.75], cost: [3, 1, 2, 0, 5, 4, 1, 2, 0])
    let s = NetworkSimplex().solve(problem)
    // 0.25 from source 0 to target 1 (cost 1), 0.25 from 0 to 2 (cost 2), 0.5 from 2 to 2 (0).
    #expect(abs(s.cost - 0.75) < 1e-15)
    #expect(s.flows == [.init(source: 0, target: 1, mass: 0.25), .init(source: 0, target: 2, mass: 0.25), .init(source: 2, target: 2, mass: 0.5)])
    Self.expectOptimal(s, problem, "zero weights")
    // The zero-weight source's potential is as large as feasibility allows.
    #expect(abs((0..<3).map { problem.cost[3 + $0] - s.targetPotential[$0] }.min()! - s.sourcePotential[1]) < 1e-15)
  }

  @Test func pivotBudgetStopsWithAFeasiblePlan() throws {
    let c = try #require(Self.fixture.emd.first { $0.name == "uniform-60x50" })
    let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost)
    let s = NetworkSimplex(maxIterations: 5).solve(problem)
    #expect(s.status == .maxIterationsReached && s.iterations == 5)
    #expect(s.notes.first?.contains("maxIterations") == true)
    // Mass not yet moved off the artificial arcs is missing from the plan, never extra.
    let columns = s.plan.sum(alongAxes: [0]).scalars, rows = s.plan.sum(alongAxes: [1]).scalars
    #expect(zip(columns, c.b).allSatisfy { $0 <= $1 + 1e-15 } && zip(rows, c.a).allSatisfy { $0 <= $1 + 1e-15 })
    #expect(s.flows.reduce(0) { $0 + $1.mass } < 1 - 1e-3)
  }

  @Test func sinkhornApproachesTheExactCostAsEpsilonShrinks() throws {
    let c = try #require(Self.fixture.emd.first { $0.name == "random-12x17" })
    let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost)
    let exact = NetworkSimplex().solve(problem).cost
    var gaps: [Double] = []
    for eps in [1e-1, 1e-2, 1e-3] {
      var solver = Sinkhorn(epsilon: .absolute(eps), domain: .logarithmic)
      solver.tolerance = 1e-12
      gaps.append(try solver.solve(problem).cost - exact)
    }
    #expect(gaps.allSatisfy { $0 > -1e-12 }, "\(gaps)")
    #expect(gaps[2] < gaps[1] && gaps[1] < gaps[0] && gaps[2] < 1e-3 * exact, "\(gaps)")
  }
}

/// W_p^p on the circle against POT and against the exact solver on the circle's cost.
struct WassersteinOnTheCircleTests {
  struct Fixture: Decodable { var circle: [PointSetPairCase] }

  @Test func matchesPOT() throws {
    let fixture = try loadFixture(Fixture.self, "transport_more.json")
    #expect(fixture.circle.count == 4)
    for c in fixture.circle {
      try c.expectMatches(tolerance: 1e-10) { try wassersteinCostOnTheCircle($0, $1, uWeights: $2?.u, vWeights: $2?.v, p: $3) }
    }
  }

  @Test(arguments: [1.0, 2.0, 1.5])
  func equalsExactTransportWithTheGeodesicCost(p: Double) throws {
    var rng = RandomGenerator(seed: UInt64(p * 10))
    let u = (0..<9).map { _ in Double(rng.next() % 10_000) / 10_000 }, v = (0..<13).map { _ in Double(rng.next() % 10_000) / 10_000 + 3 }
    let a = (0..<9).map { _ in Double(rng.next() % 50 + 1) }, bRaw = (0..<13).map { _ in Double(rng.next() % 50 + 1) }
    let b = bRaw.map { $0 * a.reduce(0, +) / bRaw.reduce(0, +) }
    var cost: [Double] = []
    for x in u {
      for y in v {
        let d = abs(x - (y - 3))
        cost.append(pow(min(d, 1 - d), p))
      }
    }
    let exact = NetworkSimplex().solve(try TransportProblem(sourceWeights: a, targetWeights: b, cost: cost)).cost
    let circle = try wassersteinCostOnTheCircle(u, v, uWeights: a, vWeights: b, p: p)
    #expect(abs(circle - exact) <= 1e-10 * exact, "p = \(p): \(circle) vs \(exact)")
    // Rotating both measures changes nothing.
    let rotated = try wassersteinCostOnTheCircle(u.map { $0 + 0.37 }, v.map { $0 + 0.37 }, uWeights: a, vWeights: b, p: p)
    #expect(abs(rotated - circle) <= 1e-10 * circle)
  }
}

/// The Sinkhorn divergence against POT's empirical_sinkhorn_divergence.
struct SinkhornDivergenceTests {
  struct Fixture: Decodable {
    struct Case: Decodable { var reg: Double, x: [Double], y: [Double], a: [Double], b: [Double], divergence: Double }
    var divergence: [Case]
  }

  @Test func matchesPOTAndVanishesOnEqualClouds() throws {
    let fixture = try loadFixture(Fixture.self, "transport_more.json")
    #expect(fixture.divergence.count == 2)
    for c in fixture.divergence {
      var solver = Sinkhorn(epsilon: .absolute(c.reg))
      solver.tolerance = 1e-12
      let x = Tensor(shape: [c.a.count, 2], scalars: c.x), y = Tensor(shape: [c.b.count, 2], scalars: c.y)
      let value = try solver.divergence(between: x, and: y, sourceWeights: c.a, targetWeights: c.b)
      #expect(abs(value - c.divergence) <= 1e-9 * c.divergence, "ε = \(c.reg): \(value) vs \(c.divergence)")
      #expect(try solver.divergence(between: x, and: x, sourceWeights: c.a, targetWeights: c.a) == 0)
    }
  }
}

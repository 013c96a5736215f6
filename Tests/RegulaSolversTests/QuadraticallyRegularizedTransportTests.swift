import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Quadratically regularized OT against POT's smooth_ot_dual (l2), and its limits.
struct QuadraticallyRegularizedTransportTests {
  struct Fixture: Decodable {
    struct Case: Decodable { var reg: Double, a: [Double], b: [Double], cost: [Double], plan: [Double], marginal_error: Double }
    var smooth: [Case]
  }

  @Test func matchesPOTWithTighterMarginals() throws {
    let fixture = try loadFixture(Fixture.self, "transport_more.json")
    #expect(fixture.smooth.count == 2)
    for c in fixture.smooth {
      let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost)
      let s = try QuadraticallyRegularizedTransport(gamma: c.reg).solve(problem)
      #expect(s.status == .converged, "γ = \(c.reg): \(s.status)")
      // POT's L-BFGS-B stops with marginals off by up to 3e-7: agree to that scale.
      let difference = zip(s.plan.scalars, c.plan).map { abs($0 - $1) }.max()!
      #expect(difference < 20 * c.marginal_error, "γ = \(c.reg): plans differ by \(difference)")
      #expect(zip(s.plan.scalars, c.plan).allSatisfy { ($0 == 0) == ($1 == 0) || abs($0 - $1) < 1e-6 }, "γ = \(c.reg): support")
      let rows = s.plan.sum(alongAxes: [1]).scalars, columns = s.plan.sum(alongAxes: [0]).scalars
      #expect(zip(rows, c.a).allSatisfy { abs($0 - $1) <= 1e-9 } && zip(columns, c.b).allSatisfy { abs($0 - $1) <= 1e-9 })
      // Strong duality: the regularized primal equals the dual objective.
      var dual = zip(s.sourcePotential, c.a).reduce(0) { $0 + $1.0 * $1.1 } + zip(s.targetPotential, c.b).reduce(0) { $0 + $1.0 * $1.1 }
      dual -= s.plan.scalars.reduce(0) { $0 + c.reg * $1 * $1 / 2 }
      #expect(abs(dual - s.regularizedCost) < 1e-8)
    }
  }

  @Test func smallGammaApproachesTheExactCost() throws {
    var rng = RandomGenerator(seed: 12)
    let x = Tensor<Double>.randomUniform(shape: [10, 2], using: &rng), y = Tensor<Double>.randomUniform(shape: [12, 2], using: &rng)
    let problem = try TransportProblem(sourcePoints: x, targetPoints: y)
    let exact = NetworkSimplex().solve(problem).cost
    let loose = try QuadraticallyRegularizedTransport(gamma: 1).solve(problem).cost
    let tight = try QuadraticallyRegularizedTransport(gamma: 1e-3).solve(problem).cost
    #expect(exact <= tight + 1e-12 && tight <= loose && tight - exact < 1e-3 * exact, "exact \(exact), γ=1e-3 \(tight), γ=1 \(loose)")
  }
}

/// Sparsity-constrained OT: at most k non-zeros per column.
struct SparsityConstrainedTransportTests {
  static func problem(_ n: Int, _ m: Int, seed: UInt64) throws -> TransportProblem {
    var rng = RandomGenerator(seed: seed)
    let x = Tensor<Double>.randomUniform(shape: [n, 2], using: &rng), y = Tensor<Double>.randomUniform(shape: [m, 2], using: &rng)
    return try TransportProblem(sourcePoints: x, targetPoints: y)
  }

  @Test(arguments: [1, 2, 3])
  func columnsHaveAtMostKNonzerosAndMarginalsHold(k: Int) throws {
    let problem = try Self.problem(12, 12, seed: 7)
    let s = try QuadraticallyRegularizedTransport(gamma: 0.05, maxNonzerosPerColumn: k).solve(problem)
    for j in 0..<12 {
      let nonzeros = (0..<12).filter { s.plan.scalars[$0 * 12 + j] > 0 }.count
      #expect(nonzeros <= k, "k = \(k): column \(j) has \(nonzeros)")
    }
    let rows = s.plan.sum(alongAxes: [1]).scalars, columns = s.plan.sum(alongAxes: [0]).scalars
    #expect(zip(rows, problem.sourceWeights).allSatisfy { abs($0 - $1) <= 1e-6 }, "k = \(k): \(s.status)")
    #expect(zip(columns, problem.targetWeights).allSatisfy { abs($0 - $1) <= 1e-6 }, "k = \(k): \(s.status)")
  }

  @Test func kEqualToNIsTheQuadraticProblemAndKOneTendsToTheExactCost() throws {
    let problem = try Self.problem(8, 8, seed: 8)
    let plain = try QuadraticallyRegularizedTransport(gamma: 0.1).solve(problem)
    let full = try QuadraticallyRegularizedTransport(gamma: 0.1, maxNonzerosPerColumn: 8).solve(problem)
    #expect(full.plan == plain.plan)
    let exact = NetworkSimplex().solve(problem).cost
    let one = try QuadraticallyRegularizedTransport(gamma: 1e-4, maxNonzerosPerColumn: 1).solve(problem)
    #expect(abs(one.cost - exact) < 1e-3 * exact, "k = 1: \(one.cost), exact \(exact)")
  }
}

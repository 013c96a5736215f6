import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Exact and entropic partial transport against POT's ot.partial, and their limits.
struct PartialTransportTests {
  struct Fixture: Decodable {
    struct Case: Decodable { var mass: Double, a: [Double], b: [Double], cost: [Double], plan: [Double], value: Double }
    struct EntropicCase: Decodable {
      var reg: Double, mass: Double, a: [Double], b: [Double], cost: [Double], plan: [Double], value: Double
    }
    var partial: [Case]
    var entropic_partial: [EntropicCase]
  }

  static let fixture = try! loadFixture(Fixture.self, "transport_regularized.json")

  /// Row sums ≤ a, column sums ≤ b (to `slack`), total mass m.
  static func expectFeasible(_ plan: Tensor<Double>, _ a: [Double], _ b: [Double], mass: Double, slack: Double) {
    let rows = plan.sum(alongAxes: [1]).scalars, columns = plan.sum(alongAxes: [0]).scalars
    #expect(zip(rows, a).allSatisfy { $0 <= $1 + slack } && zip(columns, b).allSatisfy { $0 <= $1 + slack })
    #expect(plan.scalars.allSatisfy { $0 >= 0 } && abs(plan.sum().scalar - mass) <= slack, "mass \(plan.sum().scalar), wanted \(mass)")
  }

  @Test func exactMatchesPOT() throws {
    #expect(Self.fixture.partial.count == 3)
    for c in Self.fixture.partial {
      let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost, relativeMassTolerance: .infinity)
      let s = try PartialTransport(mass: c.mass).solve(problem)
      #expect(s.status == .converged)
      #expect(abs(s.cost - c.value) <= 1e-10 * c.value, "m = \(c.mass): \(s.cost) vs \(c.value)")
      // Random data: the optimal plan is unique, so it is POT's.
      #expect(zip(s.plan.scalars, c.plan).allSatisfy { abs($0 - $1) < 1e-12 }, "m = \(c.mass)")
      Self.expectFeasible(s.plan, c.a, c.b, mass: c.mass, slack: 1e-12)
    }
  }

  @Test func exactLimits() throws {
    let c = Self.fixture.partial[0]
    let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost, relativeMassTolerance: .infinity)
    #expect(try PartialTransport(mass: 0).solve(problem).plan.scalars.allSatisfy { $0 < 1e-15 })
    // The cost grows with the mass (the cheapest mass goes first), and convexly.
    let costs = try [0.2, 0.4, 0.6, 0.8].map { try PartialTransport(mass: $0).solve(problem).cost }
    #expect(costs[0] < costs[1] && costs[1] - costs[0] <= costs[2] - costs[1] + 1e-15 && costs[2] - costs[1] <= costs[3] - costs[2] + 1e-15, "\(costs)")
    // All the mass of balanced weights: the exact transport cost.
    let balanced = try SparsityConstrainedTransportTests.problem(9, 6, seed: 31)
    let full = try PartialTransport(mass: 1).solve(balanced)
    #expect(abs(full.cost - NetworkSimplex().solve(balanced).cost) < 1e-14)
    #expect(throws: TransportError.invalidMass(1.1, available: c.a.reduce(0, +))) { try PartialTransport(mass: 1.1).solve(problem) }
    #expect(throws: TransportError.invalidMass(-0.1, available: c.a.reduce(0, +))) { try EntropicPartialTransport(epsilon: .absolute(0.1), mass: -0.1).solve(problem) }
  }

  @Test func entropicMatchesPOT() throws {
    #expect(Self.fixture.entropic_partial.count == 2)
    for c in Self.fixture.entropic_partial {
      let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost, relativeMassTolerance: .infinity)
      var solver = EntropicPartialTransport(epsilon: .absolute(c.reg), mass: c.mass)
      solver.tolerance = 1e-14
      solver.maxIterations = 100_000
      let s = try solver.solve(problem)
      #expect(s.status == .converged, "ε = \(c.reg): \(s.status)")
      #expect(abs(s.cost - c.value) <= 1e-10 * c.value, "ε = \(c.reg): \(s.cost) vs \(c.value)")
      let expected = Tensor(shape: [c.a.count, c.b.count], scalars: c.plan)
      #expect(maxRelativeDifference(s.plan, expected, floor: 1e-9) < 1e-9, "ε = \(c.reg)")
      Self.expectFeasible(s.plan, c.a, c.b, mass: c.mass, slack: 1e-12)
    }
  }

  @Test func entropicWithAllTheMassIsSinkhorn() throws {
    let problem = try SparsityConstrainedTransportTests.problem(7, 10, seed: 32)
    var partial = EntropicPartialTransport(epsilon: .absolute(0.05), mass: 1)
    partial.tolerance = 1e-15
    partial.maxIterations = 100_000
    var sinkhorn = Sinkhorn(epsilon: .absolute(0.05))
    sinkhorn.tolerance = 1e-15
    let (p, s) = (try partial.solve(problem), try sinkhorn.solve(problem))
    #expect(maxRelativeDifference(p.plan, s.plan, floor: 1e-9) < 1e-8)
    // A large uniform offset in the cost changes nothing (no underflow).
    let shifted = try TransportProblem(
      sourceWeights: problem.sourceWeights, targetWeights: problem.targetWeights, cost: problem.cost.map { $0 + 1000 })
    let q = try partial.solve(shifted)
    #expect(q.status == .converged && maxRelativeDifference(q.plan, p.plan, floor: 1e-9) < 1e-8)
  }
}

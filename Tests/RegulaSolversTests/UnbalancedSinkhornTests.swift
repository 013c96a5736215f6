import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Unbalanced Sinkhorn against POT's sinkhorn_unbalanced, and its balanced limit.
struct UnbalancedSinkhornTests {
  struct Fixture: Decodable {
    struct Case: Decodable { var reg: Double, reg_m: Double, a: [Double], b: [Double], cost: [Double], plan: [Double], linear: Double, niter: Int }
    var unbalanced: [Case]
  }

  @Test func matchesPOT() throws {
    let fixture = try loadFixture(Fixture.self, "transport_more.json")
    #expect(fixture.unbalanced.count == 2)
    for c in fixture.unbalanced {
      let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost, relativeMassTolerance: .infinity)
      var solver = UnbalancedSinkhorn(epsilon: .absolute(c.reg), marginalPenalty: c.reg_m)
      solver.tolerance = 1e-12
      solver.maxIterations = 100_000
      let s = try solver.solve(problem)
      #expect(s.status == .converged && s.iterations == c.niter, "τ = \(c.reg_m): \(s.status) after \(s.iterations), POT \(c.niter)")
      #expect(abs(s.cost - c.linear) <= 1e-10 * c.linear, "τ = \(c.reg_m): \(s.cost) vs \(c.linear)")
      #expect(maxRelativeDifference(s.plan, Tensor(shape: [c.a.count, c.b.count], scalars: c.plan), floor: 1e-9) < 1e-8)
    }
  }

  @Test func infinitePenaltyIsBalancedSinkhorn() throws {
    var rng = RandomGenerator(seed: 2)
    let x = Tensor<Double>.randomUniform(shape: [8, 2], using: &rng), y = Tensor<Double>.randomUniform(shape: [6, 2], using: &rng)
    let problem = try TransportProblem(sourcePoints: x, targetPoints: y)
    var unbalanced = UnbalancedSinkhorn(epsilon: .absolute(0.05), marginalPenalty: .infinity)
    unbalanced.tolerance = 1e-14
    unbalanced.maxIterations = 100_000
    var balanced = Sinkhorn(epsilon: .absolute(0.05))
    balanced.tolerance = 1e-14
    let (u, s) = (try unbalanced.solve(problem), try balanced.solve(problem))
    #expect(maxRelativeDifference(u.plan, s.plan, floor: 1e-9) < 1e-8)
    // A small penalty lets mass go unmoved: the plan carries less than the inputs.
    let loose = try UnbalancedSinkhorn(epsilon: .absolute(0.05), marginalPenalty: 0.01).solve(problem)
    #expect(loose.plan.sum().scalar < 0.99)
  }

  @Test func underflowIsReportedNotNaN() throws {
    let problem = try TransportProblem(sourceWeights: [0.5, 0.5], targetWeights: [1, 1], cost: [0, 900, 900, 0], relativeMassTolerance: .infinity)
    let s = try UnbalancedSinkhorn(epsilon: .absolute(1), marginalPenalty: 1).solve(
      TransportProblem(sourceWeights: [0.5, 0.5], targetWeights: [1, 1], cost: [800, 900, 900, 800], relativeMassTolerance: .infinity))
    guard case .numericalFailure = s.status else { Issue.record("expected a breakdown, got \(s.status)"); return }
    #expect(s.plan.isFinite && s.notes.first?.contains("raise ε") == true)
    #expect(throws: TransportError.nonPositiveEpsilon(-1)) { try UnbalancedSinkhorn(epsilon: .absolute(-1), marginalPenalty: 1).solve(problem) }
  }
}

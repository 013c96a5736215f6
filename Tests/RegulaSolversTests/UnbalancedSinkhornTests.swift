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
    let underflowing = try TransportProblem(
      sourceWeights: [0.5, 0.5], targetWeights: [1, 1], cost: [800, 900, 900, 800], relativeMassTolerance: .infinity)
    let s = try UnbalancedSinkhorn(epsilon: .absolute(1), marginalPenalty: 1, domain: .kernel).solve(underflowing)
    guard case .numericalFailure = s.status else { Issue.record("expected a breakdown, got \(s.status)"); return }
    #expect(s.plan.isFinite && s.notes.first?.contains("use the log domain") == true)
    // Automatic: the log domain takes over and says so.
    let t = try UnbalancedSinkhorn(epsilon: .absolute(1), marginalPenalty: 1).solve(underflowing)
    #expect(t.status == .converged && t.domain == .logarithmic && t.notes.first?.contains("solved in the log domain") == true)
    #expect(throws: TransportError.nonPositiveEpsilon(-1)) { try UnbalancedSinkhorn(epsilon: .absolute(-1), marginalPenalty: 1).solve(problem) }
  }
}

/// The log domain of unbalanced Sinkhorn: the kernel domain's iterates, POT's stabilized
/// solver where that is right, and the optimality conditions at ε = 1e-3.
struct UnbalancedSinkhornLogDomainTests {
  struct Fixture: Decodable {
    struct Case: Decodable { var reg: Double, reg_m: Double, a: [Double], b: [Double], cost: [Double], plan: [Double], linear: Double }
    var unbalanced_log: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "transport_regularized.json")

  static func solver(_ epsilon: Double, _ penalty: Double, _ domain: Sinkhorn.Domain) -> UnbalancedSinkhorn {
    var s = UnbalancedSinkhorn(epsilon: .absolute(epsilon), marginalPenalty: penalty, domain: domain)
    s.tolerance = 1e-13
    s.maxIterations = 200_000
    return s
  }

  @Test func logAndKernelDomainsAgree() throws {
    let fixture = try loadFixture(UnbalancedSinkhornTests.Fixture.self, "transport_more.json")
    for c in fixture.unbalanced {
      let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost, relativeMassTolerance: .infinity)
      let kernel = try Self.solver(c.reg, c.reg_m, .kernel).solve(problem)
      let logarithmic = try Self.solver(c.reg, c.reg_m, .logarithmic).solve(problem)
      #expect(kernel.status == .converged && logarithmic.status == .converged && logarithmic.domain == .logarithmic)
      #expect(abs(kernel.iterations - logarithmic.iterations) <= 1, "\(kernel.iterations) vs \(logarithmic.iterations)")
      #expect(maxRelativeDifference(logarithmic.plan, kernel.plan, floor: 1e-9) < 1e-10)
    }
  }

  @Test func matchesPOTStabilized() throws {
    #expect(Self.fixture.unbalanced_log.count == 2)
    for c in Self.fixture.unbalanced_log {
      let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost, relativeMassTolerance: .infinity)
      let s = try Self.solver(c.reg, c.reg_m, .logarithmic).solve(problem)
      #expect(s.status == .converged, "τ = \(c.reg_m): \(s.status)")
      #expect(abs(s.cost - c.linear) <= 1e-9 * c.linear, "τ = \(c.reg_m): \(s.cost) vs \(c.linear)")
      #expect(maxRelativeDifference(s.plan, Tensor(shape: [c.a.count, c.b.count], scalars: c.plan), floor: 1e-9) < 1e-8)
    }
  }

  /// At ε = 1e-3, with the cost mapped to [1, 2] so that exp(−C/ε) underflows everywhere
  /// (e^(−1000)) and the kernel domain breaks down: the plan meets the first-order conditions
  /// Pᵢⱼ = aᵢbⱼ·exp((Fᵢ + Gⱼ − Cᵢⱼ)/ε) with F = −τ·log(P1 ⊘ a), G = −τ·log(Pᵀ1 ⊘ b).
  @Test(arguments: [1.0, 0.05])
  func smallEpsilonMeetsTheOptimalityConditions(penalty: Double) throws {
    let c = Self.fixture.unbalanced_log[0]
    let (n, m) = (c.a.count, c.b.count)
    let cost = c.cost.map { 1 + $0 / c.cost.max()! }
    let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: cost, relativeMassTolerance: .infinity)
    let eps = 1e-3
    let s = try Self.solver(eps, penalty, .automatic).solve(problem)
    #expect(s.status == .converged && s.domain == .logarithmic, "\(s.status), \(s.notes)")
    #expect(s.notes.first?.contains("solved in the log domain") == true)
    let p = s.plan.scalars
    let rows = s.plan.sum(alongAxes: [1]).scalars, columns = s.plan.sum(alongAxes: [0]).scalars
    var worst = 0.0
    for i in 0..<n {
      for j in 0..<m where p[i * m + j] > 1e-200 {
        let f = -penalty * log(rows[i] / c.a[i]), g = -penalty * log(columns[j] / c.b[j])
        worst = max(worst, abs(log(p[i * m + j]) - (log(c.a[i] * c.b[j]) + (f + g - cost[i * m + j]) / eps)))
      }
    }
    #expect(worst < 1e-7, "largest residual of log P: \(worst)")
    #expect(p.allSatisfy(\.isFinite) && s.plan.sum().scalar > 0, "mass \(s.plan.sum().scalar)")
  }
}

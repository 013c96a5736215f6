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
      let s = try SmoothTransport(gamma: c.reg).solve(problem)
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
    let loose = try SmoothTransport(gamma: 1).solve(problem).cost
    let tight = try SmoothTransport(gamma: 1e-3).solve(problem).cost
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
    let s = try SmoothTransport(gamma: 0.05, regularizer: .sparsityConstrained(maxNonzerosPerColumn: k)).solve(problem)
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
    let plain = try SmoothTransport(gamma: 0.1).solve(problem)
    let full = try SmoothTransport(gamma: 0.1, regularizer: .sparsityConstrained(maxNonzerosPerColumn: 8)).solve(problem)
    #expect(full.plan == plain.plan)
    let exact = NetworkSimplex().solve(problem).cost
    let one = try SmoothTransport(gamma: 1e-4, regularizer: .sparsityConstrained(maxNonzerosPerColumn: 1)).solve(problem)
    #expect(abs(one.cost - exact) < 1e-3 * exact, "k = 1: \(one.cost), exact \(exact)")
  }
}

/// The entropic and quadratic regularizers in both formulations against POT's ot.smooth.
struct SmoothTransportFormulationTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var reg_type: String, formulation: String, reg: Double, a: [Double], b: [Double], cost: [Double], plan: [Double]
      var objective: Double, marginal_error: Double
    }
    var smooth: [Case]
  }

  static func solver(_ c: Fixture.Case) -> SmoothTransport {
    var s = SmoothTransport(
      gamma: c.reg, regularizer: c.reg_type == "kl" ? .negativeEntropy : .squaredL2,
      formulation: SmoothTransport.Formulation(rawValue: c.formulation)!)
    s.tolerance = 1e-12
    return s
  }

  @Test func matchesPOT() throws {
    let fixture = try loadFixture(Fixture.self, "transport_regularized.json")
    #expect(fixture.smooth.count == 6)
    for c in fixture.smooth {
      let label = "\(c.reg_type) \(c.formulation) γ = \(c.reg)"
      let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost)
      let s = try Self.solver(c).solve(problem)
      #expect(s.status == .converged, "\(label): \(s.status)")
      // POT's L-BFGS-B (SciPy's default stopping rule) leaves the marginals off by up to
      // 8e-8: the plans agree to a small multiple of that, not better.
      let difference = zip(s.plan.scalars, c.plan).map { abs($0 - $1) }.max()!
      #expect(difference < 20 * c.marginal_error + 1e-10, "\(label): plans differ by \(difference)")
      // The objective is stationary at the optimum, so POT's value is accurate to the square
      // of its marginal error: ours must agree far below the plans' difference.
      #expect(abs(s.regularizedCost - c.objective) < 1e-11, "\(label): \(s.regularizedCost) vs \(c.objective)")
      let rows = s.plan.sum(alongAxes: [1]).scalars, columns = s.plan.sum(alongAxes: [0]).scalars
      #expect(zip(rows, c.a).allSatisfy { abs($0 - $1) <= 1e-12 } && zip(columns, c.b).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(label)")
      // Strong duality: ⟨α, a⟩ + ⟨β, b⟩ − Σ penalties = ⟨P, C⟩ + Ω(P); the semi-dual's β
      // absorbs its penalty.
      var dual = zip(s.sourcePotential, c.a).reduce(0) { $0 + $1.0 * $1.1 } + zip(s.targetPotential, c.b).reduce(0) { $0 + $1.0 * $1.1 }
      if c.formulation == "dual" {
        dual -= c.reg_type == "kl" ? c.reg * s.plan.sum().scalar : s.plan.scalars.reduce(0) { $0 + c.reg * $1 * $1 / 2 }
      }
      #expect(abs(dual - s.regularizedCost) < 1e-11, "\(label): dual \(dual), primal \(s.regularizedCost)")
    }
  }

  @Test func negativeEntropyIsSinkhornAtEpsilonGamma() throws {
    let problem = try SparsityConstrainedTransportTests.problem(8, 11, seed: 21)
    var sinkhorn = Sinkhorn(epsilon: .absolute(0.05), domain: .logarithmic)
    sinkhorn.tolerance = 1e-14
    let reference = try sinkhorn.solve(problem).plan
    for formulation in SmoothTransport.Formulation.allCases {
      var solver = SmoothTransport(gamma: 0.05, regularizer: .negativeEntropy, formulation: formulation)
      solver.tolerance = 1e-13
      let s = try solver.solve(problem)
      #expect(s.status == .converged)
      #expect(maxRelativeDifference(s.plan, reference, floor: 1e-6) < 1e-8, "\(formulation)")
    }
  }

  @Test(arguments: [SmoothTransportRegularizer.squaredL2, .sparsityConstrained(maxNonzerosPerColumn: 2)])
  func semiDualAndDualAgree(regularizer: SmoothTransportRegularizer) throws {
    let problem = try SparsityConstrainedTransportTests.problem(9, 7, seed: 22)
    var dual = SmoothTransport(gamma: 0.1, regularizer: regularizer, formulation: .dual)
    var semiDual = SmoothTransport(gamma: 0.1, regularizer: regularizer, formulation: .semiDual)
    (dual.tolerance, semiDual.tolerance) = (1e-12, 1e-12)
    let (d, s) = (try dual.solve(problem), try semiDual.solve(problem))
    if regularizer == .squaredL2 {
      // A convex problem with one optimum: both reach it. (The sparsity-constrained one is
      // not smooth, and the two need not reach the same stationary point.)
      #expect(d.status == .converged && s.status == .converged, "\(d.status), \(s.status)")
      #expect(zip(d.plan.scalars, s.plan.scalars).allSatisfy { abs($0 - $1) < 1e-9 })
      #expect(abs(d.regularizedCost - s.regularizedCost) < 1e-12)
    }
    // Every column of the semi-dual's plan meets b exactly, and has at most k non-zeros.
    let columns = s.plan.sum(alongAxes: [0]).scalars
    #expect(zip(columns, problem.targetWeights).allSatisfy { abs($0 - $1) < 1e-15 })
    if case .sparsityConstrained(let k) = regularizer {
      for j in 0..<7 { #expect((0..<9).filter { s.plan.scalars[$0 * 7 + j] > 0 }.count <= k) }
    }
  }
}

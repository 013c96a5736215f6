import Foundation
@testable import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Sinkhorn–Newton–Sparse against POT's `sinkhorn_log` (Tools/fixtures/transport.py) and
/// against Regula's log-domain Sinkhorn.
struct SinkhornNewtonSparseTests {
  typealias Fixture = SinkhornTests.Fixture

  /// Same cost and plan as POT's log-domain Sinkhorn at the same ε, with both marginals met.
  @Test(arguments: SinkhornTests.fixture.cases.map(\.name))
  func matchesPOT(_ name: String) throws {
    let c = try #require(SinkhornTests.fixture.cases.first { $0.name == name })
    var solver = SinkhornNewtonSparse(epsilon: .absolute(c.reg))
    solver.tolerance = 1e-12
    let solution = try solver.solve(SinkhornTests.problem(c))
    #expect(solution.status == .converged, "\(name): \(solution.status) \(solution.notes)")
    // The Newton stage runs where Sinkhorn alone needs many more than N₁ iterations.
    if c.log.niter > 5 * solver.sinkhornIterations {
      #expect(solution.iterations > solver.sinkhornIterations && solution.iterations < c.log.niter, "\(name): \(solution.iterations)")
    }
    #expect(abs(solution.cost - c.log.cost) <= 1e-8 * c.log.cost, "\(name): \(solution.cost) vs POT \(c.log.cost)")
    #expect(maxRelativeDifference(solution.plan, Tensor(shape: [c.n, c.m], scalars: c.log.plan), floor: 1e-6) < 1e-6)
    let rows = solution.plan.sum(alongAxes: [1]).scalars, columns = solution.plan.sum(alongAxes: [0]).scalars
    #expect(zip(rows, c.a).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(zip(columns, c.b).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(solution.errorHistory.last! < 1e-12 && solution.domain == .logarithmic)
  }

  /// n uniform points in [0, 1]² on each side, squared Euclidean cost over its maximum.
  static func uniformProblem(size n: Int, seed: UInt64) throws -> TransportProblem {
    var rng = RandomGenerator(seed: seed)
    let x = Tensor<Double>.randomUniform(shape: [n, 2], using: &rng)
    let y = Tensor<Double>.randomUniform(shape: [n, 2], using: &rng)
    return try TransportProblem(sourcePoints: x, targetPoints: y, normalized: true)
  }

  /// At ε = 0.01 (POT's benchmark setting) SNS reaches Sinkhorn's marginal error in a
  /// fraction of the iterations, with the same plan.
  @Test func fewerIterationsThanLogDomainSinkhorn() throws {
    let problem = try Self.uniformProblem(size: 120, seed: 5)
    var sinkhorn = Sinkhorn(epsilon: .absolute(0.01), domain: .logarithmic)
    sinkhorn.tolerance = 1e-9
    let reference = try sinkhorn.solve(problem)
    var sns = SinkhornNewtonSparse(epsilon: .absolute(0.01))
    sns.tolerance = 1e-9
    let solution = try sns.solve(problem)
    #expect(reference.status == .converged && solution.status == .converged)
    #expect(solution.errorHistory.last! < 1e-9)
    #expect(solution.iterations * 3 < reference.iterations, "SNS \(solution.iterations), Sinkhorn \(reference.iterations) iterations")
    #expect(abs(solution.cost - reference.cost) < 1e-8 * reference.cost)
  }

  /// The paper's rule (a fixed fraction of the entries) converges too, and keeping every
  /// entry gives the exact Newton method, which needs fewest steps.
  @Test func densityRule() throws {
    let problem = try Self.uniformProblem(size: 60, seed: 2)
    var solver = SinkhornNewtonSparse(epsilon: .absolute(0.01))
    solver.tolerance = 1e-11
    let byMass = try solver.solve(problem)
    solver.sparsification = .density(0.3)
    let byDensity = try solver.solve(problem)
    solver.sparsification = .density(1)
    solver.conjugateGradientTolerance = 1e-10
    let exact = try solver.solve(problem)
    for s in [byMass, byDensity, exact] {
      #expect(s.status == .converged, "\(s.notes)")
      #expect(abs(s.cost - byMass.cost) < 1e-10)
    }
    #expect(exact.iterations <= byMass.iterations && exact.iterations <= byDensity.iterations)
    #expect(exact.notes[0].contains("100% of the plan's entries"))
  }

  /// The histogram threshold keeps at least the requested fraction, and drops at most the
  /// requested mass, to within one quarter-octave bin.
  @Test func thresholds() {
    // 1000 values spread over 12 octaves.
    let values = (0..<1000).map { pow(2.0, -12 * Double($0) / 1000) }
    let total = values.reduce(0, +)
    values.withUnsafeBufferPointer { plan in
      for rho in [0.01, 0.1, 0.5, 1] {
        let t = SinkhornNewtonSparse.Sparsification.density(rho).threshold(for: plan, total: total)
        let kept = values.filter { $0 >= t }.count
        #expect(kept >= Int((rho * 1000).rounded(.up)) && Double(kept) <= rho * 1000 * pow(2, 0.25) + 21, "ρ \(rho): \(kept)")
      }
      for delta in [0.0, 1e-3, 0.1] {
        let t = SinkhornNewtonSparse.Sparsification.droppedMass(delta).threshold(for: plan, total: total)
        let dropped = values.filter { $0 < t }.reduce(0, +)
        #expect(dropped <= delta * total)
        // The next bin up would drop too much.
        let nextDropped = values.filter { $0 < t * pow(2, 0.25) }.reduce(0, +)
        #expect(nextDropped > delta * total, "δ \(delta)")
      }
    }
  }

  /// A zero weight gives a zero row of the plan and a −∞ potential, without NaN.
  @Test func zeroWeights() throws {
    let c = SinkhornTests.fixture.cases[0]
    var a = c.a
    let moved = a[3]
    a[3] = 0
    a[4] += moved
    let problem = try TransportProblem(sourceWeights: a, targetWeights: c.b, cost: c.cost)
    var solver = SinkhornNewtonSparse(epsilon: .absolute(c.reg))
    solver.tolerance = 1e-12
    let solution = try solver.solve(problem)
    var sinkhorn = Sinkhorn(epsilon: .absolute(c.reg), domain: .logarithmic)
    sinkhorn.tolerance = 1e-12
    let reference = try sinkhorn.solve(problem)
    #expect(solution.status == .converged && solution.plan.isFinite)
    #expect((0..<c.m).allSatisfy { solution.plan.scalars[3 * c.m + $0] == 0 })
    #expect(solution.sourcePotential[3] == -.infinity)
    #expect(abs(solution.cost - reference.cost) < 1e-10)
  }

  @Test func warmStartAndBadInput() throws {
    let c = SinkhornTests.fixture.cases[2]
    let problem = try SinkhornTests.problem(c)
    var solver = SinkhornNewtonSparse(epsilon: .absolute(c.reg))
    solver.tolerance = 1e-12
    let cold = try solver.solve(problem)
    // From converged potentials the Sinkhorn stage's first check already passes.
    let warm = try solver.solve(problem, warmStart: (cold.sourcePotential, cold.targetPotential))
    #expect(warm.status == .converged && warm.iterations == 0)
    #expect(throws: TransportError.nonPositiveEpsilon(0)) { try SinkhornNewtonSparse(epsilon: .absolute(0)).solve(problem) }
    // A step cap reports the last iterate.
    solver.maxNewtonIterations = 1
    let capped = try solver.solve(problem)
    #expect(capped.status == .maxIterationsReached && capped.iterations == solver.sinkhornIterations + 1)
    #expect(capped.notes.contains { $0.contains("no convergence") })
  }
}

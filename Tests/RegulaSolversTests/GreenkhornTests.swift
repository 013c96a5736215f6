import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Greenkhorn against POT's greenkhorn, and against Sinkhorn's fixed point.
struct GreenkhornTests {
  struct Fixture: Decodable {
    struct Case: Decodable { var reg: Double, a: [Double], b: [Double], cost: [Double], plan: [Double], niter: Int }
    var greenkhorn: [Case]
  }

  @Test func matchesPOTAndSinkhorn() throws {
    let fixture = try loadFixture(Fixture.self, "transport_more.json")
    #expect(fixture.greenkhorn.count == 2)
    for c in fixture.greenkhorn {
      let problem = try TransportProblem(sourceWeights: c.a, targetWeights: c.b, cost: c.cost)
      var solver = Greenkhorn(epsilon: .absolute(c.reg))
      solver.tolerance = 1e-11
      solver.maxIterations = 100_000
      let s = try solver.solve(problem)
      #expect(s.status == .converged && s.iterations == c.niter, "ε = \(c.reg): \(s.status) after \(s.iterations), POT \(c.niter)")
      let reference = Tensor(shape: [c.a.count, c.b.count], scalars: c.plan)
      #expect(maxRelativeDifference(s.plan, reference, floor: 1e-9) < 1e-8, "ε = \(c.reg)")
      // The same fixed point as Sinkhorn's.
      var sinkhorn = Sinkhorn(epsilon: .absolute(c.reg))
      sinkhorn.tolerance = 1e-12
      #expect(maxRelativeDifference(try sinkhorn.solve(problem).plan, s.plan, floor: 1e-9) < 1e-7)
    }
  }
}

import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// The fixed-support barycenter against POT's ot.bregman.barycenter.
struct SinkhornBarycenterTests {
  struct Fixture: Decodable {
    struct Case: Decodable { var reg: Double, weights: [Double]?, cost: [Double], histograms: [[Double]], barycenter: [Double], niter: Int }
    var barycenter: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "transport_more.json")

  @Test func matchesPOT() throws {
    #expect(Self.fixture.barycenter.count == 2)
    for c in Self.fixture.barycenter {
      var solver = SinkhornBarycenter(epsilon: .absolute(c.reg))
      solver.tolerance = 1e-10
      solver.maxIterations = 5000
      let s = try solver.solve(histograms: c.histograms, cost: c.cost, weights: c.weights)
      #expect(s.status == .converged && s.iterations == c.niter, "ε = \(c.reg): \(s.status) after \(s.iterations), POT \(c.niter)")
      let difference = zip(s.barycenter, c.barycenter).map { abs($0 - $1) }.max()!
      #expect(difference < 1e-12, "ε = \(c.reg): \(difference)")
      #expect(abs(s.barycenter.reduce(0, +) - 1) < 1e-9)
    }
  }

  @Test func underflowIsReportedNotNaN() throws {
    let c = Self.fixture.barycenter[0]
    let s = try SinkhornBarycenter(epsilon: .absolute(1e-6)).solve(histograms: c.histograms, cost: c.cost)
    guard case .numericalFailure = s.status else { Issue.record("expected a breakdown, got \(s.status)"); return }
    #expect(s.barycenter.allSatisfy { $0.isFinite })
    #expect(s.notes.first?.contains("raise ε") == true)
    #expect(throws: TransportError.nonPositiveEpsilon(0)) {
      try SinkhornBarycenter(epsilon: .absolute(0)).solve(histograms: c.histograms, cost: c.cost)
    }
  }
}

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

  /// With uniform weights the iterates are POT's kernel method's.
  @Test func matchesPOT() throws {
    #expect(Self.fixture.barycenter.count == 2)
    for c in Self.fixture.barycenter where c.weights == nil {
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
    let s = try SinkhornBarycenter(epsilon: .absolute(1e-6), domain: .kernel).solve(histograms: c.histograms, cost: c.cost)
    guard case .numericalFailure = s.status else { Issue.record("expected a breakdown, got \(s.status)"); return }
    #expect(s.barycenter.allSatisfy { $0.isFinite })
    #expect(s.notes.first?.contains("use the log domain") == true)
    #expect(throws: TransportError.nonPositiveEpsilon(0)) {
      try SinkhornBarycenter(epsilon: .absolute(0)).solve(histograms: c.histograms, cost: c.cost)
    }
  }

  @Test func logAndKernelDomainsAgree() throws {
    let c = Self.fixture.barycenter[0]
    var kernel = SinkhornBarycenter(epsilon: .absolute(c.reg), domain: .kernel)
    var logarithmic = SinkhornBarycenter(epsilon: .absolute(c.reg), domain: .logarithmic)
    (kernel.tolerance, logarithmic.tolerance) = (1e-10, 1e-10)
    (kernel.maxIterations, logarithmic.maxIterations) = (5000, 5000)
    let (k, l) = (try kernel.solve(histograms: c.histograms, cost: c.cost, weights: c.weights),
                  try logarithmic.solve(histograms: c.histograms, cost: c.cost, weights: c.weights))
    #expect(k.status == .converged && l.status == .converged && l.domain == .logarithmic)
    #expect(k.iterations == l.iterations, "\(k.iterations) vs \(l.iterations)")
    #expect(zip(k.barycenter, l.barycenter).allSatisfy { abs($0 - $1) < 1e-13 })
  }

  struct LogFixture: Decodable {
    struct Case: Decodable { var reg: Double, weights: [Double]?, cost: [Double], histograms: [[Double]], barycenter: [Double] }
    var barycenter_log: [Case]
  }

  /// Against POT's log method (which starts from uₖ = 1 and so reaches the barycenter for
  /// any weights): ε = 1e-3 and 3e-3 on a cost of scale 1, where far entries of exp(−C/ε)
  /// underflow, and the weighted case at ε = 1e-2, where POT's kernel method (its
  /// unweighted start) converges elsewhere. Both domains, the same answer.
  @Test(arguments: [Sinkhorn.Domain.kernel, .logarithmic])
  func matchesPOTsLogMethod(domain: Sinkhorn.Domain) throws {
    let fixture = try loadFixture(LogFixture.self, "transport_regularized.json")
    #expect(fixture.barycenter_log.count == 3)
    for c in fixture.barycenter_log {
      var solver = SinkhornBarycenter(epsilon: .absolute(c.reg), domain: domain)
      solver.tolerance = 1e-12
      solver.maxIterations = 100_000
      let s = try solver.solve(histograms: c.histograms, cost: c.cost, weights: c.weights)
      #expect(s.status == .converged && s.domain == domain, "ε = \(c.reg): \(s.status)")
      let difference = zip(s.barycenter, c.barycenter).map { abs($0 - $1) }.max()!
      #expect(difference < 1e-10, "ε = \(c.reg): \(difference)")
      #expect(abs(s.barycenter.reduce(0, +) - 1) < 1e-9)
    }
  }

  /// Where the kernel domain breaks down, the automatic domain finishes in the log domain.
  @Test func automaticDomainSwitchesOnABreakdown() throws {
    let c = Self.fixture.barycenter[0]
    var solver = SinkhornBarycenter(epsilon: .absolute(1e-6))
    solver.maxIterations = 1000
    let s = try solver.solve(histograms: c.histograms, cost: c.cost)
    #expect(s.domain == .logarithmic && s.notes.first?.contains("solved in the log domain") == true, "\(s.notes)")
    #expect(s.barycenter.allSatisfy { $0.isFinite && $0 >= 0 })
  }
}

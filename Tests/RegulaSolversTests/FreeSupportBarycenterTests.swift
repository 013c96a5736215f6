import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// The free-support barycenter against POT (Tools/fixtures/free_support_barycenter.py) and
/// on cases solvable by hand.
struct FreeSupportBarycenterTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var name: String, d: Int, k: Int
      var locations: [[Double]], weights: [[Double]]
      var start: [Double], b: [Double]?, lambda: [Double]?
      var barycenter: [Double], displacements: [Double]
    }
    var cases: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "free_support_barycenter.json")

  @Test(arguments: fixture.cases.map(\.name))
  func matchesPOT(_ name: String) throws {
    let c = try #require(Self.fixture.cases.first { $0.name == name })
    let measures = zip(c.locations, c.weights).map { (points: Tensor(shape: [$1.count, c.d], scalars: $0), weights: $1) }
    let solution = try FreeSupportBarycenter().solve(
      measures: measures, start: Tensor(shape: [c.k, c.d], scalars: c.start), barycenterWeights: c.b, measureWeights: c.lambda)
    #expect(solution.status == .converged)
    #expect(solution.iterations == c.displacements.count, "\(name): \(solution.iterations) vs POT \(c.displacements.count)")
    let error = zip(solution.locations.scalars, c.barycenter).map { abs($0 - $1) }.max()!
    #expect(error < 1e-8, "\(name): locations differ by \(error)")
    for (ours, theirs) in zip(solution.displacementHistory, c.displacements) {
      #expect(abs(ours - theirs) <= 1e-8 * max(theirs, 1e-4), "\(name): \(solution.displacementHistory) vs \(c.displacements)")
    }
  }

  /// Points as a sorted list of rows, to compare clouds up to the order of their points.
  static func sortedRows(_ t: Tensor<Double>) -> [[Double]] {
    let d = t.shape[1]
    return (0..<t.shape[0]).map { Array(t.scalars[($0 * d)..<($0 * d + d)]) }.sorted { $0.lexicographicallyPrecedes($1) }
  }

  /// Two translated copies of one cloud, equal weights, as many barycenter points as cloud
  /// points: the barycenter is the cloud moved halfway.
  @Test func halfwayBetweenTranslates() throws {
    var rng = RandomGenerator(seed: 4)
    let cloud = Tensor<Double>.randomUniform(shape: [7, 2], using: &rng)
    let shift = Tensor<Double>(shape: [1, 2], scalars: [3, -1])
    let uniform = [Double](repeating: 1.0 / 7, count: 7)
    let start = Tensor<Double>.randomUniform(shape: [7, 2], using: &rng)
    let solution = try FreeSupportBarycenter().solve(
      measures: [(cloud, uniform), (cloud + shift, uniform)], start: start)
    #expect(solution.status == .converged && solution.displacementHistory.last == 0)
    let expected = Self.sortedRows(cloud + shift / 2), found = Self.sortedRows(solution.locations)
    #expect(zip(expected, found).allSatisfy { zip($0, $1).allSatisfy { abs($0 - $1) < 1e-12 } }, "\(found) vs \(expected)")
  }

  /// A zero barycenter weight leaves its point in place (POT would divide by zero).
  @Test func zeroBarycenterWeightAndBadInput() throws {
    let cloud = Tensor<Double>(shape: [3, 1], scalars: [0, 1, 2])
    let start = Tensor<Double>(shape: [4, 1], scalars: [0.5, 1.5, 2.5, 9])
    let solution = try FreeSupportBarycenter().solve(
      measures: [(cloud, [0.25, 0.25, 0.5])], start: start, barycenterWeights: [0.25, 0.25, 0.5, 0])
    #expect(solution.locations.scalars == [0, 1, 2, 9])
    #expect(throws: TransportError.invalidWeight(side: "target", index: 1, value: -0.25)) {
      try FreeSupportBarycenter().solve(measures: [(cloud, [0.5, -0.25, 0.75])], start: start)
    }
    #expect(throws: TransportError.nonFinitePoint(side: "measure 0", index: 2, value: .infinity)) {
      try FreeSupportBarycenter().solve(measures: [(Tensor(shape: [3, 1], scalars: [0, 1, .infinity]), [0.25, 0.25, 0.5])], start: start)
    }
    var capped = FreeSupportBarycenter()
    capped.maxIterations = 1
    let one = try capped.solve(measures: [(cloud, [0.25, 0.25, 0.5])], start: start)
    #expect(one.status == .maxIterationsReached && one.iterations == 1 && !one.notes.isEmpty)
  }
}

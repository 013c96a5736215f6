import Foundation
import RegulaSolvers
import Testing
import _RegulaTestSupport

/// Sliced Wasserstein against POT given the same directions, and its bounds.
struct SlicedWassersteinTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var p: Double, d: Int, x: [Double], y: [Double], a: [Double], b: [Double], projections: [Double], distance: Double
    }
    var sliced: [Case]
  }

  @Test func matchesPOTWithTheSameDirections() throws {
    let fixture = try loadFixture(Fixture.self, "transport_more.json")
    #expect(fixture.sliced.count == 2)
    for c in fixture.sliced {
      let x = Tensor(shape: [c.a.count, c.d], scalars: c.x), y = Tensor(shape: [c.b.count, c.d], scalars: c.y)
      let directions = Tensor(shape: [c.d, c.projections.count / c.d], scalars: c.projections)
      let value = try slicedWassersteinDistance(x, y, sourceWeights: c.a, targetWeights: c.b, directions: directions, p: c.p)
      #expect(abs(value - c.distance) <= 1e-12 * c.distance, "p = \(c.p): \(value) vs \(c.distance)")
    }
  }

  @Test func isReproducibleAndBelowTheExactDistance() throws {
    var rng = RandomGenerator(seed: 3)
    let x = Tensor<Double>.randomNormal(shape: [20, 3], using: &rng), y = Tensor<Double>.randomNormal(shape: [25, 3], using: &rng) + 1
    var g1 = RandomGenerator(seed: 9), g2 = RandomGenerator(seed: 9)
    let first = try slicedWassersteinDistance(x, y, projectionCount: 200, using: &g1)
    #expect(try slicedWassersteinDistance(x, y, projectionCount: 200, using: &g2) == first)
    // Projections are 1-Lipschitz, so SW₂ ≤ W₂ (exact, squared Euclidean cost).
    let exact = NetworkSimplex().solve(try TransportProblem(sourcePoints: x, targetPoints: y)).cost.squareRoot()
    #expect(first < exact && first > 0.3 * exact, "SW₂ \(first), W₂ \(exact)")
    // The directions are unit vectors.
    let directions = randomDirections(dimension: 3, count: 5, using: &g1)
    #expect((directions * directions).sum(alongAxes: [0]).scalars.allSatisfy { abs($0 - 1) < 1e-14 })
    // In one dimension the only direction gives W_p itself.
    let u = Tensor<Double>(shape: [4, 1], scalars: [0.1, 2, -1, 0.5]), v = Tensor<Double>(shape: [3, 1], scalars: [1, 1.5, -0.2])
    let line = try wassersteinCostOnTheLine(u.scalars, v.scalars, p: 2).squareRoot()
    #expect(abs(try slicedWassersteinDistance(u, v, directions: Tensor(shape: [1, 1], scalars: [1])) - line) < 1e-15)
  }
}

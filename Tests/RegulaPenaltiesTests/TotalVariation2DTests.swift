import Foundation
import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// 2-D isotropic total variation: its value and gradient, and Chambolle's prox certified by
/// weak duality and compared with scikit-image.
struct TotalVariation2DTests {
  struct Case: Decodable {
    var rows: Int
    var columns: Int
    var lambda: Double
    var image: [Double]
    var denoised: [Double]
  }

  struct Fixture: Decodable { var cases: [Case] }

  /// (∇u)ᵢⱼ written out: forward differences, 0 on the last row / column.
  static func literalGradient(_ u: [Double], _ rows: Int, _ columns: Int, _ i: Int, _ j: Int) -> (Double, Double) {
    let x = i + 1 < rows ? u[(i + 1) * columns + j] - u[i * columns + j] : 0
    let y = j + 1 < columns ? u[i * columns + j + 1] - u[i * columns + j] : 0
    return (x, y)
  }

  static func literalTotalVariation(_ u: [Double], _ rows: Int, _ columns: Int) -> Double {
    var total = 0.0
    for i in 0..<rows {
      for j in 0..<columns {
        let (x, y) = literalGradient(u, rows, columns, i, j)
        total += (x * x + y * y).squareRoot()
      }
    }
    return total
  }

  /// The primal objective ½‖u − f‖² + λ·TV(u) minus the dual objective ½‖f‖² − ½‖f − λ div p‖²
  /// at a field p with |p| ≤ 1, with div written out as the negative adjoint of ∇ (p's
  /// row component on the last row and column component on the last column do not enter).
  /// By weak duality it bounds the primal's excess over its minimum, whatever produced u and p.
  static func dualityGap(u: [Double], f: [Double], px: [Double], py: [Double], lambda: Double, rows: Int, columns: Int) -> Double {
    var divergence = [Double](repeating: 0, count: f.count)
    for i in 0..<rows {
      for j in 0..<columns {
        let k = i * columns + j
        divergence[k] = (i + 1 < rows ? px[k] : 0) - (i > 0 ? px[k - columns] : 0)
          + (j + 1 < columns ? py[k] : 0) - (j > 0 ? py[k - 1] : 0)
      }
    }
    var primal = lambda * literalTotalVariation(u, rows, columns), dual = 0.0
    for k in f.indices {
      primal += 0.5 * (u[k] - f[k]) * (u[k] - f[k])
      let r = f[k] - lambda * divergence[k]
      dual += 0.5 * f[k] * f[k] - 0.5 * r * r
    }
    return primal - dual
  }

  @Test func proxIsCertifiedOptimalByItsDualField() {
    for (rows, columns, lambda, seed) in [(6, 5, 0.3, 1), (8, 8, 0.05, 2), (1, 7, 0.4, 3), (5, 1, 0.1, 4), (3, 4, 0.2, 5)] as [(Int, Int, Double, UInt64)] {
      let f = randomTensor([rows, columns], seed: seed).scalars
      let result = totalVariationDenoised2D(f, rows: rows, columns: columns, lambda: lambda, tolerance: 1e-12, maxIterations: 100_000)
      #expect(result.dualityGap <= 1e-12, "\(rows)×\(columns) λ=\(lambda): stopped at gap \(result.dualityGap)")
      for k in f.indices {
        #expect(result.dualRows[k] * result.dualRows[k] + result.dualColumns[k] * result.dualColumns[k] <= 1 + 1e-14)
      }
      // u is f − λ div p for the test's own div (the gap below then certifies u itself).
      let certified = Self.dualityGap(u: result.image, f: f, px: result.dualRows, py: result.dualColumns, lambda: lambda, rows: rows, columns: columns)
      #expect(certified >= -1e-12 && certified <= 1e-10, "\(rows)×\(columns) λ=\(lambda): gap \(certified)")
      // Complementarity p·∇u = −|∇u| pixel by pixel (Chambolle's sign: u = f − λ div p).
      for i in 0..<rows {
        for j in 0..<columns {
          let (x, y) = Self.literalGradient(result.image, rows, columns, i, j)
          let k = i * columns + j
          let slack = (x * x + y * y).squareRoot() + result.dualRows[k] * x + result.dualColumns[k] * y
          #expect(slack >= -1e-14 && lambda * slack <= 1e-10)
        }
      }
    }
  }

  @Test func matchesScikitImage() throws {
    for c in try loadFixture(Fixture.self, "total_variation_2d.json").cases {
      let result = totalVariationDenoised2D(c.image, rows: c.rows, columns: c.columns, lambda: c.lambda, tolerance: 1e-13, maxIterations: 100_000)
      let difference = zip(result.image, c.denoised).map { Swift.abs($0 - $1) }.max()!
      #expect(difference < 1e-8, "\(c.rows)×\(c.columns) λ=\(c.lambda): off by \(difference)")
    }
  }

  @Test func zeroStepIsTheIdentityAndTheTermUsesIt() {
    let v = randomTensor([4, 3], seed: 6)
    #expect(TotalVariationRegularizer<Double>().prox(v, stepSize: 0) == v)
    let penalty = TotalVariationRegularizer<Double>(tolerance: 1e-12, maxIterations: 100_000)
    let direct = totalVariationDenoised2D(v.scalars, rows: 4, columns: 3, lambda: 0.25, tolerance: 1e-12, maxIterations: 100_000)
    #expect(penalty.prox(v, stepSize: 0.25).scalars == direct.image)
    // A constant image has no variation: the prox leaves it.
    let flat = Tensor<Double>(shape: [3, 3], scalars: Array(repeating: 2, count: 9))
    #expect(penalty.prox(flat, stepSize: 1) == flat)
  }

  @Test func valueAndGradient() {
    let w = randomTensor([5, 4], seed: 7)
    let literal = Self.literalTotalVariation(w.scalars, 5, 4)
    #expect(Swift.abs(TotalVariationRegularizer<Double>()(w).scalar - literal) < 1e-13 * literal)
    #expect(gradientError(at: w) { TotalVariationRegularizer<Double>()($0) } < 1e-6)
    #expect(gradientError(at: randomTensor([1, 6], seed: 8)) { isotropicTotalVariation($0) } < 1e-6)
    // Float agrees with Double to rounding.
    let single = Tensor<Float>(shape: [5, 4], scalars: w.scalars.map(Float.init))
    #expect(Swift.abs(Double(TotalVariationRegularizer<Float>()(single).scalar) - literal) < 1e-5 * literal)
  }

  @Test func registryBuildsIt() throws {
    let term: PenaltyTerm<Double> = try PenaltyRegistry.make("total_variation(0.1, iterations=50)")
    #expect(term.isProximal)
    #expect((term.penalty as? TotalVariationRegularizer<Double>)?.maxIterations == 50)
    #expect(throws: PenaltyError("penalty total_variation(0.1): parameter w.weight needs a matrix (rank 2), got shape [3]")) {
      try (PenaltyRegistry.make("total_variation(0.1)") as PenaltyTerm<Double>).validate(against: ParameterSet([("w.weight", Tensor<Double>(zeros: [3]))]))
    }
  }
}

import Foundation
import Testing
@testable import RegulaSolvers

/// The C row kernel behind log-domain Sinkhorn against the literal formula with the
/// library's `exp` and `log`.
struct RowLogSumExpTests {
  /// t + log Σ exp(xⱼ + sⱼ − t), one term at a time.
  static func literal(_ x: [Double], _ s: [Double]) -> Double {
    let terms = zip(x, s).map { $0 + $1 }
    let top = terms.max()!
    return top + log(terms.reduce(0) { $0 + exp($1 - top) })
  }

  static func kernel(_ x: [Double], _ s: [Double]) -> Double {
    logSumExp(x, plus: s, count: x.count)
  }

  /// Lengths around the vector width (8) and long rows, with terms spread over e⁻⁴⁰ … 1
  /// so that every term and the polynomial's whole range count; the shift moves the top.
  @Test(arguments: [1, 2, 7, 8, 9, 15, 16, 17, 1000, 1003])
  func agreesWithTheLiteralFormula(count: Int) {
    var rng = RandomGenerator(seed: UInt64(count))
    for top in [-500.0, 0, 3.25, 700] {
      let x = (0..<count).map { _ in Double.random(in: -40...0, using: &rng) }
      let s = (0..<count).map { _ in top + Double.random(in: -1...1, using: &rng) }
      let exact = Self.literal(x, s)
      #expect(abs(Self.kernel(x, s) - exact) <= 8 * Double.ulpOfOne * max(1, abs(exact)), "count \(count), top \(top)")
    }
  }

  /// Terms far below the largest (down to e⁻¹⁰⁰⁰, past the clamp at −708.39) change nothing,
  /// and the clamp never yields a subnormal or NaN.
  @Test func tinyTermsAreNegligible() {
    let x = [0, -700, -708.5, -1000, -5000] + [Double](repeating: -800, count: 11)
    let s = [Double](repeating: 0, count: x.count)
    #expect(Self.kernel(x, s) == 0)
    #expect(Self.kernel([0, 0, 0], [0, 0, 0]) == log(3.0))
  }

  @Test func infinitiesNaNsAndEmptyRows() {
    let zeros = [Double](repeating: 0, count: 20)
    let minusInfinity = [Double](repeating: -.infinity, count: 20)
    #expect(Self.kernel(minusInfinity, zeros) == -.infinity)
    #expect(logSumExp([], plus: [], count: 0) == -.infinity)
    var x = (0..<20).map(Double.init)
    #expect(Self.kernel(x, minusInfinity) == -.infinity)
    x[17] = .nan  // in the tail after the vector loop
    #expect(Self.kernel(x, zeros).isNaN)
    x[17] = 1
    x[2] = .nan  // in the vector loop
    #expect(Self.kernel(x, zeros).isNaN)
    x[2] = -.infinity  // a −∞ term among finite ones contributes 0
    #expect(abs(Self.kernel(x, zeros) - Self.literal(x, zeros)) < 1e-14)
    x[5] = .infinity
    #expect(Self.kernel(x, zeros) == .infinity)
    var allNaN = minusInfinity
    allNaN[3] = .nan
    #expect(Self.kernel(allNaN, zeros).isNaN)
  }
}

import Foundation
import Testing
@testable import RegulaSolvers

/// The C row kernel that writes an entropic plan's row (Sinkhorn–Newton–Sparse) against the
/// library's `exp`, term by term.
struct RowExponentialTests {
  static func kernel(_ x: [Double], _ s: [Double], offset: Double) -> (row: [Double], sum: Double) {
    var out = [Double](repeating: .nan, count: x.count)
    let sum = exponentialRow(x, plus: s, offset: offset, into: &out, count: x.count)
    return (out, sum)
  }

  /// Lengths around the vector width (8) and long rows; arguments over e⁻⁴⁰ … e¹.
  @Test(arguments: [1, 7, 8, 9, 17, 1003])
  func agreesWithTheLiteralExponential(count: Int) {
    var rng = RandomGenerator(seed: UInt64(count))
    let x = (0..<count).map { _ in Double.random(in: -40...0, using: &rng) }
    let s = (0..<count).map { _ in Double.random(in: -1...1, using: &rng) }
    let (row, sum) = Self.kernel(x, s, offset: 0.5)
    for j in 0..<count {
      let exact = exp(x[j] + s[j] + 0.5)
      #expect(abs(row[j] - exact) <= 4 * Double.ulpOfOne * exact, "j \(j)")
    }
    let exactSum = zip(x, s).reduce(0) { $0 + exp($1.0 + $1.1 + 0.5) }
    #expect(abs(sum - exactSum) <= 1e-14 * exactSum)
  }

  /// −∞ gives exactly 0 (a zero-weight row or column), NaN stays NaN, and nothing is subnormal.
  @Test func infinitiesNaNsAndTinyTerms() {
    var x = [Double](repeating: 0, count: 11)
    x[2] = -.infinity  // in the vector loop
    x[9] = -.infinity  // in the tail
    x[4] = -800
    let (row, sum) = Self.kernel(x, [Double](repeating: 0, count: 11), offset: 0)
    #expect(row[2] == 0 && row[9] == 0)
    #expect(row[4] == 0 || row[4].isNormal)
    #expect(sum == 8)
    x[6] = .nan
    #expect(Self.kernel(x, [Double](repeating: 0, count: 11), offset: 0).sum.isNaN)
    #expect(Self.kernel(x, x, offset: -.infinity).row.allSatisfy { $0 == 0 || $0.isNaN })
  }
}

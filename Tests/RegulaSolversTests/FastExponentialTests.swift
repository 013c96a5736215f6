import Foundation
import Testing
@testable import RegulaSolvers

struct FastExponentialTests {
  @Test func agreesWithTheLibraryExponentialToAnUlpOrTwo() {
    var worst = 0.0
    for i in 0..<200_001 {
      let x = -708.0 + Double(i) * (709.0 + 708.0) / 200_000
      let exact = exp(x)
      worst = max(worst, abs(fastExponential(x) - exact) / exact)
    }
    #expect(worst < 4 * Double.ulpOfOne, "worst relative error \(worst)")
    #expect(fastExponential(0) == 1)
    #expect(fastExponential(-1000) < 3e-308 && fastExponential(-1000) >= 0)
    #expect(fastExponential(1000) == .infinity || fastExponential(1000) > 1e307)
  }
}

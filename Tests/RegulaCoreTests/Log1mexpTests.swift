import Foundation
import RegulaCore
import Testing
import _Differentiation
import _RegulaTestSupport

struct Log1mexpTests {
  @Test func matchesTheDefinitionAndItsGradient() {
    let x = Tensor<Double>([-1e-8, -0.1, -0.5, -0.69, -0.7, -2, -30, -800])
    let expected = Tensor(x.scalars.map { x in x > -0.1 ? Foundation.log(-Foundation.expm1(x)) : Foundation.log1p(-Foundation.exp(x)) })
    #expect(maxRelativeDifference(log1mexp(x), expected) < 1e-14)
    #expect(gradientError(at: Tensor([-1e-3, -0.3, -0.6931, -0.7, -5])) { log1mexp($0) } < 1e-6)
  }

  @Test func finiteInFloatNearBothEnds() {
    let x = Tensor<Float>([-1e-7, -1e-30, -1e4, -88])
    let (v, pullback) = valueWithPullback(at: x) { log1mexp($0) }
    #expect(v.isFinite && pullback(Tensor(ones: [4])).isFinite)
    #expect(abs(v.scalars[0] - Float(Foundation.log(1e-7))) < 1e-3)
    #expect(v.scalars[2] == 0)
  }
}

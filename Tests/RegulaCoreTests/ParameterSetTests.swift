import Foundation
import RegulaCore
import Testing
import _Differentiation
import _RegulaTestSupport

struct ParameterSetTests {
  static func parameters() -> ParameterSet<Double> {
    ParameterSet([("layer.weight", randomTensor([3, 2], seed: 1)), ("layer.bias", randomTensor([2], seed: 2)), ("unused", Tensor(ones: [4]))])
  }

  @Test func gradientFlowsThroughPathsAndAlignsToParameters() {
    let p = Self.parameters()
    let x = randomTensor([5, 3], seed: 3)
    let g = gradient(at: p) { p in (matmul(x, p["layer.weight"]) + p["layer.bias"]).sum().scalarized() }
    #expect(Set(g.paths) == ["layer.weight", "layer.bias"])
    let aligned = g.aligned(with: p)
    #expect(aligned.paths == p.paths)
    #expect(aligned["unused"] == Tensor(zeros: [4]))
    #expect(aligned["layer.bias"] == Tensor(repeating: 5, shape: [2]))
    // d/dW Σ xW = xᵀ·1
    let expected = x.sum(alongAxes: [0]).reshaped(to: [3, 1]).broadcasted(to: [3, 2])
    #expect(maxRelativeDifference(aligned["layer.weight"], expected) < 1e-14)
  }

  @Test func pathUsedTwiceAccumulates() {
    let p = Self.parameters()
    let g = gradient(at: p) { p in (p["layer.bias"] * p["layer.bias"]).sum().scalarized() }
    #expect(g["layer.bias"] == p["layer.bias"] * 2)
  }

  @Test func additionMergesByPath() {
    let a = ParameterSet([("a", Tensor<Double>([1, 2]))])
    let b = ParameterSet([("b", Tensor<Double>([3])), ("a", Tensor<Double>([10, 20]))])
    let sum = a + b
    #expect(sum.paths == ["a", "b"])
    #expect(sum["a"].scalars == [11, 22])
    #expect((a - b)["b"].scalars == [-3])
    #expect(a + .zero == a)
  }

  @Test func roundTripsThroughJSON() throws {
    let p = Self.parameters()
    let decoded = try JSONDecoder().decode(ParameterSet<Double>.self, from: JSONEncoder().encode(p))
    #expect(decoded == p)
  }
}

extension ParameterSetTests {
  @Test func replacingRoutesGradientsToTheReplacementAndTheRest() {
    let p = Self.parameters()
    let t = randomTensor([2], seed: 9)
    let (gp, gt) = gradient(at: p, t) { p, t in
      let q = p.replacing("layer.bias", with: t)
      return (q["layer.bias"] * q["layer.bias"] + q["unused"].sum()).sum().scalarized()
    }
    #expect(gt == t * 2)
    #expect(gp["layer.bias"] == Tensor(zeros: [2]))
    #expect(gp["unused"] == Tensor(repeating: 2, shape: [4]))
  }
}

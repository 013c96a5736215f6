import RegulaCore
import Testing
import _RegulaTestSupport

struct TensorTests {
  @Test func broadcastingFollowsNumPy() {
    #expect(broadcastShape([3, 1, 5], [4, 1]) == [3, 4, 5])
    #expect(broadcastShape([2, 3], [3, 2]) == nil)
    let a = Tensor<Float>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let column = Tensor<Float>(shape: [2, 1], scalars: [10, 20])
    #expect((a + column).scalars == [11, 12, 13, 24, 25, 26])
    #expect((a * Tensor([1, 0, -1])).scalars == [1, 0, -3, 4, 0, -6])
    #expect((a - 1).scalars == [0, 1, 2, 3, 4, 5])
  }

  @Test func reductionsAlongAxes() {
    let a = Tensor<Double>(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
    #expect(a.sum(alongAxes: [0]).scalars == [5, 7, 9])
    #expect(a.sum(alongAxes: [1], keepingDimensions: true).shape == [2, 1])
    #expect(a.max(alongAxes: [1]).scalars == [5, 6])
    #expect(a.min(alongAxes: [0]).scalars == [1, 2, 3])
    #expect(a.argmax(alongAxis: 1) == [1, 2])
    #expect(a.argmax(alongAxis: 0) == [1, 0, 1])
    #expect(a.mean().scalar == 3.5)
    #expect(abs(a.variance(alongAxes: [1]).scalars[0] - 8.0 / 3) < 1e-12)
    let lse = a.logSumExp(alongAxes: [1]).scalars
    #expect(abs(lse[0] - Double.log(Double.exp(1) + Double.exp(5) + Double.exp(3))) < 1e-12)
  }

  @Test func logSumExpIsStableForHugeLogits() {
    let a = Tensor<Float>([1e4, -1e4, 1e4 - 1])
    let lse = a.logSumExp(alongAxes: [0]).scalar
    #expect(lse.isFinite)
    #expect(abs(lse - (1e4 + Float.log(1 + Float.exp(-1)))) < 1e-2)
    #expect(softmax(a).isFinite)
    #expect(softplus(Tensor<Float>([1e4, -1e4])).scalars == [1e4, 0])
  }

  @Test func shapeOperations() {
    let a = Tensor<Float>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    #expect(a.transposed().scalars == [1, 4, 2, 5, 3, 6])
    #expect(a.reshaped(to: [3, -1]).shape == [3, 2])
    #expect(a.slice(alongAxis: 1, 1..<3).scalars == [2, 3, 5, 6])
    #expect(Tensor(concatenating: [a, a], alongAxis: 0).shape == [4, 3])
    #expect(Tensor(concatenating: [a, a], alongAxis: 1).scalars == [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
    #expect(Tensor(stacking: [a, a], alongAxis: 2).shape == [2, 3, 2])
    #expect(a.gathering(atIndices: [1, 1, 0]).scalars == [4, 5, 6, 4, 5, 6, 1, 2, 3])
    #expect(a.picking(indices: [2, 0]).scalars == [3, 4])
    #expect(Tensor<Float>.oneHot([2, 0], depth: 3).scalars == [0, 0, 1, 1, 0, 0])
    let b = Tensor<Float>(zeros: [3, 2]).scatterAdding(Tensor(ones: [2, 2]), atIndices: [2, 2])
    #expect(b.scalars == [0, 0, 0, 0, 2, 2])
    let c = randomTensor([2, 3, 4]).transposed(permutation: [2, 0, 1])
    #expect(c.shape == [4, 2, 3])
    #expect(c.transposed(permutation: [1, 2, 0]) == randomTensor([2, 3, 4]))
  }

  @Test func matmulAgreesWithTheDefinition() {
    let a = randomTensor([5, 7], seed: 2), b = randomTensor([7, 3], seed: 3)
    let c = matmul(a, b)
    for i in 0..<5 {
      for j in 0..<3 {
        let expected = (0..<7).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
        #expect(abs(c[i, j] - expected) < 1e-12)
      }
    }
    #expect(matmul(a.transposed(), transposed: true, b, transposed: false) == c)
    #expect(maxRelativeDifference(matmul(a, transposed: false, b.transposed(), transposed: true), c) < 1e-14)
    let batched = matmul(Tensor(stacking: [a, a * 2]), Tensor(stacking: [b, b]))
    #expect(batched.slice(1..<2).reshaped(to: [5, 3]) == c * 2)
  }

  @Test func randomStreamsAreReproducible() {
    var r1 = RandomGenerator(seed: 42), r2 = RandomGenerator(seed: 42)
    #expect(Tensor<Float>.randomNormal(shape: [100], using: &r1) == Tensor<Float>.randomNormal(shape: [100], using: &r2))
    #expect(r1.permutation(10) == r2.permutation(10))
    var r3 = RandomGenerator(seed: 43)
    #expect(r3.next() != r1.next())
    let samples = Tensor<Double>.randomNormal(shape: [20000], using: &r1)
    #expect(abs(samples.mean().scalar) < 0.03)
    #expect(abs(samples.variance(alongAxes: [0]).scalar - 1) < 0.05)
  }

  @Test func randomStateRoundTripsThroughJSON() throws {
    var rng = RandomGenerator(seed: 5)
    _ = rng.next()
    let data = try JSONEncoder().encode(rng)
    var restored = try JSONDecoder().decode(RandomGenerator.self, from: data)
    #expect(restored.next() == rng.next())
  }
}

import Foundation

extension TensorTests {
  @Test func powerOfANegativeBaseWithAWholeExponentIsReal() {
    #expect(pow(Tensor<Double>([-2, 3]), 3).scalars == [-8, 27])
    #expect(pow(Tensor<Float>([-2]), 4).scalars == [16])
    #expect(pow(Tensor<Double>([-2]), 0.5).scalars[0].isNaN)
    #expect(maxRelativeDifference(Tensor<Double>([.nan]), Tensor([1])) == .infinity)
    #expect(maxRelativeDifference(Tensor<Double>([1]), Tensor([.nan])) == .infinity)
  }
}

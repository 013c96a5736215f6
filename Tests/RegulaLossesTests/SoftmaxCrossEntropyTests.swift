import RegulaLosses
import Testing
import _Differentiation
import _RegulaTestSupport

/// Softmax cross-entropy against Optax (Tools/fixtures/losses.py) and its own properties.
struct SoftmaxCrossEntropyTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var name: String, logits: [Double], shape: [Int], labels: [Int]
      var label_smoothing: Double, values: [Double], gradient: [Double]
    }
    var cases: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "losses.json")

  @Test(arguments: fixture.cases.map(\.name))
  func matchesOptax(_ name: String) throws {
    let c = try #require(Self.fixture.cases.first { $0.name == name })
    let logits = Tensor(shape: c.shape, scalars: c.logits)
    let (values, pullback) = valueWithPullback(at: logits) {
      softmaxCrossEntropy(logits: $0, labels: c.labels, labelSmoothing: c.label_smoothing, reduction: .none)
    }
    #expect(maxRelativeDifference(values, Tensor(c.values), floor: 1e-12) < 1e-12)
    let g = pullback(Tensor(ones: [c.labels.count]))
    #expect(maxRelativeDifference(g, Tensor(shape: c.shape, scalars: c.gradient), floor: 1e-12) < 1e-10)
    // Float: finite at logits of ±1e4.
    let (vf, pf) = valueWithPullback(at: Tensor<Float>(logits)) {
      softmaxCrossEntropy(logits: $0, labels: c.labels, labelSmoothing: c.label_smoothing)
    }
    #expect(vf.isFinite && pf(Tensor(1)).isFinite)
  }

  @Test func gradientMatchesFiniteDifferences() {
    let labels = [0, 2, 1]
    #expect(gradientError(at: randomTensor([3, 4])) { softmaxCrossEntropy(logits: $0, labels: labels, labelSmoothing: 0.2) } < 1e-6)
    let targets = softmax(randomTensor([3, 4], seed: 9))
    #expect(gradientError(at: randomTensor([3, 4])) { softmaxCrossEntropy(logits: $0, probabilities: targets, reduction: .sum) } < 1e-6)
  }

  @Test func integerLabelsEqualOneHotTargetsAndMaskWeights() {
    let z = randomTensor([4, 3])
    let labels = [2, 0, 1, 1]
    let a = softmaxCrossEntropy(logits: z, labels: labels, reduction: .none)
    #expect(maxRelativeDifference(a, softmaxCrossEntropy(logits: z, probabilities: .oneHot(labels, depth: 3), reduction: .none)) < 1e-14)
    let mask = Tensor<Double>([1, 0, 1, 0])
    let masked = softmaxCrossEntropy(logits: z, labels: labels, mask: mask).scalar
    #expect(abs(masked - (a.scalars[0] + a.scalars[2]) / 2) < 1e-14)
    #expect(abs(softmaxCrossEntropy(logits: z, labels: labels, reduction: .sum).scalar - a.sum().scalar) < 1e-14)
  }
}

import RegulaLosses
import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// SAM + SGD against optax.contrib.sam (opaque mode, normalized-SGD adversary), three steps
/// of a small softmax regression (Tools/fixtures/training_wrappers.py).
struct SAMOptaxParityTests {
  struct Fixture: Decodable {
    struct Step: Decodable { var w: [Double], b: [Double] }
    struct Case: Decodable {
      var rho: Double, learning_rate: Double, label_smoothing: Double
      var steps: [Step]
    }
    var x: [Double], labels: [Int], w: [Double], b: [Double]
    var cases: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "training_wrappers.json")

  @Test(arguments: fixture.cases.indices)
  func samStepsMatchOptax(_ index: Int) {
    let f = Self.fixture, c = f.cases[index]
    let x = Tensor(shape: [5, 3], scalars: f.x)
    var parameters = ParameterSet<Double>([("w", Tensor(shape: [3, 4], scalars: f.w)), ("b", Tensor(f.b))])
    let sam = SAM<Double>(rho: c.rho)
    let optimizer = sgd(learningRate: .constant(c.learning_rate)) as Chained<Trace<Double>, ScaleByLearningRate<Double>>
    var state = optimizer.initialState(for: parameters)
    for (t, expected) in c.steps.enumerated() {
      let (_, g) = sam.lossAndGradient(at: parameters) { p in
        valueWithGradient(at: p) { p in
          softmaxCrossEntropy(logits: matmul(x, p["w"]) + p["b"], labels: f.labels, labelSmoothing: c.label_smoothing).scalarized()
        }
      }
      optimizer.step(&parameters, gradient: g, state: &state)
      #expect(maxRelativeDifference(parameters["w"], Tensor(shape: [3, 4], scalars: expected.w), floor: 1e-6) < 1e-10, "step \(t)")
      #expect(maxRelativeDifference(parameters["b"], Tensor(expected.b), floor: 1e-6) < 1e-10, "step \(t)")
    }
  }
}

import Foundation
import RegulaLosses
import Testing
import _Differentiation
import _RegulaTestSupport

/// Regression losses and HL-Gauss against Optax and literal formulas
/// (Tools/fixtures/classification_regression_losses.py), and their properties.
struct RegressionLossesTests {
  static let fixture = ClassificationLossesTests.fixture
  static let families: Set<String> = [
    "squared_error", "l2_loss", "huber_loss", "log_cosh", "cosine_similarity", "cosine_distance", "hl_gauss", "hl_gauss_value",
  ]

  @Test(arguments: fixture.cases.filter { families.contains($0.family) }.map(\.name))
  func matchesGoldenValues(_ name: String) throws {
    let c = try #require(Self.fixture.cases.first { $0.name == name })
    switch c.family {
    case "squared_error":
      let (p, t) = (c.tensor("predictions"), c.tensor("targets"))
      c.expectMatches(wrt: "predictions") { squaredError(predictions: $0, targets: t, reduction: .none) }
      c.expectMatches(wrt: "targets") { squaredError(predictions: p, targets: $0, reduction: .none) }
    case "l2_loss":
      let (p, t) = (c.tensor("predictions"), c.tensor("targets"))
      c.expectMatches(wrt: "predictions") { l2Loss(predictions: $0, targets: t, reduction: .none) }
      c.expectMatches(wrt: "targets") { l2Loss(predictions: p, targets: $0, reduction: .none) }
    case "huber_loss":
      let (p, t, d) = (c.tensor("predictions"), c.tensor("targets"), c.param("delta"))
      c.expectMatches(wrt: "predictions") { huberLoss(predictions: $0, targets: t, delta: d, reduction: .none) }
      c.expectMatches(wrt: "targets") { huberLoss(predictions: p, targets: $0, delta: d, reduction: .none) }
    case "log_cosh":
      let t = c.tensor("targets")
      c.expectMatches(wrt: "predictions") { logCoshLoss(predictions: $0, targets: t, reduction: .none) }
    case "cosine_similarity":
      let (p, t) = (c.tensor("predictions"), c.tensor("targets"))
      c.expectMatches(wrt: "predictions") { cosineSimilarity(predictions: $0, targets: t, reduction: .none) }
      c.expectMatches(wrt: "targets") { cosineSimilarity(predictions: p, targets: $0, reduction: .none) }
    case "cosine_distance":
      let (t, eps) = (c.tensor("targets"), c.param("epsilon"))
      c.expectMatches(wrt: "predictions") { cosineDistance(predictions: $0, targets: t, epsilon: eps, reduction: .none) }
    case "hl_gauss":
      let support = HLGaussSupport(minimum: c.param("minimum"), maximum: c.param("maximum"), binCount: Int(c.param("bins")), sigmaRatio: c.param("sigma_ratio"))
      let values = Tensor(try #require(c.regression_values))
      let targets = support.targets(for: values)
      #expect(maxRelativeDifference(targets, Tensor(shape: targets.shape, scalars: try #require(c.targets)), floor: 1e-6) < 1e-10)
      c.expectMatches(wrt: "logits") { hlGaussLoss(logits: $0, values: values, support: support, reduction: .none) }
    case "hl_gauss_value":
      let support = HLGaussSupport(minimum: c.param("minimum"), maximum: c.param("maximum"), binCount: Int(c.param("bins")), sigmaRatio: c.param("sigma_ratio"))
      c.expectMatches(wrt: "logits") { support.value(logits: $0) }
    default:
      Issue.record("no test for \(c.name)")
    }
  }

  @Test func gradientsMatchFiniteDifferences() {
    let p = randomTensor([4, 3], seed: 3, scale: 2)
    let t = randomTensor([4, 3], seed: 4)
    let support = HLGaussSupport(minimum: -1, maximum: 1, binCount: 3)
    let checks: [(String, @differentiable(reverse) (Tensor<Double>) -> Tensor<Double>)] = [
      ("squared", { squaredError(predictions: $0, targets: t) }),
      ("l2", { l2Loss(predictions: $0, targets: t, reduction: .sum) }),
      ("huber", { huberLoss(predictions: $0, targets: t, delta: 0.7) }),
      ("logcosh", { logCoshLoss(predictions: $0, targets: t) }),
      ("cosine", { cosineDistance(predictions: $0, targets: t) }),
      ("hlgauss", { hlGaussLoss(logits: $0, values: Tensor([-0.3, 0.9, 2, -1]), support: support) }),
      ("hlvalue", { support.value(logits: $0) }),
    ]
    for (name, f) in checks { #expect(gradientError(at: p, of: f) < 1e-6, "\(name)") }
  }

  @Test func hlGaussTargetsSumToOneAndCentreOnTheValue() {
    let support = HLGaussSupport(minimum: -10, maximum: 10, binCount: 51)
    let values = Tensor<Double>((0..<41).map { -10 + Double($0) * 0.5 })
    let targets = support.targets(for: values)
    let centers = Tensor(support.centers)
    for row in 0..<values.scalarCount {
      let p = targets.slice(row..<(row + 1)).reshaped(to: [-1])
      #expect(abs(p.sum().scalar - 1) < 1e-12)
      #expect(p.scalars.allSatisfy { $0 >= 0 })
      #expect(abs((p * centers).sum().scalar - values.scalars[row]) < support.binWidth)
    }
    let twoHot = support.twoHotTargets(for: Tensor([0.1, -10, 10, 3.3]))
    for row in 0..<4 {
      let p = twoHot.slice(row..<(row + 1)).reshaped(to: [-1])
      #expect(abs(p.sum().scalar - 1) < 1e-12)
    }
    #expect(abs((twoHot.slice(0..<1).reshaped(to: [-1]) * centers).sum().scalar - 0.1) < 1e-12)
    // Logits that put all mass on the target distribution read out close to the value.
    let logits = log(support.targets(for: Tensor([2.5])) + 1e-300)
    #expect(abs(support.value(logits: logits).scalar - 2.5) < support.binWidth)
  }

  @Test func extremeResidualsAreFinite() {
    func check<S: TensorScalar>(_: S.Type) {
      let p = Tensor<S>(shape: [2, 2], scalars: [1e4, -1e4, 0, 3].map { S($0) })
      let t = Tensor<S>(shape: [2, 2], scalars: [-1e4, 1e4, 0, 2].map { S($0) })
      let fs: [(String, @differentiable(reverse) (Tensor<S>) -> Tensor<S>)] = [
        ("huber", { huberLoss(predictions: $0, targets: t) }),
        ("logcosh", { logCoshLoss(predictions: $0, targets: t) }),
        ("cosine", { cosineDistance(predictions: $0, targets: t, epsilon: 1e-12) }),
        ("hlgauss", { hlGaussLoss(logits: $0, values: Tensor([0.5, 30]), support: HLGaussSupport(minimum: 0, maximum: 1, binCount: 2)) }),
      ]
      for (name, f) in fs {
        let (v, pb) = valueWithPullback(at: p, of: f)
        #expect(v.isFinite && pb(Tensor(1)).isFinite, "\(name) in \(S.self)")
      }
    }
    check(Float.self)
    check(Double.self)
  }

  @Test func pseudoHuberMatchesTheLiteralFormula() {
    let p = randomTensor([4, 2, 3], seed: 13, scale: 2)
    let t = randomTensor([4, 2, 3], seed: 14)
    let literal = Tensor((0..<4).map { i -> Double in
      let r = (0..<6).map { p.scalars[i * 6 + $0] - t.scalars[i * 6 + $0] }
      let c = 0.00054 * 6.0.squareRoot()
      return (r.reduce(0) { $0 + $1 * $1 } + c * c).squareRoot() - c
    })
    #expect(maxRelativeDifference(pseudoHuberLoss(predictions: p, targets: t, reduction: .none), literal) < 1e-14)
    #expect(abs(pseudoHuberLoss(predictions: Tensor<Double>([3]), targets: Tensor<Double>([-1]), c: 3).scalar - 2) < 1e-15)
    #expect(gradientError(at: p) { pseudoHuberLoss(predictions: $0, targets: t, c: 0.5) } < 1e-6)
  }

  @Test func mismatchedShapesStop() async {
    await #expect(processExitsWith: .failure) {
      _ = huberLoss(predictions: Tensor<Double>(zeros: [3]), targets: Tensor<Double>(zeros: [4]))
    }
  }
}

import Foundation
import RegulaLosses
import Testing
import _Differentiation
import _RegulaTestSupport

/// Classification losses against Optax and literal formulas
/// (Tools/fixtures/classification_regression_losses.py), and their properties.
struct ClassificationLossesTests {
  static let fixture = try! loadFixture(LossFixture.self, "classification_regression_losses.json")
  static let families: Set<String> = [
    "sigmoid_binary_cross_entropy", "sigmoid_focal_loss", "poly_loss_cross_entropy", "hinge_loss", "perceptron_loss",
    "multiclass_hinge_loss", "multiclass_perceptron_loss", "sparsemax_loss", "multiclass_sparsemax_loss",
    "stablemax_cross_entropy", "comp_sum", "softmax_focal_loss", "symmetric_cross_entropy", "ldr_kl",
    "kl_divergence", "kl_divergence_with_log_targets", "ranking_softmax_loss",
  ]

  @Test(arguments: fixture.cases.filter { families.contains($0.family) }.map(\.name))
  func matchesGoldenValues(_ name: String) throws {
    let c = try #require(Self.fixture.cases.first { $0.name == name })
    let labels = c.labels ?? []
    switch c.family {
    case "sigmoid_binary_cross_entropy":
      let y = c.tensor("labels")
      c.expectMatches(wrt: "logits") { sigmoidBinaryCrossEntropy(logits: $0, labels: y, reduction: .none) }
    case "sigmoid_focal_loss":
      let y = c.tensor("labels")
      let alpha: Double? = c.param("alpha") < 0 ? nil : c.param("alpha")
      let gamma = c.param("gamma")
      c.expectMatches(wrt: "logits") { sigmoidFocalLoss(logits: $0, labels: y, alpha: alpha, gamma: gamma, reduction: .none) }
    case "poly_loss_cross_entropy":
      let eps = c.param("epsilon")
      c.expectMatches(wrt: "logits") { polyLossCrossEntropy(logits: $0, labels: labels, epsilon: eps, reduction: .none) }
      let onehot = Tensor<Double>.oneHot(labels, depth: c.tensor("logits").shape[1])
      c.expectMatches(wrt: "logits") { polyLossCrossEntropy(logits: $0, probabilities: onehot, epsilon: eps, reduction: .none) }
    case "hinge_loss":
      let t = c.tensor("targets")
      c.expectMatches(wrt: "scores") { hingeLoss(scores: $0, targets: t, reduction: .none) }
    case "perceptron_loss":
      let t = c.tensor("targets")
      c.expectMatches(wrt: "scores") { perceptronLoss(scores: $0, targets: t, reduction: .none) }
    case "multiclass_hinge_loss":
      c.expectMatches(wrt: "scores") { multiclassHingeLoss(scores: $0, labels: labels, reduction: .none) }
    case "multiclass_perceptron_loss":
      c.expectMatches(wrt: "scores") { multiclassPerceptronLoss(scores: $0, labels: labels, reduction: .none) }
    case "sparsemax_loss":
      let y = c.tensor("labels")
      c.expectMatches(wrt: "logits") { sparsemaxLoss(logits: $0, labels: y, reduction: .none) }
    case "multiclass_sparsemax_loss":
      c.expectMatches(wrt: "scores") { multiclassSparsemaxLoss(scores: $0, labels: labels, reduction: .none) }
    case "stablemax_cross_entropy":
      c.expectMatches(wrt: "logits") { stableMaxCrossEntropy(logits: $0, labels: labels, reduction: .none) }
    case "comp_sum":
      let tau = c.param("tau")
      c.expectMatches(wrt: "logits", tolerance: 1e-9) { compSumLoss(logits: $0, labels: labels, tau: tau, reduction: .none) }
    case "softmax_focal_loss":
      let gamma = c.param("gamma")
      c.expectMatches(wrt: "logits") { softmaxFocalLoss(logits: $0, labels: labels, gamma: gamma, reduction: .none) }
    case "symmetric_cross_entropy":
      let (a, b) = (c.param("alpha"), c.param("beta"))
      c.expectMatches(wrt: "logits") { symmetricCrossEntropy(logits: $0, labels: labels, alpha: a, beta: b, reduction: .none) }
    case "ldr_kl":
      let (lambda, margin) = (c.param("lambda"), c.param("margin"))
      c.expectMatches(wrt: "logits") { ldrKLLoss(scores: $0, labels: labels, lambda: lambda, margin: margin, reduction: .none) }
    case "kl_divergence":
      let t = c.tensor("targets")
      c.expectMatches(wrt: "log_predictions") { klDivergence(logPredictions: $0, targets: t, reduction: .none) }
    case "kl_divergence_with_log_targets":
      let (lp, lt) = (c.tensor("log_predictions"), c.tensor("log_targets"))
      c.expectMatches(wrt: "log_predictions") { klDivergence(logPredictions: $0, logTargets: lt, reduction: .none) }
      c.expectMatches(wrt: "log_targets") { klDivergence(logPredictions: lp, logTargets: $0, reduction: .none) }
    case "ranking_softmax_loss":
      let y = c.tensor("labels")
      c.expectMatches(wrt: "logits") { rankingSoftmaxLoss(logits: $0, labels: y, reduction: .none) }
    default:
      Issue.record("no test for \(c.name)")
    }
  }

  @Test func gradientsMatchFiniteDifferences() {
    let z = randomTensor([4, 5], seed: 3, scale: 2)
    let labels = [4, 0, 2, 2]
    let binary = Tensor<Double>([1, 0, 0, 1, 1])
    let z1 = randomTensor([5], seed: 4, scale: 2)
    let checks: [(String, @differentiable(reverse) (Tensor<Double>) -> Tensor<Double>)] = [
      ("bce", { sigmoidBinaryCrossEntropy(logits: $0.reshaped(to: [-1]).slice(0..<5), labels: binary) }),
      ("focal", { sigmoidFocalLoss(logits: $0.reshaped(to: [-1]).slice(0..<5), labels: binary, alpha: 0.25) }),
      ("softmaxFocal", { softmaxFocalLoss(logits: $0, labels: labels, gamma: 1.5) }),
      ("poly", { polyLossCrossEntropy(logits: $0, labels: labels) }),
      ("multiclassHinge", { multiclassHingeLoss(scores: $0, labels: labels) }),
      ("sparsemax", { multiclassSparsemaxLoss(scores: $0, labels: labels) }),
      ("stablemax", { stableMaxCrossEntropy(logits: $0, labels: labels) }),
      ("compSum0.5", { compSumLoss(logits: $0, labels: labels, tau: 0.5) }),
      ("gce", { generalizedCrossEntropy(logits: $0, labels: labels) }),
      ("ldr", { ldrKLLoss(scores: $0, labels: labels, lambda: 0.5) }),
      ("sce", { symmetricCrossEntropy(logits: $0, labels: labels) }),
      ("kl", { klDivergence(logPredictions: logSoftmax($0), targets: softmax(z * 0.5), reduction: .sum) }),
      ("ranking", { rankingSoftmaxLoss(logits: $0, labels: abs(z).clamped(to: 0...1)) }),
    ]
    _ = z1
    for (name, f) in checks {
      #expect(gradientError(at: z, of: f) < 1e-6, "\(name)")
    }
  }

  @Test func compSumWithTauOneIsCrossEntropyAndLimitsHold() {
    let z = randomTensor([6, 4], seed: 5, scale: 3)
    let labels = [0, 1, 2, 3, 1, 0]
    let ce = softmaxCrossEntropy(logits: z, labels: labels, reduction: .none)
    #expect(maxRelativeDifference(compSumLoss(logits: z, labels: labels, tau: 1, reduction: .none), ce) < 1e-14)
    #expect(maxRelativeDifference(compSumLoss(logits: z, labels: labels, tau: 1 + 1e-7, reduction: .none), ce) < 1e-5)
    let py = softmax(z).picking(indices: labels)
    #expect(maxRelativeDifference(compSumLoss(logits: z, labels: labels, tau: 2, reduction: .none), 1 - py) < 1e-12)
    #expect(maxRelativeDifference(compSumLoss(logits: z, labels: labels, tau: 0, reduction: .none), 1 / py - 1) < 1e-12)
    let q = 0.7
    #expect(maxRelativeDifference(generalizedCrossEntropy(logits: z, labels: labels, q: q, reduction: .none), (1 - pow(py, q)) / q) < 1e-12)
  }

  @Test func stableMaxRanksClassesLikeSoftmax() {
    let z = randomTensor([8, 6], seed: 6, scale: 4)
    #expect(stableMax(z).argmax(alongAxis: 1) == softmax(z).argmax(alongAxis: 1))
    for row in 0..<8 {
      let a = stableMax(z).slice(row..<(row + 1)).scalars, b = softmax(z).slice(row..<(row + 1)).scalars
      #expect(a.indices.sorted { a[$0] < a[$1] } == b.indices.sorted { b[$0] < b[$1] })
    }
    #expect(abs(stableMax(z).sum().scalar - 8) < 1e-12)
  }

  @Test func ldrKLLimits() {
    let z = randomTensor([5, 4], seed: 8)
    let labels = [0, 3, 1, 1, 2]
    let margins = 1 - Tensor<Double>.oneHot(labels, depth: 4)
    let shifted = margins + z - z.picking(indices: labels).reshaped(to: [-1, 1])
    let hinge = shifted.max(alongAxes: [1])
    #expect(maxRelativeDifference(ldrKLLoss(scores: z, labels: labels, lambda: 1e-4, reduction: .none), hinge, floor: 1) < 1e-3)
    #expect(maxRelativeDifference(ldrKLLoss(scores: z, labels: labels, lambda: 1e5, reduction: .none), shifted.mean(alongAxes: [1]), floor: 1) < 1e-4)
  }

  @Test func aldrKLMatchesADenseGridSearchAndItsLimits() {
    let z = randomTensor([6, 4], seed: 9, scale: 2)
    let labels = [0, 3, 1, 1, 2, 0]
    let (lambda0, alpha) = (1.5, 0.8)
    let values = aldrKLLoss(scores: z, labels: labels, lambda0: lambda0, alpha: alpha, reduction: .none)
    for row in 0..<6 {
      let s = (0..<4).map { (($0 == labels[row]) ? 0 : 1) + z.scalars[row * 4 + $0] - z.scalars[row * 4 + labels[row]] }
      var best = s.max()! - alpha / 2 * lambda0 * lambda0
      for i in 1...20_000 {
        let lambda = lambda0 * Double(i) / 20_000
        let top = s.max()!
        let ldr = top + lambda * Foundation.log(s.map { Foundation.exp(($0 - top) / lambda) }.reduce(0, +) / 4)
        best = max(best, ldr - alpha / 2 * (lambda - lambda0) * (lambda - lambda0))
      }
      #expect(abs(values.scalars[row] - best) < 1e-8 * max(1, abs(best)), "row \(row)")
    }
    #expect(gradientError(at: z) { aldrKLLoss(scores: $0, labels: labels, lambda0: lambda0, alpha: alpha) } < 1e-6)
    // A stiff penalty pins λ at λ₀: LDR-KL. The adversary's λ* never exceeds λ₀.
    let stiff = aldrKLLoss(scores: z, labels: labels, lambda0: lambda0, alpha: 1e9, reduction: .none)
    #expect(maxRelativeDifference(stiff, ldrKLLoss(scores: z, labels: labels, lambda: lambda0, reduction: .none)) < 1e-6)
    let temperatures = aldrKLTemperatures(scores: z, labels: labels, lambda0: lambda0, alpha: alpha)
    #expect(temperatures.allSatisfy { $0 >= 0 && $0 <= lambda0 })
    // ALDR-KL is at least LDR-KL at λ₀ (λ = λ₀ is a candidate) and at most the hinge.
    let ldr = ldrKLLoss(scores: z, labels: labels, lambda: lambda0, reduction: .none)
    let hinge = multiclassHingeLoss(scores: z, labels: labels, reduction: .none)
    for row in 0..<6 { #expect(values.scalars[row] >= ldr.scalars[row] - 1e-12 && values.scalars[row] <= hinge.scalars[row] + 1e-12) }
  }

  /// Logits of ±1e4 in Float and Double give finite values and gradients.
  @Test func extremeLogitsAreFinite() {
    func check<S: TensorScalar>(_: S.Type) {
      let z = Tensor<S>(shape: [3, 4], scalars: [1e4, -1e4, 0, 5, -1e4, -1e4, 1e4, 1e4, 3, -1e4, 2, 1e4].map { S($0) })
      let labels = [1, 0, 3]
      let z1 = Tensor<S>([1e4, -1e4, 0.5].map { S($0) })
      let b = Tensor<S>([0, 1, 1])
      let pm = Tensor<S>([-1, 1, 1])
      let fs: [(String, @differentiable(reverse) (Tensor<S>) -> Tensor<S>)] = [
        ("bce", { sigmoidBinaryCrossEntropy(logits: $0.slice(0..<1).reshaped(to: [4]).slice(0..<3) + z1, labels: b) }),
        ("focal", { sigmoidFocalLoss(logits: $0.slice(0..<1).reshaped(to: [4]).slice(0..<3) + z1, labels: b, alpha: 0.25) }),
        ("hinge", { hingeLoss(scores: $0.slice(0..<1).reshaped(to: [4]).slice(0..<3), targets: pm) }),
        ("sparsemaxBinary", { sparsemaxLoss(logits: $0.slice(0..<1).reshaped(to: [4]).slice(0..<3), labels: b) }),
        ("softmaxFocal", { softmaxFocalLoss(logits: $0, labels: labels) }),
        ("poly", { polyLossCrossEntropy(logits: $0, labels: labels) }),
        ("multiclassHinge", { multiclassHingeLoss(scores: $0, labels: labels) }),
        ("multiclassPerceptron", { multiclassPerceptronLoss(scores: $0, labels: labels) }),
        ("sparsemax", { multiclassSparsemaxLoss(scores: $0, labels: labels) }),
        ("stablemax", { stableMaxCrossEntropy(logits: $0, labels: labels) }),
        ("compSum1", { compSumLoss(logits: $0, labels: labels, tau: 1) }),
        ("gce", { generalizedCrossEntropy(logits: $0, labels: labels) }),
        ("mae", { compSumLoss(logits: $0, labels: labels, tau: 2) }),
        ("ldr", { ldrKLLoss(scores: $0, labels: labels, lambda: 0.1) }),
        ("aldr", { aldrKLLoss(scores: $0, labels: labels) }),
        ("sce", { symmetricCrossEntropy(logits: $0, labels: labels) }),
        ("kl", { klDivergence(logPredictions: logSoftmax($0), targets: softmax(z.map { $0 / 1000 })) }),
        ("klLog", { klDivergence(logPredictions: logSoftmax($0), logTargets: logSoftmax(-$0)) }),
        ("ranking", { rankingSoftmaxLoss(logits: $0, labels: abs(z).clamped(to: 0...1)) }),
      ]
      for (name, f) in fs {
        let (v, pb) = valueWithPullback(at: z, of: f)
        #expect(v.isFinite && pb(Tensor(1)).isFinite, "\(name) in \(S.self)")
      }
    }
    check(Float.self)
    check(Double.self)
  }

  @Test func maskAndReductionsCompose() {
    let z = randomTensor([4, 3], seed: 2)
    let labels = [2, 0, 1, 1]
    let per = stableMaxCrossEntropy(logits: z, labels: labels, reduction: .none)
    let mask = Tensor<Double>([1, 0, 2, 0])
    #expect(abs(stableMaxCrossEntropy(logits: z, labels: labels, mask: mask).scalar - (per.scalars[0] + 2 * per.scalars[2]) / 3) < 1e-14)
    #expect(abs(multiclassHingeLoss(scores: z, labels: labels, reduction: .sum).scalar - multiclassHingeLoss(scores: z, labels: labels, reduction: .none).sum().scalar) < 1e-14)
  }

  @Test func outOfRangeLabelStops() async {
    await #expect(processExitsWith: .failure) {
      _ = compSumLoss(logits: Tensor<Double>(zeros: [2, 3]), labels: [0, 3])
    }
    await #expect(processExitsWith: .failure) {
      _ = stableMaxCrossEntropy(logits: Tensor<Double>(zeros: [2, 3]), labels: [0])
    }
    await #expect(processExitsWith: .failure) {
      _ = sigmoidBinaryCrossEntropy(logits: Tensor<Double>(zeros: [0]), labels: Tensor<Double>(zeros: [0]))
    }
  }
}

/// Learning from noisy labels on the embedded digits: cross-entropy versus early-learning
/// regularization (ELR) versus progressive self-knowledge distillation (PS-KD).
///
/// A `noiseRate` share of the training labels is flipped to another class uniformly at
/// random (symmetric noise); the test labels stay clean. Each arm trains the same MLP
/// 64 → 256 → 10 from the same start with AdamW (lr 1e-3) in minibatches of 64:
///
/// - **CE**: plain cross-entropy, which first fits the clean labels and then memorizes the
///   flipped ones, so clean test accuracy peaks and falls.
/// - **ELR** (β 0.7, λ 3): cross-entropy + λ·log(1 − ⟨p, t⟩) with t a running average of
///   the model's own predictions per example, which keeps the early-learning predictions.
/// - **PS-KD** (α_T 0.8): targets mix the label with the previous epoch's predictions, the
///   mix growing linearly to α_T.
///
/// Besides clean test accuracy, the table reports memorization: the share of flipped
/// training examples whose prediction is their wrong label at the end.
///
/// - SeeAlso: Liu, Niles-Weed, Razavian & Fernandez-Granda, "Early-Learning Regularization
///   Prevents Memorization of Noisy Labels", NeurIPS 2020; Kim, Ji, Yoon & Hwang,
///   "Self-Knowledge Distillation with Progressive Refinement of Targets", ICCV 2021.
public struct NoisyLabelsReproduction: Sendable {
  public var noiseRate: Double
  public var epochs: Int
  public var seed: UInt64

  public init(noiseRate: Double = 0.4, epochs: Int = 60, seed: UInt64 = 0) {
    precondition(noiseRate >= 0 && noiseRate < 0.9 && epochs >= 1, "noise rate in [0, 0.9) and epochs ≥ 1")
    (self.noiseRate, self.epochs, self.seed) = (noiseRate, epochs, seed)
  }

  public var configuration: String { "noisy-labels rate=\(noiseRate) epochs=\(epochs) seed=\(seed)" }

  /// The digits with noisy training labels, and which training labels were flipped.
  public func data() -> (data: ClassificationData, flipped: [Bool]) {
    var data = ClassificationData.digits(seed: seed)
    let (noisy, flipped) = data.train.labels.injectingSymmetricLabelNoise(rate: noiseRate, classes: 10, seed: seed &+ 7)
    data.train.labels = noisy
    return (data, flipped)
  }

  public func arms() -> [ClassifierArm] {
    let model = Sequential<Float>.multilayerPerceptron(inputSize: 64, hiddenSizes: [256], outputSize: 10, weightInitializer: .heNormal)
    func arm(_ name: String, _ wrapper: TrainingWrapper<Float>) -> ClassifierArm {
      ClassifierArm(name: name, trainer: ClassifierTrainer(
        model: model, optimizer: AnyGradientTransformation(adamw(learningRate: 1e-3) as AdamW<Float>), epochs: epochs, batchSize: 64,
        seed: seed, configuration: "\(configuration) arm=\(name)", wrapper: wrapper))
    }
    return [
      arm("CE", .none),
      arm("ELR", .elr(EarlyLearningRegularization(beta: 0.7, lambda: 3))),
      arm("PS-KD", .pskd(finalAlpha: 0.8)),
    ]
  }

  /// The share of flipped training examples predicted as their (wrong) training label.
  public func memorization(_ result: ClassifierArmResult, arm: ClassifierArm, data: ClassificationData, flipped: [Bool]) -> Double {
    let predictions = arm.trainer.model(data.train.features, parameters: result.parameters).argmax(alongAxis: 1)
    let noisy = flipped.indices.filter { flipped[$0] }
    return Double(noisy.filter { predictions[$0] == data.train.labels[$0] }.count) / Double(Swift.max(noisy.count, 1))
  }

  public func table(_ results: [ClassifierArmResult], memorization: [Double]) -> (header: [String], rows: [[String]]) {
    let baseline = results.first?.history.last("test_accuracy") ?? .nan
    let header = ["arm", "final clean test acc", "best clean test acc", "gap to CE", "flipped labels memorized"]
    let rows = zip(results, memorization).map { r, m in
      [r.name, threeDecimals(r.history.last("test_accuracy")), threeDecimals(r.history.metrics["test_accuracy"]?.max()),
       String(format: "%+.3f", (r.history.last("test_accuracy") ?? .nan) - baseline), threeDecimals(m)]
    }
    return (header, rows)
  }

  public func report(_ results: [ClassifierArmResult], table: (header: [String], rows: [[String]]), command: String) -> HTMLReport {
    var report = HTMLReport(title: "Noisy labels: CE vs ELR vs PS-KD on the digits, \(Int((noiseRate * 100).rounded()))% symmetric noise")
    report.add(.paragraph("MLP 64 → 256 → 10, AdamW (lr 1e-3), minibatches of 64, \(epochs) epochs. Test labels are clean."))
    for (metric, title) in [("test_accuracy", "Clean test accuracy"), ("train_accuracy", "Accuracy on the noisy training labels")] {
      var chart = LineChart(title: title, xLabel: "epoch", yLabel: "accuracy")
      for r in results { chart.add(r.name, points: r.history.curve(metric)) }
      report.add(.chart(chart))
    }
    report.add(.table(header: table.header, rows: table.rows))
    report.add(.heading("Command"))
    report.add(.code(command))
    return report
  }
}

/// Three decimals, or a dash.
func threeDecimals(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "—" }

import Foundation
import _Differentiation

/// Grokking on modular addition: softmax cross-entropy with weight decay, softmax without
/// it, StableMax cross-entropy, and ⊥Grad — the claims of "Grokking at the Edge of
/// Numerical Stability".
///
/// The task is a + b mod p over all p² pairs, a random `trainFraction` of them for training,
/// the rest held out; the inputs are one-hot(a) ‖ one-hot(b); the model an MLP
/// 2p → 200 → 200 → p with ReLU; training is full-batch. The arms:
///
/// - **softmax + wd**: AdamW (lr 1e-3, β₂ 0.98, weight decay 1), the classic grokking
///   recipe of Power et al.: memorization first, generalization after many steps.
/// - **softmax**: AdamW (lr 0.01, β₂ 0.99, ε 1e-25, no decay). The paper's claim: the
///   training loss is driven into Softmax Collapse (float32 gradients exactly 0 for most
///   examples) and test accuracy stalls.
/// - **StableMax**: the same optimizer (β₂ 0.999) on StableMax cross-entropy, which keeps
///   gradients alive: groks without weight decay.
/// - **⊥Grad**: softmax cross-entropy with the gradient's component along the weights
///   removed before AdamW (as the softmax arm): groks quickly, without decay.
///
/// Each evaluation records train loss and accuracy, test accuracy, and the collapse
/// fraction (the share of training examples whose float32 softmax puts probability
/// exactly 1 on the label, so that their cross-entropy gradient is exactly 0).
///
/// - SeeAlso: Prieto, Barsbey, Mediano & Birdal, "Grokking at the Edge of Numerical
///   Stability", ICLR 2025; Power et al., "Grokking: Generalization Beyond Overfitting on
///   Small Algorithmic Datasets", 2022.
public struct GrokkingReproduction: Sendable {
  public var modulus: Int
  public var trainFraction: Double
  public var hiddenWidth: Int
  public var steps: Int
  public var evaluationInterval: Int
  public var seed: UInt64

  public init(modulus: Int = 97, trainFraction: Double = 0.4, hiddenWidth: Int = 200, steps: Int = 1500, evaluationInterval: Int = 25, seed: UInt64 = 0) {
    precondition(modulus >= 2 && trainFraction > 0 && trainFraction < 1 && hiddenWidth >= 1 && steps >= 1 && evaluationInterval >= 1,
      "grokking: modulus ≥ 2, trainFraction in (0, 1), and positive width, steps and interval")
    (self.modulus, self.trainFraction, self.hiddenWidth, self.steps) = (modulus, trainFraction, hiddenWidth, steps)
    (self.evaluationInterval, self.seed) = (evaluationInterval, seed)
  }

  /// The settings that make a checkpoint this run's.
  public var configuration: String {
    "grokking p=\(modulus) train=\(trainFraction) width=\(hiddenWidth) steps=\(steps) every=\(evaluationInterval) seed=\(seed)"
  }

  /// The test accuracy that counts as "grokked".
  public static let grokkedAccuracy = 0.95

  /// The four arms, sharing the data split and the initial parameters.
  public func arms() -> [ReproductionArm<Float>] {
    let task = Synthetic.modularArithmetic(modulus: modulus, operation: .addition, trainFraction: trainFraction, seed: seed)
    let train = task.dataset(task.train, encoding: .oneHot, as: Float.self)
    let test = task.dataset(task.test, encoding: .oneHot, as: Float.self)
    let (trainLabels, testLabels) = (train.targets.map { Int($0) }, test.targets.map { Int($0) })
    let model = Sequential<Float>.multilayerPerceptron(
      inputSize: 2 * modulus, hiddenSizes: [hiddenWidth, hiddenWidth], outputSize: modulus, weightInitializer: .heNormal)
    let start = model.initialParameters(seed: seed &+ 1)

    func arm(_ name: String, stableMax: Bool, _ optimizer: AnyGradientTransformation<Float>) -> ReproductionArm<Float> {
      ReproductionArm(
        name: name, optimizer: optimizer, initialParameters: start, steps: steps, evaluationInterval: evaluationInterval, seed: seed,
        lossAndGradient: { p, _ in
          let (logits, pullback) = valueWithPullback(at: p) { p in model(train.features, parameters: p) }
          let (loss, dLogits) = valueWithGradient(at: logits) { z in
            stableMax ? stableMaxCrossEntropy(logits: z, labels: trainLabels).scalarized() : softmaxCrossEntropy(logits: z, labels: trainLabels).scalarized()
          }
          return (Double(loss), pullback(dLogits))
        },
        evaluate: { p in
          let trainLogits = model(train.features, parameters: p), testLogits = model(test.features, parameters: p)
          let loss = stableMax ? stableMaxCrossEntropy(logits: trainLogits, labels: trainLabels) : softmaxCrossEntropy(logits: trainLogits, labels: trainLabels)
          return [
            "train_loss": Double(loss.scalar), "train_accuracy": accuracy(logits: trainLogits, labels: trainLabels),
            "test_accuracy": accuracy(logits: testLogits, labels: testLabels), "collapse_fraction": softmaxCollapseFraction(trainLogits, trainLabels),
          ]
        })
    }
    return [
      arm("softmax + wd", stableMax: false, AnyGradientTransformation(adamw(learningRate: 1e-3, beta2: 0.98, weightDecay: 1) as AdamW<Float>)),
      arm("softmax", stableMax: false, AnyGradientTransformation(adamw(learningRate: 0.01, beta2: 0.99, epsilon: 1e-25, weightDecay: 0) as AdamW<Float>)),
      arm("StableMax", stableMax: true, AnyGradientTransformation(adamw(learningRate: 0.01, beta2: 0.999, epsilon: 1e-25, weightDecay: 0) as AdamW<Float>)),
      arm("⊥Grad", stableMax: false, AnyGradientTransformation(Chained(
        OrthogonalGradient<Float>(), adamw(learningRate: 0.01, beta2: 0.99, epsilon: 1e-25, weightDecay: 0) as AdamW<Float>))),
    ]
  }

  /// One row per arm: first step at ≥ 95% test accuracy, final accuracies, peak collapse.
  public func table(_ histories: [ArmHistory]) -> (header: [String], rows: [[String]]) {
    let header = ["arm", "step to 95% test acc", "final train acc", "final test acc", "max collapse fraction", "train time (s)"]
    let rows = histories.map { h in
      [h.name, h.firstStep(where: "test_accuracy", reaches: Self.grokkedAccuracy).map(String.init) ?? "not reached",
       String(format: "%.3f", h.last("train_accuracy") ?? .nan), String(format: "%.3f", h.last("test_accuracy") ?? .nan),
       String(format: "%.3f", h.metrics["collapse_fraction"]?.max() ?? .nan), String(format: "%.1f", h.last("seconds") ?? .nan)]
    }
    return (header, rows)
  }

  /// The report: accuracy and collapse curves of every arm, the table, the command.
  public func report(_ histories: [ArmHistory], command: String) -> HTMLReport {
    var report = HTMLReport(title: "Grokking at the edge of numerical stability: a + b mod \(modulus)")
    report.add(.paragraph(
      "An MLP 2p → \(hiddenWidth) → \(hiddenWidth) → p trained full-batch on \(Int((trainFraction * 100).rounded()))% of the \(modulus * modulus) pairs; "
        + "test accuracy on the rest. Grokked = test accuracy ≥ \(Int(Self.grokkedAccuracy * 100))%."))
    for (metric, title, label) in [
      ("test_accuracy", "Test accuracy", "accuracy"), ("train_accuracy", "Train accuracy", "accuracy"),
      ("collapse_fraction", "Softmax Collapse: examples with an exactly-zero float32 gradient", "fraction of training examples"),
    ] {
      var chart = LineChart(title: title, xLabel: "step", yLabel: label)
      for h in histories { chart.add(h.name, points: h.curve(metric)) }
      report.add(.chart(chart))
    }
    let (header, rows) = table(histories)
    report.add(.table(header: header, rows: rows))
    report.add(.heading("Command"))
    report.add(.code(command))
    return report
  }
}

/// The share of rows whose label gets probability exactly 1 from a float32 softmax: their
/// cross-entropy gradient p − onehot(y) is exactly 0 ("Softmax Collapse").
func softmaxCollapseFraction(_ logits: Tensor<Float>, _ labels: [Int]) -> Double {
  let k = logits.shape[1]
  var collapsed = 0
  logits.scalars.withUnsafeBufferPointer { z in
    for (i, y) in labels.enumerated() {
      let row = z[(i * k)..<(i * k + k)]
      let m = row.max()!
      var others: Float = 0
      for j in row.indices where j != i * k + y { others += Float.exp(row[j] - m) }
      let label = Float.exp(row[i * k + y] - m)
      // p_y = label / (label + others) rounds to 1 and every other p_j to 0.
      if label / (label + others) == 1, row.indices.allSatisfy({ $0 == i * k + y || Float.exp(row[$0] - m) / (label + others) == 0 }) {
        collapsed += 1
      }
    }
  }
  return Double(collapsed) / Double(max(labels.count, 1))
}

import Foundation
import _Differentiation

/// Optimizers side by side on a small network and on an ill-conditioned matrix problem:
/// AdamW, Lion, Muon (matrices) + AdamW, Shampoo, SOAP, schedule-free AdamW and Cautious
/// AdamW, each with its paper's recommended settings scaled to these problems.
///
/// - **mlp**: the embedded digits (standardized, 80/20 split), an MLP 64 → 128 → 128 → 10
///   with ReLU, softmax cross-entropy, minibatches of 128 in an order drawn from the seed.
///   Records the full training loss and the test accuracy.
/// - **quadratic**: f(W) = ½ tr(Wᵀ A W B) over W ∈ ℝ³²ˣ³², with A and B random rotations of
///   diag(1 … 100) (log-spaced), so the Hessian A ⊗ B has condition number 10⁴ and is
///   Kronecker-factored as Shampoo assumes. The minimum is 0 at W = 0; records f(W).
///
/// Every arm records `seconds`, its training time, for curves against wall-clock time.
///
/// - SeeAlso: Gupta, Koren & Singer, "Shampoo: Preconditioned Stochastic Tensor
///   Optimization", 2018; Vyas et al., "SOAP: Improving and Stabilizing Shampoo using Adam",
///   2024; Chen et al., "Symbolic Discovery of Optimization Algorithms", 2023; Jordan et al.,
///   "Muon", 2024; Defazio et al., "The Road Less Scheduled", 2024; Liang et al., "Cautious
///   Optimizers", 2024.
public struct OptimizerComparison: Sendable {
  public var steps: Int
  public var evaluationInterval: Int
  public var seed: UInt64

  public init(steps: Int = 600, evaluationInterval: Int = 20, seed: UInt64 = 0) {
    precondition(steps >= 1 && evaluationInterval >= 1, "steps and evaluationInterval must be positive")
    (self.steps, self.evaluationInterval, self.seed) = (steps, evaluationInterval, seed)
  }

  public var configuration: String { "optimizers steps=\(steps) every=\(evaluationInterval) seed=\(seed)" }

  /// The optimizers, by name, as spec strings for each problem (the registry builds them).
  public static let optimizers: [(name: String, mlp: String, quadratic: String)] = [
    ("AdamW", "adamw(lr=3e-3, weight_decay=1e-4)", "adamw(lr=0.02, weight_decay=0)"),
    ("Lion", "lion(lr=3e-4, weight_decay=1e-3)", "lion(lr=2e-3, weight_decay=0)"),
    ("Muon + AdamW", "muon(lr=0.02, adam_lr=3e-3)", "muon(lr=0.02)"),
    ("Shampoo", "shampoo(lr=3e-3)", "shampoo(lr=0.02)"),
    ("SOAP", "soap(lr=3e-3)", "soap(lr=0.02)"),
    ("schedule-free AdamW", "schedule_free_adamw(lr=3e-3)", "schedule_free_adamw(lr=0.02)"),
    ("Cautious AdamW", "cautious_adamw(lr=3e-3, weight_decay=1e-4)", "cautious_adamw(lr=0.02, weight_decay=0)"),
  ]

  /// The arms: every optimizer on the MLP, then every optimizer on the quadratic.
  public func arms() throws(MethodSpecError) -> [ReproductionArm<Float>] {
    let digits = Digits.load(as: Float.self)
    let (train, test) = digits.split(testFraction: 0.2, seed: seed)
    let standardization = Standardization(fitting: train.features)
    let (xTrain, xTest) = (standardization.apply(to: train.features), standardization.apply(to: test.features))
    let (yTrain, yTest) = (train.targets.map { Int($0) }, test.targets.map { Int($0) })
    let model = Sequential<Float>.multilayerPerceptron(inputSize: 64, hiddenSizes: [128, 128], outputSize: 10, weightInitializer: .heNormal)
    let start = model.initialParameters(seed: seed &+ 1)
    let batchSize = 128

    var arms: [ReproductionArm<Float>] = []
    for (name, spec, _) in Self.optimizers {
      arms.append(ReproductionArm(
        name: "mlp · \(name)", optimizer: try OptimizerRegistry.make(spec), initialParameters: start, steps: steps,
        evaluationInterval: evaluationInterval, seed: seed,
        lossAndGradient: { p, random in
          let indices = (0..<batchSize).map { _ in Int(random.next() % UInt64(yTrain.count)) }
          let x = xTrain.gathering(atIndices: indices)
          let labels = indices.map { yTrain[$0] }
          let (loss, gradient) = valueWithGradient(at: p) { p in softmaxCrossEntropy(logits: model(x, parameters: p), labels: labels).scalarized() }
          return (Double(loss), gradient)
        },
        evaluate: { p in
          let trainLoss = softmaxCrossEntropy(logits: model(xTrain, parameters: p), labels: yTrain).scalar
          return ["train_loss": Double(trainLoss), "test_accuracy": accuracy(logits: model(xTest, parameters: p), labels: yTest)]
        }))
    }
    let (a, b) = (Self.rotatedDiagonal(size: 32, conditionNumber: 100, seed: seed &+ 2), Self.rotatedDiagonal(size: 32, conditionNumber: 100, seed: seed &+ 3))
    var random = RandomGenerator(seed: seed &+ 4)
    let w0 = ParameterSet([("w", Tensor<Float>.randomNormal(shape: [32, 32], using: &random) / Float(32).squareRoot())])
    for (name, _, spec) in Self.optimizers {
      arms.append(ReproductionArm(
        name: "quadratic · \(name)", optimizer: try OptimizerRegistry.make(spec), initialParameters: w0, steps: steps,
        evaluationInterval: evaluationInterval, seed: seed,
        lossAndGradient: { p, _ in
          let gradient = matmul(matmul(a, p["w"]), b)
          return (Double((p["w"] * gradient).sum().scalar) / 2, ParameterSet([("w", gradient)]))
        },
        evaluate: { p in ["loss": Double((p["w"] * matmul(matmul(a, p["w"]), b)).sum().scalar) / 2] }))
    }
    return arms
  }

  /// Q·diag(λ)·Qᵀ with λ log-spaced from 1 to κ and Q the orthogonal factor of a Gaussian
  /// matrix drawn from `seed`.
  static func rotatedDiagonal(size n: Int, conditionNumber: Double, seed: UInt64) -> Tensor<Float> {
    var random = RandomGenerator(seed: seed)
    let q = qrDecomposition(Tensor<Float>.randomNormal(shape: [n, n], using: &random)).q
    let lambda = Tensor<Float>((0..<n).map { Float(Double.pow(conditionNumber, Double($0) / Double(n - 1))) })
    return matmul(q * lambda, q.transposed())
  }

  /// One row per arm: final and best loss, test accuracy (mlp), time.
  public func table(_ histories: [ArmHistory]) -> (header: [String], rows: [[String]]) {
    let header = ["arm", "final loss", "best loss", "final test acc", "train time (s)"]
    let rows = histories.map { h -> [String] in
      let loss = h.metrics["train_loss"] ?? h.metrics["loss"] ?? []
      return [h.name, String(format: "%.4g", loss.last ?? .nan), String(format: "%.4g", loss.min() ?? .nan),
              h.last("test_accuracy").map { String(format: "%.3f", $0) } ?? "—", String(format: "%.2f", h.last("seconds") ?? .nan)]
    }
    return (header, rows)
  }

  /// Loss against step and against time for both problems, test accuracy, the table.
  public func report(_ histories: [ArmHistory], command: String) -> HTMLReport {
    var report = HTMLReport(title: "Optimizers on a digits MLP and an ill-conditioned quadratic")
    report.add(.paragraph(
      "MLP 64 → 128 → 128 → 10 on the embedded digits, minibatches of 128; and ½ tr(WᵀAWB) over 32 × 32 matrices with "
        + "condition number 10⁴. Each optimizer runs \(steps) steps from the same start."))
    let mlp = histories.filter { $0.name.hasPrefix("mlp") }, quadratic = histories.filter { $0.name.hasPrefix("quadratic") }
    func chart(_ title: String, _ arms: [ArmHistory], _ metric: String, againstTime: Bool = false, log: Bool = true) -> LineChart {
      var chart = LineChart(title: title, xLabel: againstTime ? "training time (s)" : "step", yLabel: metric.replacingOccurrences(of: "_", with: " "), logarithmicY: log)
      for h in arms {
        let name = String(h.name.split(separator: "·").last!.drop { $0 == " " })
        chart.add(name, points: againstTime ? Array(zip(h.metrics["seconds"] ?? [], h.metrics[metric] ?? [])) : h.curve(metric))
      }
      return chart
    }
    report.add(.heading("Digits MLP"))
    report.add(.chart(chart("Training loss", mlp, "train_loss")))
    report.add(.chart(chart("Training loss against time", mlp, "train_loss", againstTime: true)))
    report.add(.chart(chart("Test accuracy", mlp, "test_accuracy", log: false)))
    report.add(.heading("Ill-conditioned quadratic"))
    report.add(.chart(chart("f(W) − f*", quadratic, "loss")))
    report.add(.chart(chart("f(W) − f* against time", quadratic, "loss", againstTime: true)))
    let (header, rows) = table(histories)
    report.add(.table(header: header, rows: rows))
    report.add(.heading("Command"))
    report.add(.code(command))
    return report
  }
}

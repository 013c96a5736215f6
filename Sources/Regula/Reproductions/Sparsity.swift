/// Sparse networks: HyperSparse versus L1 versus plain magnitude pruning, compared at
/// matched sparsity on the embedded digits.
///
/// Three copies of an MLP 64 → 256 → 256 → 10 train from the same start (AdamW, lr 1e-3,
/// minibatches of 64): without a penalty, with L1 (λ = 1e-4) on every weight matrix, and
/// with HyperSparse at the target prune rate under its increasing-λ ART schedule (zero for
/// the first third of the epochs, then ×1.05 per epoch from 5e-4). Each trained network is
/// then pruned by global weight magnitude to every sparsity level (biases kept) and
/// evaluated without fine-tuning. The claim: a sparsity-inducing penalty keeps accuracy at
/// sparsity levels where magnitude pruning of a plain network collapses, and HyperSparse
/// more so than L1.
///
/// - SeeAlso: Glandorf et al., "HyperSparse Neural Networks: Shifting Exploration to
///   Exploitation through Adaptive Regularization", ICCV Workshops 2023; Han et al.,
///   "Learning both Weights and Connections for Efficient Neural Networks", NeurIPS 2015.
public struct SparsityReproduction: Sendable {
  public var epochs: Int
  public var seed: UInt64
  /// The sparsity levels evaluated, the share of weight-matrix entries set to zero.
  public var levels: [Double] = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99]

  public init(epochs: Int = 60, seed: UInt64 = 0) {
    precondition(epochs >= 3, "epochs must be at least 3")
    (self.epochs, self.seed) = (epochs, seed)
  }

  public var configuration: String { "sparsity epochs=\(epochs) seed=\(seed)" }

  static let model = Sequential<Float>.multilayerPerceptron(inputSize: 64, hiddenSizes: [256, 256], outputSize: 10, weightInitializer: .heNormal)

  public func arms(trainingExamples: Int) -> [ClassifierArm] {
    func arm(_ name: String, _ penalties: [PenaltyTerm<Float>]) -> ClassifierArm {
      var trainer = ClassifierArm.Trainer(
        model: Self.model, optimizer: AnyGradientTransformation(adamw(learningRate: 1e-3, weightDecay: 0) as AdamW<Float>),
        epochs: epochs, batchSize: 64, seed: seed, configuration: "\(configuration) arm=\(name)")
      trainer.penalties = penalties
      return ClassifierArm(name: name, trainer: trainer)
    }
    let stepsPerEpoch = (trainingExamples + 63) / 64
    let art = Schedule.adaptiveRegularization(initialValue: 5e-4, growth: 1.05, warmupEpochs: epochs / 3, stepsPerEpoch: stepsPerEpoch)
    return [
      arm("magnitude pruning", []),
      arm("L1 + pruning", [PenaltyTerm(L1Regularizer<Float>(), weight: 1e-4, name: "l1")]),
      arm("HyperSparse + pruning", [PenaltyTerm(HyperSparseRegularizer<Float>(pruneRate: 0.9), weight: art, name: "hypersparse")]),
    ]
  }

  /// The parameters with the smallest-magnitude `sparsity` share of all weight-matrix
  /// entries set to zero (one global threshold; ties at the threshold pruned together).
  public static func pruned(_ parameters: ParameterSet<Float>, sparsity: Double) -> ParameterSet<Float> {
    let isWeight = { (path: String) in path.hasSuffix("weight") }
    let magnitudes = parameters.entries.filter { isWeight($0.path) }.flatMap { $0.tensor.scalars.map(abs) }.sorted()
    let count = Int((sparsity * Double(magnitudes.count)).rounded())
    guard count > 0 else { return parameters }
    let threshold = magnitudes[count - 1]
    return parameters.mapTensors { path, t in
      isWeight(path) ? Tensor(shape: t.shape, scalars: t.scalars.map { abs($0) <= threshold ? 0 : $0 }) : t
    }
  }

  /// Test accuracy of each arm at each sparsity level: `[arm][level]`.
  public func accuracies(_ results: [ClassifierArmResult], data: ClassificationData) -> [[Double]] {
    results.map { r in
      levels.map { s in accuracy(logits: Self.model(data.test.features, parameters: Self.pruned(r.parameters, sparsity: s)), labels: data.test.labels) }
    }
  }

  public func table(_ results: [ClassifierArmResult], accuracies: [[Double]]) -> (header: [String], rows: [[String]]) {
    let header = ["arm"] + levels.map { String(format: "acc @ %g%%", $0 * 100) }
    return (header, zip(results, accuracies).map { r, a in [r.name] + a.map { String(format: "%.3f", $0) } })
  }

  public func report(_ results: [ClassifierArmResult], accuracies: [[Double]], table: (header: [String], rows: [[String]]), command: String) -> HTMLReport {
    var report = HTMLReport(title: "Sparsity: HyperSparse vs L1 vs magnitude pruning on the digits")
    report.add(.paragraph(
      "MLP 64 → 256 → 256 → 10, AdamW (lr 1e-3), \(epochs) epochs; then global magnitude pruning of the weight matrices "
        + "to each sparsity level, no fine-tuning."))
    var chart = LineChart(title: "Test accuracy after pruning", xLabel: "sparsity of the weight matrices (share of zeros)", yLabel: "test accuracy")
    for (r, a) in zip(results, accuracies) { chart.add(r.name, points: Array(zip(levels, a))) }
    report.add(.chart(chart))
    var curves = LineChart(title: "Test accuracy while training (dense)", xLabel: "epoch", yLabel: "test accuracy")
    for r in results { curves.add(r.name, points: r.history.curve("test_accuracy")) }
    report.add(.chart(curves))
    report.add(.table(header: table.header, rows: table.rows))
    report.add(.heading("Command"))
    report.add(.code(command))
    return report
  }
}

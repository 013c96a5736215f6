import Foundation
@testable import Regula
import Testing

/// The reproduction runner (evaluations, checkpoints, resume) and the grokking arms.
struct ReproductionTests {
  /// Two arms minimizing ½‖w − t‖² from a fixed start with SGD and Adam; the metrics are
  /// the parameters themselves, so equal histories mean equal parameters.
  static func arms() -> [ReproductionArm<Double>] {
    let target = Tensor<Double>([1, -2, 3])
    let start = ParameterSet([("w", Tensor<Double>([0.5, 0.5, 0.5]))])
    func arm(_ name: String, _ optimizer: AnyGradientTransformation<Double>) -> ReproductionArm<Double> {
      ReproductionArm(
        name: name, optimizer: optimizer, initialParameters: start, steps: 9, evaluationInterval: 2, seed: 5,
        lossAndGradient: { p, random in
          // A noisy gradient: the generator's state must survive a resume.
          let noise = Double(random.next() % 1000) / 1e4
          let r = p["w"] - target
          return ((r * r).sum().scalar / 2, ParameterSet([("w", r + noise)]))
        },
        evaluate: { p in ["w0": p["w"].scalars[0], "w2": p["w"].scalars[2]] })
    }
    return [arm("sgd", AnyGradientTransformation(sgd(learningRate: 0.1) as Chained<Trace<Double>, ScaleByLearningRate<Double>>)),
            arm("adam", AnyGradientTransformation(adam(learningRate: 0.1) as Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>))]
  }

  static func withoutTime(_ h: ArmHistory) -> [String: [Double]] { h.metrics.filter { $0.key != "seconds" } }

  @Test func evaluatesAtZeroEveryIntervalAndTheLastStep() throws {
    guard case .completed(let histories) = try runReproduction(Self.arms(), configuration: "test") else { Issue.record("not completed"); return }
    #expect(histories.map(\.name) == ["sgd", "adam"])
    for h in histories {
      #expect(h.steps == [0, 2, 4, 6, 8, 9])
      #expect(h.metrics["w0"]!.first == 0.5)
      #expect(h.metrics["seconds"]!.count == 6)
    }
    // Gradient descent contracts toward t with rate 0.9 (plus the bounded noise).
    #expect(abs(histories[0].last("w0")! - 1) < 0.5 * pow(0.9, 9) + 0.1)
  }

  @Test(arguments: [1, 3, 4, 7])
  func resumingFromAnyCheckpointGivesTheUninterruptedRun(stopAfter evaluations: Int) throws {
    guard case .completed(let reference) = try runReproduction(Self.arms(), configuration: "test") else { Issue.record("not completed"); return }
    var saved: Data?
    var count = 0
    let outcome = try runReproduction(
      Self.arms(), configuration: "test", save: { saved = try JSONEncoder().encode($0) },
      observe: { if case .evaluated = $0 { count += 1 } }, shouldStop: { count >= evaluations })
    guard case .interrupted = outcome else { Issue.record("not interrupted"); return }
    let checkpoint = try JSONDecoder().decode(ReproductionCheckpoint<Double>.self, from: saved!)
    guard case .completed(let resumed) = try runReproduction(Self.arms(), configuration: "test", from: checkpoint) else {
      Issue.record("resume did not complete"); return
    }
    #expect(resumed.map(Self.withoutTime) == reference.map(Self.withoutTime))
    #expect(resumed.map(\.steps) == reference.map(\.steps))
  }

  @Test func armHistoryFindsThresholdsAndCurves() {
    var h = ArmHistory(name: "a")
    h.record(step: 0, ["acc": 0.1])
    h.record(step: 10, ["acc": 0.96])
    h.record(step: 20, ["acc": 0.94])
    #expect(h.firstStep(where: "acc", reaches: 0.95) == 10)
    #expect(h.firstStep(where: "acc", reaches: 0.99) == nil)
    #expect(h.curve("acc").map(\.0) == [0, 10, 20])
    #expect(h.last("acc") == 0.94)
  }

  @Test func collapseMeansAnExactlyZeroFloat32Gradient() {
    // Row 0: a gap of 200 nats, p_y rounds to 1. Row 1: a gap of 5. Row 2: collapsed on a
    // class other than the label (p_y = 0, gradient −1 at y): not collapsed.
    let logits = Tensor<Float>(shape: [3, 3], scalars: [0, 200, 0, 0, 5, 0, 300, 0, 0])
    #expect(softmaxCollapseFraction(logits, [1, 1, 1]) == 1.0 / 3)
    // The literal definition: the float32 gradient softmax(z) − onehot(y) is all zeros.
    for (row, label) in [(0, 1), (1, 1), (2, 1)] {
      let z = Array(logits.scalars[(row * 3)..<(row * 3 + 3)])
      let e = z.map { Float.exp($0 - z.max()!) }
      let g = e.indices.map { e[$0] / e.reduce(0, +) - ($0 == label ? 1 : 0) }
      #expect(g.allSatisfy { $0 == 0 } == (row == 0))
    }
  }

  @Test func grokkingArmsShareDataAndStartAndReportEveryCurve() throws {
    let reproduction = GrokkingReproduction(modulus: 7, trainFraction: 0.5, hiddenWidth: 8, steps: 4, evaluationInterval: 2, seed: 3)
    let arms = reproduction.arms()
    #expect(arms.map(\.name) == ["softmax + wd", "softmax", "StableMax", "⊥Grad"])
    #expect(arms.allSatisfy { $0.initialParameters == arms[0].initialParameters })
    guard case .completed(let histories) = try runReproduction(arms, configuration: reproduction.configuration) else { Issue.record("not completed"); return }
    for h in histories {
      #expect(Set(h.metrics.keys) == ["train_loss", "train_accuracy", "test_accuracy", "collapse_fraction", "seconds"])
      #expect(h.metrics["train_accuracy"]!.allSatisfy { (0...1).contains($0) })
    }
    // Different objectives and optimizers move the same start differently.
    #expect(Set(histories.map { $0.last("train_loss")! }).count == 4)
    let (header, rows) = reproduction.table(histories)
    #expect(rows.count == 4 && rows.allSatisfy { $0.count == header.count })
    let html = reproduction.report(histories, command: "regula reproduce grokking --modulus 7").html()
    let svgs = html.components(separatedBy: "<svg").dropFirst().map { "<svg" + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
    #expect(svgs.count == 3)
    for svg in svgs {
      let parsed = try ReportTests.parse(svg)
      #expect(parsed.elements.filter { $0.name == "polyline" }.compactMap { $0.attributes["data-name"] } == arms.map(\.name))
      #expect(parsed.texts.contains("step"))
    }
    #expect(html.contains("regula reproduce grokking --modulus 7"))
  }
}

extension CommandLineTests {
  @Test func reproductionWritesReportAndResumes() throws {
    let dir = try Self.temporaryDirectory()
    let arguments = ["reproduce", "grokking", "--modulus", "7", "--steps", "4", "--evaluation-interval", "2", "--output", dir.path, "--quiet"]
    let missing = try Self.run(arguments + ["--resume"])
    #expect(missing.status == 1 && missing.stderr.contains("checkpoint.json"))
    let first = try Self.run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("step to 95% test acc") && first.stdout.contains("⊥Grad"))
    let csv = try String(contentsOf: dir.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n")
    #expect(csv.first == "arm,step,collapse_fraction,seconds,test_accuracy,train_accuracy,train_loss")
    #expect(csv.count == 1 + 4 * 3)
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.html").path))
    let other = try Self.run(["reproduce", "grokking", "--modulus", "11", "--steps", "4", "--output", dir.path, "--resume"])
    #expect(other.status == 1 && other.stderr.contains("written by another configuration"))
  }
}

/// The classification reproductions' pieces: data, pruning, memorization, results.
struct ClassifierReproductionTests {
  @Test func noisyLabelsFlipTheRequestedShareOfTrainingLabelsOnly() {
    let reproduction = NoisyLabelsReproduction(noiseRate: 0.4, epochs: 1, seed: 2)
    let (noisy, flipped) = reproduction.data()
    let clean = ClassificationData.digits(seed: 2)
    #expect(noisy.test.labels == clean.test.labels)
    #expect(zip(zip(noisy.train.labels, clean.train.labels), flipped).allSatisfy { ($0.0 != $0.1) == $1 })
    let share = Double(flipped.filter { $0 }.count) / Double(flipped.count)
    #expect(abs(share - 0.4) < 0.05)
    #expect(reproduction.arms().map(\.name) == ["CE", "ELR", "PS-KD"])
  }

  @Test func pruningZeroesTheSmallestWeightsGloballyAndKeepsBiases() {
    let p = ParameterSet([
      ("a.weight", Tensor<Float>(shape: [2, 2], scalars: [0.1, -4, 0.3, 2])),
      ("a.bias", Tensor<Float>([0.01, 0.02])),
      ("b.weight", Tensor<Float>([-0.2, 5, 0.05, 1])),
    ])
    let half = SparsityReproduction.pruned(p, sparsity: 0.5)
    // Magnitudes sorted: 0.05, 0.1, 0.2, 0.3 | 1, 2, 4, 5 — the four smallest go, across tensors.
    #expect(half["a.weight"].scalars == [0, -4, 0, 2])
    #expect(half["b.weight"].scalars == [0, 5, 0, 1])
    #expect(half["a.bias"] == p["a.bias"])
    #expect(SparsityReproduction.pruned(p, sparsity: 0) == p)
    let all = SparsityReproduction.pruned(p, sparsity: 1)
    #expect(all["a.weight"].scalars.allSatisfy { $0 == 0 } && all["b.weight"].scalars.allSatisfy { $0 == 0 })
  }

  @Test func resultsAccumulateTimeAndKeepPenalties() {
    let metrics = [
      EpochMetrics(epoch: 1, trainLoss: 2, trainAccuracy: 0.5, testLoss: 2.5, testAccuracy: 0.4, examplesPerSecond: 10, seconds: 1.5,
                   penalties: [.init(name: "l1", value: 0.3)]),
      EpochMetrics(epoch: 2, trainLoss: 1, trainAccuracy: 0.7, testLoss: 1.5, testAccuracy: 0.6, examplesPerSecond: 10, seconds: 2,
                   penalties: [.init(name: "l1", value: 0.2)]),
    ]
    let result = ClassifierArmResult(name: "x", metrics: metrics, parameters: ParameterSet<Float>())
    #expect(result.history.steps == [1, 2])
    #expect(result.history.metrics["seconds"] == [1.5, 3.5])
    #expect(result.history.metrics["penalty_l1"] == [0.3, 0.2])
    #expect(result.history.last("test_accuracy") == 0.6)
  }
}

extension CommandLineTests {
  @Test func classifierReproductionResumesFinishedArmsWithoutRetraining() throws {
    let dir = try Self.temporaryDirectory()
    let arguments = ["reproduce", "noisy-labels", "--epochs", "1", "--output", dir.path, "--quiet"]
    let first = try Self.run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("ELR") && first.stdout.contains("flipped labels memorized"))
    for i in 1...3 { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("checkpoint-\(i).json").path)) }
    let resumed = try Self.run(arguments + ["--resume"])
    #expect(resumed.status == 0)
    #expect(resumed.stdout == first.stdout, "finished arms are read back, not retrained")
  }
}

extension CommandLineTests {
  /// The metrics of a reproduction without the timing column, row by row.
  static func metricsWithoutTime(in directory: URL) throws -> [String] {
    let rows = try String(contentsOf: directory.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n")
    let header = rows[0].split(separator: ",", omittingEmptySubsequences: false)
    let seconds = try #require(header.firstIndex(of: "seconds"))
    return rows.map { row in
      var fields = row.split(separator: ",", omittingEmptySubsequences: false)
      fields.remove(at: seconds)
      return fields.joined(separator: ",")
    }
  }

  @Test func interruptedReproductionResumesToTheUninterruptedRun() throws {
    let options = ["reproduce", "grokking", "--modulus", "11", "--steps", "40", "--evaluation-interval", "2", "--quiet"]
    let straight = try Self.temporaryDirectory(), interrupted = try Self.temporaryDirectory()
    let full = try Self.run(options + ["--output", straight.path])
    #expect(full.status == 0, "\(full.stderr)")

    let running = try Self.start(options + ["--output", interrupted.path])
    let checkpoint = interrupted.appendingPathComponent("checkpoint.json")
    let deadline = Date().addingTimeInterval(120)
    while !FileManager.default.fileExists(atPath: checkpoint.path), Date() < deadline { usleep(2_000) }
    kill(running.0.processIdentifier, SIGINT)
    let stopped = Self.finish(running)
    #expect(stopped.status == 130, "\(stopped.stderr)")
    #expect(stopped.stderr.contains("--resume"))

    let resumed = try Self.run(options + ["--output", interrupted.path, "--resume"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(try Self.metricsWithoutTime(in: interrupted) == Self.metricsWithoutTime(in: straight))
    #expect(resumed.stdout.contains("⊥Grad"))
  }
}

/// Every reproduction's report: each chart parses as SVG and has its axes, axis labels and
/// one named series per arm; the page loads nothing from elsewhere.
struct ReproductionReportTests {
  static func expectCharts(_ html: String, series: [String], minimumCharts: Int) throws {
    for external in ["<script", "src=", "href=", "@import", "url("] { #expect(!html.contains(external), "\(external)") }
    let svgs = html.components(separatedBy: "<svg").dropFirst().map { "<svg" + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
    #expect(svgs.count >= minimumCharts)
    for svg in svgs {
      let parsed = try ReportTests.parse(svg)
      let groups = parsed.elements.compactMap { $0.attributes["class"] }
      #expect(groups.contains("x-axis") && groups.contains("y-axis"))
      #expect(parsed.elements.filter { $0.attributes["class"] == "axis-label" }.count == 2)
      let names = parsed.elements.filter { $0.name == "polyline" }.compactMap { $0.attributes["data-name"] }
      #expect(Set(names).isSubset(of: Set(series)) && !names.isEmpty)
    }
  }

  /// Untrained results (the initial parameters, two epochs of made-up metrics): the
  /// reports' structure does not depend on training.
  static func untrained(_ arms: [ClassifierArm]) -> [ClassifierArmResult] {
    arms.enumerated().map { k, arm in
      let metrics = (1...2).map { e in
        EpochMetrics(epoch: e, trainLoss: 2.0 / Double(e + k), trainAccuracy: 0.5, testLoss: 2, testAccuracy: 0.4 + 0.1 * Double(e),
                     examplesPerSecond: 1, seconds: 1)
      }
      return ClassifierArmResult(name: arm.name, metrics: metrics, parameters: arm.trainer.model.initialParameters(seed: UInt64(k)))
    }
  }

  @Test func classificationReportsHaveEveryArm() throws {
    let noisy = NoisyLabelsReproduction(epochs: 2, seed: 1)
    let (noisyData, flipped) = noisy.data()
    let noisyArms = noisy.arms()
    let noisyResults = Self.untrained(noisyArms)
    let memorized = zip(noisyResults, noisyArms).map { noisy.memorization($0, arm: $1, data: noisyData, flipped: flipped) }
    #expect(memorized.allSatisfy { (0...1).contains($0) })
    let noisyTable = noisy.table(noisyResults, memorization: memorized)
    try Self.expectCharts(noisy.report(noisyResults, table: noisyTable, command: "c").html(), series: noisyArms.map(\.name), minimumCharts: 2)

    let data = ClassificationData.digits(seed: 1)
    let sparsity = SparsityReproduction(epochs: 3, seed: 1)
    let sparsityArms = sparsity.arms(trainingExamples: data.train.labels.count)
    let sparsityResults = Self.untrained(sparsityArms)
    let accuracies = sparsity.accuracies(sparsityResults, data: data)
    #expect(accuracies.allSatisfy { $0.count == sparsity.levels.count })
    let sparsityTable = sparsity.table(sparsityResults, accuracies: accuracies)
    try Self.expectCharts(
      sparsity.report(sparsityResults, accuracies: accuracies, table: sparsityTable, command: "c").html(),
      series: sparsityArms.map(\.name), minimumCharts: 2)

    let sharpness = SharpnessReproduction(epochs: 2, seed: 1)
    let sharpnessResults = Self.untrained(sharpness.arms())
    let sharpnessTable = sharpness.table(sharpnessResults, sharpness: [1, 2, 3])
    try Self.expectCharts(
      sharpness.report(sharpnessResults, table: sharpnessTable, command: "c").html(), series: ["SGD", "SAM", "GAM"], minimumCharts: 2)
  }

  @Test func optimizerComparisonReportHasEveryOptimizer() throws {
    let comparison = OptimizerComparison(steps: 4, evaluationInterval: 2, seed: 1)
    guard case .completed(let histories) = try runReproduction(try comparison.arms(), configuration: comparison.configuration) else {
      Issue.record("not completed"); return
    }
    #expect(histories.count == 2 * OptimizerComparison.optimizers.count)
    try Self.expectCharts(comparison.report(histories, command: "c").html(), series: OptimizerComparison.optimizers.map(\.name), minimumCharts: 5)
  }
}

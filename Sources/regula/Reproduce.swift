import ArgumentParser
import Foundation
import Regula

/// `regula reproduce NAME`: seed-paper claims rerun on a laptop, with a report.
struct Reproduce: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Rerun a seed paper's claim and write an HTML report.",
    discussion: """
      Each reproduction trains its arms one after the other, prints a summary table, and writes \
      <output>/metrics.csv (one row per arm and evaluation), <output>/report.html (self-contained: \
      curves, the table, the command) and <output>/checkpoint.json. After an interruption, the same \
      command with --resume continues from the last checkpoint.
      """,
    subcommands: [GrokkingCommand.self, NoisyLabelsCommand.self, OptimizersCommand.self, SharpnessCommand.self, SparsityCommand.self])
}

/// The options every reproduction takes.
struct ReproductionOptions: ParsableArguments {
  @Option(help: "Seed of every random choice (split, initialization).")
  var seed: UInt64 = 0

  @Option(help: "Directory for metrics.csv, report.html and checkpoint.json. Default: reproductions/<name>.")
  var output: String?

  @Flag(help: "Continue from <output>/checkpoint.json instead of starting over.")
  var resume = false

  @Flag(help: "No progress display.")
  var quiet = false

  func directory(_ name: String) -> URL { URL(fileURLWithPath: output ?? "reproductions/\(name)", isDirectory: true) }

  func createDirectory(_ directory: URL) throws {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw DataError.unwritable(path: directory.path, reason: "cannot create the directory: \(error.localizedDescription)")
    }
  }

  /// Runs `arms`, saving and resuming through `<output>/checkpoint.json`, and writes the
  /// metrics, the report and the table. Exits with 130 after SIGINT (checkpoint kept).
  func run<Scalar: TensorScalar>(
    name: String, configuration: String, arms: [ReproductionArm<Scalar>],
    table: ([ArmHistory]) -> (header: [String], rows: [[String]]),
    report: ([ArmHistory], String) -> HTMLReport
  ) throws {
    let directory = directory(name)
    let checkpointURL = directory.appendingPathComponent("checkpoint.json")
    var start: ReproductionCheckpoint<Scalar>?
    if resume {
      start = try loadCheckpoint(ReproductionCheckpoint<Scalar>.self, at: checkpointURL, for: configuration) { $0.configuration }
    }
    try createDirectory(directory)
    var progress = ProgressDisplay(quiet: quiet)
    Interrupt.install()
    let outcome = try runReproduction(
      arms, configuration: configuration, from: start,
      save: { checkpoint in
        try writeAtomically(JSONEncoder().encode(checkpoint), to: checkpointURL)
        try writeMetrics(checkpoint.finished + (checkpoint.current.map { [$0.history] } ?? []), in: directory)
      },
      observe: { event in
        switch event {
        case .armStarted(let arm, let index, let count, let step):
          progress.log("arm \(index + 1)/\(count): \(arm)" + (step > 0 ? ", resuming at step \(step)" : ""))
        case .evaluated(let arm, let step, let steps, let metrics):
          let shown = metrics.filter { $0.key != "seconds" }.sorted { $0.key < $1.key }
            .map { String(format: "%@ %.4f", $0.key, $0.value) }.joined(separator: "  ")
          progress.update("\(arm) \(ProgressDisplay.bar(Double(step) / Double(steps))) step \(step)/\(steps)  \(shown)")
        }
      },
      shouldStop: { Interrupt.requested })
    switch outcome {
    case .interrupted(let arm, let step):
      progress.notice("interrupted: \(checkpointURL.path) holds \(arm) at step \(step); continue with --resume")
      throw ExitCode(130)
    case .completed(let histories):
      try finish(report(histories, commandLine), table: table(histories), in: directory, progress: &progress)
    }
  }

  /// Trains classifier arms in turn, each checkpointed to `<output>/checkpoint-<i>.json`
  /// after every epoch; with --resume, finished arms are read back and the current one
  /// continues. Exits with 130 after SIGINT (checkpoints kept).
  func train(name: String, arms: [ClassifierArm], data: ClassificationData) throws -> [ClassifierArmResult] {
    let directory = directory(name)
    try createDirectory(directory)
    var progress = ProgressDisplay(quiet: quiet)
    Interrupt.install()
    var results: [ClassifierArmResult] = []
    for (index, arm) in arms.enumerated() {
      let checkpointURL = directory.appendingPathComponent("checkpoint-\(index + 1).json")
      var start: ClassifierArm.Trainer.Checkpoint?
      if resume, FileManager.default.fileExists(atPath: checkpointURL.path) {
        start = try loadCheckpoint(ClassifierArm.Trainer.Checkpoint.self, at: checkpointURL, for: arm.trainer.configuration) { $0.configuration }
      }
      progress.log("arm \(index + 1)/\(arms.count): \(arm.name)" + (start.map { ", resuming after epoch \($0.epochsCompleted)" } ?? ""))
      let outcome = try arm.trainer.run(
        train: data.train, test: data.test, from: start,
        save: { checkpoint in
          try writeAtomically(JSONEncoder().encode(checkpoint), to: checkpointURL)
          let current = ClassifierArmResult(name: arm.name, metrics: checkpoint.history, parameters: checkpoint.parameters)
          try writeMetrics((results + [current]).map(\.history), in: directory)
        },
        observe: { event in
          if case .epochEnded(let m) = event {
            progress.update(String(format: "%@ %@ epoch %d/%d  train acc %.4f  test acc %.4f", arm.name,
              ProgressDisplay.bar(Double(m.epoch) / Double(arm.trainer.epochs)), m.epoch, arm.trainer.epochs, m.trainAccuracy, m.testAccuracy))
          }
        },
        shouldStop: { Interrupt.requested })
      switch outcome {
      case .interrupted(let epoch, let completed):
        progress.notice("interrupted during epoch \(epoch) of \(arm.name); \(checkpointURL.path) holds epoch \(completed); continue with --resume")
        throw ExitCode(130)
      case .completed(let parameters, let history):
        results.append(ClassifierArmResult(name: arm.name, metrics: history, parameters: parameters))
      }
    }
    return results
  }

  /// Trains classifier arms (see `train`), then writes the report and prints the table that
  /// `summarize` makes of the results.
  func reproduce(
    name: String, arms: [ClassifierArm], data: ClassificationData,
    summarize: ([ClassifierArmResult]) -> (table: (header: [String], rows: [[String]]), report: HTMLReport)
  ) throws {
    let summary = summarize(try train(name: name, arms: arms, data: data))
    var progress = ProgressDisplay(quiet: quiet)
    try finish(summary.report, table: summary.table, in: directory(name), progress: &progress)
  }

  /// Writes `<output>/report.html` and prints the table.
  func finish(_ report: HTMLReport, table: (header: [String], rows: [[String]]), in directory: URL, progress: inout ProgressDisplay) throws {
    let reportURL = directory.appendingPathComponent("report.html")
    try writeAtomically(Data(report.html().utf8), to: reportURL)
    print(textTable(header: table.header, rows: table.rows))
    progress.log("report: \(reportURL.path)")
  }

  /// Writes `<output>/metrics.csv`.
  func writeMetrics(_ histories: [ArmHistory], in directory: URL) throws {
    try writeAtomically(Data(metricsCSV(histories).utf8), to: directory.appendingPathComponent("metrics.csv"))
  }

  /// The command as typed, for the report.
  var commandLine: String { (["regula"] + CommandLine.arguments.dropFirst()).joined(separator: " ") }

  /// One row per arm and evaluation step: arm, step, then the metrics in name order.
  func metricsCSV(_ histories: [ArmHistory]) -> String {
    let names = Set(histories.flatMap { $0.metrics.keys }).sorted()
    var out = (["arm", "step"] + names).joined(separator: ",") + "\n"
    for h in histories {
      for (i, step) in h.steps.enumerated() {
        let name = "\"" + h.name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        out += ([name, String(step)] + names.map { h.metrics[$0].map { String($0[i]) } ?? "" }).joined(separator: ",") + "\n"
      }
    }
    return out
  }
}

/// Columns padded to their widest cell, two spaces apart.
func textTable(header: [String], rows: [[String]]) -> String {
  let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max()! }
  func line(_ cells: [String]) -> String {
    cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
  }
  return ([line(header)] + rows.map(line)).joined(separator: "\n")
}

/// `regula reproduce grokking`.
struct GrokkingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grokking",
    abstract: "Softmax vs StableMax vs ⊥Grad on modular addition (Grokking at the Edge of Numerical Stability).")

  @OptionGroup var options: ReproductionOptions

  @Option(help: "The modulus p.")
  var modulus: Int = 97

  @Option(help: "The share of the p² pairs used for training, in (0, 1).")
  var trainFraction: Double = 0.4

  @Option(help: "Full-batch steps per arm.")
  var steps: Int = 1500

  @Option(help: "Steps between evaluations.")
  var evaluationInterval: Int = 25

  func validate() throws {
    guard modulus >= 2 else { throw ValidationError("--modulus must be at least 2, got \(modulus).") }
    guard trainFraction > 0, trainFraction < 1 else { throw ValidationError("--train-fraction must be in (0, 1), got \(trainFraction).") }
    guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps).") }
    guard evaluationInterval >= 1 else { throw ValidationError("--evaluation-interval must be at least 1, got \(evaluationInterval).") }
  }

  func run() throws {
    let reproduction = GrokkingReproduction(
      modulus: modulus, trainFraction: trainFraction, steps: steps, evaluationInterval: evaluationInterval, seed: options.seed)
    try options.run(
      name: "grokking", configuration: reproduction.configuration, arms: reproduction.arms(),
      table: reproduction.table, report: reproduction.report)
  }
}

/// `regula reproduce noisy-labels`.
struct NoisyLabelsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "noisy-labels", abstract: "Cross-entropy vs ELR vs PS-KD on the digits with symmetric label noise.")

  @OptionGroup var options: ReproductionOptions

  @Option(help: "The share of training labels flipped, in [0, 0.9).")
  var noiseRate: Double = 0.4

  @Option(help: "Epochs per arm.")
  var epochs: Int = 60

  func validate() throws {
    guard noiseRate >= 0, noiseRate < 0.9 else { throw ValidationError("--noise-rate must be in [0, 0.9), got \(noiseRate).") }
    guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs).") }
  }

  func run() throws {
    let reproduction = NoisyLabelsReproduction(noiseRate: noiseRate, epochs: epochs, seed: options.seed)
    let (data, flipped) = reproduction.data()
    let arms = reproduction.arms()
    try options.reproduce(name: "noisy-labels", arms: arms, data: data) { results in
      let memorized = zip(results, arms).map { reproduction.memorization($0, arm: $1, data: data, flipped: flipped) }
      let table = reproduction.table(results, memorization: memorized)
      return (table, reproduction.report(results, table: table, command: options.commandLine))
    }
  }
}

/// `regula reproduce sharpness`.
struct SharpnessCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sharpness", abstract: "SGD vs SAM vs GAM on the digits, with the Hessian's largest eigenvalue at the end.")

  @OptionGroup var options: ReproductionOptions

  @Option(help: "Epochs per arm.")
  var epochs: Int = 40

  func validate() throws {
    guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs).") }
  }

  func run() throws {
    let reproduction = SharpnessReproduction(epochs: epochs, seed: options.seed)
    let data = ClassificationData.digits(seed: options.seed)
    try options.reproduce(name: "sharpness", arms: reproduction.arms(), data: data) { results in
      let table = reproduction.table(results, sharpness: results.map { reproduction.sharpness(of: $0, data: data) })
      return (table, reproduction.report(results, table: table, command: options.commandLine))
    }
  }
}

/// `regula reproduce sparsity`.
struct SparsityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sparsity", abstract: "HyperSparse vs L1 vs magnitude pruning on the digits, at matched sparsity.")

  @OptionGroup var options: ReproductionOptions

  @Option(help: "Epochs per arm (at least 3).")
  var epochs: Int = 60

  func validate() throws {
    guard epochs >= 3 else { throw ValidationError("--epochs must be at least 3, got \(epochs).") }
  }

  func run() throws {
    let reproduction = SparsityReproduction(epochs: epochs, seed: options.seed)
    let data = ClassificationData.digits(seed: options.seed)
    try options.reproduce(name: "sparsity", arms: reproduction.arms(trainingExamples: data.train.labels.count), data: data) { results in
      let accuracies = reproduction.accuracies(results, data: data)
      let table = reproduction.table(results, accuracies: accuracies)
      return (table, reproduction.report(results, accuracies: accuracies, table: table, command: options.commandLine))
    }
  }
}

/// `regula reproduce optimizers`.
struct OptimizersCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "optimizers",
    abstract: "AdamW, Lion, Muon, Shampoo, SOAP, schedule-free and Cautious AdamW on a digits MLP and an ill-conditioned quadratic.")

  @OptionGroup var options: ReproductionOptions

  @Option(help: "Steps per arm.")
  var steps: Int = 600

  @Option(help: "Steps between evaluations.")
  var evaluationInterval: Int = 20

  func validate() throws {
    guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps).") }
    guard evaluationInterval >= 1 else { throw ValidationError("--evaluation-interval must be at least 1, got \(evaluationInterval).") }
  }

  func run() throws {
    let reproduction = OptimizerComparison(steps: steps, evaluationInterval: evaluationInterval, seed: options.seed)
    try options.run(
      name: "optimizers", configuration: reproduction.configuration, arms: try reproduction.arms(),
      table: reproduction.table, report: reproduction.report)
  }
}

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
    subcommands: [GrokkingCommand.self])
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

  /// Runs `arms`, saving and resuming through `<output>/checkpoint.json`, and writes the
  /// metrics, the report and the table. Exits with 130 after SIGINT (checkpoint kept).
  func run<Scalar: TensorScalar>(
    name: String, configuration: String, arms: [ReproductionArm<Scalar>],
    table: ([ArmHistory]) -> (header: [String], rows: [[String]]),
    report: ([ArmHistory], String) -> HTMLReport
  ) throws {
    let directory = URL(fileURLWithPath: output ?? "reproductions/\(name)", isDirectory: true)
    let checkpointURL = directory.appendingPathComponent("checkpoint.json")
    var start: ReproductionCheckpoint<Scalar>?
    if resume {
      start = try loadCheckpoint(ReproductionCheckpoint<Scalar>.self, at: checkpointURL, for: configuration) { $0.configuration }
    }
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw DataError.unwritable(path: directory.path, reason: "cannot create the directory: \(error.localizedDescription)")
    }
    var progress = ProgressDisplay(quiet: quiet)
    Interrupt.install()
    let outcome = try runReproduction(
      arms, configuration: configuration, from: start,
      save: { checkpoint in
        try writeAtomically(JSONEncoder().encode(checkpoint), to: checkpointURL)
        let histories = checkpoint.finished + (checkpoint.current.map { [$0.history] } ?? [])
        try writeAtomically(Data(metricsCSV(histories).utf8), to: directory.appendingPathComponent("metrics.csv"))
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
      let command = (["regula"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
      let reportURL = directory.appendingPathComponent("report.html")
      try writeAtomically(Data(report(histories, command).html().utf8), to: reportURL)
      let (header, rows) = table(histories)
      print(textTable(header: header, rows: rows))
      progress.log("report: \(reportURL.path)")
    }
  }

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

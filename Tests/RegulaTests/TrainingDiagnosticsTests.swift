import Foundation
import Regula
import Testing

/// Weight diagnostics recorded by the trainer and written by `regula train --diagnostics`.
struct TrainingDiagnosticsTests {
  @Test func eachEpochRecordsTheDiagnosticsOfEveryMatrix() throws {
    var trainer = ClassifierTrainerTests.trainer(epochs: 2)
    trainer.recordsDiagnostics = true
    let outcome = try trainer.run(train: ClassifierTrainerTests.blobs(80, seed: 1), test: ClassifierTrainerTests.blobs(40, seed: 2))
    guard case .completed(let parameters, let history) = outcome else { Issue.record("did not complete"); return }
    let names = history.last!.diagnostics!.map(\.name)
    #expect(names.count == 10 && names.first == "dense1.weight.sigma1" && names.last == "dense2.weight.orthogonality_error")
    #expect(history.allSatisfy { $0.diagnostics?.map(\.name) == names })
    // The last epoch's values are those of the final parameters.
    let values = Dictionary(uniqueKeysWithValues: history.last!.diagnostics!.map { ($0.name, $0.value) })
    for path in ["dense1.weight", "dense2.weight"] {
      let d = WeightDiagnostics(parameters[path])
      #expect(values["\(path).sigma1"] == d.spectralNorm)
      #expect(values["\(path).sigma1_power"] == d.powerIterationEstimate)
      #expect(values["\(path).effective_rank"] == d.effectiveRank)
      #expect(values["\(path).sparsity"] == d.sparsity)
      #expect(values["\(path).orthogonality_error"] == d.orthogonalityError)
    }
    // Without the flag, nothing is recorded.
    let plain = try ClassifierTrainerTests.trainer(epochs: 1).run(train: ClassifierTrainerTests.blobs(40, seed: 1), test: ClassifierTrainerTests.blobs(20, seed: 2))
    if case .completed(_, let h) = plain { #expect(h[0].diagnostics == nil) }
  }
}

extension CommandLineTests {
  @Test func diagnosticsBecomeMetricsColumnsAndSummaryLines() throws {
    let dir = try Self.temporaryDirectory()
    let result = try Self.run(["train", "--epochs", "2", "--hidden", "8", "--diagnostics", "--quiet", "--output", dir.path])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = try String(contentsOf: dir.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n")
    let header = rows[0].split(separator: ",")
    #expect(header.count == 7 + 10 && header[7] == "dense1.weight.sigma1" && header.last == "dense2.weight.orthogonality_error")
    #expect(rows.dropFirst().allSatisfy { $0.split(separator: ",").count == header.count })
    #expect(result.stdout.contains("dense1.weight.effective_rank: "))
    // Resuming without the flag is another configuration.
    let resumed = try Self.run(["train", "--epochs", "3", "--hidden", "8", "--quiet", "--output", dir.path, "--resume"])
    #expect(resumed.status == 1 && resumed.stderr.contains("written by another configuration"))
  }
}

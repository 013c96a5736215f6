/// What one epoch of classifier training measured.
public struct EpochMetrics: Codable, Sendable, Equatable {
  /// 1-based epoch number.
  public var epoch: Int
  /// Mean training cross-entropy over the epoch's minibatches (before each step's update;
  /// penalties are in ``penalties``).
  public var trainLoss: Double
  /// Accuracy on the epoch's minibatches (before each step's update).
  public var trainAccuracy: Double
  /// Loss on the held-out examples after the epoch.
  public var testLoss: Double
  /// Accuracy on the held-out examples after the epoch.
  public var testAccuracy: Double
  /// Training throughput over the epoch.
  public var examplesPerSecond: Double
  /// Wall-clock seconds of the epoch, evaluation included.
  public var seconds: Double
  /// Each penalty term's λ(t)·R(θ) after the epoch, in the trainer's order; nil without
  /// penalties (and in checkpoints written before penalties existed). Names are the terms'
  /// specs, e.g. `l1(1e-05, on=dense1)`.
  public var penalties: [NamedValue]? = nil
  /// Weight diagnostics after the epoch (``ClassifierTrainer/recordsDiagnostics``): for
  /// every matrix parameter, `<path>.sigma1` (exact), `<path>.sigma1_power` (20 power
  /// iterations), `<path>.effective_rank`, `<path>.sparsity` and
  /// `<path>.orthogonality_error`; nil when not recorded.
  public var diagnostics: [NamedValue]? = nil

  /// A named number: one penalty's value, one diagnostic.
  public struct NamedValue: Codable, Sendable, Equatable {
    public var name: String
    public var value: Double
    public init(name: String, value: Double) { (self.name, self.value) = (name, value) }
  }

  /// The CSV header matching `csvRow`.
  public static let csvHeader = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,examples_per_second,seconds"

  /// The CSV header for a run with penalty terms named `penaltyNames` and diagnostics
  /// named `diagnosticNames`: one column per term after the fixed ones
  /// (``penaltyColumns(_:)``), then one per diagnostic.
  public static func csvHeader(penaltyNames: [String], diagnosticNames: [String] = []) -> String {
    ([csvHeader] + penaltyColumns(penaltyNames) + diagnosticNames).joined(separator: ",")
  }

  /// The column (and summary key) of each penalty term: `penalty_<method>`, numbered from
  /// the second term of the same method on (`penalty_l1_2`).
  public static func penaltyColumns(_ penaltyNames: [String]) -> [String] {
    var seen: [String: Int] = [:]
    return penaltyNames.map { name in
      let method = String(name.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
      seen[method, default: 0] += 1
      return "penalty_" + method + (seen[method]! > 1 ? "_\(seen[method]!)" : "")
    }
  }

  /// The metrics as one CSV line (no newline): penalty values, then diagnostics, last.
  public var csvRow: String {
    ([String(epoch), fmt(trainLoss), fmt(trainAccuracy), fmt(testLoss), fmt(testAccuracy), fmt(examplesPerSecond), fmt(seconds)]
      + (penalties ?? []).map { fmt($0.value) } + (diagnostics ?? []).map { fmt($0.value) })
      .joined(separator: ",")
  }

  private func fmt(_ x: Double) -> String { String(x) }
}

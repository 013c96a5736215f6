/// What one epoch of classifier training measured.
public struct EpochMetrics: Codable, Sendable, Equatable {
  /// 1-based epoch number.
  public var epoch: Int
  /// Mean training loss over the epoch's minibatches (before each step's update).
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

  /// The CSV header matching `csvRow`.
  public static let csvHeader = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,examples_per_second,seconds"

  /// The metrics as one CSV line (no newline).
  public var csvRow: String {
    [String(epoch), fmt(trainLoss), fmt(trainAccuracy), fmt(testLoss), fmt(testAccuracy), fmt(examplesPerSecond), fmt(seconds)]
      .joined(separator: ",")
  }

  private func fmt(_ x: Double) -> String { String(x) }
}

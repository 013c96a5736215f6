/// ELLE-A: the adaptive weight of ELLE's linearity term. λ stays off (decaying) while the
/// linearity error is ordinary and jumps to λ_max when it spikes — the sign of impending
/// catastrophic overfitting.
///
/// After each step with linearity error e, given the mean μ and standard deviation σ
/// (population) of all earlier errors:
///
///     λ ← λ_max        if more than two errors were recorded and e > μ + s·σ
///     λ ← d·λ          otherwise
///
/// then e joins the record. The record is kept as running sums (count, Σe, Σe²), so the
/// state is small and `Codable`.
///
/// - Parameters:
///   - maximum: λ_max ≥ 0, also the starting λ. The reference scripts use 4000 (CIFAR-10).
///   - sensitivity: s. Default `2`.
///   - decay: d in [0, 1]. Default `0.99`.
/// - SeeAlso: "Efficient local linearity regularization to overcome catastrophic
///   overfitting", ICLR 2024 (`lambda_schedule='onoff'` in LIONS-EPFL/ELLE).
public struct AdaptiveLinearityWeight: Codable, Sendable, Equatable {
  public var maximum: Double
  public var sensitivity: Double
  public var decay: Double
  /// The current λ.
  public private(set) var lambda: Double
  public private(set) var count = 0
  private var sum = 0.0
  private var sumOfSquares = 0.0

  public init(maximum: Double, sensitivity: Double = 2, decay: Double = 0.99) {
    precondition(maximum >= 0 && maximum.isFinite, "ELLE-A: maximum must be finite and non-negative, got \(maximum)")
    precondition(decay >= 0 && decay <= 1, "ELLE-A: decay must be in [0, 1], got \(decay)")
    (self.maximum, self.sensitivity, self.decay, self.lambda) = (maximum, sensitivity, decay, maximum)
  }

  /// Updates λ after a step whose linearity error was `error`.
  public mutating func record(_ error: Double) {
    if count > 2 {
      let mean = sum / Double(count)
      let std = Swift.max(sumOfSquares / Double(count) - mean * mean, 0).squareRoot()
      lambda = error > mean + sensitivity * std ? maximum : lambda * decay
    } else {
      lambda *= decay
    }
    count += 1
    sum += error
    sumOfSquares += error * error
  }
}

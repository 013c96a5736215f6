import RealModule

extension Schedule {
  /// The increasing weight of Adaptive Regularized Training (ART), by epoch e (0-based,
  /// e = ⌊step/stepsPerEpoch⌋):
  ///
  ///     λ(e) = 0                                  for e < warmup
  ///          = λ_init·η^(e − warmup)              from then on
  ///
  /// ART trains densely during the warmup, then raises the HyperSparse weight every epoch
  /// until the model pruned at rate κ matches the dense one (a stopping rule left to the
  /// caller), then prunes and fine-tunes.
  ///
  /// - Parameters:
  ///   - initialValue: λ_init. Default 5e-4.
  ///   - growth: η > 0. Default 1.05.
  ///   - warmupEpochs: dense epochs before regularization. Default 60.
  ///   - stepsPerEpoch: optimizer steps per epoch, ≥ 1.
  /// - SeeAlso: Glandorf et al., "HyperSparse Neural Networks…", 2023 (see
  ///   ``HyperSparseRegularizer``).
  public static func adaptiveRegularization(
    initialValue: Double = 5e-4, growth: Double = 1.05, warmupEpochs: Int = 60, stepsPerEpoch: Int
  ) -> Schedule {
    precondition(stepsPerEpoch >= 1, "stepsPerEpoch must be at least 1, got \(stepsPerEpoch)")
    precondition(growth > 0, "growth must be positive, got \(growth)")
    return Schedule { step in
      let epoch = Swift.max(step, 0) / stepsPerEpoch
      return epoch < warmupEpochs ? 0 : initialValue * Double.pow(growth, Double(epoch - warmupEpochs))
    }
  }
}

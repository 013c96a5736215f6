/// Everything a classifier-training run needs to continue exactly where it stopped.
///
/// Written at the end of every epoch (atomically, by the caller); `resume` continues from
/// it with the same parameters, optimizer state and random stream, so a resumed run ends
/// with bit-for-bit the parameters of an uninterrupted one.
public struct TrainingCheckpoint<Scalar: TensorScalar, OptimizerState: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
  /// A description of the run's configuration; resuming under another is refused.
  public var configuration: String
  /// The number of epochs finished.
  public var epochsCompleted: Int
  public var parameters: ParameterSet<Scalar>
  public var optimizerState: OptimizerState
  /// The minibatch order, positioned at the start of the next epoch.
  public var batches: MinibatchIterator
  /// The generator that seeds each step's dropout, as of the epoch's end.
  public var random: RandomGenerator
  public var history: [EpochMetrics]
  /// Per-example state of the training wrapper (ELR, PS-KD, ELLE-A); nil when it has none.
  public var wrapperState: TrainingWrapperState<Scalar>? = nil
}

/// Seeded minibatches of example indices, epoch after epoch, that a checkpoint can resume
/// exactly.
///
/// Each epoch visits a fresh random permutation of `0..<count` (Fisher–Yates on a
/// ``RandomGenerator``) in consecutive slices of `batchSize`; the last slice of an epoch is
/// shorter when `batchSize` does not divide `count`, or skipped when `dropsLast` is set. Without
/// shuffling, every epoch is `0, 1, …, count − 1` in order.
///
///     var batches = MinibatchIterator(count: train.count, batchSize: 128, seed: 0)
///     while batches.epoch < 10 {
///       let batch = train.subset(batches.next())
///       …
///     }
///
/// The iterator is `Codable`: its encoded state is the configuration, the epoch, the position in
/// the epoch and the generator state at the start of the epoch (the permutation is rebuilt on
/// decoding), so `JSONEncoder` output saved in a checkpoint resumes the same sequence of
/// batches. Two iterators with the same arguments produce the same batches.
public struct MinibatchIterator: Sendable, Equatable, Codable {
  /// The number of examples.
  public let count: Int
  /// The number of indices in a full batch.
  public let batchSize: Int
  /// Whether a final batch smaller than `batchSize` is skipped.
  public let dropsLast: Bool
  /// Whether each epoch is shuffled.
  public let shuffles: Bool
  /// The epoch of the next batch, from 0.
  public private(set) var epoch: Int
  /// The position of the next batch in the epoch's order, in `0..<count`.
  public private(set) var position: Int
  /// The generator as it was before drawing the current epoch's permutation.
  private var epochGenerator: RandomGenerator
  /// The generator after drawing it; it draws the next epoch's permutation.
  private var generator: RandomGenerator
  /// The current epoch's order of the examples.
  private var order: [Int]

  /// Creates an iterator at the start of epoch 0.
  ///
  /// - Parameters:
  ///   - count: The number of examples, at least 1.
  ///   - batchSize: The batch size, at least 1 (and at most `count` when `dropsLast`).
  ///   - dropsLast: Whether to skip a final incomplete batch. Default `false`.
  ///   - shuffles: Whether to shuffle each epoch. Default `true`.
  ///   - seed: The seed of the shuffles.
  public init(count: Int, batchSize: Int, dropsLast: Bool = false, shuffles: Bool = true, seed: UInt64) {
    precondition(count >= 1, "count must be at least 1, got \(count)")
    precondition(batchSize >= 1, "batchSize must be at least 1, got \(batchSize)")
    precondition(!dropsLast || batchSize <= count, "with dropsLast, batchSize \(batchSize) must not exceed count \(count)")
    self.count = count
    self.batchSize = batchSize
    self.dropsLast = dropsLast
    self.shuffles = shuffles
    self.epoch = 0
    self.position = 0
    self.epochGenerator = RandomGenerator(seed: seed)
    (self.order, self.generator) = Self.order(count: count, shuffles: shuffles, from: epochGenerator)
  }

  /// The number of batches in each epoch: ⌈count / batchSize⌉, or ⌊count / batchSize⌋ with
  /// `dropsLast`.
  public var batchesPerEpoch: Int {
    dropsLast ? count / batchSize : (count + batchSize - 1) / batchSize
  }

  /// The indices of the next batch. After the last batch of an epoch, ``epoch`` advances and
  /// the next epoch's order is drawn.
  public mutating func next() -> [Int] {
    let end = Swift.min(position + batchSize, count)
    let batch = Array(order[position..<end])
    position = end
    if isEpochFinished {
      epoch += 1
      position = 0
      epochGenerator = generator
      (order, generator) = Self.order(count: count, shuffles: shuffles, from: epochGenerator)
    }
    return batch
  }

  /// The remaining batches of the current epoch (all of them at the start of an epoch); on
  /// return, ``epoch`` has advanced by one.
  public mutating func remainingBatchesInEpoch() -> [[Int]] {
    let current = epoch
    var batches = [[Int]]()
    while epoch == current { batches.append(next()) }
    return batches
  }

  /// Whether no further batch fits in the current epoch.
  private var isEpochFinished: Bool {
    position >= count || (dropsLast && position + batchSize > count)
  }

  private static func order(count: Int, shuffles: Bool, from start: RandomGenerator) -> ([Int], RandomGenerator) {
    var rng = start
    return (shuffles ? rng.permutation(count) : Array(0..<count), rng)
  }

  private enum CodingKeys: String, CodingKey {
    case count, batchSize, dropsLast, shuffles, epoch, position, epochGenerator
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    count = try container.decode(Int.self, forKey: .count)
    batchSize = try container.decode(Int.self, forKey: .batchSize)
    dropsLast = try container.decode(Bool.self, forKey: .dropsLast)
    shuffles = try container.decode(Bool.self, forKey: .shuffles)
    epoch = try container.decode(Int.self, forKey: .epoch)
    position = try container.decode(Int.self, forKey: .position)
    epochGenerator = try container.decode(RandomGenerator.self, forKey: .epochGenerator)
    guard count >= 1, batchSize >= 1, !dropsLast || batchSize <= count, epoch >= 0, position >= 0,
      position < count, !dropsLast || position + batchSize <= count
    else {
      throw DecodingError.dataCorruptedError(
        forKey: .position, in: container,
        debugDescription: "inconsistent minibatch state: count \(count), batchSize \(batchSize), position \(position)")
    }
    (order, generator) = Self.order(count: count, shuffles: shuffles, from: epochGenerator)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(count, forKey: .count)
    try container.encode(batchSize, forKey: .batchSize)
    try container.encode(dropsLast, forKey: .dropsLast)
    try container.encode(shuffles, forKey: .shuffles)
    try container.encode(epoch, forKey: .epoch)
    try container.encode(position, forKey: .position)
    try container.encode(epochGenerator, forKey: .epochGenerator)
  }
}

/// A table of examples: a feature matrix with one row per example and, optionally, one target
/// per example.
///
/// Targets are `Double` whatever the feature precision, because they serve both regression
/// (responses) and classification (class labels, read with ``classLabels()``). A data set
/// without targets (features only) has an empty `targets` array.
///
///     let data = try loadDataset(path: "train.csv", as: Float.self)
///     let (train, test) = data.split(testFraction: 0.2, seed: 0)
///     let scaler = Standardization(fitting: train.features)
///     let x = scaler.apply(to: test.features)
///
/// Invariants: `features.rank == 2`; `targets` is empty or has `count` elements;
/// `featureNames`, when present, has `featureCount` elements. Every assignment checks them, so
/// to change the number of examples or features, create a new data set rather than assigning
/// `features` and `targets` one after the other.
public struct Dataset<Scalar: TensorScalar>: Sendable, Equatable {
  /// The features, shape `[count, featureCount]`, one example per row.
  public var features: Tensor<Scalar> {
    didSet { checkInvariants() }
  }
  /// One target per example, or empty for a data set without targets.
  public var targets: [Double] {
    didSet { checkInvariants() }
  }
  /// The name of each feature column, when the source had a header row.
  public var featureNames: [String]? {
    didSet { checkInvariants() }
  }
  /// The name of the target column, when the source had a header row.
  public var targetName: String?

  /// Creates a data set, checking that the shapes agree.
  ///
  /// - Precondition: `features` has rank 2; `targets` is empty or has one element per row;
  ///   `featureNames` is `nil` or has one name per column.
  public init(
    features: Tensor<Scalar>, targets: [Double] = [], featureNames: [String]? = nil,
    targetName: String? = nil
  ) {
    self.features = features
    self.targets = targets
    self.featureNames = featureNames
    self.targetName = targetName
    checkInvariants()
  }

  private func checkInvariants() {
    precondition(features.rank == 2, "features must have shape [count, featureCount], got \(features.shape)")
    precondition(
      targets.isEmpty || targets.count == features.shape[0],
      "\(targets.count) targets for \(features.shape[0]) examples")
    precondition(
      featureNames == nil || featureNames!.count == features.shape[1],
      "\(featureNames?.count ?? 0) feature names for \(features.shape[1]) feature columns")
  }

  /// The number of examples (rows).
  public var count: Int { features.shape[0] }
  /// The number of features (columns of `features`).
  public var featureCount: Int { features.shape[1] }
  /// Whether every example has a target (true for an empty data set).
  public var hasTargets: Bool { !targets.isEmpty || count == 0 }

  /// The targets as class labels `0, 1, 2, …`.
  ///
  /// - Returns: `targets` converted to `Int`, unchanged in value.
  /// - Throws: ``DataError/notClassLabel(row:value:)`` for the first target that is not a
  ///   non-negative integer (`0.5`, `-1`, NaN). For labels such as ±1 use
  ///   ``encodedClassLabels()``.
  /// - Precondition: the data set has targets.
  public func classLabels() throws(DataError) -> [Int] {
    precondition(hasTargets, "the data set has no targets")
    var labels = [Int]()
    labels.reserveCapacity(targets.count)
    for (row, value) in targets.enumerated() {
      guard value >= 0, value <= 0x1p52, value == value.rounded(.towardZero) else {
        throw .notClassLabel(row: row, value: value)
      }
      labels.append(Int(value))
    }
    return labels
  }

  /// The targets mapped to class indices `0..<k` in increasing order of value, as
  /// scikit-learn's `LabelEncoder` does: targets `[-1, 1, 1, -1]` give labels `[0, 1, 1, 0]`
  /// and classes `[-1, 1]`.
  ///
  /// - Returns: the label of each example and the distinct target values, sorted;
  ///   `classes[labels[i]] == targets[i]`.
  /// - Complexity: O(*n* log *k*).
  /// - Precondition: the data set has targets, and none is NaN.
  public func encodedClassLabels() -> (labels: [Int], classes: [Double]) {
    precondition(hasTargets, "the data set has no targets")
    precondition(!targets.contains { $0.isNaN }, "NaN target")
    let classes = Array(Set(targets)).sorted()
    var index = [Double: Int]()
    for (i, value) in classes.enumerated() { index[value] = i }
    return (targets.map { index[$0]! }, classes)
  }

  /// The examples at `indices`, in that order (indices may repeat, as in a bootstrap sample).
  ///
  /// - Precondition: every index is in `0..<count`.
  public func subset(_ indices: [Int]) -> Dataset {
    let d = featureCount
    let source = features.scalars
    let rows = Tensor<Scalar>(shape: [indices.count, d]) { buffer in
      for (k, i) in indices.enumerated() {
        precondition(i >= 0 && i < count, "index \(i) out of range for \(count) examples")
        for j in 0..<d { buffer[k * d + j] = source[i * d + j] }
      }
    }
    return Dataset(
      features: rows, targets: targets.isEmpty ? [] : indices.map { targets[$0] },
      featureNames: featureNames, targetName: targetName)
  }

  /// Splits the examples at random into a training and a test set.
  ///
  /// The examples are permuted by a Fisher–Yates shuffle driven by `RandomGenerator(seed:)`;
  /// the first ⌈`testFraction` · `count`⌉ of the permutation form the test set (as in
  /// scikit-learn's `train_test_split`) and the rest the training set, both in shuffled
  /// order. The same seed always gives the same split.
  ///
  /// - Parameters:
  ///   - testFraction: The share of examples in the test set, in [0, 1]. Default `0.2`.
  ///   - seed: The seed of the shuffle.
  public func split(testFraction: Double = 0.2, seed: UInt64) -> (train: Dataset, test: Dataset) {
    precondition(testFraction >= 0 && testFraction <= 1, "testFraction must be in [0, 1], got \(testFraction)")
    var rng = RandomGenerator(seed: seed)
    let order = rng.permutation(count)
    let testCount = Swift.min(count, Int((testFraction * Double(count)).rounded(.up)))
    return (subset(Array(order[testCount...])), subset(Array(order[..<testCount])))
  }

  /// The data set with its features standardized by `standardization` (fitted beforehand,
  /// usually on the training set); targets and names are unchanged.
  public func standardized(using standardization: Standardization<Scalar>) -> Dataset {
    var copy = self
    copy.features = standardization.apply(to: features)
    return copy
  }
}

extension Dataset {
  /// A data set with the given sparse features made dense.
  public init(_ sparse: SparseDataset<Scalar>) {
    self.init(features: sparse.features.densified(), targets: sparse.targets)
  }
}

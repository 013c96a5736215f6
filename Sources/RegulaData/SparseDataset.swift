/// A data set whose features are a sparse matrix, as LIBSVM files hold them.
///
/// Convert to a dense ``Dataset`` with `Dataset(sparse)` when the feature count is modest;
/// keep the sparse form for wide data (text, one-hot encodings), where solvers can work on
/// ``SparseMatrix`` directly.
public struct SparseDataset<Scalar: TensorScalar>: Sendable, Equatable {
  /// The features, one row per example.
  public var features: SparseMatrix<Scalar> {
    didSet { checkInvariants() }
  }
  /// One target per example, or empty for a data set without targets.
  public var targets: [Double] {
    didSet { checkInvariants() }
  }

  /// Creates a sparse data set.
  ///
  /// - Precondition: `targets` is empty or has one element per row of `features`.
  public init(features: SparseMatrix<Scalar>, targets: [Double]) {
    self.features = features
    self.targets = targets
    checkInvariants()
  }

  /// Creates the sparse form of a dense data set (its nonzero features).
  public init(_ dense: Dataset<Scalar>) {
    self.init(features: SparseMatrix(dense.features), targets: dense.targets)
  }

  private func checkInvariants() {
    precondition(
      targets.isEmpty || targets.count == features.rowCount,
      "\(targets.count) targets for \(features.rowCount) examples")
  }

  /// The number of examples (rows).
  public var count: Int { features.rowCount }
  /// The number of features (columns).
  public var featureCount: Int { features.columnCount }
}

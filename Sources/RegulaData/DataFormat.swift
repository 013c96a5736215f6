import Foundation

/// A data file format Regula reads and writes.
public enum DataFormat: String, Sendable, Hashable, CaseIterable, Codable {
  /// Comma-separated values with an optional header row; see ``CSVReader``.
  case csv
  /// LIBSVM / SVMlight sparse text; see ``LIBSVMReader``.
  case libsvm
  /// A NumPy `.npy` array; see ``NPYReader``.
  case npy

  /// The format named by the extension of `path`: `.csv`; `.libsvm`, `.svm` or `.svmlight`;
  /// `.npy` (in any letter case).
  ///
  /// - Throws: ``DataError/unknownFormat(path:extension:)`` for any other extension.
  public init(path: String) throws(DataError) {
    let pathExtension = URL(fileURLWithPath: path).pathExtension
    switch pathExtension.lowercased() {
    case "csv": self = .csv
    case "libsvm", "svm", "svmlight": self = .libsvm
    case "npy": self = .npy
    default: throw .unknownFormat(path: path, extension: pathExtension)
    }
  }
}

/// `format`, or the format named by the extension of `path` when `format` is `nil`.
private func resolvedFormat(_ format: DataFormat?, path: String) throws(DataError) -> DataFormat {
  if let format { return format }
  return try DataFormat(path: path)
}

/// Loads a data set from a file, as the command line's `--data`, `--format` and `--target`
/// do.
///
/// - CSV: see ``CSVReader``; the header row is detected, and `target` picks the target column.
/// - LIBSVM: see ``LIBSVMReader``; the label is the target. `target` must be ``TargetColumn/last``
///   (the label) or ``TargetColumn/absent`` (drop the labels).
/// - NPY: see ``NPYReader``; the array must be two-dimensional, a table like a CSV file
///   without a header row, whose column `target` (by default the last) holds the targets.
///
/// - Parameters:
///   - path: The file to read.
///   - format: The format, or `nil` (the default) to take it from the extension.
///   - target: The target column. Default ``TargetColumn/last``.
/// - Throws: ``DataError`` naming the file, and line and column where they apply.
public func loadDataset<Scalar: TensorScalar>(
  path: String, format: DataFormat? = nil, target: TargetColumn = .last, as _: Scalar.Type = Scalar.self
) throws(DataError) -> Dataset<Scalar> {
  switch try resolvedFormat(format, path: path) {
  case .csv:
    return try CSVReader(target: target).read(from: path)
  case .libsvm:
    var dataset: Dataset<Scalar> = try LIBSVMReader().read(from: path)
    switch target {
    case .last: break
    case .absent: dataset.targets = []
    case .index, .name:
      throw .missingTarget(path: path, target: target, columnCount: 1, columnNames: ["label"])
    }
    return dataset
  case .npy:
    let array: Tensor<Scalar> = try NPYReader().read(from: path)
    return try table(from: array, target: target, path: path)
  }
}

/// Splits a two-dimensional array into features and a target column.
private func table<Scalar: TensorScalar>(
  from array: Tensor<Scalar>, target: TargetColumn, path: String
) throws(DataError) -> Dataset<Scalar> {
  guard array.rank == 2 else {
    throw .npyFormat(
      path: path,
      message: "a data set must be a two-dimensional array (examples × columns), found shape \(shapeText(array.shape))")
  }
  let (n, columns) = (array.shape[0], array.shape[1])
  guard n > 0 else { throw .emptyData(path: path) }
  let targetIndex: Int?
  switch target {
  case .absent: targetIndex = nil
  case .last where columns > 0: targetIndex = columns - 1
  case .index(let index) where index >= 0 && index < columns: targetIndex = index
  default: throw .missingTarget(path: path, target: target, columnCount: columns, columnNames: nil)
  }
  guard let targetIndex else { return Dataset(features: array) }
  let d = columns - 1
  var features = [Scalar]()
  features.reserveCapacity(n * d)
  var targets = [Double]()
  targets.reserveCapacity(n)
  for i in 0..<n {
    for j in 0..<columns {
      let value = array.scalars[i * columns + j]
      if j == targetIndex { targets.append(Double(value)) } else { features.append(value) }
    }
  }
  return Dataset(features: Tensor(shape: [n, d], scalars: features), targets: targets)
}

/// Saves a data set in a format ``loadDataset(path:format:target:as:)`` reads back with its
/// default target (the last column, or the LIBSVM label).
///
/// - CSV: ``CSVWriter`` with a header row.
/// - LIBSVM: ``LIBSVMWriter``; the data set needs targets, and trailing all-zero feature
///   columns are not recorded.
/// - NPY: one `[count, featureCount + 1]` array of the scalar type with the targets as its
///   last column (`[count, featureCount]` without targets); names are not kept, and targets
///   are rounded to the scalar type.
///
/// The file is written atomically.
public func saveDataset<Scalar: TensorScalar>(
  _ dataset: Dataset<Scalar>, path: String, format: DataFormat? = nil
) throws(DataError) {
  switch try resolvedFormat(format, path: path) {
  case .csv:
    try CSVWriter().write(dataset, to: path)
  case .libsvm:
    try LIBSVMWriter().write(dataset, to: path)
  case .npy:
    guard !dataset.targets.isEmpty else {
      try NPYWriter().write(dataset.features, to: path)
      return
    }
    let (n, d) = (dataset.count, dataset.featureCount)
    var scalars = [Scalar]()
    scalars.reserveCapacity(n * (d + 1))
    for i in 0..<n {
      scalars += dataset.features.scalars[(i * d)..<((i + 1) * d)]
      scalars.append(Scalar(dataset.targets[i]))
    }
    try NPYWriter().write(Tensor(shape: [n, d + 1], scalars: scalars), to: path)
  }
}

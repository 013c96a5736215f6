import Foundation

/// Writes data sets in the LIBSVM / SVMlight sparse text format, which ``LIBSVMReader`` reads
/// back exactly.
///
/// One line per example: the target, then `index:value` for each stored (sparse) or nonzero
/// (dense) feature, with 1-based increasing indices. Numbers are written in their shortest
/// round-trip form, integers without a fractional part (`+1` is written `1`). The format does
/// not record the number of features: pass `featureCount` to the reader when the last columns
/// may be all zero. The file is written atomically.
public struct LIBSVMWriter: Sendable {
  /// Creates a writer.
  public init() {}

  /// Writes a dense data set, keeping only its nonzero features.
  ///
  /// - Throws: ``DataError/unwritable(path:reason:)`` when the data set has no targets, a
  ///   value is NaN or infinite, or the file cannot be written.
  public func write<Scalar: TensorScalar>(_ dataset: Dataset<Scalar>, to path: String) throws(DataError) {
    try write(SparseDataset(dataset), to: path)
  }

  /// Writes a sparse data set, every stored entry included.
  public func write<Scalar: TensorScalar>(_ dataset: SparseDataset<Scalar>, to path: String) throws(DataError) {
    try writeAtomically(encode(dataset, path: path), to: URL(fileURLWithPath: path))
  }

  func encode<Scalar: TensorScalar>(_ dataset: SparseDataset<Scalar>, path: String) throws(DataError) -> Data {
    guard dataset.count == 0 || !dataset.targets.isEmpty else {
      throw .unwritable(path: path, reason: "LIBSVM files need a target (label) for every example")
    }
    let matrix = dataset.features
    var text = ""
    for i in 0..<dataset.count {
      let target = dataset.targets[i]
      guard target.isFinite else {
        throw .unwritable(path: path, reason: "the target of row \(i) is \(target); LIBSVM files hold finite numbers only")
      }
      text += formatNumber(target)
      for k in matrix.rowOffsets[i]..<matrix.rowOffsets[i + 1] {
        let value = matrix.values[k]
        guard value.isFinite else {
          throw .unwritable(
            path: path,
            reason: "feature \(matrix.columnIndices[k]) of row \(i) is \(value); LIBSVM files hold finite numbers only")
        }
        text += " \(matrix.columnIndices[k] + 1):" + formatNumber(value)
      }
      text += "\n"
    }
    return Data(text.utf8)
  }
}

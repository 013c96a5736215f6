import Foundation

/// Writes a ``Dataset`` as comma-separated values that ``CSVReader`` reads back exactly.
///
/// The features come first, in order, and the target (if any) is the last column, so the
/// reader's default target matches. The optional header row holds the data set's names, or
/// `x1, x2, …` and `target` when it has none; names are quoted (RFC 4180) when they contain
/// the delimiter, a quote, a line break or surrounding spaces. Numbers are written in their
/// shortest round-trip form (`0.1`, `1e-05`), and integer values without a fractional part
/// (`3`, not `3.0`). Lines end with LF. The file is written atomically.
///
///     try CSVWriter().write(dataset, to: "out.csv")
public struct CSVWriter: Sendable {
  /// The field separator, an ASCII character other than `"`, CR or LF. Default `,`.
  public var delimiter: Character
  /// Whether to write a header row. Default `true`.
  ///
  /// With ``CSVReader/HeaderRow/automatic`` the reader recognizes a header only if some name
  /// is not a number; read a file whose names all look like numbers with
  /// ``CSVReader/HeaderRow/present``.
  public var writesHeader: Bool

  /// Creates a writer.
  public init(delimiter: Character = ",", writesHeader: Bool = true) {
    precondition(
      delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r" && delimiter != "\r\n",
      "the delimiter must be an ASCII character other than a quote or a line break")
    self.delimiter = delimiter
    self.writesHeader = writesHeader
  }

  /// Writes `dataset` to `path`, replacing any file there.
  ///
  /// - Throws: ``DataError/unwritable(path:reason:)`` if a value is NaN or infinite (which
  ///   ``CSVReader`` rejects) or the file cannot be written.
  public func write<Scalar: TensorScalar>(_ dataset: Dataset<Scalar>, to path: String) throws(DataError) {
    try writeAtomically(encode(dataset, path: path), to: URL(fileURLWithPath: path))
  }

  /// The CSV text of `dataset`; `path` is used in error messages.
  func encode<Scalar: TensorScalar>(_ dataset: Dataset<Scalar>, path: String) throws(DataError) -> Data {
    let separator = String(delimiter)
    var text = ""
    if writesHeader {
      var names = dataset.featureNames ?? (0..<dataset.featureCount).map { "x\($0 + 1)" }
      if !dataset.targets.isEmpty {
        names.append(dataset.targetName ?? "target")
      }
      text += names.map(quotedIfNeeded).joined(separator: separator) + "\n"
    }
    let d = dataset.featureCount
    let x = dataset.features.scalars
    for i in 0..<dataset.count {
      for j in 0..<d {
        let value = x[i * d + j]
        guard value.isFinite else {
          throw .unwritable(
            path: path, reason: "feature \(j) of row \(i) is \(value); CSV files hold finite numbers only")
        }
        if j > 0 { text += separator }
        text += formatNumber(value)
      }
      if !dataset.targets.isEmpty {
        let target = dataset.targets[i]
        guard target.isFinite else {
          throw .unwritable(path: path, reason: "the target of row \(i) is \(target); CSV files hold finite numbers only")
        }
        if d > 0 { text += separator }
        text += formatNumber(target)
      }
      text += "\n"
    }
    return Data(text.utf8)
  }

  private func quotedIfNeeded(_ name: String) -> String {
    let needsQuotes =
      name.contains(delimiter) || name.contains("\"") || name.contains("\n") || name.contains("\r")
      || name.first?.isWhitespace == true || name.last?.isWhitespace == true
    return needsQuotes ? "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : name
  }
}

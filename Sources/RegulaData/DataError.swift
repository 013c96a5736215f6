/// A problem with data supplied by a user: a missing or unreadable file, or content that does
/// not follow its format.
///
/// Every case names the file (as the user wrote its path) and, where the problem sits at one
/// place in a text file, the 1-based line and column. Columns count bytes from the start of
/// the line, as compilers do, so they equal character columns in ASCII files. The
/// ``description`` is the one-line message the command-line tool prints:
///
///     error: data.csv:3:5: expected a number, found "abc"
///
/// Readers never trap on bad input: whatever the bytes, they return a value or throw a
/// `DataError`. Programmer errors (a negative batch size, a test fraction above 1) are
/// preconditions instead.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No file exists at `path`.
  case fileNotFound(path: String)
  /// The file exists but could not be read (a directory, no permission, an I/O error).
  case unreadable(path: String, reason: String)
  /// A text file breaks its format at `line`, `column`.
  case malformed(path: String, line: Int, column: Int, message: String)
  /// A CSV record has `found` fields where the first record had `expected`.
  case raggedRow(path: String, line: Int, expected: Int, found: Int)
  /// A LIBSVM feature index is not a positive integer, is not greater than the index before
  /// it on the line, or exceeds the declared feature count.
  case badIndex(path: String, line: Int, column: Int, message: String)
  /// An NPY file has a bad magic string, an unsupported version or dtype, an unreadable header,
  /// Fortran order, or a data length that does not match its shape.
  case npyFormat(path: String, message: String)
  /// The file holds no data rows.
  case emptyData(path: String)
  /// The format cannot be told from the path's extension.
  case unknownFormat(path: String, extension: String)
  /// The requested target column does not exist. The file has `columnCount` columns, named
  /// `columnNames` when it has a header row.
  case missingTarget(path: String, target: TargetColumn, columnCount: Int, columnNames: [String]?)
  /// Targets were needed as class labels but target `row` (0-based) is `value`, which is not
  /// a non-negative integer.
  case notClassLabel(row: Int, value: Double)
  /// Densifying the data would need more memory than the machine has.
  case tooLarge(path: String, message: String)
  /// A file could not be written, or the data cannot be represented in the requested format.
  case unwritable(path: String, reason: String)

  /// The message without the `error: ` prefix: `data.csv:3:5: expected a number, found "abc"`.
  public var message: String {
    switch self {
    case .fileNotFound(let path):
      return "\(path): no such file"
    case .unreadable(let path, let reason):
      return "\(path): cannot read the file: \(reason)"
    case .malformed(let path, let line, let column, let message):
      return "\(path):\(line):\(column): \(message)"
    case .raggedRow(let path, let line, let expected, let found):
      return "\(path):\(line): expected \(expected) \(expected == 1 ? "field" : "fields") as in the first row, found \(found)"
    case .badIndex(let path, let line, let column, let message):
      return "\(path):\(line):\(column): \(message)"
    case .npyFormat(let path, let message):
      return "\(path): not a supported NPY file: \(message)"
    case .emptyData(let path):
      return "\(path): the file holds no data rows"
    case .unknownFormat(let path, let pathExtension):
      let shown = pathExtension.isEmpty ? "no extension" : "extension \".\(pathExtension)\""
      return "\(path): cannot tell the data format from \(shown); "
        + "use .csv, .libsvm, .svm or .npy, or name the format"
    case .missingTarget(let path, let target, let columnCount, let columnNames):
      switch (target, columnNames) {
      case (.name(let name), nil):
        return "\(path): no column named \"\(name)\": the file has no header row; "
          + "choose the target by its index instead"
      case (.name(let name), let names?):
        return "\(path): no column named \"\(name)\"; the columns are "
          + names.map { "\"\($0)\"" }.joined(separator: ", ")
      case (.index(let index), _):
        return "\(path): no column \(index): the file has \(columnCount) \(columns(columnCount)), "
          + "numbered from 0"
      case (.last, _), (.absent, _):
        return "\(path): no target column: the file has \(columnCount) \(columns(columnCount))"
      }
    case .notClassLabel(let row, let value):
      return "target \(value) of row \(row) is not a class label (a non-negative integer)"
    case .tooLarge(let path, let message):
      return "\(path): \(message)"
    case .unwritable(let path, let reason):
      return "\(path): cannot write the file: \(reason)"
    }
  }

  /// The message as the command-line tool prints it: `error: ` followed by ``message``.
  public var description: String { "error: " + message }

  private func columns(_ n: Int) -> String { n == 1 ? "column" : "columns" }
}

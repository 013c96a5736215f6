import Foundation

/// Reads comma-separated values (RFC 4180) into a ``Dataset``.
///
/// Every field of every data row must be a decimal number: `3`, `-0.25`, `.5`, `1e-3`,
/// `+7.` (surrounding spaces and tabs are ignored). One column holds the targets — the last
/// by default — and the others are the features, in file order.
///
/// - **Header row**: with ``HeaderRow/automatic`` (the default) the first row is a header when
///   any of its fields is not a number (`nan` and `inf` count as numbers here, so that they are
///   reported as errors rather than taken for names).
/// - **Quotes**: a field may be enclosed in double quotes, inside which delimiters and line
///   breaks are literal and `""` stands for one `"` (RFC 4180). A quoted field in a data row
///   must still hold a number.
/// - **Lines** end with LF or CRLF. Blank lines (empty or only spaces) are skipped, wherever
///   they are. A UTF-8 byte-order mark at the start is skipped.
/// - **Rejected**, with a ``DataError`` that names line and column: a field that is not a
///   number (including the empty field: missing values are not supported), `nan`, `inf` and
///   `infinity` (non-finite values would poison every loss; clean them first), numbers
///   out of range of the scalar type (`1e39` as `Float`), a row whose field count differs from
///   the first row's, an unterminated quote, text after a closing quote, a file without data
///   rows.
///
/// Numbers are parsed straight from the file's bytes and rounded once to the scalar type, so
/// a file written by ``CSVWriter`` reads back bit for bit. Targets are parsed as `Double`.
///
///     let data = try CSVReader(target: .name("price")).read(from: "houses.csv", as: Double.self)
///
/// - Complexity: one pass over the bytes; memory for the file (mapped) and the parsed values.
public struct CSVReader: Sendable {
  /// Whether the first row names the columns.
  public enum HeaderRow: Sendable, Hashable {
    /// A header when any field of the first row is not a number.
    case automatic
    /// The first row is always a header.
    case present
    /// The first row is always data.
    case absent
  }

  /// The field separator, an ASCII character other than `"`, CR or LF. Default `,`.
  public var delimiter: Character
  /// Whether the first row is a header. Default ``HeaderRow/automatic``.
  public var header: HeaderRow
  /// The target column. Default ``TargetColumn/last``.
  public var target: TargetColumn

  /// Creates a reader.
  public init(delimiter: Character = ",", header: HeaderRow = .automatic, target: TargetColumn = .last) {
    precondition(
      delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r" && delimiter != "\r\n",
      "the delimiter must be an ASCII character other than a quote or a line break")
    self.delimiter = delimiter
    self.header = header
    self.target = target
  }

  /// Reads the CSV file at `path`.
  ///
  /// - Throws: ``DataError`` for a missing or unreadable file and for content that breaks the
  ///   rules above; messages name `path`.
  public func read<Scalar: TensorScalar>(
    from path: String, as _: Scalar.Type = Scalar.self
  ) throws(DataError) -> Dataset<Scalar> {
    try parse(readFileContents(atPath: path), path: path)
  }

  /// Parses CSV text held in memory; `path` is only used in error messages.
  public func parse<Scalar: TensorScalar>(
    _ data: Data, path: String, as _: Scalar.Type = Scalar.self
  ) throws(DataError) -> Dataset<Scalar> {
    let table = try data.withBytes { bytes throws(DataError) in
      var parser = CSVParser(
        bytes: bytes, path: path, delimiter: delimiter.asciiValue!,
        singlePrecision: isSinglePrecision(Scalar.self), scalarName: scalarName(Scalar.self))
      return try parser.parseTable(header: header, target: target)
    }
    return Dataset(
      features: Tensor(shape: [table.rowCount, table.featureCount], scalars: convertScalars(table.features, to: Scalar.self)),
      targets: table.targets, featureNames: table.featureNames, targetName: table.targetName)
  }
}

/// The parsed content of a table, before conversion to the scalar type.
struct ParsedTable {
  var rowCount = 0
  var featureCount = 0
  var features: [Double] = []
  var targets: [Double] = []
  var featureNames: [String]?
  var targetName: String?
}

/// A single pass over CSV bytes. Positions are byte offsets; `line` and `lineStart` follow
/// the cursor so that every error can name its line and column.
private struct CSVParser {
  /// One field: its content lies in `start..<end` (inside the quotes if quoted).
  struct Field {
    var start: Int
    var end: Int
    var isQuoted: Bool
    var hasEscapedQuotes: Bool
    var line: Int
    var column: Int
  }

  let bytes: UnsafeBufferPointer<UInt8>
  let path: String
  let delimiter: UInt8
  let singlePrecision: Bool
  let scalarName: String
  var position = 0
  var line = 1
  var lineStart = 0

  init(bytes: UnsafeBufferPointer<UInt8>, path: String, delimiter: UInt8, singlePrecision: Bool, scalarName: String) {
    self.bytes = bytes
    self.path = path
    self.delimiter = delimiter
    self.singlePrecision = singlePrecision
    self.scalarName = scalarName
    // Skip a UTF-8 byte-order mark.
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      position = 3
      lineStart = 3
    }
  }

  private static let quote = UInt8(ascii: "\"")
  private static let newline = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")

  private var column: Int { position - lineStart + 1 }

  @inline(__always) private func isPadding(_ byte: UInt8) -> Bool {
    (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && byte != delimiter
  }

  mutating func parseTable(header: CSVReader.HeaderRow, target: TargetColumn) throws(DataError) -> ParsedTable {
    guard !skipBlankLines() else { throw .emptyData(path: path) }

    // The first record decides the header and the column count.
    var first = [Field]()
    var ended = false
    while !ended {
      let (field, endsRecord) = try nextField()
      first.append(field)
      ended = endsRecord
    }
    let columnCount = first.count
    let isHeader: Bool
    switch header {
    case .present: isHeader = true
    case .absent: isHeader = false
    case .automatic:
      isHeader = first.contains { field in
        field.hasEscapedQuotes
          || parseNumber(bytes, from: field.start, to: field.end, singlePrecision: false) == .invalid
      }
    }
    let names = isHeader ? first.map(text) : nil
    let targetIndex = try resolve(target, columnCount: columnCount, names: names)

    var table = ParsedTable()
    table.featureCount = columnCount - (targetIndex == nil ? 0 : 1)
    if let names {
      table.featureNames = names.enumerated().filter { $0.offset != targetIndex }.map(\.element)
      table.targetName = targetIndex.map { names[$0] }
    } else {
      for (index, field) in first.enumerated() {
        try store(field, column: index, targetIndex: targetIndex, into: &table)
      }
      table.rowCount = 1
    }

    while !skipBlankLines() {
      let recordLine = line
      var fieldCount = 0
      var ended = false
      while !ended {
        let (field, endsRecord) = try nextField()
        if fieldCount < columnCount {
          try store(field, column: fieldCount, targetIndex: targetIndex, into: &table)
        }
        fieldCount += 1
        ended = endsRecord
      }
      guard fieldCount == columnCount else {
        throw .raggedRow(path: path, line: recordLine, expected: columnCount, found: fieldCount)
      }
      table.rowCount += 1
    }
    guard table.rowCount > 0 else { throw .emptyData(path: path) }
    return table
  }

  /// The 0-based index of the target column, or `nil` for no target.
  private func resolve(_ target: TargetColumn, columnCount: Int, names: [String]?) throws(DataError) -> Int? {
    switch target {
    case .absent:
      return nil
    case .last:
      return columnCount - 1
    case .index(let index):
      guard index >= 0 && index < columnCount else {
        throw .missingTarget(path: path, target: target, columnCount: columnCount, columnNames: names)
      }
      return index
    case .name(let name):
      guard let index = names?.firstIndex(of: name) else {
        throw .missingTarget(path: path, target: target, columnCount: columnCount, columnNames: names)
      }
      return index
    }
  }

  /// Parses a data field and appends it to the features or the targets.
  private func store(_ field: Field, column: Int, targetIndex: Int?, into table: inout ParsedTable) throws(DataError) {
    let isTarget = column == targetIndex
    switch parseNumber(bytes, from: field.start, to: field.end, singlePrecision: singlePrecision && !isTarget) {
    case .value(let value):
      if isTarget { table.targets.append(value) } else { table.features.append(value) }
    case .invalid:
      let found =
        field.start == field.end
        ? "an empty field (missing values are not supported)"
        : quotedExcerpt(bytes, from: field.start, to: field.end)
      throw malformed(field, "expected a number, found \(found)")
    case .nonFinite:
      throw malformed(
        field, "found \(quotedExcerpt(bytes, from: field.start, to: field.end)): "
          + "NaN and infinite values are not accepted")
    case .outOfRange:
      throw malformed(
        field, "the number \(quotedExcerpt(bytes, from: field.start, to: field.end)) is out of range for "
          + (isTarget ? "Double" : scalarName))
    }
  }

  private func malformed(_ field: Field, _ message: String) -> DataError {
    .malformed(path: path, line: field.line, column: field.column, message: message)
  }

  /// The unescaped text of a field (a header name).
  private func text(_ field: Field) -> String {
    let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
    return field.hasEscapedQuotes ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
  }

  /// Skips lines that are empty or hold only spaces, tabs and carriage returns. Returns whether
  /// the end of the input was reached.
  private mutating func skipBlankLines() -> Bool {
    while position < bytes.count {
      var j = position
      while j < bytes.count, bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t") || bytes[j] == Self.carriageReturn {
        j += 1
      }
      if j == bytes.count {
        position = j
        return true
      }
      guard bytes[j] == Self.newline else { return false }
      position = j + 1
      line += 1
      lineStart = position
    }
    return true
  }

  /// Scans one field and the delimiter or line break after it.
  private mutating func nextField() throws(DataError) -> (Field, endsRecord: Bool) {
    while position < bytes.count, isPadding(bytes[position]) { position += 1 }
    var field = Field(start: position, end: position, isQuoted: false, hasEscapedQuotes: false, line: line, column: column)
    if position < bytes.count, bytes[position] == Self.quote {
      field.isQuoted = true
      position += 1
      field.start = position
      while true {
        guard position < bytes.count else {
          throw .malformed(
            path: path, line: field.line, column: field.column,
            message: "unterminated quoted field: no closing quote before the end of the file")
        }
        let byte = bytes[position]
        if byte == Self.quote {
          if position + 1 < bytes.count, bytes[position + 1] == Self.quote {
            field.hasEscapedQuotes = true
            position += 2
            continue
          }
          break
        }
        position += 1
        if byte == Self.newline {
          line += 1
          lineStart = position
        }
      }
      field.end = position
      position += 1  // the closing quote
      while position < bytes.count, isPadding(bytes[position]) { position += 1 }
    } else {
      while position < bytes.count, bytes[position] != delimiter, bytes[position] != Self.newline {
        position += 1
      }
      var end = position
      while end > field.start,
        isPadding(bytes[end - 1]) || bytes[end - 1] == Self.carriageReturn
      {
        end -= 1
      }
      field.end = end
    }
    return (field, try endOfField())
  }

  /// Consumes what follows a field: a delimiter (returns `false`), or a line break or the end
  /// of the input (returns `true`).
  private mutating func endOfField() throws(DataError) -> Bool {
    guard position < bytes.count else { return true }
    let byte = bytes[position]
    if byte == delimiter {
      position += 1
      return false
    }
    if byte == Self.carriageReturn {
      if position + 1 == bytes.count {
        position += 1
        return true
      }
      if bytes[position + 1] == Self.newline { position += 1 }
    }
    if bytes[position] == Self.newline {
      position += 1
      line += 1
      lineStart = position
      return true
    }
    let shown =
      (0x21...0x7E).contains(byte)
      ? "\"\(Character(Unicode.Scalar(byte)))\"" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    throw .malformed(
      path: path, line: line, column: column,
      message: "unexpected \(shown) after the closing quote of a quoted field")
  }
}

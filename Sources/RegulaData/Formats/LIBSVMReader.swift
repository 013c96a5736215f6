import Foundation

/// Reads the LIBSVM / SVMlight sparse text format.
///
/// Each non-blank line is one example:
///
///     <label> [qid:<integer>] <index>:<value> <index>:<value> ... [# comment]
///
/// - The label is a decimal number (a class such as `+1`, `-1`, `3`, or a regression response).
/// - Indices are 1-based and strictly increasing along a line; features not listed are 0.
///   Index `i` becomes column `i − 1`.
/// - `qid:` (SVMlight's query id) may follow the label and is ignored. Everything from `#` to
///   the end of the line is a comment. Tokens are separated by spaces or tabs; lines end with
///   LF or CRLF; blank and comment-only lines are skipped.
/// - The number of features is ``featureCount`` when given (an index above it is an error),
///   otherwise the largest index in the file.
/// - Rejected with a ``DataError`` naming line and column: a label or value that is not a
///   finite number, an index that is not a positive integer below 2³¹ (``DataError/badIndex``),
///   an index not above the previous one, an index beyond `featureCount`, a file without
///   examples. Multi-label lines (`1,3 1:0.5`) are not supported.
///
/// ``readSparse(from:as:)`` keeps the compressed sparse rows; ``read(from:as:)`` densifies
/// them, after checking that the dense matrix fits in memory.
///
/// - SeeAlso: C.-C. Chang and C.-J. Lin, LIBSVM FAQ, "Why sometimes not all attributes of a
///   data appear in the training/model files?"; T. Joachims, SVMlight file format.
public struct LIBSVMReader: Sendable {
  /// The number of features, or `nil` to take the largest index in the file. Declare it when
  /// the last features may be zero in every example (a test file, a file written from dense
  /// data) so that the width matches the training data.
  public var featureCount: Int?

  /// Creates a reader.
  ///
  /// - Precondition: `featureCount`, if given, is non-negative.
  public init(featureCount: Int? = nil) {
    precondition((featureCount ?? 0) >= 0, "featureCount must be non-negative")
    self.featureCount = featureCount
  }

  /// Reads the file at `path` into a dense data set.
  ///
  /// - Throws: ``DataError`` for a missing, unreadable or malformed file, and
  ///   ``DataError/tooLarge(path:message:)`` when the dense matrix would need more than half
  ///   of the machine's memory.
  public func read<Scalar: TensorScalar>(from path: String, as _: Scalar.Type = Scalar.self) throws(DataError) -> Dataset<Scalar> {
    try densify(readSparse(from: path), path: path)
  }

  /// Reads the file at `path`, keeping the features sparse.
  public func readSparse<Scalar: TensorScalar>(
    from path: String, as _: Scalar.Type = Scalar.self
  ) throws(DataError) -> SparseDataset<Scalar> {
    try parseSparse(readFileContents(atPath: path), path: path)
  }

  /// Parses LIBSVM text held in memory into a dense data set; `path` is used in messages.
  public func parse<Scalar: TensorScalar>(_ data: Data, path: String, as _: Scalar.Type = Scalar.self) throws(DataError) -> Dataset<Scalar> {
    try densify(parseSparse(data, path: path), path: path)
  }

  /// Parses LIBSVM text held in memory, keeping the features sparse.
  public func parseSparse<Scalar: TensorScalar>(
    _ data: Data, path: String, as _: Scalar.Type = Scalar.self
  ) throws(DataError) -> SparseDataset<Scalar> {
    let rows = try data.withBytes { bytes throws(DataError) in
      var parser = LIBSVMParser(
        bytes: bytes, path: path, declaredWidth: featureCount,
        singlePrecision: isSinglePrecision(Scalar.self), scalarName: scalarName(Scalar.self))
      return try parser.parse()
    }
    let matrix = SparseMatrix<Scalar>(
      unchecked: rows.labels.count, columnCount: rows.width, rowOffsets: rows.rowOffsets,
      columnIndices: rows.columnIndices, values: convertScalars(rows.values, to: Scalar.self))
    return SparseDataset(features: matrix, targets: rows.labels)
  }

  private func densify<Scalar: TensorScalar>(_ sparse: SparseDataset<Scalar>, path: String) throws(DataError) -> Dataset<Scalar> {
    try checkDenseSize(rows: sparse.count, columns: sparse.featureCount, scalarSize: MemoryLayout<Scalar>.stride, path: path)
    return Dataset(sparse)
  }
}

/// Throws ``DataError/tooLarge(path:message:)`` when a dense `rows × columns` matrix would
/// need more than half of the physical memory.
func checkDenseSize(rows: Int, columns: Int, scalarSize: Int, path: String) throws(DataError) {
  let (elements, overflow1) = rows.multipliedReportingOverflow(by: columns)
  let (bytes, overflow2) = elements.multipliedReportingOverflow(by: scalarSize)
  let limit = ProcessInfo.processInfo.physicalMemory / 2
  if overflow1 || overflow2 || UInt64(bytes) > limit {
    throw .tooLarge(
      path: path,
      message: "a dense \(rows) × \(columns) matrix would not fit in memory; read the file as sparse data, "
        + "or check the largest feature index")
  }
}

/// The arrays of a parsed LIBSVM file, before conversion to the scalar type.
struct ParsedSparseRows {
  var labels: [Double] = []
  var rowOffsets: [Int] = [0]
  var columnIndices: [Int] = []
  var values: [Double] = []
  var width = 0
}

private struct LIBSVMParser {
  let bytes: UnsafeBufferPointer<UInt8>
  let path: String
  let declaredWidth: Int?
  let singlePrecision: Bool
  let scalarName: String

  /// The largest index accepted (LIBSVM's own reader holds indices in a C `int`).
  static let maximumIndex = Int(Int32.max)

  @inline(__always) private func isSeparator(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
      || byte == 0x0B || byte == 0x0C
  }

  mutating func parse() throws(DataError) -> ParsedSparseRows {
    var rows = ParsedSparseRows()
    var position = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    var line = 1
    var maxIndex = 0
    while position < bytes.count {
      let lineStart = position
      var lineEnd = position
      while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
      var contentEnd = position
      while contentEnd < lineEnd, bytes[contentEnd] != UInt8(ascii: "#") { contentEnd += 1 }
      try parseLine(
        from: position, to: contentEnd, line: line, lineStart: lineStart, maxIndex: &maxIndex, into: &rows)
      position = lineEnd + 1
      line += 1
    }
    guard !rows.labels.isEmpty else { throw .emptyData(path: path) }
    rows.width = declaredWidth ?? maxIndex
    return rows
  }

  private func parseLine(
    from start: Int, to end: Int, line: Int, lineStart: Int, maxIndex: inout Int,
    into rows: inout ParsedSparseRows
  ) throws(DataError) {
    var position = start
    func nextToken() -> Range<Int>? {
      while position < end, isSeparator(bytes[position]) { position += 1 }
      guard position < end else { return nil }
      let tokenStart = position
      while position < end, !isSeparator(bytes[position]) { position += 1 }
      return tokenStart..<position
    }
    func column(_ offset: Int) -> Int { offset - lineStart + 1 }
    func excerpt(_ range: Range<Int>) -> String { quotedExcerpt(bytes, from: range.lowerBound, to: range.upperBound) }

    guard let labelToken = nextToken() else { return }  // a blank or comment-only line
    switch parseNumber(bytes, from: labelToken.lowerBound, to: labelToken.upperBound, singlePrecision: false) {
    case .value(let label):
      rows.labels.append(label)
    case .invalid:
      throw .malformed(
        path: path, line: line, column: column(labelToken.lowerBound),
        message: "expected a label (a number) at the start of the line, found \(excerpt(labelToken))")
    case .nonFinite:
      throw .malformed(
        path: path, line: line, column: column(labelToken.lowerBound),
        message: "found label \(excerpt(labelToken)): NaN and infinite values are not accepted")
    case .outOfRange:
      throw .malformed(
        path: path, line: line, column: column(labelToken.lowerBound),
        message: "the label \(excerpt(labelToken)) is out of range for Double")
    }

    var previousIndex = 0
    var isFirstPair = true
    while let token = nextToken() {
      defer { isFirstPair = false }
      var colon = token.lowerBound
      while colon < token.upperBound, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
      guard colon < token.upperBound else {
        throw .malformed(
          path: path, line: line, column: column(token.lowerBound),
          message: "expected index:value, found \(excerpt(token))")
      }
      let indexRange = token.lowerBound..<colon
      let valueRange = (colon + 1)..<token.upperBound

      if isFirstPair && isQid(indexRange) {
        guard !valueRange.isEmpty, valueRange.allSatisfy({ bytes[$0] &- 0x30 < 10 }) else {
          throw .malformed(
            path: path, line: line, column: column(valueRange.lowerBound),
            message: "expected an integer query id after \"qid:\", found \(excerpt(valueRange))")
        }
        continue
      }

      // The index: a positive decimal integer.
      var index = 0
      for k in indexRange {
        let digit = bytes[k] &- 0x30
        guard digit < 10 else {
          throw .badIndex(
            path: path, line: line, column: column(token.lowerBound),
            message: "expected a feature index (a positive integer), found \(excerpt(indexRange))")
        }
        if index <= Self.maximumIndex { index = index * 10 + Int(digit) }
      }
      guard !indexRange.isEmpty else {
        throw .badIndex(
          path: path, line: line, column: column(token.lowerBound),
          message: "missing feature index before \":\"")
      }
      guard index <= Self.maximumIndex else {
        throw .badIndex(
          path: path, line: line, column: column(token.lowerBound),
          message: "feature index \(excerpt(indexRange)) is too large (the largest is \(Self.maximumIndex))")
      }
      guard index >= 1 else {
        throw .badIndex(
          path: path, line: line, column: column(token.lowerBound),
          message: "feature indices start at 1, found \(index)")
      }
      guard index > previousIndex else {
        throw .badIndex(
          path: path, line: line, column: column(token.lowerBound),
          message: "feature index \(index) is not greater than the previous index \(previousIndex): "
            + "indices must increase strictly along a line")
      }
      if let declaredWidth, index > declaredWidth {
        throw .badIndex(
          path: path, line: line, column: column(token.lowerBound),
          message: "feature index \(index) exceeds the declared feature count \(declaredWidth)")
      }
      previousIndex = index
      maxIndex = Swift.max(maxIndex, index)

      switch parseNumber(bytes, from: valueRange.lowerBound, to: valueRange.upperBound, singlePrecision: singlePrecision) {
      case .value(let value):
        rows.columnIndices.append(index - 1)
        rows.values.append(value)
      case .invalid:
        let found = valueRange.isEmpty ? "nothing" : excerpt(valueRange)
        throw .malformed(
          path: path, line: line, column: column(valueRange.lowerBound),
          message: "expected a number after \"\(index):\", found \(found)")
      case .nonFinite:
        throw .malformed(
          path: path, line: line, column: column(valueRange.lowerBound),
          message: "found \(excerpt(valueRange)): NaN and infinite values are not accepted")
      case .outOfRange:
        throw .malformed(
          path: path, line: line, column: column(valueRange.lowerBound),
          message: "the number \(excerpt(valueRange)) is out of range for \(scalarName)")
      }
    }
    rows.rowOffsets.append(rows.values.count)
  }

  private func isQid(_ range: Range<Int>) -> Bool {
    range.count == 3 && bytes[range.lowerBound] == UInt8(ascii: "q")
      && bytes[range.lowerBound + 1] == UInt8(ascii: "i") && bytes[range.lowerBound + 2] == UInt8(ascii: "d")
  }
}

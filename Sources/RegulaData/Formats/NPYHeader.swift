// The NPY header: magic string, version, and the Python dictionary literal that describes the
// array. Format reference: NumPy Enhancement Proposal 1, "A Simple File Format for NumPy
// Arrays", and `numpy/lib/format.py`.

/// The element type of an NPY array, as NumPy's `descr` string spells it: byte order
/// (`<` little, `>` big, `|` not applicable, `=` native), kind and size — `'<f8'` is a
/// little-endian 8-byte float.
///
/// ``NPYReader`` reads floats (`f4`, `f8`), signed and unsigned integers of 1, 2, 4 and 8 bytes,
/// and booleans (`b1`), in either byte order, converting to the tensor's scalar type.
/// ``NPYWriter`` writes ``float32``, ``float64`` and ``int64``.
public struct NPYDataType: Hashable, Sendable, CustomStringConvertible {
  /// The kind of number.
  public enum Kind: Character, Sendable, Hashable {
    case float = "f"
    case signedInteger = "i"
    case unsignedInteger = "u"
    case boolean = "b"
  }

  /// The kind of number.
  public let kind: Kind
  /// The size of one element in bytes.
  public let byteCount: Int
  /// Whether multi-byte elements are stored most significant byte first.
  public let isBigEndian: Bool

  /// `'<f4'`, NumPy's `float32`.
  public static let float32 = NPYDataType(kind: .float, byteCount: 4, isBigEndian: false)
  /// `'<f8'`, NumPy's `float64`.
  public static let float64 = NPYDataType(kind: .float, byteCount: 8, isBigEndian: false)
  /// `'<i4'`, NumPy's `int32`.
  public static let int32 = NPYDataType(kind: .signedInteger, byteCount: 4, isBigEndian: false)
  /// `'<i8'`, NumPy's `int64`.
  public static let int64 = NPYDataType(kind: .signedInteger, byteCount: 8, isBigEndian: false)
  /// `'|u1'`, NumPy's `uint8`.
  public static let uint8 = NPYDataType(kind: .unsignedInteger, byteCount: 1, isBigEndian: false)

  private init(kind: Kind, byteCount: Int, isBigEndian: Bool) {
    self.kind = kind
    self.byteCount = byteCount
    self.isBigEndian = isBigEndian
  }

  /// Parses a `descr` string such as `'<f8'`, or returns `nil` for a type Regula does not read
  /// (complex numbers, strings, half precision, structured types, …).
  public init?(descr: String) {
    let characters = Array(descr)
    guard characters.count >= 3, let kind = Kind(rawValue: characters[1]),
      let size = Int(String(characters[2...]))
    else { return nil }
    switch (kind, size) {
    case (.float, 4), (.float, 8), (.signedInteger, 1), (.signedInteger, 2), (.signedInteger, 4),
      (.signedInteger, 8), (.unsignedInteger, 1), (.unsignedInteger, 2), (.unsignedInteger, 4),
      (.unsignedInteger, 8), (.boolean, 1):
      break
    default:
      return nil
    }
    switch characters[0] {
    case "<", "=": isBigEndian = false  // every platform Swift runs Regula on is little-endian
    case ">": isBigEndian = true
    case "|" where size == 1: isBigEndian = false
    default: return nil
    }
    self.kind = kind
    self.byteCount = size
  }

  /// The `descr` string, as NumPy writes it (`'|u1'` for one-byte types).
  public var descr: String {
    (byteCount == 1 ? "|" : isBigEndian ? ">" : "<") + String(kind.rawValue) + String(byteCount)
  }

  public var description: String { descr }
}

/// The parsed header of an NPY file.
struct NPYHeader {
  var dataType: NPYDataType
  var shape: [Int]
  /// The offset of the first data byte.
  var dataOffset: Int
  /// The number of elements, the product of `shape`.
  var elementCount: Int
}

/// The magic string that starts every NPY file.
let npyMagic: [UInt8] = [0x93] + Array("NUMPY".utf8)

extension NPYHeader {
  /// Parses the preamble of an NPY file: magic, version, header length and dictionary.
  ///
  /// - Throws: ``DataError/npyFormat(path:message:)`` describing the first problem.
  init(parsing bytes: UnsafeBufferPointer<UInt8>, path: String) throws(DataError) {
    func fail(_ message: String) -> DataError { .npyFormat(path: path, message: message) }

    guard bytes.count >= 6, bytes.prefix(6).elementsEqual(npyMagic) else {
      throw fail("bad magic string: the file does not start with \\x93NUMPY")
    }
    guard bytes.count >= 8 else { throw fail("truncated: the file ends inside the version number") }
    let (major, minor) = (bytes[6], bytes[7])
    let headerLength: Int
    let lengthSize: Int
    switch (major, minor) {
    case (1, 0):
      lengthSize = 2
    case (2, 0), (3, 0):
      lengthSize = 4
    default:
      throw fail("unsupported format version \(major).\(minor) (Regula reads 1.0, 2.0 and 3.0)")
    }
    guard bytes.count >= 8 + lengthSize else { throw fail("truncated: the file ends inside the header length") }
    var length = 0
    for k in 0..<lengthSize { length |= Int(bytes[8 + k]) << (8 * k) }
    headerLength = length
    let headerStart = 8 + lengthSize
    guard headerStart + headerLength <= bytes.count else {
      throw fail("truncated: the header is \(headerLength) bytes but the file ends after \(bytes.count - headerStart)")
    }
    var parser = PythonLiteralParser(
      bytes: UnsafeBufferPointer(rebasing: bytes[headerStart..<(headerStart + headerLength)]))
    guard let literal = parser.parseHeader(), case .dictionary(let entries) = literal else {
      throw fail("the header is not a Python dictionary literal")
    }
    func entry(_ key: String) throws(DataError) -> PythonLiteral {
      guard let value = entries.first(where: { $0.key == key })?.value else {
        throw fail("the header has no '\(key)' entry")
      }
      return value
    }

    guard case .string(let descr) = try entry("descr") else {
      throw fail("unsupported dtype: structured arrays are not supported")
    }
    guard let dataType = NPYDataType(descr: descr) else {
      throw fail(
        "unsupported dtype '\(descr)' (Regula reads floats f4/f8, integers i1–i8 and u1–u8, and b1)")
    }
    guard case .boolean(let fortranOrder) = try entry("fortran_order") else {
      throw fail("'fortran_order' must be True or False")
    }
    guard !fortranOrder else {
      throw fail("the array is in Fortran (column-major) order; save it in C order, e.g. with np.ascontiguousarray")
    }
    guard case .tuple(let items) = try entry("shape") else { throw fail("'shape' must be a tuple of integers") }
    var shape = [Int]()
    var count = 1
    var overflow = false
    for item in items {
      guard case .integer(let extent) = item, extent >= 0 else {
        throw fail("'shape' must be a tuple of non-negative integers")
      }
      shape.append(extent)
      let (product, didOverflow) = count.multipliedReportingOverflow(by: extent)
      count = product
      overflow = overflow || didOverflow
    }
    let (byteCount, byteOverflow) = count.multipliedReportingOverflow(by: dataType.byteCount)
    let dataOffset = headerStart + headerLength
    let available = bytes.count - dataOffset
    guard !overflow, !byteOverflow, byteCount <= available else {
      throw fail(
        "truncated: shape \(shapeText(shape)) of \(descr) needs \(overflow || byteOverflow ? "more" : String(byteCount)) "
          + "data bytes, the file has \(available)")
    }
    guard byteCount == available else {
      throw fail("shape \(shapeText(shape)) of \(descr) needs \(byteCount) data bytes, the file has \(available)")
    }
    self.init(dataType: dataType, shape: shape, dataOffset: dataOffset, elementCount: count)
  }
}

/// A shape as Python prints a tuple: `(2, 3)`, `(5,)`, `()`.
func shapeText(_ shape: [Int]) -> String {
  shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

/// The values a NumPy header can hold.
enum PythonLiteral: Equatable {
  case string(String)
  case boolean(Bool)
  case integer(Int)
  case noneValue
  case tuple([PythonLiteral])
  case list([PythonLiteral])
  case dictionary([(key: String, value: PythonLiteral)])

  static func == (a: PythonLiteral, b: PythonLiteral) -> Bool {
    switch (a, b) {
    case (.string(let x), .string(let y)): return x == y
    case (.boolean(let x), .boolean(let y)): return x == y
    case (.integer(let x), .integer(let y)): return x == y
    case (.noneValue, .noneValue): return true
    case (.tuple(let x), .tuple(let y)), (.list(let x), .list(let y)): return x == y
    case (.dictionary(let x), .dictionary(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }
}

/// A recursive-descent parser for the small subset of Python literal syntax NumPy writes in
/// headers: dictionaries with string keys, strings, `True`/`False`/`None`, integers, tuples
/// and lists. Nesting is limited so that hostile input cannot exhaust the stack.
struct PythonLiteralParser {
  let bytes: UnsafeBufferPointer<UInt8>
  var position = 0
  var depth = 0

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// The dictionary, followed by nothing but whitespace (NumPy pads with spaces and ends
  /// with a newline).
  mutating func parseHeader() -> PythonLiteral? {
    guard let value = parseValue() else { return nil }
    skipWhitespace()
    return position == bytes.count ? value : nil
  }

  private mutating func skipWhitespace() {
    while position < bytes.count,
      bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\n")
        || bytes[position] == UInt8(ascii: "\t") || bytes[position] == UInt8(ascii: "\r")
    {
      position += 1
    }
  }

  private mutating func consume(_ character: UInt8) -> Bool {
    skipWhitespace()
    guard position < bytes.count, bytes[position] == character else { return false }
    position += 1
    return true
  }

  private mutating func parseValue() -> PythonLiteral? {
    depth += 1
    defer { depth -= 1 }
    guard depth <= 16 else { return nil }
    skipWhitespace()
    guard position < bytes.count else { return nil }
    switch bytes[position] {
    case UInt8(ascii: "'"), UInt8(ascii: "\""):
      return parseString().map(PythonLiteral.string)
    case UInt8(ascii: "{"):
      position += 1
      var entries = [(key: String, value: PythonLiteral)]()
      while !consume(UInt8(ascii: "}")) {
        skipWhitespace()
        guard let key = parseString(), consume(UInt8(ascii: ":")), let value = parseValue() else { return nil }
        entries.append((key, value))
        if !consume(UInt8(ascii: ",")) {
          guard consume(UInt8(ascii: "}")) else { return nil }
          break
        }
      }
      return .dictionary(entries)
    case UInt8(ascii: "("), UInt8(ascii: "["):
      let close = bytes[position] == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
      let isTuple = close == UInt8(ascii: ")")
      position += 1
      var items = [PythonLiteral]()
      while !consume(close) {
        guard let item = parseValue() else { return nil }
        items.append(item)
        if !consume(UInt8(ascii: ",")) {
          guard consume(close) else { return nil }
          // `(3)` is the integer 3 in Python, not a tuple.
          if isTuple && items.count == 1 { return items[0] }
          break
        }
      }
      return isTuple ? .tuple(items) : .list(items)
    default:
      return parseWordOrInteger()
    }
  }

  private mutating func parseString() -> String? {
    guard position < bytes.count else { return nil }
    let quote = bytes[position]
    guard quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { return nil }
    position += 1
    let start = position
    while position < bytes.count, bytes[position] != quote {
      guard bytes[position] != UInt8(ascii: "\\"), bytes[position] != UInt8(ascii: "\n") else { return nil }
      position += 1
    }
    guard position < bytes.count else { return nil }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    position += 1
    return text
  }

  private mutating func parseWordOrInteger() -> PythonLiteral? {
    let start = position
    while position < bytes.count {
      let byte = bytes[position]
      let isWordByte =
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "_")
      guard isWordByte else { break }
      position += 1
    }
    var word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    switch word {
    case "True": return .boolean(true)
    case "False": return .boolean(false)
    case "None": return .noneValue
    default:
      if word.hasSuffix("L") { word.removeLast() }  // Python 2 long integers: (3L, 4L)
      word = word.replacingUnderscores()
      return Int(word).map(PythonLiteral.integer)
    }
  }
}

extension String {
  /// The string without `_` (Python allows `1_000`).
  fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}

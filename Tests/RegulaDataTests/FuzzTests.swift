import Foundation
import RegulaData
import Testing

/// Feeds each reader seeded random bytes, every truncation of a valid file, and random
/// mutations of it. A reader must return a value or throw a `DataError` (the typed `throws`
/// guarantees the type; a trap would crash the test process), and every error must point at a
/// real place: a line and column inside the input.
@Suite("Reader fuzzing")
struct FuzzTests {
  typealias Reader = @Sendable (Data) throws(DataError) -> Void

  static let readers: [(name: String, valid: Data, read: Reader)] = [
    (
      "csv",
      Data("name,\"quoted, name\",y\r\n1,2.5,0\n-3e2,\"4\",1\n\n.5,6.,2\n7,8,3\n".utf8),
      { (data: Data) throws(DataError) in _ = try CSVReader().parse(data, path: "fuzz.csv", as: Float.self) }
    ),
    (
      "libsvm",
      Data("# header\n+1 qid:2 1:0.5 3:-1e-3 # c\n-1 2:4\n\n0 1:1 4:2.25\r\n2\n".utf8),
      { (data: Data) throws(DataError) in _ = try LIBSVMReader().parse(data, path: "fuzz.svm", as: Double.self) }
    ),
    (
      "npy",
      npyBytes,
      { (data: Data) throws(DataError) in _ = try NPYReader().parse(data, path: "fuzz.npy", as: Float.self) }
    ),
  ]

  /// A valid version 1.0 NPY file of shape (2, 3), float64.
  static var npyBytes: Data {
    let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"
    let padded = header + String(repeating: " ", count: 118 - 1 - header.utf8.count) + "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, 118, 0] + Array(padded.utf8)
    for value in [0.0, 1.5, -2, 3.25, 0.1, 1.0 / 3.0] {
      withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }
    return Data(bytes)
  }

  /// The bytes random inputs are drawn from: mostly the formats' own syntax, some arbitrary.
  static let alphabet = Array("0123456789.,;:-+eE#\"' \t\r\n\n\nqidnaNfF()[]{}_TrueFals".utf8)

  private func check(_ read: Reader, _ data: Data, _ name: String) {
    do {
      try read(data)
    } catch {
      switch error {
      case .malformed(_, let line, let column, _), .badIndex(_, let line, let column, _):
        let lineCount = data.filter { $0 == UInt8(ascii: "\n") }.count + 1
        #expect(line >= 1 && line <= lineCount && column >= 1 && column <= data.count + 1, "\(name): \(error)")
      case .raggedRow(_, let line, _, _):
        #expect(line >= 1, "\(name): \(error)")
      default:
        #expect(!error.description.isEmpty)
      }
    }
  }

  @Test func randomBytes() {
    var rng = RandomGenerator(seed: 2024)
    for (name, valid, read) in Self.readers {
      for trial in 0..<700 {
        let length = Int(rng.next() % 160)
        var bytes = [UInt8]()
        if name == "npy" && trial % 2 == 0 { bytes = Array(valid.prefix(10)) }  // get past the magic
        for _ in 0..<length {
          bytes.append(
            rng.next() % 8 == 0 ? UInt8(truncatingIfNeeded: rng.next())
              : Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))])
        }
        check(read, Data(bytes), name)
      }
    }
  }

  @Test func everyTruncationOfAValidFile() {
    for (name, valid, read) in Self.readers {
      for length in 0...valid.count {
        check(read, valid.prefix(length), name)
      }
    }
  }

  @Test func randomMutationsOfAValidFile() {
    var rng = RandomGenerator(seed: 7)
    for (name, valid, read) in Self.readers {
      for _ in 0..<600 {
        var bytes = Array(valid)
        for _ in 0..<(1 + Int(rng.next() % 3)) {
          let position = Int(rng.next() % UInt64(bytes.count))
          switch rng.next() % 3 {
          case 0: bytes[position] = UInt8(truncatingIfNeeded: rng.next())
          case 1: bytes[position] = Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))]
          default: bytes.remove(at: position)
          }
        }
        check(read, Data(bytes), name)
      }
    }
  }
}

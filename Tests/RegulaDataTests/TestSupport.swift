import Foundation
import RegulaData
import Testing

/// A fresh directory under the system's temporary directory, removed by `cleanup()`.
struct TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("regula-data-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  func write(_ text: String, to name: String) throws -> String {
    let path = path(name)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// The error `body` throws, or `nil` if it returns.
func caughtError<T>(_ body: () throws(DataError) -> T) -> DataError? {
  do {
    _ = try body()
    return nil
  } catch {
    return error
  }
}

/// Bit-exact equality of two arrays of floating-point values (distinguishes 0 and −0).
func bitwiseEqual<S: BinaryFloatingPoint>(_ a: [S], _ b: [S]) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { $0 == $1 && $0.sign == $1.sign }
}

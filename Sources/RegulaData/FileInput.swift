import Foundation

/// Reads a whole file for a reader, turning every failure into a ``DataError``.
func readFileContents(atPath path: String) throws(DataError) -> Data {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
    throw .fileNotFound(path: path)
  }
  guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory") }
  do {
    return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
  } catch {
    throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
  }
}

extension Data {
  /// Runs `body` on the bytes, forwarding a typed error (`withUnsafeBytes` only rethrows
  /// untyped ones).
  func withBytes<R>(
    _ body: (UnsafeBufferPointer<UInt8>) throws(DataError) -> R
  ) throws(DataError) -> R {
    let result: Result<R, DataError> = withUnsafeBytes { raw in
      Result { () throws(DataError) -> R in try body(raw.bindMemory(to: UInt8.self)) }
    }
    return try result.get()
  }
}

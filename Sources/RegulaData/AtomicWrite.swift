import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes `data` to `url` so that the file is either left as it was or holds all of `data`,
/// never a part of it.
///
/// The bytes go to a new temporary file in the same directory (so that both are on one file
/// system), are flushed to disk with `fsync`, and the temporary file is then renamed over
/// `url`, which POSIX makes atomic. If anything fails, the temporary file is removed and the
/// destination is untouched. An existing file at `url` is replaced; its permissions are not
/// kept (the new file gets `0666` less the process's umask).
///
/// Readers and writers in Regula use it for data files, and the trainer for checkpoints and
/// reports, so that an interrupted run never leaves a half-written file.
///
/// - Parameters:
///   - data: The complete contents of the file.
///   - url: A file URL; its directory must exist.
/// - Throws: ``DataError/unwritable(path:reason:)`` naming `url.path` and the system's reason.
public func writeAtomically(_ data: Data, to url: URL) throws(DataError) {
  let path = url.path
  let directory = url.deletingLastPathComponent().path
  let temporaryPath =
    (directory.isEmpty ? "." : directory) + "/." + url.lastPathComponent
    + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

  let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o666)
  guard descriptor >= 0 else {
    throw .unwritable(path: path, reason: systemError())
  }
  var failure: String?
  data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
    var offset = 0
    while offset < buffer.count {
      let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        failure = systemError()
        return
      }
      offset += written
    }
  }
  if failure == nil, fsync(descriptor) != 0 { failure = systemError() }
  if close(descriptor) != 0, failure == nil { failure = systemError() }
  if failure == nil, rename(temporaryPath, path) != 0 { failure = systemError() }
  if let failure {
    unlink(temporaryPath)
    throw .unwritable(path: path, reason: failure)
  }
}

/// The text of the current `errno`.
func systemError() -> String { String(cString: strerror(errno)) }

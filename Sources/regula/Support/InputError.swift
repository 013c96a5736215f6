/// Bad input found by a command itself (not by a reader): printed as one `error:` line,
/// exit status 1. The message names the file or flag it is about.
struct InputError: Error, CustomStringConvertible {
  let message: String
  init(_ message: String) { self.message = message }
  var description: String { "error: " + message }
}

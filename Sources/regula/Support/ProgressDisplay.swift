import Foundation

/// Progress on stderr: one live line redrawn in place on a terminal, plain periodic lines
/// otherwise (logs, CI, pipes). stdout stays free for the summary.
struct ProgressDisplay {
  let isTerminal = isatty(STDERR_FILENO) != 0
  var quiet = false
  private var lastDraw = Date.distantPast

  init(quiet: Bool) { self.quiet = quiet }

  /// Redraws the live line (at most ten times a second); silent when not on a terminal.
  mutating func update(_ line: @autoclosure () -> String) {
    guard !quiet, isTerminal, Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
    lastDraw = Date()
    FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line()).utf8))
  }

  /// A line that stays: replaces the live line on a terminal, or is printed as it is.
  mutating func log(_ line: String) {
    guard !quiet else { return }
    notice(line)
  }

  /// A line printed even with `--quiet` (how a run ended, when that is not a summary).
  mutating func notice(_ line: String) {
    FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[2K" : "") + line + "\n").utf8))
    lastDraw = .distantPast
  }

  /// A text progress bar of `width` cells for `fraction` in [0, 1].
  static func bar(_ fraction: Double, width: Int = 20) -> String {
    let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
    return "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled) + "]"
  }
}

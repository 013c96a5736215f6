import ArgumentParser
import Foundation
import Regula

/// `regula`: one command-line grammar over Regula's training, optimization and solvers.
@main
struct RegulaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regula",
    abstract: "Objectives of machine-learning training: optimizers, penalties, losses, solvers.",
    subcommands: [Train.self, Optimize.self, Reproduce.self, FitCommand.self, PathCommand.self, OTCommand.self, Bench.self])

  /// Parses, runs, and maps failures to one `error:` line and an exit status: 1 for bad
  /// input (files, data, values), 2 for a malformed command line, 130 after SIGINT.
  static func main() {
    keepFreedMemory()
    let command: any ParsableCommand
    do {
      command = try parseAsRoot()
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      fail(message(for: error), status: 2)
    }
    do {
      var command = command
      try command.run()
    } catch let exit as ExitCode {
      Foundation.exit(exit.rawValue)
    } catch let error as ValidationError {
      fail(error.message, status: 2)
    } catch {
      // `--help` and `help NAME` parse to argument-parser's help command, whose run throws
      // the help request; its exit code is success.
      if exitCode(for: error) == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      fail("\(error)", status: 1)
    }
  }

  /// Tells glibc's allocator to keep freed blocks instead of returning them to the system.
  ///
  /// A training step allocates and frees the same large tensors every time; by default
  /// glibc maps blocks of 128 KiB and more afresh and unmaps them on free, so every step
  /// pays page faults to zero the same memory again (about 1,600 per step of a 784-512-10
  /// MLP). Raising both thresholds makes the heap reuse those blocks.
  static func keepFreedMemory() {
    #if os(Linux)
      let (mmapThreshold, trimThreshold): (Int32, Int32) = (-3, -1)  // <malloc.h>'s M_MMAP_THRESHOLD, M_TRIM_THRESHOLD
      _ = glibcMallopt(mmapThreshold, 1 << 30)
      _ = glibcMallopt(trimThreshold, 1 << 30)
    #endif
  }

  static func fail(_ message: String, status: Int32) -> Never {
    let line = message.hasPrefix("error:") ? message : "error: " + message
    FileHandle.standardError.write(Data((line + "\n").utf8))
    Foundation.exit(status)
  }
}

#if os(Linux)
  /// glibc's `mallopt`, which the Glibc module does not export (it lives in <malloc.h>).
  @_silgen_name("mallopt")
  private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

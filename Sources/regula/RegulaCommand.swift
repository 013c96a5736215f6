import ArgumentParser
import Foundation
import Regula

/// `regula`: one command-line grammar over Regula's training, optimization and solvers.
@main
struct RegulaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regula",
    abstract: "Objectives of machine-learning training: optimizers, penalties, losses, solvers.",
    subcommands: [Train.self, Bench.self])

  /// Parses, runs, and maps failures to one `error:` line and an exit status: 1 for bad
  /// input (files, data, values), 2 for a malformed command line, 130 after SIGINT.
  static func main() {
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
      fail("\(error)", status: 1)
    }
  }

  static func fail(_ message: String, status: Int32) -> Never {
    let line = message.hasPrefix("error:") ? message : "error: " + message
    FileHandle.standardError.write(Data((line + "\n").utf8))
    Foundation.exit(status)
  }
}

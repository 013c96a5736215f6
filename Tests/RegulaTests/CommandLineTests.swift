import Foundation
import Testing

/// The `regula` executable, run as a user would: exit statuses, one-line errors, SIGINT and
/// `--resume`.
@Suite(.serialized)
struct CommandLineTests {
  /// The built `regula` next to the test bundle.
  static let executable: URL = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("regula").path),
      directory.path != "/"
    {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("regula")
  }()

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let (out, err) = (Pipe(), Pipe())
    process.standardOutput = out
    process.standardError = err
    try process.run()
    return (process, out, err)
  }

  static func finish(_ p: (Process, Pipe, Pipe)) -> Result {
    let stdout = p.1.fileHandleForReading.readDataToEndOfFile()
    let stderr = p.2.fileHandleForReading.readDataToEndOfFile()
    p.0.waitUntilExit()
    return Result(status: p.0.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
  }

  static func run(_ arguments: [String]) throws -> Result { finish(try start(arguments)) }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("regula-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func badInputGivesOneErrorLineAndStatus() throws {
    let dir = try Self.temporaryDirectory()
    let ragged = dir.appendingPathComponent("ragged.csv")
    try "a,b,label\n1,2,0\n3,4\n".write(to: ragged, atomically: true, encoding: .utf8)
    let cases: [([String], Int32, String)] = [
      (["train", "--data", dir.appendingPathComponent("missing.csv").path], 1, "missing.csv: no such file"),
      (["train", "--data", ragged.path], 1, "ragged.csv:3: expected 3 fields"),
      (["train", "--epochs", "0"], 2, "--epochs must be positive"),
      (["train", "--epochs", "many"], 2, "many"),
      (["train", "--optimizer", "adagard"], 2, "unknown optimizer \"adagard\"; valid optimizers: "),
      (["train", "--optimizer", "adamw(lr=abc"], 2, "column 13"),
      (["train", "--hidden", "12,x"], 2, "--hidden"),
      (["train", "--no-such-flag"], 2, "no-such-flag"),
      (["train", "--resume", "--output", dir.path], 1, "checkpoint.json: no such file"),
    ]
    for (arguments, status, fragment) in cases {
      let result = try Self.run(arguments + ["--quiet"])
      #expect(result.status == status, "\(arguments): status \(result.status), stderr \(result.stderr)")
      let lines = result.stderr.split(separator: "\n")
      #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
  }

  /// Parameters of the checkpoint in `directory`, as decoded JSON.
  static func parameters(in directory: URL) throws -> NSArray {
    let data = try Data(contentsOf: directory.appendingPathComponent("checkpoint.json"))
    let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    return try #require(object["parameters"] as? NSArray)
  }

  static func epochsCompleted(in directory: URL) -> Int? {
    guard let data = try? Data(contentsOf: directory.appendingPathComponent("checkpoint.json")),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    return object["epochsCompleted"] as? Int
  }

  @Test func interruptedRunResumesToTheUninterruptedParameters() throws {
    let options = ["train", "--hidden", "16", "--epochs", "100", "--batch-size", "64", "--seed", "5", "--quiet"]
    let straight = try Self.temporaryDirectory(), interrupted = try Self.temporaryDirectory()
    let full = try Self.run(options + ["--output", straight.path])
    #expect(full.status == 0, "\(full.stderr)")

    let running = try Self.start(options + ["--output", interrupted.path])
    let deadline = Date().addingTimeInterval(120)
    while (Self.epochsCompleted(in: interrupted) ?? 0) < 1, Date() < deadline { usleep(2_000) }
    kill(running.0.processIdentifier, SIGINT)
    let stopped = Self.finish(running)
    #expect(stopped.status == 130, "\(stopped.stderr)")
    #expect(stopped.stderr.contains("--resume"))
    let kept = try #require(Self.epochsCompleted(in: interrupted))
    #expect(kept >= 1 && kept < 100)

    let resumed = try Self.run(options + ["--output", interrupted.path, "--resume"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("epochs: 100"))
    #expect(try Self.parameters(in: interrupted) == Self.parameters(in: straight))
    let metrics = try String(contentsOf: interrupted.appendingPathComponent("metrics.csv"), encoding: .utf8)
    #expect(metrics.split(separator: "\n").count == 101)
  }

  @Test func summaryIsKeyValueOrJSON() throws {
    let dir = try Self.temporaryDirectory()
    let plain = try Self.run(["train", "--hidden", "32", "--epochs", "2", "--learning-rate", "0.01", "--quiet", "--output", dir.path])
    #expect(plain.status == 0)
    #expect(plain.stdout.contains("test_accuracy: "))
    let json = try Self.run(["train", "--hidden", "32", "--epochs", "2", "--learning-rate", "0.01", "--quiet", "--json", "--output", dir.path])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let accuracy = try #require(object?["test_accuracy"] as? Double)
    #expect(accuracy > 0.5 && accuracy <= 1)
    let spec = try Self.run(["train", "--hidden", "32", "--epochs", "2", "--optimizer", "lion(lr=3e-3)", "--quiet", "--json", "--output", dir.path])
    let specSummary = try JSONSerialization.jsonObject(with: Data(spec.stdout.utf8)) as? [String: Any]
    #expect(specSummary?["optimizer"] as? String == "lion(lr=0.003)")
    #expect((specSummary?["test_accuracy"] as? Double ?? 0) > 0.5)
  }
}

extension CommandLineTests {
  @Test func optimizeWritesTrajectoriesAndPlots() throws {
    let dir = try Self.temporaryDirectory()
    let result = try Self.run([
      "optimize", "--function", "quadratic", "--condition-number", "10", "--steps", "40",
      "--optimizer", "sgd(lr=0.1)", "--optimizer", "adam(lr=0.1)", "--output", dir.path, "--json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = try String(contentsOf: dir.appendingPathComponent("trajectories.csv"), encoding: .utf8).split(separator: "\n")
    #expect(rows.first == "optimizer,step,loss,x1,x2")
    #expect(rows.count == 1 + 2 * 41)
    #expect(rows[1].hasPrefix("\"sgd(lr=0.1)\",0,"))
    for file in ["loss.svg", "contours.svg"] { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path)) }
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
    #expect(json.map { $0["optimizer"] as? String } == ["sgd(lr=0.1)", "adam(lr=0.1)"])
    // Gradient descent with η = 0.1 contracts by 1 − 0.1·λ per step on λ ∈ {1, 10}.
    #expect((json[0]["final_loss"] as! Double) < 0.5 * pow(0.9, 80) * 2)
  }

  @Test func optimizeRejectsWhatItCannotRun() throws {
    let dir = try Self.temporaryDirectory()
    let threeClasses = dir.appendingPathComponent("three.csv")
    try "a,b,label\n1,2,0\n3,4,1\n5,6,2\n".write(to: threeClasses, atomically: true, encoding: .utf8)
    let cases: [([String], Int32, String)] = [
      (["optimize", "--function", "himmelblau"], 2, "unknown function \"himmelblau\"; valid functions: rosenbrock, beale"),
      (["optimize", "--function", "logistic"], 2, "--function logistic needs --data"),
      (["optimize", "--optimizer", "adamw(lr=1, wd=2)"], 2, "--optimizer adamw(lr=1, wd=2): unknown argument \"wd\""),
      (["optimize", "--steps", "0"], 2, "--steps must be at least 1"),
      (["optimize", "--function", "logistic", "--data", threeClasses.path, "--output", dir.path], 1, "three.csv: logistic regression needs targets with exactly two distinct values, found 3"),
    ]
    for (arguments, status, message) in cases {
      let result = try Self.run(arguments)
      #expect(result.status == status, "\(arguments)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1)
    }
  }
}

extension CommandLineTests {
  @Test(arguments: [["--help"], ["train", "--help"], ["help", "optimize"], ["reproduce", "grokking", "--help"]])
  func helpPrintsUsageAndSucceeds(_ arguments: [String]) throws {
    let result = try Self.run(arguments)
    #expect(result.status == 0, "\(arguments): \(result.stderr)")
    #expect(result.stdout.hasPrefix("OVERVIEW:") && result.stdout.contains("USAGE: regula"))
    #expect(result.stderr.isEmpty)
  }
}

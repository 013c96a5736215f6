import Foundation
import Testing

/// `regula ot` run as a user would: the exact cost on a problem solvable by hand, the plan
/// files, the SVG, and one typed error line per kind of bad input.
struct OTCommandTests {
  static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// Runs `body` in a fresh temporary directory, removed afterwards.
  static func inTemporaryDirectory(_ body: (URL) throws -> Void) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regula-ot-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try body(dir)
  }

  @Test func solvesAndWritesThePlanAndTheMatching() throws { try Self.inTemporaryDirectory { dir in
    // Three sources and three targets: the best matching moves each source up by 1 (cost 1
    // each, squared distance), while crossing would cost more.
    let source = try Self.write("0,0\n1,0\n2,0\n", "a.csv", in: dir)
    let target = try Self.write("0,1\n1,1\n2,1\n", "b.csv", in: dir)
    let plan = dir.appendingPathComponent("plan.csv").path, svg = dir.appendingPathComponent("m.svg").path
    let r = try CommandLineTests.run(["ot", "--source", source, "--target", target, "--plan", plan, "--sparse", "--svg", svg])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("cost: 1\n") || r.stdout.contains("cost: 1.0"), "\(r.stdout)")
    #expect(r.stdout.contains("status: converged"))
    let written = try String(contentsOfFile: plan, encoding: .utf8)
    #expect(written.hasPrefix("source,target,mass\n"))
    #expect(written.split(separator: "\n").count == 4)
    #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))

    // Sinkhorn at an ε so small that the kernel underflows: a finite answer and a note.
    let s = try CommandLineTests.run(["ot", "--source", source, "--target", target, "--method", "sinkhorn", "--eps", "1e-4", "--json"])
    #expect(s.status == 0, "\(s.stderr)")
    #expect(s.stdout.contains("\"domain\": \"logarithmic\"") && s.stdout.contains("log domain"), "\(s.stdout)")

    // Unbalanced transport accepts weights with different totals.
    let weights = try Self.write("1\n1\n1\n", "w.csv", in: dir)
    let u = try CommandLineTests.run([
      "ot", "--source", source, "--target", target, "--target-weights", weights, "--method", "unbalanced", "--eps", "0.1",
      "--marginal-penalty", "1",
    ])
    #expect(u.status == 0 && u.stdout.contains("transported_mass: "), "\(u.stdout) \(u.stderr)")

    // Sparse transport with one source per target: a permutation here, the exact cost.
    let k = try CommandLineTests.run(["ot", "--source", source, "--target", target, "--method", "sparse", "--eps", "1e-3", "--max-nonzeros", "1"])
    #expect(k.status == 0 && k.stdout.contains("cost: 1"), "\(k.stdout) \(k.stderr)")

    // Partial transport of half the mass (target weights of total 3): the three cheapest
    // unit moves cost 1 per unit of mass, so half the mass costs 0.5.
    let p = try CommandLineTests.run(["ot", "--source", source, "--target", target, "--target-weights", weights, "--method", "partial", "--mass", "0.5"])
    #expect(p.status == 0 && p.stdout.contains("cost: 0.500000000000\n") && p.stdout.contains("transported_mass: 0.5000000000\n"), "\(p.stdout) \(p.stderr)")
    let e = try CommandLineTests.run(["ot", "--source", source, "--target", target, "--method", "partial", "--mass", "0.5", "--eps", "0.05"])
    #expect(e.status == 0 && e.stdout.contains("transported_mass: 0.5000000000") && e.stdout.contains("epsilon: 0.05"), "\(e.stdout) \(e.stderr)")
  } }

  /// `--method sns` solves Sinkhorn's problem: the same cost as the log domain, with the
  /// Newton stage reported in a note.
  @Test func sinkhornNewtonSparseMatchesSinkhorn() throws { try Self.inTemporaryDirectory { dir in
    let points = (0..<9).map { k in "\(Double(k % 3) + 0.1 * Double(k)),\(Double(k / 3) - 0.05 * Double(k * k % 7))" }
    let source = try Self.write(points.joined(separator: "\n") + "\n", "a.csv", in: dir)
    let targets = (0..<9).map { k in "\(Double(k % 4) * 0.7),\(Double(k / 4) * 0.9 + 0.3)" }
    let target = try Self.write(targets.joined(separator: "\n") + "\n", "b.csv", in: dir)
    func cost(_ method: [String]) throws -> (Double, String) {
      let r = try CommandLineTests.run(["ot", "--source", source, "--target", target, "--eps", "0.5", "--tolerance", "1e-12"] + method)
      #expect(r.status == 0, "\(method): \(r.stderr)")
      let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("cost: ") })
      return (try #require(Double(line.dropFirst(6))), r.stdout)
    }
    let (sinkhorn, _) = try cost(["--method", "sinkhorn", "--domain", "logarithmic"])
    let (sns, output) = try cost(["--method", "sns"])
    #expect(abs(sns - sinkhorn) < 1e-10 * sinkhorn, "\(sns) vs \(sinkhorn)")
    #expect(output.contains("status: converged") && output.contains("Newton steps"), "\(output)")
    let missing = try CommandLineTests.run(["ot", "--source", source, "--target", target, "--method", "sns"])
    #expect(missing.status == 2 && missing.stderr.contains("--method sns needs --eps"), "\(missing.stderr)")
  } }

  @Test func badInputIsOneErrorLine() throws { try Self.inTemporaryDirectory { dir in
    let source = try Self.write("0,0\n1,0\n", "a.csv", in: dir)
    let target = try Self.write("0,1\n1,1\n", "b.csv", in: dir)
    let cases: [([String], Int32, String)] = [
      (["--target-weights", try Self.write("-1\n2\n", "w.csv", in: dir)], 1, "target weight 0 (0-based) is -1.0"),
      (["--target-weights", try Self.write("3\n2\n", "w2.csv", in: dir)], 1, "the source weights sum to 1.0 and the target weights to 5.0"),
      (["--source-weights", try Self.write("1\n", "w3.csv", in: dir)], 1, "expected one weight per point"),
      (["--target", try Self.write("0,1,2\n", "c.csv", in: dir)], 1, "the points must have the same dimension"),
      (["--method", "sinkhorn", "--eps", "0"], 1, "epsilon must be positive"),
      (["--method", "sinkhorn"], 2, "needs --eps"),
      (["--marginal-penalty", "1"], 2, "--marginal-penalty goes with --method unbalanced"),
      (["--method", "partial"], 2, "--mass goes with --method partial"),
      (["--method", "partial", "--mass", "2"], 1, "the mass to transport is 2.0; it must lie in [0, 1.0]"),
    ]
    for (extra, status, message) in cases {
      var arguments = ["ot", "--source", source, "--target", target]
      // A later --target replaces the first.
      if let k = extra.firstIndex(of: "--target") { arguments.removeLast(2); arguments += ["--target", extra[k + 1]] } else { arguments += extra }
      let r = try CommandLineTests.run(arguments)
      #expect(r.status == status, "\(extra): \(r.status) \(r.stderr)")
      #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1, "\(extra): \(r.stderr)")
    }
  } }
}

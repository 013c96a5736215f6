import Foundation
import Regula
import Testing

/// `regula fit multitask` and `regula path multitask|grouplasso` as a user runs them.
struct MultiTaskCommandTests {
  /// 50 rows of 5 features and 2 targets sharing features 0 and 2, headed a,…,e,u,v, with the
  /// targets in the middle (columns 2 and 4 of the file are u and v).
  static func data() -> (x: [[Double]], y: [[Double]], csv: String) {
    var rng = RandomGenerator(seed: 5)
    var x = [[Double]](), y = [[Double]]()
    for _ in 0..<50 {
      let row = (0..<5).map { _ in rng.nextNormal() }
      x.append(row)
      y.append([2 * row[0] - row[2] + 0.1 * rng.nextNormal() + 1, -row[0] + 1.5 * row[2] + 0.1 * rng.nextNormal()])
    }
    var csv = "a,b,u,c,v,d,e\n"
    for (r, t) in zip(x, y) { csv += [r[0], r[1], t[0], r[2], t[1], r[3], r[4]].map { String($0) }.joined(separator: ",") + "\n" }
    return (x, y, csv)
  }

  static func write() throws -> (URL, URL) {
    let dir = try CommandLineTests.temporaryDirectory()
    let file = dir.appendingPathComponent("tasks.csv")
    try data().csv.write(to: file, atomically: true, encoding: .utf8)
    return (dir, file)
  }

  @Test func multiTaskFitIsTheLibrarysModel() throws {
    let (dir, file) = try Self.write()
    let (x, y, _) = Self.data()
    let output = dir.appendingPathComponent("w.csv").path
    // Targets by name and by index, in the file's order or not.
    for targets in ["u,v", "2,v"] {
      let result = try CommandLineTests.run([
        "fit", "multitask", "--data", file.path, "--targets", targets, "--alpha", "0.2", "--relative", "--tolerance", "1e-12",
        "--output", output, "--json",
      ])
      #expect(result.status == 0, "\(result.stderr)")
      let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
      let model = MultiTaskLasso(alpha: 1, options: .init(tolerance: 1e-12))
      let alpha = 0.2 * (try model.alphaMax(Tensor(rows: x), Tensor(rows: y)))
      let expected = try MultiTaskLasso(alpha: alpha, options: .init(tolerance: 1e-12)).fit(Tensor(rows: x), Tensor(rows: y))
      #expect(abs((summary["alpha"] as! Double) - alpha) <= 1e-7 * alpha)
      #expect(abs((summary["objective"] as! Double) - expected.objective) <= 1e-10 * expected.objective)
      #expect(summary["support_size"] as? Int == expected.support.count)
      #expect(summary["status"] as? String == "converged")
      #expect(summary["features"] as? Int == 5)
      let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
      #expect(lines.first == "feature,u,v" && lines.count == 7)
      let w = expected.coefficients.scalars
      #expect(lines[3] == "c,\(w[4]),\(w[5])")
      #expect(lines[6] == "intercept,\(expected.intercepts[0]),\(expected.intercepts[1])")
    }
  }

  @Test func pathsOfMultiTaskAndGroupLasso() throws {
    let (dir, file) = try Self.write()
    let (x, y, _) = Self.data()
    let csv = dir.appendingPathComponent("p.csv").path, svg = dir.appendingPathComponent("p.svg").path
    let result = try CommandLineTests.run([
      "path", "multitask", "--data", file.path, "--targets", "u,v", "--alphas", "6", "--min-ratio", "0.01",
      "--tolerance", "1e-12", "--output", csv, "--plot", svg,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let path = try MultiTaskLasso(alpha: 1, options: .init(tolerance: 1e-12)).path(Tensor(rows: x), Tensor(rows: y), alphaCount: 6, minRatio: 0.01)
    let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 7)
    #expect(lines[0].hasPrefix("alpha,objective,duality_gap,kkt_violation,support_size,intercept:u,intercept:v,a:u,a:v,b:u"))
    for (line, solution) in zip(lines.dropFirst(), path.solutions) {
      let objective = Double(line.split(separator: ",")[1])!
      #expect(abs(objective - solution.objective) <= 1e-10 * solution.objective)
    }
    #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("a:u"))

    // The group Lasso's path, with u as the single target (v a feature).
    let groupResult = try CommandLineTests.run([
      "path", "grouplasso", "--data", file.path, "--target", "u", "--groups", "0,2;1,3;4,5", "--alphas", "4",
      "--tolerance", "1e-12", "--output", csv, "--plot", svg, "--json",
    ])
    #expect(groupResult.status == 0, "\(groupResult.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(groupResult.stdout.utf8)) as! [String: Any]
    let features = zip(x, y).map { r, t in [r[0], r[1], r[2], t[1], r[3], r[4]] }
    let groupAlphaMax = try GroupLasso(alpha: 1, groups: [[0, 2], [1, 3], [4, 5]]).alphaMax(Tensor(rows: features), y.map { $0[0] })
    #expect(abs((summary["alpha_max"] as! Double) - groupAlphaMax) <= 1e-7 * groupAlphaMax)
  }

  @Test func badTargetsAreNamed() throws {
    let (dir, file) = try Self.write()
    let common = ["--alpha", "0.1", "--output", dir.appendingPathComponent("w.csv").path]
    let cases: [([String], Int32, String)] = [
      (["--targets", "u,zz"], 1, "tasks.csv: --targets: no column named 'zz' (columns: a, b, u, c, v, d, e)"),
      (["--targets", "u,7"], 1, "tasks.csv: --targets: column 7 is beyond the file's 7 columns"),
      (["--targets", "u,2"], 1, "tasks.csv: --targets lists column '2' twice"),
      (["--targets", ""], 1, "tasks.csv: --targets lists no column"),
      (["--targets", "0,1,2,3,4,5,6"], 1, "tasks.csv: --targets takes every column"),
      (["--target", "u"], 2, "multitask needs --targets"),
      (["--targets", "u", "--target", "v"], 2, "not --target"),
    ]
    for (arguments, status, message) in cases {
      let result = try CommandLineTests.run(["fit", "multitask", "--data", file.path] + arguments + common)
      #expect(result.status == status, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
    }
    let lasso = try CommandLineTests.run(["fit", "lasso", "--data", file.path, "--targets", "u"] + common)
    #expect(lasso.status == 2 && lasso.stderr.contains("--targets applies to multitask only"))
  }
}

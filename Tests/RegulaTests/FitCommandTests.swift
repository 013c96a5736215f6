import Foundation
import Regula
import Testing

/// `regula fit` as a user runs it: the group Lasso end to end, and bad input.
struct FitCommandTests {
  /// 40 rows, 6 features (two informative groups of 3), written as CSV with the target last.
  static func data() -> (x: [[Double]], y: [Double], csv: String) {
    var rng = RandomGenerator(seed: 11)
    var x = [[Double]](), y = [Double]()
    for _ in 0..<40 {
      let row = (0..<6).map { _ in rng.nextNormal() }
      x.append(row)
      y.append(2 * row[0] - row[1] + 0.5 * row[2] + 0.1 * rng.nextNormal())
    }
    var csv = "a,b,c,d,e,f,y\n"
    for (row, target) in zip(x, y) { csv += (row + [target]).map { String($0) }.joined(separator: ",") + "\n" }
    return (x, y, csv)
  }

  @Test func groupLassoFitsTheLibrarysModel() throws {
    let dir = try CommandLineTests.temporaryDirectory()
    let (x, y, csv) = Self.data()
    let file = dir.appendingPathComponent("groups.csv")
    try csv.write(to: file, atomically: true, encoding: .utf8)
    let output = dir.appendingPathComponent("coefficients.csv").path
    let result = try CommandLineTests.run([
      "fit", "grouplasso", "--data", file.path, "--groups", "0-2;3,4,5", "--alpha", "0.05", "--tolerance", "1e-10",
      "--output", output, "--json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    let expected = try GroupLasso(alpha: 0.05, groups: [[0, 1, 2], [3, 4, 5]], options: .init(tolerance: 1e-10)).fit(Tensor(rows: x), y)
    let objective = (summary["objective"] as? Double) ?? Double(summary["objective"] as? String ?? "") ?? .nan
    #expect(abs(objective - expected.objective) <= 1e-9 * expected.objective)
    #expect(summary["support_size"] as? Int == 3)
    #expect(summary["status"] as? String == "converged")
    #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("feature,coefficient\na,"))
  }

  @Test func badInputIsNamed() throws {
    let dir = try CommandLineTests.temporaryDirectory()
    let file = dir.appendingPathComponent("groups.csv")
    try Self.data().csv.write(to: file, atomically: true, encoding: .utf8)
    let nan = dir.appendingPathComponent("nan.csv")
    try "a,b,y\n1,2,3\n4,nan,5\n6,7,8\n".write(to: nan, atomically: true, encoding: .utf8)
    let wide = dir.appendingPathComponent("wide.libsvm")
    try "1 1:0.5 3:1\n-1 2:1 9:2\n".write(to: wide, atomically: true, encoding: .utf8)
    let common = ["--alpha", "0.1", "--output", dir.appendingPathComponent("c.csv").path]
    let cases: [([String], Int32, String)] = [
      (["fit", "grouplasso", "--data", file.path, "--groups", "0-2;3-6"], 1, "group 1 lists feature 6, beyond the design's 6 features"),
      (["fit", "grouplasso", "--data", file.path, "--groups", "0-2;2-5"], 1, "feature 2 is in groups 0 and 1"),
      (["fit", "grouplasso", "--data", file.path, "--groups", "0-2;4,5"], 1, "feature 3 is in no group"),
      (["fit", "grouplasso", "--data", file.path, "--groups", "0-x"], 2, "--groups: cannot read '0-x' in group 0"),
      (["fit", "grouplasso", "--data", file.path], 2, "grouplasso needs --groups"),
      (["fit", "lasso", "--data", file.path, "--groups", "2"], 2, "--groups and --unit-group-weights apply to grouplasso only"),
      (["fit", "lasso", "--data", nan.path], 1, "nan.csv"),
      (["fit", "lasso", "--data", wide.path, "--features", "5"], 1, "wide.libsvm"),
    ]
    for (arguments, status, message) in cases {
      let result = try CommandLineTests.run(arguments + common)
      #expect(result.status == status, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
    }
    let negative = try CommandLineTests.run(["fit", "lasso", "--data", file.path, "--alpha", "0"])
    #expect(negative.status == 2 && negative.stderr.contains("--alpha must be positive"))
  }
}

import Foundation
import Regula
import Testing

/// `regula fit huber|poisson` as a user runs it: the library's model end to end, and the
/// options that belong to one model only.
struct FitGLMCommandTests {
  /// 50 rows, 5 features; a target with outliers (huber) and counts (poisson), as CSV.
  static func data() -> (x: [[Double]], noisy: [Double], counts: [Double]) {
    var rng = RandomGenerator(seed: 17)
    var x = [[Double]](), noisy = [Double](), counts = [Double]()
    for i in 0..<50 {
      let row = (0..<5).map { _ in rng.nextNormal() }
      x.append(row)
      noisy.append(2 * row[0] - row[3] + 0.2 * rng.nextNormal() + (i % 10 == 0 ? 15 : 0))
      counts.append((exp(0.6 * row[1] + 0.4) * (1 + 0.3 * rng.nextNormal())).rounded().magnitude)
    }
    return (x, noisy, counts)
  }

  static func write(_ x: [[Double]], _ y: [Double], to url: URL) throws {
    var csv = "a,b,c,d,e,y\n"
    for (row, target) in zip(x, y) { csv += (row + [target]).map { String($0) }.joined(separator: ",") + "\n" }
    try csv.write(to: url, atomically: true, encoding: .utf8)
  }

  static func objective(_ stdout: String) throws -> Double {
    let summary = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as! [String: Any]
    return (summary["objective"] as? Double) ?? Double(summary["objective"] as? String ?? "") ?? .nan
  }

  @Test func huberAndPoissonFitTheLibrarysModels() throws {
    let dir = try CommandLineTests.temporaryDirectory()
    let (x, noisy, counts) = Self.data()
    let huberFile = dir.appendingPathComponent("huber.csv"), poissonFile = dir.appendingPathComponent("poisson.csv")
    try Self.write(x, noisy, to: huberFile)
    try Self.write(x, counts, to: poissonFile)
    let output = dir.appendingPathComponent("coefficients.csv").path
    let options = CoordinateDescentOptions(tolerance: 1e-10)

    let huber = try CommandLineTests.run([
      "fit", "huber", "--data", huberFile.path, "--alpha", "0.05", "--delta", "1", "--tolerance", "1e-10", "--output", output, "--json",
    ])
    #expect(huber.status == 0, "\(huber.stderr)")
    let expectedHuber = try PenalizedHuberRegression(penalty: L1Penalty(alpha: 0.05), delta: 1, options: options).fit(Tensor(rows: x), noisy)
    #expect(abs(try Self.objective(huber.stdout) - expectedHuber.objective) <= 1e-9 * expectedHuber.objective)
    #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("feature,coefficient\na,"))

    let poisson = try CommandLineTests.run([
      "fit", "poisson", "--data", poissonFile.path, "--alpha", "0.1", "--relative", "--tolerance", "1e-10", "--output", output, "--json",
    ])
    #expect(poisson.status == 0, "\(poisson.stderr)")
    let model = PenalizedPoissonRegression(penalty: L1Penalty(alpha: 1), options: options)
    let alpha = 0.1 * (try model.alphaMax(Tensor(rows: x), counts))
    let expectedPoisson = try PenalizedPoissonRegression(penalty: L1Penalty(alpha: alpha), options: options).fit(Tensor(rows: x), counts)
    #expect(abs(try Self.objective(poisson.stdout) - expectedPoisson.objective) <= 1e-9 * abs(expectedPoisson.objective))
    #expect(expectedPoisson.support.contains(1))
  }

  @Test func badInputIsNamed() throws {
    let dir = try CommandLineTests.temporaryDirectory()
    let (x, noisy, _) = Self.data()
    let file = dir.appendingPathComponent("huber.csv")
    try Self.write(x, noisy, to: file)
    let common = ["--alpha", "0.1", "--output", dir.appendingPathComponent("c.csv").path]
    let cases: [([String], Int32, String)] = [
      (["fit", "poisson", "--data", file.path], 1, "non-negative for Poisson regression"),
      (["fit", "lasso", "--data", file.path, "--delta", "1"], 2, "--delta applies to huber only"),
      (["fit", "huber", "--data", file.path, "--delta=-1"], 2, "--delta must be positive"),
    ]
    for (arguments, status, message) in cases {
      let result = try CommandLineTests.run(arguments + common)
      #expect(result.status == status, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
  }
}

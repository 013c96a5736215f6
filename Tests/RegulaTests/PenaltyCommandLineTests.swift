import Foundation
import Testing

/// `regula train --penalty`: values in the metrics and summary, and errors that name the
/// spec and the problem.
@Suite(.serialized)
struct PenaltyCommandLineTests {
  @Test func penaltiesAppearAsMetricsColumnsAndSummaryLines() throws {
    let dir = try CommandLineTests.temporaryDirectory()
    let result = try CommandLineTests.run([
      "train", "--epochs", "2", "--hidden", "8", "--quiet", "--output", dir.path,
      "--penalty", "nuclear(1e-3)", "--penalty", "l1(1e-5, on: dense1)", "--penalty", "l1(1e-4, on: \"*.bias\")",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let csv = try String(contentsOf: dir.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n")
    #expect(csv[0].hasSuffix(",seconds,penalty_nuclear,penalty_l1,penalty_l1_2"))
    #expect(csv.count == 3)
    for row in csv.dropFirst() {
      let values = row.split(separator: ",").suffix(3).map { Double($0)! }
      #expect(values.allSatisfy { $0 > 0 && $0.isFinite }, "\(row)")
    }
    #expect(result.stdout.contains("penalty_nuclear: "))
    #expect(result.stdout.contains("penalty_l1_2: "))
  }

  @Test func badPenaltiesGiveOneErrorLineNamingThem() throws {
    let cases: [(String, String)] = [
      ("lasso(1)", "--penalty \"lasso(1)\": unknown penalty \"lasso\""),
      ("l1(-1e-5)", "--penalty \"l1(-1e-5)\": penalty l1: weight must be non-negative"),
      ("l1(1e-5, on: conv1)", "target \"conv1\" matches no parameter; parameters are dense1.weight, dense1.bias, dense2.weight, dense2.bias"),
      ("nuclear(1e-3, on: \"dense1.*\")", "parameter dense1.bias needs a matrix (rank 2), got shape [8]"),
      ("l1(1e-5, on dense1)", "expected \"=\" after argument \"on\""),
    ]
    for (spec, fragment) in cases {
      let result = try CommandLineTests.run(["train", "--hidden", "8", "--quiet", "--penalty", spec])
      #expect(result.status == 2, "\(spec): status \(result.status)")
      let lines = result.stderr.split(separator: "\n")
      #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(spec): \(result.stderr)")
      #expect(result.stderr.contains(fragment), "\(spec): \(result.stderr)")
    }
  }
}

import Foundation
import Testing

/// `regula train --penalty "…(…, prox: true)"`, `l2sp` and `ewc`, and the errors for
/// penalties the command cannot apply; composed wrappers.
@Suite(.serialized)
struct ProximalPenaltyCommandLineTests {
  /// The value of `key: value` in a summary.
  static func summaryValue(_ stdout: String, _ key: String) -> Double? {
    stdout.split(separator: "\n").first { $0.hasPrefix(key + ": ") }.flatMap { Double($0.dropFirst(key.count + 2)) }
  }

  @Test func aProximalL1TermGivesExactZerosWhereTheGradientTermDoesNot() throws {
    func sparsity(_ penalty: String) throws -> Double {
      let dir = try CommandLineTests.temporaryDirectory()
      let result = try CommandLineTests.run([
        "train", "--epochs", "2", "--hidden", "8", "--quiet", "--diagnostics", "--optimizer", "sgd", "--learning-rate", "0.05",
        "--output", dir.path, "--penalty", penalty,
      ])
      #expect(result.status == 0, "\(result.stderr)")
      return try #require(Self.summaryValue(result.stdout, "dense1.weight.sparsity"), "\(result.stdout)")
    }
    // Same strength: the prox zeroes most of dense1's weights, the subgradient none exactly.
    #expect(try sparsity("l1(0.2, on: dense1, prox: true)") > 0.5)
    #expect(try sparsity("l1(0.2, on: dense1)") == 0)
  }

  /// One epoch with `penalties`: the metrics header must end with `columns` and their values
  /// be positive and finite.
  static func expectPenaltyColumns(_ penalties: [String], _ columns: [String]) throws {
    let dir = try CommandLineTests.temporaryDirectory()
    let result = try CommandLineTests.run(
      ["train", "--epochs", "1", "--hidden", "8", "--quiet", "--output", dir.path] + penalties.flatMap { ["--penalty", $0] })
    #expect(result.status == 0, "\(result.stderr)")
    let csv = try String(contentsOf: dir.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n")
    #expect(csv[0].hasSuffix(",seconds," + columns.joined(separator: ",")), "\(csv[0])")
    let values = csv[1].split(separator: ",").suffix(columns.count).map { Double($0)! }
    #expect(values.allSatisfy { $0 > 0 && $0.isFinite }, "\(csv[1])")
  }

  @Test func anchoredPenaltiesRunAndReportOneTermPerParameter() throws {
    // l2sp on dense1's weight and bias, then the proximal EWC terms (reported, not differentiated).
    try Self.expectPenaltyColumns(
      ["l2sp(0.1, on: \"dense1.*\")", "ewc(1, on: \"dense2.*\", prox: true)"],
      ["penalty_l2_sp", "penalty_l2_sp_2", "penalty_ewc", "penalty_ewc_2"])
  }

  @Test func wholeModelPenaltiesRunAndAreReported() throws {
    try Self.expectPenaltyColumns(["path_norm(1e-3, exponent=2)", "jacobian(1e-3, sigma=0.1)"], ["penalty_path_norm", "penalty_jacobian"])
  }

  @Test func aGradientRuleAndAnInputRuleRunTogether() throws {
    let dir = try CommandLineTests.temporaryDirectory()
    let result = try CommandLineTests.run([
      "train", "--epochs", "1", "--hidden", "8", "--quiet", "--output", dir.path, "--wrapper", "sam(rho=0.05)", "--wrapper", "mixup",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("wrapper: sam(rho=0.05) + mixup\n"), "\(result.stdout)")
  }

  @Test func penaltiesItCannotApplyAndSeveralWrappersGiveOneErrorLine() throws {
    let cases: [([String], String)] = [
      (["--penalty", "orthogonality(1e-3, prox: true)"], "--penalty \"orthogonality(1e-3, prox: true)\": penalty orthogonality has no proximal operator"),
      (["--penalty", "flops(1e-3)"], "penalty flops acts on a layer's activations"),
      (["--penalty", "path_norm(1e-3, prox: true)"], "penalty path_norm has no proximal operator"),
      (["--penalty", "path_norm(1e-3)", "--activation", "tanh"], "the path-norm is defined for ReLU networks; use --activation relu (got tanh)"),
      (["--penalty", "jacobian(1e-3, sigma=0)"], "penalty jacobian: sigma must be positive and samples at least 1, got 0.0, 1"),
      (["--penalty", "l1(1e-3, prox: 1)"], "penalty l1: prox must be true or false, got 1"),
      (["--penalty", "l2sp(0.1, on: conv1)"], "penalty l2sp(0.1, on=conv1): target \"conv1\" matches no parameter"),
      (["--penalty", "ewc(-1)"], "penalty ewc: weight must be non-negative and finite, got -1"),
      (["--wrapper", "sam", "--wrapper", "gam"], "--wrapper: wrappers: 2 gradient rules do not compose"),
      (["--wrapper", "mixup", "--wrapper", "label_smoothing"], "--wrapper: wrappers: 2 target or input rules do not compose"),
    ]
    for (arguments, fragment) in cases {
      let result = try CommandLineTests.run(["train", "--hidden", "8", "--quiet"] + arguments)
      #expect(result.status == 2, "\(arguments): status \(result.status)")
      let lines = result.stderr.split(separator: "\n")
      #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
    }
  }
}

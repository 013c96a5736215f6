import Foundation
import Testing

/// `regula train --wrapper`: bad specs are one-line errors with status 2, a wrapper run
/// names its wrapper in the summary, and a checkpoint of another wrapper is not resumed.
struct WrapperCommandLineTests {
  @Test func badWrapperSpecsAreOneLineErrors() throws {
    let cases: [(String, String)] = [
      ("sam(rho=-1)", "error: --wrapper: wrapper sam: rho must be non-negative, got -1.0"),
      ("samm", "error: --wrapper: unknown wrapper \"samm\"; valid wrappers: amp, asam, cutout, elle, elr, gam, gradient_regularization"),
      ("elr(lambda=3, betta=0.7)", "unknown argument \"betta\" for wrapper elr; valid arguments: beta, lambda"),
      ("cutout(size=3, height=7)", "--wrapper: cutout cannot read 64 features as a 7×? image"),
    ]
    for (spec, fragment) in cases {
      let result = try CommandLineTests.run(["train", "--epochs", "1", "--quiet", "--wrapper", spec])
      #expect(result.status == 2, "\(spec): status \(result.status), stderr \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(fragment), "\(spec): \(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
  }

  @Test func wrapperRunNamesItsWrapperAndRefusesAnotherOnResume() throws {
    let dir = try CommandLineTests.temporaryDirectory()
    let options = ["train", "--hidden", "16", "--epochs", "1", "--quiet", "--json", "--output", dir.path]
    let run = try CommandLineTests.run(options + ["--wrapper", "elr(lambda=3, beta=0.7)"])
    #expect(run.status == 0, "\(run.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    #expect(summary?["wrapper"] as? String == "elr(lambda=3, beta=0.7)")
    #expect((summary?["test_accuracy"] as? Double ?? 0) > 0.3)
    let other = try CommandLineTests.run(options + ["--wrapper", "sam", "--resume", "--epochs", "2"])
    #expect(other.status == 1)
    #expect(other.stderr.contains("written by another configuration"), "\(other.stderr)")
  }
}

import Foundation
import Regula
import Testing
import _RegulaTestSupport

/// ClassifierTrainer with penalty terms: the objective is cross-entropy + Σ λ·R, and the
/// epoch metrics report each term's value.
struct PenaltyTrainingTests {
  @Test func anL1TermShrinksTheWeightsAndIsReported() throws {
    let train = ClassifierTrainerTests.blobs(200, seed: 1), test = ClassifierTrainerTests.blobs(50, seed: 2)
    let plain = ClassifierTrainerTests.trainer(epochs: 3)
    var penalized = plain
    let term: PenaltyTerm<Float> = try PenaltyRegistry.make("l1(1e-2, on: dense1)")
    penalized.penalties = [term]
    guard case .completed(let p0, let h0) = try plain.run(train: train, test: test),
      case .completed(let p1, let h1) = try penalized.run(train: train, test: test)
    else { Issue.record("did not complete"); return }
    #expect(h0.last!.penalties == nil)
    let reported = try #require(h1.last!.penalties)
    #expect(reported.map(\.name) == ["l1(0.01, on=dense1)"])
    #expect(Swift.abs(reported[0].value - 1e-2 * Double(p1["dense1.weight"].l1Norm().scalar)) < 1e-4 * reported[0].value)
    #expect(p1["dense1.weight"].l1Norm().scalar < 0.9 * p0["dense1.weight"].l1Norm().scalar)
    #expect(h1.last!.testAccuracy > 0.8)
  }
}

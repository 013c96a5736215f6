import Foundation
@testable import Regula
import Testing
import _Differentiation
import _RegulaTestSupport

/// `TrainingWrapper.combining`: a gradient rule around a target or input rule, checked
/// against the update written out; combinations that do not compose are refused.
struct CombinedTrainingWrapperTests {
  static func wrappers(_ specs: [String]) throws -> TrainingWrapper<Double> {
    try TrainingWrapper.combining(specs.map { try TrainingWrapper<Double>.make(MethodSpec(parsing: $0)) })
  }

  /// One full-batch epoch of SAM on the label-smoothed loss L_α:
  /// θ₁ = θ₀ − η·∇L_α(θ₀ + ρ·g/‖g‖), g = ∇L_α(θ₀), in either order of the two specs.
  @Test(arguments: [["sam(rho=0.3)", "label_smoothing(alpha=0.2)"], ["label_smoothing(alpha=0.2)", "sam(rho=0.3)"]])
  func samAroundLabelSmoothingIsSAMOnTheSmoothedLoss(_ specs: [String]) throws {
    let train = TrainingWrapperTests.data(40, seed: 2)
    let model = Sequential<Double>.multilayerPerceptron(inputSize: 5, hiddenSizes: [8], outputSize: 3)
    let trainer = ClassifierTrainer(
      model: model, optimizer: sgd(learningRate: .constant(TrainingWrapperTests.learningRate)), epochs: 1, batchSize: 40, seed: 4,
      configuration: "combined", wrapper: try Self.wrappers(specs))
    let theta0 = trainer.initialCheckpoint(count: 40).parameters
    func loss(_ p: ParameterSet<Double>) -> Double {
      softmaxCrossEntropy(logits: model(train.features, parameters: p), labels: train.labels, labelSmoothing: 0.2).scalarized()
    }
    let g = gradient(at: theta0, of: loss).aligned(with: theta0)
    let norm = g.tensors.reduce(0) { $0 + ($1 * $1).sum().scalar }.squareRoot()
    let perturbed = theta0.mapTensors { path, t in t + (0.3 / (norm + 1e-12)) * g[path] }
    let gSAM = gradient(at: perturbed, of: loss).aligned(with: theta0)
    let expected = theta0.mapTensors { path, t in t - TrainingWrapperTests.learningRate * gSAM[path] }
    var last: TrainingWrapperTests.Trainer.Checkpoint? = nil
    _ = try trainer.run(train: train, test: train, save: { last = $0 })
    let theta1 = try #require(last).parameters
    for path in theta0.paths {
      #expect(maxRelativeDifference(theta1[path], expected[path], floor: 1e-3) < 1e-10, "\(path)")
    }
  }

  @Test func theInnerRuleKeepsItsStateAndNoneIsDropped() throws {
    let combined = try Self.wrappers(["none", "elr(lambda=3, beta=0.7)", "gam"])
    guard case .withGradientRule(let rule, let inner) = combined, case .elr = inner else { Issue.record("\(combined)"); return }
    #expect(rule is GAM<Double>)
    #expect(combined.keepsState)
    #expect(combined.initialState(labels: [0, 2], classes: 3).targets != nil)
    guard case .gradient = try Self.wrappers(["none", "sam"]) else { Issue.record("sam alone"); return }
    guard case .none = try Self.wrappers([]) else { Issue.record("empty"); return }
  }

  @Test func twoGradientRulesOrTwoOtherRulesAreRefused() {
    #expect(throws: MethodSpecError("wrappers: 2 gradient rules do not compose; give at most one of sam, asam, gam, amp, gradient_regularization")) {
      _ = try Self.wrappers(["sam", "asam"])
    }
    #expect(throws: MethodSpecError("wrappers: 2 target or input rules do not compose; give at most one besides a gradient rule")) {
      _ = try Self.wrappers(["mixup", "cutout(size=2)", "sam"])
    }
  }
}

import Foundation
import Regula
import Testing
import _Differentiation
import _RegulaTestSupport

/// `ClassifierTrainer` with optimizers that read each minibatch's objective.
struct LossAwareTrainingTests {
  static func trainer(_ spec: String, epochs: Int, batchSize: Int = 16, dropout: Double = 0.1) throws -> ClassifierTrainer<Sequential<Float>, AnyGradientTransformation<Float>> {
    let model = Sequential<Float>.multilayerPerceptron(inputSize: 5, hiddenSizes: [16], outputSize: 3, dropoutRate: dropout)
    return ClassifierTrainer(
      model: model, optimizer: try OptimizerRegistry.makeLossAware(spec) as AnyLossAwareTransformation<Float>, epochs: epochs,
      batchSize: batchSize, seed: 3, configuration: spec)
  }

  /// L-BFGS with its line search on each minibatch's loss learns the blobs, and a run
  /// interrupted in epoch 3 and resumed from its checkpoint ends where the uninterrupted run does.
  @Test func lbfgsLearnsAndResumesExactly() throws {
    let train = ClassifierTrainerTests.blobs(100, seed: 1), test = ClassifierTrainerTests.blobs(200, seed: 2)
    let trainer = try Self.trainer("lbfgs(memory_size=5)", epochs: 4)
    guard case .completed(let straight, let history) = try trainer.run(train: train, test: test) else {
      Issue.record("did not complete"); return
    }
    #expect(history.last!.testAccuracy > 0.9, "\(history.map(\.testAccuracy))")
    var saved: Data? = nil
    var steps = 0
    let outcome = try trainer.run(
      train: train, test: test, save: { saved = try JSONEncoder().encode($0) }, shouldStop: { steps += 1; return steps == 2 * 7 + 3 })
    guard case .interrupted(3, 2) = outcome else { Issue.record("was not interrupted in epoch 3"); return }
    let checkpoint = try JSONDecoder().decode(type(of: trainer).Checkpoint.self, from: try #require(saved))
    guard case .completed(let resumed, _) = try trainer.run(train: train, test: test, from: checkpoint) else {
      Issue.record("resume did not complete"); return
    }
    #expect(resumed == straight)
  }

  /// With one minibatch holding every example and no dropout, one epoch is one Polyak step on
  /// the full-data loss f: θ₁ = θ₀ − min(f(θ₀)/‖∇f(θ₀)‖², η_max)·∇f(θ₀). The step reads the
  /// loss the trainer computed.
  @Test func polyakStepReadsTheMinibatchLoss() throws {
    let data = ClassifierTrainerTests.blobs(40, seed: 5)
    let trainer = try Self.trainer("polyak_sgd(max_learning_rate=10)", epochs: 1, batchSize: 40, dropout: 0)
    let start = trainer.initialCheckpoint(count: 40).parameters
    guard case .completed(let after, _) = try trainer.run(train: data, test: data) else { Issue.record("did not complete"); return }
    let (f, g) = valueWithGradient(at: start) { p in softmaxCrossEntropy(logits: trainer.model(data.features, parameters: p), labels: data.labels).scalarized() }
    let gradient = g.aligned(with: start)
    let rate = min(Double(f) / gradient.globalSquaredNorm(), 10)
    #expect(rate < 10, "the cap should not decide the step")
    let expected = start.adding(gradient, scaledBy: -rate)
    for (a, b) in zip(after.tensors, expected.tensors) { #expect(maxRelativeDifference(a, b, floor: 1e-2) < 1e-4) }
  }
}

import Foundation
import Regula
import Testing
import _Differentiation
import _RegulaTestSupport

/// ClassifierTrainer with a whole-model penalty: one full-batch SGD step follows
/// θ₁ = θ₀ − η·∇(CE + λ·Φ) with Φ the path-norm, computed here directly.
struct ModelPenaltyTrainingTests {
  @Test func aPathNormTermAddsItsGradientToTheStep() throws {
    let train = TrainingWrapperTests.data(30, seed: 5)
    let model = Sequential<Double>.multilayerPerceptron(inputSize: 5, hiddenSizes: [6], outputSize: 3)
    var trainer = ClassifierTrainer(
      model: model, optimizer: sgd(learningRate: .constant(0.5)), epochs: 1, batchSize: 30, seed: 2, configuration: "path-norm")
    trainer.modelPenalties = [.pathNorm(of: model, inputSize: 5, exponent: 2, weight: 0.3)]
    let theta0 = trainer.initialCheckpoint(count: 30).parameters
    let g = gradient(at: theta0) { p in
      (softmaxCrossEntropy(logits: model(train.features, parameters: p), labels: train.labels)
        + pathNorm(of: model, parameters: p, inputSize: 5, exponent: 2) * 0.3).scalarized()
    }.aligned(with: theta0)
    var last: TrainingWrapperTests.Trainer.Checkpoint? = nil
    _ = try trainer.run(train: train, test: train, save: { last = $0 })
    let checkpoint = try #require(last)
    for path in theta0.paths {
      #expect(maxRelativeDifference(checkpoint.parameters[path], theta0[path] - 0.5 * g[path], floor: 1e-3) < 1e-10, "\(path)")
    }
    let reported = try #require(checkpoint.history.last?.penalties?.last)
    #expect(reported.name == "path_norm")
    #expect(Swift.abs(reported.value - 0.3 * pathNorm(of: model, parameters: checkpoint.parameters, inputSize: 5, exponent: 2).scalar) < 1e-12)
  }
}

import Foundation
import Regula
import Testing
import _RegulaTestSupport

struct ClassifierTrainerTests {
  /// Three Gaussian classes in 5-D with unit noise, centered at 3·e₁, 3·e₂ and 3·e₃.
  static func blobs(_ n: Int, seed: UInt64) -> (features: Tensor<Float>, labels: [Int]) {
    var rng = RandomGenerator(seed: seed)
    let labels = (0..<n).map { _ in Int(rng.next() % 3) }
    let centers = Tensor<Float>.oneHot([0, 1, 2], depth: 5) * 3  // 3·e₁, 3·e₂, 3·e₃
    let noise = Tensor<Float>.randomNormal(shape: [n, 5], using: &rng)
    return (centers.gathering(atIndices: labels) + noise, labels)
  }

  static func trainer(epochs: Int) -> ClassifierTrainer<Sequential<Float>, AdamW<Float>> {
    let model = Sequential<Float>.multilayerPerceptron(inputSize: 5, hiddenSizes: [16], outputSize: 3, dropoutRate: 0.1)
    return ClassifierTrainer(model: model, optimizer: adamw(learningRate: 0.01), epochs: epochs, batchSize: 16, seed: 3, configuration: "blobs")
  }

  @Test func learnsSeparableClasses() throws {
    let outcome = try Self.trainer(epochs: 5).run(train: Self.blobs(300, seed: 1), test: Self.blobs(200, seed: 2))
    guard case .completed(_, let history) = outcome else { Issue.record("did not complete"); return }
    #expect(history.count == 5)
    #expect(history.last!.testAccuracy > 0.9)
    #expect(history.last!.trainLoss < history.first!.trainLoss)
  }

  @Test func resumedRunEndsWithTheSameParametersAsAnUninterruptedOne() throws {
    let train = Self.blobs(100, seed: 1), test = Self.blobs(50, seed: 2)
    let trainer = Self.trainer(epochs: 4)
    guard case .completed(let straight, _) = try trainer.run(train: train, test: test) else {
      Issue.record("did not complete"); return
    }
    // Stop in the middle of epoch 3; the last saved checkpoint holds epoch 2.
    var saved: Data? = nil
    var steps = 0
    let outcome = try trainer.run(
      train: train, test: test, save: { saved = try JSONEncoder().encode($0) },
      shouldStop: { steps += 1; return steps == 2 * 7 + 3 })
    guard case .interrupted(let epoch, let completed) = outcome else { Issue.record("was not interrupted"); return }
    #expect(epoch == 3 && completed == 2)
    let checkpoint = try JSONDecoder().decode(type(of: trainer).Checkpoint.self, from: try #require(saved))
    #expect(checkpoint.epochsCompleted == 2)
    guard case .completed(let resumed, let history) = try trainer.run(train: train, test: test, from: checkpoint) else {
      Issue.record("resume did not complete"); return
    }
    #expect(history.map(\.epoch) == [1, 2, 3, 4])
    #expect(resumed == straight)
  }
}

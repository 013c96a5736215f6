import Foundation
import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// PS-KD against a literal re-implementation of lgcnsai/PS-KD-Pytorch's training loop on
/// plain arrays: three epochs over three examples visited in changing orders.
struct ProgressiveSelfKnowledgeDistillationTests {
  static func literalSoftmax(_ z: [Double]) -> [Double] {
    let m = z.max()!
    let e = z.map { Foundation.exp($0 - m) }
    let s = e.reduce(0, +)
    return e.map { $0 / s }
  }

  @Test func alphaGrowsLinearlyToItsFinalValue() {
    let pskd = ProgressiveSelfKnowledgeDistillation(finalAlpha: 0.8, epochs: 4)
    #expect((0..<4).map { pskd.alpha(epoch: $0) } == [0.2, 0.4, 0.6000000000000001, 0.8])
  }

  @Test func matchesTheReferenceOverThreeEpochs() {
    let (epochs, alphaT, classes) = (3, 0.8, 3)
    let labels = [2, 0, 1]
    let pskd = ProgressiveSelfKnowledgeDistillation(finalAlpha: alphaT, epochs: epochs)
    var stored = ExampleTargets<Double>(oneHot: labels, classes: classes)
    // The reference's all_predictions, by example index.
    var allPredictions = [[Double]](repeating: [], count: 3)
    let orders = [[1, 2, 0], [0, 1, 2], [2, 0, 1]]
    for epoch in 0..<epochs {
      // One minibatch per epoch; the model's logits depend on the epoch and example.
      let indices = orders[epoch]
      let logits = indices.map { i in (0..<classes).map { k in Foundation.sin(Double(7 * i + 3 * k + epoch)) * 2 } }
      // Literal: alpha_t, one-hot targets, epoch 0 stores the one-hots, soft targets,
      // loss = mean Σ −target·log softmax, then record softmax(outputs).
      let alpha = alphaT * Double(epoch + 1) / Double(epochs)
      var expectedLoss = 0.0
      var soft: [[Double]] = []
      for (r, i) in indices.enumerated() {
        let oneHot = (0..<classes).map { $0 == labels[i] ? 1.0 : 0.0 }
        if epoch == 0 { allPredictions[i] = oneHot }
        let target = zip(oneHot, allPredictions[i]).map { (1 - alpha) * $0 + alpha * $1 }
        soft.append(target)
        let p = Self.literalSoftmax(logits[r])
        expectedLoss -= zip(target, p).reduce(0) { $0 + $1.0 * Foundation.log($1.1) } / Double(indices.count)
      }
      for (r, i) in indices.enumerated() { allPredictions[i] = Self.literalSoftmax(logits[r]) }

      let z = Tensor(rows: logits)
      let batchLabels = indices.map { labels[$0] }
      let targets: Tensor<Double> = pskd.targets(labels: batchLabels, previousPredictions: stored.rows(indices), epoch: epoch)
      #expect(maxRelativeDifference(targets, Tensor(rows: soft), floor: 1e-12) < 1e-12, "epoch \(epoch) targets")
      let loss = pskd.loss(logits: z, targets: targets).scalar
      #expect(Swift.abs(loss - expectedLoss) < 1e-12, "epoch \(epoch) loss")
      stored.setRows(indices, to: pskd.predictions(logits: z))
      for i in 0..<3 {
        #expect(maxRelativeDifference(stored.rows([i]), Tensor(rows: [allPredictions[i]]), floor: 1e-12) < 1e-12)
      }
    }
  }

  @Test func gradientMatchesFiniteDifferences() {
    let pskd = ProgressiveSelfKnowledgeDistillation(epochs: 10)
    let previous = RegulaCore.softmax(randomTensor([3, 4], seed: 8))
    let targets: Tensor<Double> = pskd.targets(labels: [3, 0, 1], previousPredictions: previous, epoch: 4)
    #expect(gradientError(at: randomTensor([3, 4], seed: 9)) { pskd.loss(logits: $0, targets: targets) } < 1e-6)
  }
}

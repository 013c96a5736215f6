import Foundation
import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// ELR against a literal re-implementation of shengliu66/ELR's `elr_loss.forward` on plain
/// arrays: three steps over a 4-example training set, with stored targets by index.
struct EarlyLearningRegularizationTests {
  /// softmax, then clamp to [1e-4, 1 − 1e-4], per row.
  static func clampedSoftmax(_ z: [Double]) -> [Double] {
    let m = z.max()!
    let e = z.map { Foundation.exp($0 - m) }
    let s = e.reduce(0, +)
    return e.map { Swift.min(Swift.max($0 / s, 1e-4), 1 - 1e-4) }
  }

  /// The reference forward: updates `targets[index]` in place and returns the loss.
  static func literalForward(
    _ targets: inout [[Double]], indices: [Int], logits: [[Double]], labels: [Int], beta: Double, lambda: Double
  ) -> Double {
    var ce = 0.0, reg = 0.0
    for (r, i) in indices.enumerated() {
      let p = clampedSoftmax(logits[r])
      let s = p.reduce(0, +)
      targets[i] = zip(targets[i], p).map { beta * $0 + (1 - beta) * $1 / s }
      let m = logits[r].max()!
      let lse = m + Foundation.log(logits[r].reduce(0) { $0 + Foundation.exp($1 - m) })
      ce += lse - logits[r][labels[r]]
      reg += Foundation.log(1 - zip(targets[i], p).reduce(0) { $0 + $1.0 * $1.1 })
    }
    let n = Double(indices.count)
    return ce / n + lambda * reg / n
  }

  @Test func matchesTheReferenceOverSeveralSteps() {
    let (beta, lambda) = (0.7, 3.0)
    let elr = EarlyLearningRegularization<Double>(beta: beta, lambda: lambda)
    var literal = [[Double]](repeating: [0, 0, 0], count: 4)
    var stored = ExampleTargets<Double>(count: 4, classes: 3)
    let steps: [(indices: [Int], labels: [Int], logits: [[Double]])] = [
      ([2, 0], [1, 0], [[0.2, 1.5, -0.3], [2.0, -1.0, 0.5]]),
      ([0, 3, 1], [0, 2, 2], [[1.0, 0.1, -0.2], [-0.5, 0.3, 2.2], [12.0, -3.0, 0.0]]),  // 12: clamped
      ([0, 2], [0, 1], [[0.4, 0.4, 0.1], [0.0, 2.5, -1.0]]),
    ]
    for step in steps {
      let expected = Self.literalForward(&literal, indices: step.indices, logits: step.logits, labels: step.labels, beta: beta, lambda: lambda)
      let z = Tensor(rows: step.logits)
      let targets = elr.updatedTargets(stored.rows(step.indices), logits: z)
      let loss = elr.loss(logits: z, labels: step.labels, targets: targets).scalar
      stored.setRows(step.indices, to: targets)
      #expect(Swift.abs(loss - expected) < 1e-12 * Swift.max(1, Swift.abs(expected)))
      for i in 0..<4 {
        #expect(maxRelativeDifference(stored.rows([i]), Tensor(rows: [literal[i]]), floor: 1e-12) < 1e-12, "target \(i)")
      }
    }
    // Example 0 was visited three times: t = 0.7·(0.7·0.3·p₁ + 0.3·p₂) + 0.3·p₃ is not zero.
    #expect(stored.rows([0]).scalars.allSatisfy { $0 > 0 })
  }

  @Test func gradientMatchesFiniteDifferencesWithTargetsHeldFixed() {
    let elr = EarlyLearningRegularization<Double>(beta: 0.7, lambda: 3)
    let z = randomTensor([4, 3], seed: 5)
    let targets = elr.updatedTargets(elr.updatedTargets(Tensor(zeros: [4, 3]), logits: randomTensor([4, 3], seed: 6)), logits: z)
    let labels = [0, 2, 1, 1]
    #expect(gradientError(at: z) { elr.loss(logits: $0, labels: labels, targets: targets) } < 1e-6)
  }

  @Test func regularizerPullsPredictionsTowardTheTargets() {
    // With λ > 0 the gradient on logits gains a component toward the stored target's class.
    let elr = EarlyLearningRegularization<Double>(beta: 0.7, lambda: 3)
    let plain = EarlyLearningRegularization<Double>(beta: 0.7, lambda: 0)
    let z = Tensor<Double>(rows: [[0.0, 0.0, 0.0]])
    let targets = Tensor<Double>(rows: [[0.0, 0.9, 0.1]])
    let g = gradient(at: z) { elr.loss(logits: $0, labels: [0], targets: targets).scalarized() }
    let g0 = gradient(at: z) { plain.loss(logits: $0, labels: [0], targets: targets).scalarized() }
    #expect(g[0, 1] < g0[0, 1] - 0.1)
  }
}

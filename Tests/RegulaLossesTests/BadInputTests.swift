import RegulaLosses
import Testing
import _RegulaTestSupport

/// Bad input stops with a message that names the problem: mismatched batch sizes, an
/// out-of-range label, an empty batch, an invalid combination.
struct BadInputTests {
  /// In debug builds (where `precondition` prints its message), stderr contains `message`.
  static func expectMessage(_ result: ExitTest.Result?, contains message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #if DEBUG
      let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
      #expect(stderr.contains(message), "\(stderr)", sourceLocation: sourceLocation)
    #endif
  }

  @Test func messagesNameTheProblem() async {
    let label = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = softmaxCrossEntropy(logits: Tensor<Double>(zeros: [2, 3]), labels: [0, 5])
    }
    Self.expectMessage(label, contains: "softmaxCrossEntropy: label 5 in row 1 is out of range 0..<3")
    let batchSizes = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = PreferenceBatch(policyChosenLogProbabilities: Tensor<Double>([-1, -2]), policyRejectedLogProbabilities: Tensor<Double>([-1, -2, -3]))
    }
    Self.expectMessage(batchSizes, contains: "PreferenceBatch: policy rejected log-probabilities [3] vs policy chosen [2]")
    let empty = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = sigmoidBinaryCrossEntropy(logits: Tensor<Double>(zeros: [0]), labels: Tensor<Double>(zeros: [0]))
    }
    Self.expectMessage(empty, contains: "sigmoidBinaryCrossEntropy: empty batch")
    let exo = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let batch = PreferenceBatch(policyChosenLogProbabilities: Tensor<Double>([-1]), policyRejectedLogProbabilities: Tensor<Double>([-2]))
      _ = dpoLoss(batch, type: .exoPair(epsilon: 0))
    }
    Self.expectMessage(exo, contains: "EXO needs epsilon in (0, 1)")
    let shapes = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = huberLoss(predictions: Tensor<Double>(zeros: [3]), targets: Tensor<Double>(zeros: [4]))
    }
    Self.expectMessage(shapes, contains: "huberLoss: predictions [3] vs targets [4]")
    let tokens = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let batch = TokenPreferenceBatch(chosenLogRatios: Tensor<Double>(zeros: [2, 3]), rejectedLogRatios: Tensor<Double>(zeros: [2, 3]),
                                       chosenMask: Tensor(ones: [2, 3]), rejectedMask: Tensor(ones: [2, 3]))
      _ = sparsePOLoss(batch, chosenTokenKL: Tensor(zeros: [2, 2]), rejectedTokenKL: Tensor(zeros: [2, 3]))
    }
    Self.expectMessage(tokens, contains: "sparsePOLoss: chosen token KL [2, 2] vs token log-ratios [2, 3]")
  }
}

import RegulaLosses
import Testing

/// `accuracy(logits:labels:)` against a literal count.
struct AccuracyTests {
  @Test func countsRowsWhoseLargestLogitIsTheLabel() {
    let logits = Tensor<Double>(shape: [4, 3], scalars: [
      0.1, 2.0, -1.0,  // argmax 1
      3.0, 3.0, 0.0,   // tie: the first, 0
      -5, -4, -6,      // argmax 1
      0, 0, 7,         // argmax 2
    ])
    #expect(correctPredictions(logits: logits, labels: [1, 1, 1, 2]) == 3)
    #expect(accuracy(logits: logits, labels: [1, 0, 0, 0]) == 0.5)
    #expect(accuracy(logits: Tensor<Float>(logits), labels: [0, 1, 2, 0]) == 0)
  }
}

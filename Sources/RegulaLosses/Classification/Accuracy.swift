import RegulaCore

/// The number of rows of `logits` whose largest entry sits at the row's label.
///
/// A metric, not a loss: it has no derivative. Ties go to the first largest entry
/// (`argmax`'s rule).
///
/// - Parameters:
///   - logits: Scores of shape [n, classes].
///   - labels: n class indices.
/// - Precondition: `labels.count` equals the number of rows.
public func correctPredictions<Scalar: TensorScalar>(logits: Tensor<Scalar>, labels: [Int]) -> Int {
  precondition(
    logits.rank == 2 && logits.shape[0] == labels.count,
    "correctPredictions: logits of shape \(logits.shape) need one row per label (\(labels.count) labels).")
  return zip(logits.argmax(alongAxis: 1), labels).filter { $0 == $1 }.count
}

/// The share of rows of `logits` whose largest entry sits at the row's label, in [0, 1];
/// 0 for an empty batch.
public func accuracy<Scalar: TensorScalar>(logits: Tensor<Scalar>, labels: [Int]) -> Double {
  Double(correctPredictions(logits: logits, labels: labels)) / Double(max(labels.count, 1))
}

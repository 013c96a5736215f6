import _Differentiation

/// Sums over every axis but the first, so that a loss defined elementwise gives one value per
/// example: [n] stays [n], [n, d…] becomes [n].
@differentiable(reverse)
@usableFromInline func sumOverNonBatchAxes<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
  let rank = withoutDerivative(at: x.rank)
  if rank <= 1 { return x }
  return x.sum(alongAxes: withoutDerivative(at: Array(1..<rank)))
}

/// Stops with a message naming the loss, the label and its row when a label is outside 0..<classes.
@usableFromInline func checkLabels(_ labels: [Int], classes: Int, rows: Int, in function: String) {
  precondition(labels.count == rows, "\(function): \(labels.count) labels for a batch of \(rows)")
  for (row, label) in labels.enumerated() where label < 0 || label >= classes {
    preconditionFailure("\(function): label \(label) in row \(row) is out of range 0..<\(classes)")
  }
}

/// Stops when two tensors that must agree in shape do not; the message names both.
@usableFromInline func checkSameShape<S: TensorScalar>(
  _ a: Tensor<S>, _ aName: String, _ b: Tensor<S>, _ bName: String, in function: String
) {
  precondition(a.shape == b.shape, "\(function): \(aName) \(a.shape) vs \(bName) \(b.shape)")
}

/// Each element clamped below at 1: token counts and mask sums used as divisors (TRL's
/// `clamp(min=1)`). Not differentiable; keeps closures out of differentiable functions.
@usableFromInline func clampedBelowAtOne<S: TensorScalar>(_ counts: Tensor<S>) -> Tensor<S> {
  counts.map { Swift.max($0, 1) }
}

/// Stops unless every label is 0 or 1.
@usableFromInline func checkBinaryLabels<S: TensorScalar>(_ labels: Tensor<S>, in function: String) {
  precondition(labels.scalars.allSatisfy { $0 == 0 || $0 == 1 }, "\(function): labels must be 0 or 1")
}

/// Stops on an empty batch (a mean over no examples is undefined).
@usableFromInline func checkNonEmpty<S: TensorScalar>(_ x: Tensor<S>, _ name: String, in function: String) {
  precondition(x.rank >= 1 && x.shape[0] > 0, "\(function): empty batch (\(name) has shape \(x.shape))")
}

/// Stops unless `logits` is [n, K] with n ≥ 1, K ≥ 1 and `labels` has n entries in 0..<K.
@usableFromInline func checkClassification<S: TensorScalar>(_ logits: Tensor<S>, _ labels: [Int], in function: String) {
  precondition(logits.rank == 2, "\(function): logits must be [n, K], got \(logits.shape)")
  checkNonEmpty(logits, "logits", in: function)
  checkLabels(labels, classes: logits.shape[1], rows: logits.shape[0], in: function)
}

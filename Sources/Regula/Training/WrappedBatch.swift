import _Differentiation

/// A minibatch as a ``TrainingWrapper`` prepares it: the model's inputs and the loss on
/// the model's logits.
struct WrappedBatch<Scalar: TensorScalar> {
  /// The loss on the logits of ``inputs``.
  enum Objective {
    case labels([Int], smoothing: Double)
    case probabilities(Tensor<Scalar>)
    case elr(EarlyLearningRegularization<Scalar>, labels: [Int], previousTargets: Tensor<Scalar>)
    /// Rows [x; x_a; x_b; x_c]: cross-entropy on x plus λ·lin_err on the triplet.
    case elle(lambda: Double, labels: [Int], alpha: Tensor<Scalar>)
  }

  var inputs: Tensor<Scalar>
  var objective: Objective
  /// The number of examples n (the first n rows of the logits are their predictions).
  var count: Int

  @differentiable(reverse, wrt: logits)
  func loss(_ logits: Tensor<Scalar>) -> Tensor<Scalar> {
    switch objective {
    case .labels(let labels, let smoothing):
      return softmaxCrossEntropy(logits: logits, labels: labels, labelSmoothing: smoothing)
    case .probabilities(let targets):
      return softmaxCrossEntropy(logits: logits, probabilities: targets)
    case .elr(let elr, let labels, let previous):
      let targets = withoutDerivative(at: elr.updatedTargets(previous, logits: withoutDerivative(at: logits)))
      return elr.loss(logits: logits, labels: labels, targets: targets)
    case .elle(let lambda, let labels, let alpha):
      return softmaxCrossEntropy(logits: logits.slice(0..<count), labels: labels)
        + Scalar(lambda) * linearityError(logits, labels: labels, alpha: alpha)
    }
  }

  /// The predictions for the n examples: the first n rows of `logits`.
  func predictions(_ logits: Tensor<Scalar>) -> Tensor<Scalar> {
    logits.shape[0] == count ? logits : logits.slice(0..<count)
  }

  /// ELLE's lin_err from the logits of the rows [x; x_a; x_b; x_c].
  @differentiable(reverse, wrt: logits)
  func linearityError(_ logits: Tensor<Scalar>, labels: [Int], alpha: Tensor<Scalar>) -> Tensor<Scalar> {
    let n = count
    let tripletLabels = withoutDerivative(at: labels + labels + labels)
    let losses = softmaxCrossEntropy(logits: logits.slice(n..<(4 * n)), labels: tripletLabels, reduction: .none)
    return ELLE.linearityError(losses: losses, alpha: alpha)
  }
}

extension TrainingWrapper {
  /// The minibatch of examples `indices` (features `inputs`, labels `labels` in
  /// 0..<`classes`) in epoch `epoch` (0-based) of `epochs`. Input rules draw from `random`; the others leave it alone.
  func prepare(
    inputs: Tensor<Scalar>, labels: [Int], indices: [Int], classes: Int, epoch: Int, of epochs: Int,
    state: TrainingWrapperState<Scalar>?, random: inout RandomGenerator
  ) -> WrappedBatch<Scalar> {
    let n = labels.count
    switch self {
    case .none, .gradient:
      return WrappedBatch(inputs: inputs, objective: .labels(labels, smoothing: 0), count: n)
    case .labelSmoothing(let alpha):
      return WrappedBatch(inputs: inputs, objective: .labels(labels, smoothing: alpha), count: n)
    case .mixup(let mixup):
      let mixed = mixup.apply(inputs: inputs, targets: Tensor<Scalar>.oneHot(labels, depth: classes), using: &random)
      return WrappedBatch(inputs: mixed.inputs, objective: .probabilities(mixed.targets), count: n)
    case .cutout(let cutout, let height, let width):
      guard inputs.rank == 2, let (h, w) = Self.imageSize(featureCount: inputs.shape[1], height: height, width: width) else {
        preconditionFailure("cutout: features of shape \(inputs.shape) are not rows of \(height ?? 0)×\(width ?? 0) images")
      }
      let images = cutout.apply(to: inputs.reshaped(to: [n, h, w]), using: &random)
      return WrappedBatch(inputs: images.reshaped(to: inputs.shape), objective: .labels(labels, smoothing: 0), count: n)
    case .elr(let elr):
      return WrappedBatch(inputs: inputs, objective: .elr(elr, labels: labels, previousTargets: state!.targets!.rows(indices)), count: n)
    case .pskd(let finalAlpha):
      let pskd = ProgressiveSelfKnowledgeDistillation(finalAlpha: finalAlpha, epochs: epochs)
      let targets: Tensor<Scalar> = pskd.targets(labels: labels, previousPredictions: state!.targets!.rows(indices), epoch: epoch)
      return WrappedBatch(inputs: inputs, objective: .probabilities(targets), count: n)
    case .elle(let elle, _):
      let triplet = elle.sampleTriplet(around: inputs, using: &random)
      let lambda = state?.linearityWeight?.lambda ?? elle.lambda
      return WrappedBatch(
        inputs: Tensor(concatenating: [inputs, triplet.inputs]), objective: .elle(lambda: lambda, labels: labels, alpha: triplet.alpha),
        count: n)
    case .withGradientRule(_, let inner):
      return inner.prepare(inputs: inputs, labels: labels, indices: indices, classes: classes, epoch: epoch, of: epochs, state: state, random: &random)
    }
  }

  /// Updates the per-example state after a step, from the logits at the step's parameters.
  func record(_ logits: Tensor<Scalar>, of batch: WrappedBatch<Scalar>, indices: [Int], state: inout TrainingWrapperState<Scalar>?) {
    switch (self, batch.objective) {
    case (.withGradientRule(_, let inner), _):
      inner.record(logits, of: batch, indices: indices, state: &state)
    case (.elr(let elr), .elr(_, _, let previous)):
      state!.targets!.setRows(indices, to: elr.updatedTargets(previous, logits: logits))
    case (.pskd, _):
      state!.targets!.setRows(indices, to: softmax(logits))
    case (.elle, .elle(_, let labels, let alpha)) where state?.linearityWeight != nil:
      state!.linearityWeight!.record(Double(batch.linearityError(logits, labels: labels, alpha: alpha).scalar))
    default:
      break
    }
  }

  /// The image size (rows, columns) that `featureCount` features are read as for Cutout: the
  /// given sides, or a square; nil when they do not multiply to `featureCount`.
  public static func imageSize(featureCount: Int, height: Int?, width: Int?) -> (Int, Int)? {
    switch (height, width) {
    case let (h?, w?): return h * w == featureCount ? (h, w) : nil
    case let (h?, nil): return featureCount % h == 0 ? (h, featureCount / h) : nil
    case let (nil, w?): return featureCount % w == 0 ? (featureCount / w, w) : nil
    case (nil, nil):
      let side = Int(Double(featureCount).squareRoot().rounded())
      return side * side == featureCount ? (side, side) : nil
    }
  }
}

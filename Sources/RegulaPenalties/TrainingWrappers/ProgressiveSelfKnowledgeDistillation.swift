import RegulaLosses
import _Differentiation

/// Progressive self-knowledge distillation (PS-KD): the model is its own teacher, its
/// predictions from the previous epoch softening the one-hot targets more and more.
///
/// In epoch e (0-based) of E, for example i with label yᵢ:
///
///     αₑ = α_T·(e + 1)/E
///     targetᵢ = (1 − αₑ)·onehot(yᵢ) + αₑ·Pᵢ
///     L = meanᵢ Σₖ −targetᵢₖ · log softmax(zᵢ)ₖ
///
/// where Pᵢ is the softmax prediction recorded for example i when it was last visited (the
/// previous epoch); before the first visit Pᵢ = onehot(yᵢ). After each step, the batch's
/// predictions softmax(zᵢ) (at the parameters before the step) replace their Pᵢ. Keep the
/// Pᵢ in an ``ExampleTargets`` made with ``ExampleTargets/init(oneHot:classes:)``.
///
/// - Parameters:
///   - finalAlpha: α_T in [0, 1], the weight of the teacher in the last epoch. Default `0.8`.
///   - epochs: E > 0, the total number of epochs of the run.
/// - SeeAlso: Kim, Ji, Yoon & Hwang, "Self-Knowledge Distillation with Progressive Refinement
///   of Targets", ICCV 2021; reference code lgcnsai/PS-KD-Pytorch (`main.py`).
public struct ProgressiveSelfKnowledgeDistillation: Sendable, Equatable {
  public var finalAlpha: Double
  public var epochs: Int

  public init(finalAlpha: Double = 0.8, epochs: Int) {
    precondition(finalAlpha >= 0 && finalAlpha <= 1, "PS-KD: finalAlpha must be in [0, 1], got \(finalAlpha)")
    precondition(epochs > 0, "PS-KD: epochs must be positive, got \(epochs)")
    (self.finalAlpha, self.epochs) = (finalAlpha, epochs)
  }

  /// αₑ = α_T·(e + 1)/E for the 0-based epoch e.
  public func alpha(epoch: Int) -> Double {
    precondition(epoch >= 0, "PS-KD: epoch must be non-negative (0-based), got \(epoch)")
    return finalAlpha * Double(epoch + 1) / Double(epochs)
  }

  /// The soft targets (1 − αₑ)·onehot(y) + αₑ·P of a minibatch.
  ///
  /// - Parameters:
  ///   - labels: n class indices.
  ///   - previousPredictions: the stored Pᵢ of the minibatch's examples, [n, K].
  ///   - epoch: e, 0-based.
  public func targets<Scalar: TensorScalar>(labels: [Int], previousPredictions: Tensor<Scalar>, epoch: Int) -> Tensor<Scalar> {
    precondition(previousPredictions.rank == 2 && previousPredictions.shape[0] == labels.count,
      "PS-KD: predictions of shape \(previousPredictions.shape) for \(labels.count) labels")
    let a = Scalar(alpha(epoch: epoch))
    return (1 - a) * Tensor<Scalar>.oneHot(labels, depth: previousPredictions.shape[1]) + a * previousPredictions
  }

  /// The PS-KD loss: cross-entropy of `logits` against `targets` (from
  /// ``targets(labels:previousPredictions:epoch:)``), averaged over the minibatch.
  @differentiable(reverse, wrt: logits)
  public func loss<Scalar: TensorScalar>(logits: Tensor<Scalar>, targets: Tensor<Scalar>) -> Tensor<Scalar> {
    softmaxCrossEntropy(logits: logits, probabilities: targets)
  }

  /// The predictions to store after a step: softmax of the logits at the step's start.
  public func predictions<Scalar: TensorScalar>(logits: Tensor<Scalar>) -> Tensor<Scalar> { softmax(logits) }
}

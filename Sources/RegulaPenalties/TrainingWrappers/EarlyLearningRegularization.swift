import RegulaLosses
import _Differentiation

/// Early-learning regularization (ELR): cross-entropy plus a term that keeps predictions
/// close to a running average of the model's own past predictions, which stops a network
/// from memorizing noisy labels after its early-learning phase.
///
/// For example i of the minibatch, with p̂ᵢ = clamp(softmax(zᵢ), 1e-4, 1 − 1e-4) and tᵢ its
/// stored target (an ``ExampleTargets`` row, zeros at the start):
///
///     tᵢ ← β·tᵢ + (1 − β)·sg(p̂ᵢ / Σₖ p̂ᵢₖ)
///     L = CE(z, y) + λ · meanᵢ log(1 − ⟨tᵢ, p̂ᵢ⟩)
///
/// The targets are updated first, from the predictions of the same forward pass, and the
/// loss uses the updated ones (sg: no gradient flows into the targets).
///
/// - Parameters:
///   - beta: β in [0, 1), the memory of the running targets. Default `0.7`.
///   - lambda: λ ≥ 0, the weight of the regularizer. Default `3`.
///   Defaults are the CIFAR-10 symmetric-noise configuration; CIFAR-100 uses β 0.9, λ 7.
/// - SeeAlso: Liu, Niles-Weed, Razavian & Fernandez-Granda, "Early-Learning Regularization
///   Prevents Memorization of Noisy Labels", NeurIPS 2020; reference code shengliu66/ELR
///   (`ELR/model/loss.py`).
public struct EarlyLearningRegularization<Scalar: TensorScalar>: Sendable {
  public var beta: Double
  public var lambda: Double

  public init(beta: Double = 0.7, lambda: Double = 3) {
    precondition(beta >= 0 && beta < 1, "ELR: beta must be in [0, 1), got \(beta)")
    precondition(lambda >= 0 && lambda.isFinite, "ELR: lambda must be finite and non-negative, got \(lambda)")
    (self.beta, self.lambda) = (beta, lambda)
  }

  /// p̂ = clamp(softmax(z), 1e-4, 1 − 1e-4), differentiable (zero derivative where clamped).
  @differentiable(reverse)
  static func clampedProbabilities(_ logits: Tensor<Scalar>) -> Tensor<Scalar> {
    softmax(logits).clamped(to: Scalar(1e-4)...Scalar(1 - 1e-4))
  }

  /// The targets after this step: β·t + (1 − β)·p̂/Σp̂ for the rows of `logits`.
  ///
  /// - Parameters:
  ///   - previous: the stored rows tᵢ, [n, K].
  ///   - logits: z, [n, K].
  public func updatedTargets(_ previous: Tensor<Scalar>, logits: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(previous.shape == logits.shape, "ELR: targets \(previous.shape) for logits \(logits.shape)")
    let p = Self.clampedProbabilities(logits)
    let normalized = p / p.sum(alongAxes: [1], keepingDimensions: true)
    return Scalar(beta) * previous + Scalar(1 - beta) * normalized
  }

  /// The ELR loss of a minibatch, CE(z, ỹ) + λ·meanᵢ log(1 − ⟨tᵢ, p̂ᵢ⟩).
  ///
  /// - Parameters:
  ///   - logits: z, [n, K].
  ///   - labels: the (possibly noisy) labels ỹ, n indices in 0..<K.
  ///   - targets: t, the minibatch's targets *after* this step's update, constants for
  ///     differentiation: `withoutDerivative(at: elr.updatedTargets(stored, logits: z))`, as
  ///     the reference updates them in the same forward pass.
  @differentiable(reverse, wrt: logits)
  public func loss(logits: Tensor<Scalar>, labels: [Int], targets: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(targets.shape == logits.shape, "ELR: targets \(targets.shape) for logits \(logits.shape)")
    let p = Self.clampedProbabilities(logits)
    let regularizer = log(1 - (targets * p).sum(alongAxes: [1])).mean()
    return softmaxCrossEntropy(logits: logits, labels: labels) + Scalar(lambda) * regularizer
  }
}

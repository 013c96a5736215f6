import _Differentiation

/// The token-level inputs of a paired preference loss: for n prompts, the per-token
/// log-ratios ℓₜ = log π(yₜ) − log π_ref(yₜ) of the chosen and rejected completions, padded to
/// T steps, with masks marking each completion's tokens.
///
/// Differentiable with respect to the two log-ratio tensors (their derivative with respect
/// to the policy's token log-probabilities is the identity). Used by the token-level losses
/// (SparsePO, T-REG).
public struct TokenPreferenceBatch<Scalar: TensorScalar>: Differentiable {
  /// [n, T] per-token log-ratios of the chosen completions.
  public var chosenLogRatios: Tensor<Scalar>
  /// [n, T] per-token log-ratios of the rejected completions.
  public var rejectedLogRatios: Tensor<Scalar>
  /// [n, T] 1 for the chosen completions' tokens, 0 for padding.
  @noDerivative public var chosenMask: Tensor<Scalar>
  /// [n, T] 1 for the rejected completions' tokens, 0 for padding.
  @noDerivative public var rejectedMask: Tensor<Scalar>

  /// Every tensor is [n, T] with n ≥ 1 (checked, naming the mismatch).
  @differentiable(reverse, wrt: (chosenLogRatios, rejectedLogRatios))
  public init(chosenLogRatios: Tensor<Scalar>, rejectedLogRatios: Tensor<Scalar>, chosenMask: Tensor<Scalar>, rejectedMask: Tensor<Scalar>) {
    let shape = withoutDerivative(at: chosenLogRatios.shape)
    precondition(shape.count == 2 && shape[0] > 0, "TokenPreferenceBatch: chosen log-ratios must be [n, T] with n ≥ 1, got \(shape)")
    precondition(withoutDerivative(at: rejectedLogRatios.shape) == shape, "TokenPreferenceBatch: rejected log-ratios \(withoutDerivative(at: rejectedLogRatios.shape)) vs chosen \(shape)")
    precondition(chosenMask.shape == shape && rejectedMask.shape == shape, "TokenPreferenceBatch: masks \(chosenMask.shape), \(rejectedMask.shape) vs log-ratios \(shape)")
    self.chosenLogRatios = chosenLogRatios
    self.rejectedLogRatios = rejectedLogRatios
    self.chosenMask = chosenMask
    self.rejectedMask = rejectedMask
  }

  /// [n, T] shape of the batch.
  public var shape: [Int] { chosenMask.shape }

  /// Stops unless `t` is [n, T]; the message names it and the function.
  func check(_ t: Tensor<Scalar>, _ name: String, in function: String) {
    precondition(t.shape == shape, "\(function): \(name) \(t.shape) vs token log-ratios \(shape)")
  }
}

/// Σₜ Σ_v π_ref(v)·(log π(v) − log π_ref(v)) per token: the reference-weighted log-ratio of the
/// whole next-token distribution (−KL(π_ref ‖ π) at that step), as TDPO and SparsePO use it.
///
/// - Parameters:
///   - policyLogits: [n, T, V] the policy's next-token logits (differentiable).
///   - referenceLogits: [n, T, V] the reference model's.
/// - Returns: [n, T], each ≤ 0.
@differentiable(reverse, wrt: policyLogits)
public func referenceWeightedTokenLogRatios<S: TensorScalar>(policyLogits: Tensor<S>, referenceLogits: Tensor<S>) -> Tensor<S> {
  checkSameShape(policyLogits, "policy logits", referenceLogits, "reference logits", in: "referenceWeightedTokenLogRatios")
  precondition(policyLogits.rank == 3, "referenceWeightedTokenLogRatios: logits must be [n, T, V], got \(policyLogits.shape)")
  let referenceLogP = withoutDerivative(at: logSoftmax(referenceLogits))
  let referenceP = withoutDerivative(at: softmax(referenceLogits))
  return (referenceP * (logSoftmax(policyLogits) - referenceLogP)).sum(alongAxes: [2])
}

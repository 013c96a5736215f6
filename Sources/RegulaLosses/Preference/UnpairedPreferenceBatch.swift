import _Differentiation

/// The inputs of an unpaired preference loss (KTO, BCO): n completions, each labelled
/// desirable or undesirable, with their summed log-probabilities under the policy and the
/// reference.
public struct UnpairedPreferenceBatch<Scalar: TensorScalar>: Differentiable {
  /// [n] summed log-probabilities of the completions under the policy.
  public var policyLogProbabilities: Tensor<Scalar>
  /// [n] the same under the reference model.
  @noDerivative public var referenceLogProbabilities: Tensor<Scalar>
  /// n labels: true for a desirable completion.
  @noDerivative public var desirable: [Bool]

  /// Every tensor is [n], n ≥ 1, with n labels (checked, naming the mismatch).
  @differentiable(reverse, wrt: policyLogProbabilities)
  public init(policyLogProbabilities: Tensor<Scalar>, referenceLogProbabilities: Tensor<Scalar>, desirable: [Bool]) {
    let shape = withoutDerivative(at: policyLogProbabilities.shape)
    precondition(shape.count == 1 && shape[0] > 0, "UnpairedPreferenceBatch: policy log-probabilities must be [n] with n ≥ 1, got \(shape)")
    precondition(referenceLogProbabilities.shape == shape, "UnpairedPreferenceBatch: reference log-probabilities \(referenceLogProbabilities.shape) vs policy \(shape)")
    precondition(desirable.count == shape[0], "UnpairedPreferenceBatch: \(desirable.count) labels for \(shape[0]) completions")
    self.policyLogProbabilities = policyLogProbabilities
    self.referenceLogProbabilities = referenceLogProbabilities
    self.desirable = desirable
  }

  /// [n] `desirableValue` where a completion is desirable, `undesirableValue` elsewhere (not
  /// differentiable; keeps closures out of the differentiable losses).
  public func labelValues(desirable desirableValue: Scalar, undesirable undesirableValue: Scalar) -> Tensor<Scalar> {
    Tensor(desirable.map { $0 ? desirableValue : undesirableValue })
  }

  /// [n] the log-ratios ℓ = π − ρ.
  @differentiable(reverse)
  public var logRatios: Tensor<Scalar> { policyLogProbabilities - referenceLogProbabilities }
}

/// The result of an unpaired preference loss: the loss and each completion's implicit reward
/// β·ℓ (not differentiable).
public struct UnpairedPreferenceLossOutput<Scalar: TensorScalar>: Differentiable {
  /// The loss after the reduction.
  public var loss: Tensor<Scalar>
  /// [n] implicit rewards.
  @noDerivative public var rewards: Tensor<Scalar>
  /// n labels, copied from the batch.
  @noDerivative public var desirable: [Bool]

  /// Wraps a reduced loss, the [n] rewards and the n labels.
  @differentiable(reverse, wrt: loss)
  public init(loss: Tensor<Scalar>, rewards: Tensor<Scalar>, desirable: [Bool]) {
    self.loss = loss
    self.rewards = rewards
    self.desirable = desirable
  }
}

/// KTO: Kahneman–Tversky optimization on unpaired desirable/undesirable completions
/// (TRL's `KTOTrainer`).
///
///     z₀ = max(0, mean(π_KL − ρ_KL))   (detached; 0 without KL inputs)
///     desirable:   λ_D·(1 − σ(β(ℓ − z₀))),   undesirable:   λ_U·(1 − σ(β(z₀ − ℓ)))
///
/// π_KL, ρ_KL are the log-probabilities of mismatched completions (TRL pairs each prompt
/// with the next example's completion) under policy and reference.
///
/// - Parameters:
///   - batch: the completions; TRL needs n > 1 for the KL estimate.
///   - policyKLLogProbabilities, referenceKLLogProbabilities: [m] mismatched log-probabilities,
///     or nil for z₀ = 0.
///   - beta: Default `0.1`.
///   - desirableWeight, undesirableWeight: λ_D, λ_U. Default `1`; the paper recommends
///     λ_D·n_D/(λ_U·n_U) in [1, 4/3].
/// - SeeAlso: Ethayarajh et al., "KTO: Model Alignment as Prospect Theoretic Optimization",
///   ICML 2024.
@differentiable(reverse, wrt: batch)
public func ktoLoss<S: TensorScalar>(
  _ batch: UnpairedPreferenceBatch<S>, policyKLLogProbabilities: Tensor<S>? = nil,
  referenceKLLogProbabilities: Tensor<S>? = nil, beta: Double = 0.1, desirableWeight: Double = 1,
  undesirableWeight: Double = 1, reduction: Reduction = .mean, mask: Tensor<S>? = nil
) -> UnpairedPreferenceLossOutput<S> {
  precondition(beta > 0, "ktoLoss: beta must be > 0, got \(beta)")
  var z0: S = 0
  if let policyKL = policyKLLogProbabilities {
    guard let referenceKL = referenceKLLogProbabilities else {
      preconditionFailure("ktoLoss: policyKLLogProbabilities without referenceKLLogProbabilities")
    }
    precondition(policyKL.shape == referenceKL.shape && policyKL.rank == 1 && policyKL.shape[0] > 0, "ktoLoss: KL log-probabilities \(policyKL.shape) vs \(referenceKL.shape)")
    z0 = withoutDerivative(at: Swift.max((policyKL - referenceKL).mean().scalar, 0))
  }
  let b = S(beta)
  let ratios = batch.logRatios
  let isDesirable = withoutDerivative(at: batch.labelValues(desirable: 1, undesirable: 0))
  let desirableLoss = S(desirableWeight) * (1 - sigmoid(b * (ratios - z0)))
  let undesirableLoss = S(undesirableWeight) * (1 - sigmoid(b * (z0 - ratios)))
  let perExample = select(isDesirable, desirableLoss, undesirableLoss)
  return UnpairedPreferenceLossOutput(
    loss: reduction.apply(perExample, mask: mask), rewards: withoutDerivative(at: b * ratios), desirable: batch.desirable)
}

/// BCO: binary classifier optimization on unpaired completions (TRL's `BCOTrainer`).
///
///     r = β·ℓ;   desirable: −log σ(r − δ),   undesirable: −log σ(−(r − δ))
///
/// δ is the running mean of all past rewards (``BCORewardMean``), passed in detached.
///
/// - Parameters:
///   - rewardShift: δ. Default `0`.
///   - beta: Default `0.1`.
/// - SeeAlso: Jung et al., "Binary Classifier Optimization for Large Language Model
///   Alignment", 2024.
/// - Note: TRL's optional UDM density-ratio weights are not applied; pass them as `mask`.
@differentiable(reverse, wrt: batch)
public func bcoLoss<S: TensorScalar>(
  _ batch: UnpairedPreferenceBatch<S>, rewardShift: Double = 0, beta: Double = 0.1, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> UnpairedPreferenceLossOutput<S> {
  precondition(beta > 0, "bcoLoss: beta must be > 0, got \(beta)")
  let rewards = S(beta) * batch.logRatios
  let signs = withoutDerivative(at: batch.labelValues(desirable: 1, undesirable: -1))
  let perExample = -logSigmoid(signs * (rewards - S(rewardShift)))
  return UnpairedPreferenceLossOutput(
    loss: reduction.apply(perExample, mask: mask), rewards: withoutDerivative(at: rewards), desirable: batch.desirable)
}

/// The running mean of BCO rewards, merged batch by batch (Chan et al.'s parallel update).
public struct BCORewardMean: Sendable, Equatable, Codable {
  /// The mean of all rewards seen.
  public private(set) var mean: Double = 0
  /// How many rewards were seen.
  public private(set) var count: Int = 0
  public init() {}
  /// Merges a batch of rewards into the mean.
  public mutating func update<S: TensorScalar>(with rewards: Tensor<S>) {
    guard rewards.scalarCount > 0 else { return }
    let batchMean = rewards.scalars.reduce(0.0) { $0 + Double($1) } / Double(rewards.scalarCount)
    let total = count + rewards.scalarCount
    mean += (batchMean - mean) * Double(rewards.scalarCount) / Double(total)
    count = total
  }
}

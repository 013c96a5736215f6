/// Schedule-Free SGD: SGD whose iterates are averaged online instead of following a decaying
/// schedule (see ``ScheduleFree``).
///
///     z ← z − η(t)·(g + λ·y);  x ← (1 − cₜ)·x + cₜ·z;  y ← β·x + (1 − β)·z
///
/// Evaluate the model at `state.evaluationParameters(from: parameters)`.
///
/// - Parameter learningRate: η. Default `1`.
/// - Parameter warmupSteps: a linear warmup from 0 to η over this many steps. Default `nil`.
/// - Parameter beta1: β. Default `0.9`.
/// - Parameter weightDecay: λ, added to the gradient. Default `0`.
/// - Parameter weightLRPower: p in wₜ = (max η)^p. Default `2`.
/// - Note: Optax's `weight_decay=None` (no decay) is Regula's `0`.
/// - SeeAlso: "The Road Less Scheduled", Defazio et al., NeurIPS 2024.
public func scheduleFreeSGD<Scalar: TensorScalar>(
  learningRate: Double = 1, warmupSteps: Int? = nil, beta1: Double = 0.9, weightDecay: Double = 0, weightLRPower: Double = 2
) -> ScheduleFree<Chained<AddDecayedWeights<Scalar>, ScaleByLearningRate<Scalar>>> {
  let rate = scheduleFreeLearningRate(learningRate, warmupSteps: warmupSteps)
  let base = chain {
    AddDecayedWeights<Scalar>(weightDecay)
    ScaleByLearningRate<Scalar>(rate)
  }
  return ScheduleFree(base, learningRate: rate, beta1: beta1, weightLRPower: weightLRPower)
}

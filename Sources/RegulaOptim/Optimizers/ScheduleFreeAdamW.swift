/// Schedule-Free AdamW: the RMS-scaled step of Adam (no first moment: β plays its role)
/// with decoupled weight decay, averaged online (see ``ScheduleFree``).
///
///     v ← β₂·v + (1 − β₂)·g²;  z ← z − η(t)·(g / (√(v/(1 − β₂ᵗ)) + ε) + λ·y)
///     x ← (1 − cₜ)·x + cₜ·z;   y ← β₁·x + (1 − β₁)·z
///
/// Evaluate the model at `state.evaluationParameters(from: parameters)`.
///
/// - Parameter learningRate: η. Default `0.0025`.
/// - Parameter warmupSteps: a linear warmup from 0 to η over this many steps. Default `nil`.
/// - Parameter beta1: β₁, the interpolation. Default `0.9`.
/// - Parameter beta2: β₂. Default `0.999`.
/// - Parameter epsilon: ε. Default `1e-8`.
/// - Parameter weightDecay: λ. Default `0`.
/// - Parameter weightLRPower: p in wₜ = (max η)^p. Default `2`.
/// - SeeAlso: "The Road Less Scheduled", Defazio et al., NeurIPS 2024.
public func scheduleFreeAdamW<Scalar: TensorScalar>(
  learningRate: Double = 0.0025, warmupSteps: Int? = nil, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
  weightDecay: Double = 0, weightLRPower: Double = 2
) -> ScheduleFree<Chained<Chained<ScaleByRMS<Scalar>, AddDecayedWeights<Scalar>>, ScaleByLearningRate<Scalar>>> {
  let rate = scheduleFreeLearningRate(learningRate, warmupSteps: warmupSteps)
  let base = chain {
    ScaleByRMS<Scalar>(decay: beta2, epsilon: epsilon, epsilonInSquareRoot: false, biasCorrection: true)
    AddDecayedWeights<Scalar>(weightDecay)
    ScaleByLearningRate<Scalar>(rate)
  }
  return ScheduleFree(base, learningRate: rate, beta1: beta1, weightLRPower: weightLRPower)
}

/// ACProp: AdaBelief's centered second moment, used one step late.
///
///     θ ← θ − η(t)·(g / (√ŝ_{t−1} + ε) + λ·θ)     (see ``ScaleByACProp``)
///
/// Defaults are Optax's `acprop`: β = (0.9, 0.999), ε = ε_root = 1e-16, λ = 0.
///
/// - Parameter mask: the paths that decay (all when `nil`).
/// - SeeAlso: "Momentum Centering and Asynchronous Update for Adaptive Gradient Methods",
///   Zhuang et al., NeurIPS 2021.
public func acprop<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-16, epsilonRoot: Double = 1e-16,
  weightDecay: Double = 0, mask: (@Sendable (String) -> Bool)? = nil
) -> Chained<Chained<ScaleByACProp<Scalar>, AddDecayedWeights<Scalar>>, ScaleByLearningRate<Scalar>> {
  chain {
    ScaleByACProp<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot)
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

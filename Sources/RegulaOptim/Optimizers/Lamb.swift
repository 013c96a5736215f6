/// LAMB: Adam directions (plus decoupled decay) rescaled per tensor by the trust ratio.
///
///     r = m̂/(√v̂ + ε) + λ·θ;   θ ← θ − η · ‖θ‖/‖r‖ · r
///
/// Defaults (Optax): β = (0.9, 0.999), ε = 1e-6, ε_root = 0, λ = 0.
///
/// - SeeAlso: "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes",
///   You et al., ICLR 2020.
public func lamb<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-6,
  epsilonRoot: Double = 0, weightDecay: Double = 0, mask: (@Sendable (String) -> Bool)? = nil
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByAdam<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot)
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByTrustRatio<Scalar>()
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

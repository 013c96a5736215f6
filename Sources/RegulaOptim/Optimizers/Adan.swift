/// Adan: adaptive Nesterov momentum, with decoupled weight decay.
///
///     θ ← θ − η · ((m̂ + (1 − β₂)·v̂)/(√(n̂ + ε_root) + ε) + λ·θ)     (see ``ScaleByAdan``)
///
/// Defaults (Optax): β = (0.98, 0.92, 0.99), ε = 1e-8, ε_root = 1e-8, λ = 0.
///
/// - Note: The reference PyTorch implementation applies the decay as θ/(1 + ηλ), not
///   θ(1 − ηλ).
/// - SeeAlso: "Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing Deep
///   Models", Xie et al., 2022.
public func adan<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.98, beta2: Double = 0.92, beta3: Double = 0.99,
  epsilon: Double = 1e-8, epsilonRoot: Double = 1e-8, weightDecay: Double = 0,
  mask: (@Sendable (String) -> Bool)? = nil
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByAdan<Scalar>(beta1: beta1, beta2: beta2, beta3: beta3, epsilon: epsilon, epsilonRoot: epsilonRoot)
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

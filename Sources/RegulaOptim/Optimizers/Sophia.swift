/// Sophia: a clipped momentum step preconditioned by a moving average of diagonal Hessian
/// estimates (see ``ScaleBySophia``, which holds the whole update).
///
///     θ ← θ − η(t)·(clip(m̂ / max(γ·h, ε), ±c) + λ·θ)
///
/// Defaults are Optax's `sophia`: β = (0.965, 0.99), ε = 1e-8, λ = 1e-4, γ = 0.01, c = 1,
/// a Hessian estimate every 10 steps.
///
///     let optimizer: ScaleBySophia<Float> = sophia(learningRate: 1e-3)
///     optimizer.step(&parameters, gradient: g, state: &state,
///       hessianVectorProduct: finiteDifferenceHessianVectorProduct(at: parameters, gradient: gradientOfLoss))
///
/// - SeeAlso: "Sophia: A Scalable Stochastic Second-order Optimizer for Language Model
///   Pre-training", Liu et al., ICLR 2024.
public func sophia<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.965, beta2: Double = 0.99, epsilon: Double = 1e-8, weightDecay: Double = 1e-4,
  gamma: Double = 0.01, clipThreshold: Double? = 1, updateInterval: Int = 10, seed: UInt64 = 0
) -> ScaleBySophia<Scalar> {
  ScaleBySophia(
    learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, gamma: gamma,
    clipThreshold: clipThreshold, updateInterval: updateInterval, seed: seed)
}

/// MADGRAD: momentumized dual averaging with a cube-root AdaGrad scaling.
///
///     z = θ₀ − s / (∛ν + ε),  θ ← (1 − c)·z + c·θ     (see ``ScaleByMADGRAD``)
///
/// The weight decay λ is added to the gradient (ℓ2, not decoupled), as in Optax's
/// `madgrad`. Defaults: c = 0.9, λ = 0, ε = 1e-6.
///
/// - SeeAlso: "Adaptivity without Compromise: A Momentumized, Adaptive, Dual Averaged
///   Gradient Method for Stochastic Optimization", Defazio & Jelassi, JMLR 2022.
public func madgrad<Scalar: TensorScalar>(
  learningRate: Schedule, momentum: Double = 0.9, weightDecay: Double = 0, epsilon: Double = 1e-6
) -> Chained<AddDecayedWeights<Scalar>, ScaleByMADGRAD<Scalar>> {
  chain {
    AddDecayedWeights<Scalar>(weightDecay)
    ScaleByMADGRAD<Scalar>(learningRate: learningRate, momentum: momentum, epsilon: epsilon)
  }
}

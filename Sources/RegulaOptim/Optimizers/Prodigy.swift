/// Prodigy: a learning-rate-free Adam that estimates its step size d from the distance to
/// the initial parameters.
///
///     θ ← θ − d̂·(m / (√v + d·ε) + λ·θ)     (see ``ScaleByProdigy`` for d̂, m, v and d)
///
/// Defaults are Optax's `prodigy`: η = 1, β = (0.9, 0.999), β₃ = √β₂, ε = 1e-8, d₀ = 1e-6.
///
/// - SeeAlso: "Prodigy: An Expeditiously Adaptive Parameter-Free Learner", Mishchenko &
///   Defazio, ICML 2024.
public func prodigy<Scalar: TensorScalar>(
  learningRate: Schedule = 1, beta1: Double = 0.9, beta2: Double = 0.999, beta3: Double? = nil, epsilon: Double = 1e-8,
  initialEstimate: Double = 1e-6, estimateCoefficient: Double = 1, weightDecay: Double = 0, safeguardWarmup: Bool = false
) -> ScaleByProdigy<Scalar> {
  ScaleByProdigy(
    learningRate: learningRate, beta1: beta1, beta2: beta2, beta3: beta3, epsilon: epsilon, initialEstimate: initialEstimate,
    estimateCoefficient: estimateCoefficient, weightDecay: weightDecay, safeguardWarmup: safeguardWarmup)
}

/// D-Adapted AdamW: AdamW whose step size is estimated on the fly (D-Adaptation).
///
///     θ ← θ − m / (√v + ε) − λ·d̂·θ     (see ``ScaleByDAdaptAdam`` for d̂, m, v)
///
/// Defaults are Optax's `dadapt_adamw`: η = 1, β = (0.9, 0.999), ε = 1e-8, d₀ = 1e-6, λ = 0.
///
/// - SeeAlso: "Learning-Rate-Free Learning by D-Adaptation", Defazio & Mishchenko, ICML 2023.
public func dadaptAdamW<Scalar: TensorScalar>(
  learningRate: Schedule = 1, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, initialEstimate: Double = 1e-6,
  weightDecay: Double = 0
) -> ScaleByDAdaptAdam<Scalar> {
  ScaleByDAdaptAdam(
    learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, initialEstimate: initialEstimate, weightDecay: weightDecay)
}

/// MoMo: momentum SGD whose step size comes from a Polyak-type model of the loss, so it
/// needs the loss value at each step (a ``LossAwareTransformation``).
///
///     θ ← θ − αλ/(1 + αλ)·θ − τ·m     (see ``ScaleByMomo`` for τ and m)
///
/// Defaults are Optax's `momo`: η = 1, β = 0.9, f* = 0, λ = 0.
///
///     let optimizer: ScaleByMomo<Float> = momo()
///     optimizer.step(&parameters, gradient: g, loss: value, state: &state)
///
/// - SeeAlso: "MoMo: Momentum Models for Adaptive Learning Rates", Schaipp et al., ICML 2024.
public func momo<Scalar: TensorScalar>(
  learningRate: Schedule = 1, beta: Double = 0.9, lowerBound: Double = 0, weightDecay: Double = 0, adaptLowerBound: Bool = false
) -> ScaleByMomo<Scalar> {
  ScaleByMomo(learningRate: learningRate, beta: beta, lowerBound: lowerBound, weightDecay: weightDecay, adaptLowerBound: adaptLowerBound)
}

/// MoMo-Adam: MoMo's step size on Adam's preconditioned momentum; needs the loss value at
/// each step (a ``LossAwareTransformation``).
///
///     θ ← θ − αλ/(1 + αλ)·θ − τ·m / D     (see ``ScaleByMomoAdam`` for τ, m and D)
///
/// Defaults are Optax's `momo_adam`: η = 0.01, β = (0.9, 0.999), ε = 1e-8, f* = 0, λ = 0.
///
/// - SeeAlso: "MoMo: Momentum Models for Adaptive Learning Rates", Schaipp et al., ICML 2024.
public func momoAdam<Scalar: TensorScalar>(
  learningRate: Schedule = 0.01, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, lowerBound: Double = 0,
  weightDecay: Double = 0, adaptLowerBound: Bool = false
) -> ScaleByMomoAdam<Scalar> {
  ScaleByMomoAdam(
    learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, lowerBound: lowerBound, weightDecay: weightDecay,
    adaptLowerBound: adaptLowerBound)
}

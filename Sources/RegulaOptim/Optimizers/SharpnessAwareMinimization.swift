/// SAM with the paper's ascent step: every other call moves the parameters by ρ·g/‖g‖,
/// and the next call applies `optimizer` to the gradient taken there, from the original
/// parameters (see ``SharpnessAwareOptimizer``).
///
///     θ̃ = θ + ρ·∇f(θ)/‖∇f(θ)‖;   θ ← θ + optimizer(∇f(θ̃))
///
/// - Parameter optimizer: the outer optimizer, e.g. `sgd(learningRate: 0.1, momentum: 0.9)`.
/// - Parameter rho: ρ, the radius of the ascent step. Default `0.05`.
/// - Parameter syncPeriod: calls per cycle (one more than the ascent steps). Default `2`.
/// - SeeAlso: "Sharpness-Aware Minimization for Efficiently Improving Generalization",
///   Foret, Kleiner, Mobahi & Neyshabur, ICLR 2021.
public func sam<Optimizer: GradientTransformation>(
  _ optimizer: Optimizer, rho: Double = 0.05, syncPeriod: Int = 2
) -> SharpnessAwareOptimizer<Optimizer, Chained<Normalize<Optimizer.Scalar>, ScaleByLearningRate<Optimizer.Scalar>>> {
  SharpnessAwareOptimizer(optimizer, adversary: chain { Normalize<Optimizer.Scalar>(); ScaleByLearningRate<Optimizer.Scalar>(.constant(rho)) }, syncPeriod: syncPeriod)
}

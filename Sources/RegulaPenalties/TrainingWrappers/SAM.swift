/// Sharpness-aware minimization: the gradient at the worst nearby point of a ρ-ball.
///
///     g = ∇L(θ),   ε = ρ·g/(‖g‖ + 1e-12),   g_SAM = ∇L(θ + ε)
///
/// with ‖·‖ the global ℓ2 norm over all parameter tensors. The base optimizer then steps
/// from θ (not θ + ε) with g_SAM. Two evaluations of the objective per step; the loss
/// returned is L(θ).
///
/// - Parameters:
///   - rho: ρ ≥ 0, the radius of the neighbourhood. Default `0.05`.
///   - adaptive: scale the neighbourhood by |θ| (ASAM, see ``adaptive(rho:)``). Default `false`.
/// - SeeAlso: Foret et al., "Sharpness-Aware Minimization for Efficiently Improving
///   Generalization", ICLR 2021; reference code davda54/sam and `optax.contrib.sam`.
/// - Note: Regula has no batch-norm layer, so the reference's rule of updating running
///   statistics only in the first pass has nothing to act on. Optax's `sam` is a
///   gradient transformation with a synchronisation period; Regula evaluates both points in
///   the same step, as davda54/sam does.
public struct SAM<Scalar: TensorScalar>: GradientWrapper {
  public var rho: Double
  public var adaptive: Bool

  public init(rho: Double = 0.05, adaptive: Bool = false) {
    precondition(rho >= 0 && rho.isFinite, "SAM: rho must be finite and non-negative, got \(rho)")
    (self.rho, self.adaptive) = (rho, adaptive)
  }

  public func lossAndGradient(
    at parameters: ParameterSet<Scalar>,
    of objective: (ParameterSet<Scalar>) -> (value: Scalar, gradient: ParameterSet<Scalar>)
  ) -> (value: Scalar, gradient: ParameterSet<Scalar>) {
    let (loss, g) = evaluate(objective, at: parameters)
    let epsilon = sharpnessPerturbation(gradient: g, parameters: parameters, radius: rho, adaptive: adaptive)
    return (loss, evaluate(objective, at: parameters + epsilon).gradient)
  }
}

/// Gradient-norm-aware minimization: seeks first-order flatness, a small maximal gradient
/// norm in a neighbourhood, combined with SAM as in the authors' code.
///
/// Four evaluations of the objective per step (global ℓ2 norms, each with + 1e-12):
///
///     g₀ = ∇L(θ)
///     g₁ = ∇L(θ + ρ_g·g₀/‖g₀‖)                         SAM's ascent
///     h  = g₁ − g₀                                     ≈ ρ_g·H g₀/‖g₀‖
///     θ₂ = θ + ρ_n·h/‖h‖,   g₂ = ∇L(θ₂)
///     g₃ = ∇L(θ₂ + ρ_g·g₂/‖g₂‖)
///     p = g₀ + |β₂|·g₂,   d = β₁·g₁ + β₃·g₃
///     c = ⟨p, d⟩/(‖p‖‖d‖ + 1e-12),   v = p − c·‖p‖·d/(‖d‖ + 1e-12)
///     g_GAM = d − γ·v
///
/// The base optimizer steps from θ with g_GAM; the loss returned is L(θ).
///
/// - Parameters:
///   - rho: ρ_g ≥ 0, the SAM radius. Default `0.02`.
///   - normRho: ρ_n ≥ 0, the radius of the gradient-norm ascent. Default `0.2`.
///   - beta1, beta2, beta3: β₁, β₂, β₃. Defaults `1`, `-1`, `1`.
///   - gamma: γ, the weight of the decomposed component. Default `0.03`.
///   - adaptive: scale every perturbation as ASAM does (ε ∝ θ²⊙g/‖|θ|⊙g‖). Default `false`.
/// - SeeAlso: Zhang et al., "Gradient Norm Aware Minimization Seeks First-Order Flatness and
///   Improves Generalization", CVPR 2023; reference code xxgege/GAM (`gam/gam.py`).
public struct GAM<Scalar: TensorScalar>: GradientWrapper {
  public var rho: Double
  public var normRho: Double
  public var beta1: Double
  public var beta2: Double
  public var beta3: Double
  public var gamma: Double
  public var adaptive: Bool

  public init(
    rho: Double = 0.02, normRho: Double = 0.2, beta1: Double = 1, beta2: Double = -1, beta3: Double = 1,
    gamma: Double = 0.03, adaptive: Bool = false
  ) {
    precondition(rho >= 0 && rho.isFinite, "GAM: rho must be finite and non-negative, got \(rho)")
    precondition(normRho >= 0 && normRho.isFinite, "GAM: normRho must be finite and non-negative, got \(normRho)")
    (self.rho, self.normRho, self.beta1, self.beta2, self.beta3, self.gamma, self.adaptive) =
      (rho, normRho, beta1, beta2, beta3, gamma, adaptive)
  }

  public func lossAndGradient(
    at parameters: ParameterSet<Scalar>,
    of objective: (ParameterSet<Scalar>) -> (value: Scalar, gradient: ParameterSet<Scalar>)
  ) -> (value: Scalar, gradient: ParameterSet<Scalar>) {
    func ascent(_ direction: ParameterSet<Scalar>, from point: ParameterSet<Scalar>, radius: Double) -> ParameterSet<Scalar> {
      point + sharpnessPerturbation(gradient: direction, parameters: point, radius: radius, adaptive: adaptive)
    }
    let (loss, g0) = evaluate(objective, at: parameters)
    let g1 = evaluate(objective, at: ascent(g0, from: parameters, radius: rho)).gradient
    let theta2 = ascent(g1 - g0, from: parameters, radius: normRho)
    let g2 = evaluate(objective, at: theta2).gradient
    let g3 = evaluate(objective, at: ascent(g2, from: theta2, radius: rho)).gradient

    let p = g0.adding(g2, scaledBy: Swift.abs(beta2))
    let d = g1.scaled(by: beta1).adding(g3, scaledBy: beta3)
    let (pNorm, dNorm) = (p.globalNorm(), d.globalNorm())
    let cosine = p.dot(d) / (pNorm * dNorm + 1e-12)
    let vertical = p.adding(d, scaledBy: -cosine * pNorm / (dNorm + 1e-12))
    return (loss, d.adding(vertical, scaledBy: -gamma))
  }
}

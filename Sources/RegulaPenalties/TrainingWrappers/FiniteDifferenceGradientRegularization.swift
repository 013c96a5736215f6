/// Gradient-norm regularization without double backpropagation: the gradient of
/// L + (γ/2)‖∇L‖², whose Hessian–gradient product comes from a forward difference.
///
///     g = ∇L(θ),   ε = ε₀/‖g‖
///     ∇[L + (γ/2)‖∇L‖²] = g + γ·H g ≈ (1 − γ/ε)·g + (γ/ε)·∇L(θ + ε·g)
///
/// so θ is moved by a step of length ε₀ along g ("ascent" difference). Two evaluations per
/// step; the loss returned is L(θ), without the penalty. At g = 0 the gradient is g.
///
/// - Parameters:
///   - gamma: γ ≥ 0, the weight of (1/2)‖∇L‖². Default `0.1`.
///   - epsilon: ε₀ > 0, the length of the difference step. Default `0.01`.
/// - SeeAlso: Karakida, Takase, Hayase & Osawa, "Understanding Gradient Regularization in
///   Deep Learning: Efficient Finite-Difference Computation and Implicit Bias", ICML 2023.
/// - Note: the paper gives no default γ; Regula's 0.1 is a starting point, not a tuned value.
///   With γ = ε this is SAM's step without the normalisation of ρ.
public struct FiniteDifferenceGradientRegularization<Scalar: TensorScalar>: GradientWrapper {
  public var gamma: Double
  public var epsilon: Double

  public init(gamma: Double = 0.1, epsilon: Double = 0.01) {
    precondition(gamma >= 0 && gamma.isFinite, "gradient regularization: gamma must be finite and non-negative, got \(gamma)")
    precondition(epsilon > 0 && epsilon.isFinite, "gradient regularization: epsilon must be positive, got \(epsilon)")
    (self.gamma, self.epsilon) = (gamma, epsilon)
  }

  public func lossAndGradient(
    at parameters: ParameterSet<Scalar>,
    of objective: (ParameterSet<Scalar>) -> (value: Scalar, gradient: ParameterSet<Scalar>)
  ) -> (value: Scalar, gradient: ParameterSet<Scalar>) {
    let (loss, g) = evaluate(objective, at: parameters)
    let norm = g.globalNorm()
    guard norm > 0 else { return (loss, g) }
    let step = epsilon / norm
    let shifted = evaluate(objective, at: parameters.adding(g, scaledBy: step)).gradient
    let ratio = gamma / step
    return (loss, g.scaled(by: 1 - ratio).adding(shifted, scaledBy: ratio))
  }
}

/// ScaledGD(λ): gradient descent on matrix factors preconditioned by their partners' damped
/// Gram matrices (see ``ScaleByScaledGD``).
///
///     L ← L − η∇_L f·(RᵀR + λI)⁻¹,   R ← R − η∇_R f·(LᵀL + λI)⁻¹
///
/// - Parameter learningRate: η, a constant or a schedule (the paper uses η ≈ 0.5).
/// - Parameter damping: λ ≥ 0.
/// - Parameter partners: factor path → partner path (itself for a symmetric factor).
/// - SeeAlso: "The Power of Preconditioning in Overparameterized Low-Rank Matrix Sensing",
///   Xu et al., ICML 2023.
public func scaledGD<Scalar: TensorScalar>(
  learningRate: Schedule, damping: Double, partners: [String: String]
) -> Chained<ScaleByScaledGD<Scalar>, ScaleByLearningRate<Scalar>> {
  Chained(ScaleByScaledGD(damping: damping, partners: partners), ScaleByLearningRate(learningRate))
}

/// Lion: the sign of interpolated momentum, with decoupled weight decay; with another κ,
/// Lion-κ.
///
///     θ ← θ − η · (∇κ((1 − β₁)·g + β₁·m) + λ·θ);   m ← β₂·m + (1 − β₂)·g   (Lion: ∇κ = sign)
///
/// Lion solves min f(θ) subject to ‖θ‖_∞ ≤ 1/λ: once inside that box the iterates stay in it.
/// Defaults (paper and Optax): β = (0.9, 0.99), λ = 1e-3. Use a learning rate 3–10× smaller
/// than AdamW's.
///
/// - Note: mlx-swift defaults β₂ to 0.999.
/// - Parameter kappa: κ (``LionKappa``). Default `.l1`, Lion.
/// - SeeAlso: "Symbolic Discovery of Optimization Algorithms", Chen et al., NeurIPS 2023;
///   "Lion Secretly Solves Constrained Optimization: As Lyapunov Predicts", Chen et al.,
///   ICLR 2024.
public func lion<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.99, weightDecay: Double = 1e-3,
  mask: (@Sendable (String) -> Bool)? = nil, kappa: LionKappa = .l1
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByLion<Scalar>(beta1: beta1, beta2: beta2, kappa: kappa)
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

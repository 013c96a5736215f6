/// Optimistic gradient descent: θ ← θ − η·((α + β)·gₜ − β·gₜ₋₁).
///
/// - Parameter alpha: α. Default `1`.  - Parameter beta: β, the optimism. Default `1`.
/// - SeeAlso: "Training GANs with Optimism", Daskalakis et al., ICLR 2018.
public func optimisticGradientDescent<Scalar: TensorScalar>(
  learningRate: Schedule, alpha: Schedule = 1, beta: Schedule = 1
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByOptimisticGradient<Scalar>(alpha: alpha, beta: beta)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

/// Optimistic Adam (Optax's `optimistic_adam_v2`): the optimistic step applied to Adam's
/// (by default Nesterov) direction.
///
///     d = Adam direction;   θ ← θ − η·((α + β)·dₜ − β·dₜ₋₁)
///
/// Defaults: α = 1, β = 1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, Nesterov on.
///
/// - SeeAlso: "Training GANs with Optimism", Daskalakis et al., ICLR 2018.
public func optimisticAdam<Scalar: TensorScalar>(
  learningRate: Schedule, alpha: Schedule = 1, beta: Schedule = 1, beta1: Double = 0.9, beta2: Double = 0.999,
  epsilon: Double = 1e-8, epsilonRoot: Double = 0, nesterov: Bool = true
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByAdam<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: nesterov)
    ScaleByOptimisticGradient<Scalar>(alpha: alpha, beta: beta)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

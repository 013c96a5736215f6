/// Adamax: Adam with the infinity norm.
///
///     θ ← θ − η · m / ((1 − β₁ᵗ)·v)     (see ``ScaleByAdamax``)
///
/// Defaults: β = (0.9, 0.999), ε = 1e-8 (Optax). PyTorch's default η is 2e-3.
///
/// - SeeAlso: "Adam: A Method for Stochastic Optimization", Kingma & Ba, ICLR 2015.
public func adamax<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByAdamax<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

/// AdamaxW: Adamax with decoupled weight decay (multiplied by the learning rate).
///
///     θ ← θ − η · (m / ((1 − β₁ᵗ)·v) + λ·θ)
///
/// - Parameter weightDecay: λ. Default `1e-4` (Optax).
/// - SeeAlso: "Decoupled Weight Decay Regularization", Loshchilov & Hutter, ICLR 2019.
public func adamaxw<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
  weightDecay: Double = 1e-4, mask: (@Sendable (String) -> Bool)? = nil
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByAdamax<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon)
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

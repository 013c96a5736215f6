/// NAdam: Adam with Nesterov momentum.
///
///     m̂ = β₁·m/(1 − β₁ᵗ⁺¹) + (1 − β₁)·g/(1 − β₁ᵗ);   θ ← θ − η · m̂/(√(v̂ + ε_root) + ε)
///
/// Defaults as ``adam(learningRate:beta1:beta2:epsilon:epsilonRoot:)``.
///
/// - Note: PyTorch's `NAdam` adds a momentum-decay schedule (ψ = 0.004); Optax and Regula do not.
/// - SeeAlso: "Incorporating Nesterov Momentum into Adam", Dozat, ICLR Workshop 2016.
public func nadam<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByAdam<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: true)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

/// NAdamW: NAdam with decoupled weight decay (multiplied by the learning rate).
///
/// - Parameter weightDecay: λ. Default `1e-4` (Optax; PyTorch's AdamW uses 1e-2).
/// - SeeAlso: "Incorporating Nesterov Momentum into Adam", Dozat, 2016; "Decoupled Weight
///   Decay Regularization", Loshchilov & Hutter, ICLR 2019.
public func nadamw<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0,
  weightDecay: Double = 1e-4, mask: (@Sendable (String) -> Bool)? = nil
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByAdam<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: true)
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

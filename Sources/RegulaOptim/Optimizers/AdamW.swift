/// AdamW: Adam with decoupled weight decay.
///
///     θ ← θ − η · (m̂ / (√v̂ + ε) + λ·θ)
///
/// The decay is multiplied by the learning rate, as in PyTorch and Optax. The default
/// λ = 1e-4 is Optax's; PyTorch's `AdamW` defaults to 1e-2. `mask` selects the paths that
/// decay (all when `nil`).
///
/// - SeeAlso: "Decoupled Weight Decay Regularization", Loshchilov & Hutter, ICLR 2019.
public func adamw<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
  epsilonRoot: Double = 0, weightDecay: Double = 1e-4, mask: (@Sendable (String) -> Bool)? = nil
) -> Chained<Chained<ScaleByAdam<Scalar>, AddDecayedWeights<Scalar>>, ScaleByLearningRate<Scalar>> {
  chain {
    ScaleByAdam<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot)
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

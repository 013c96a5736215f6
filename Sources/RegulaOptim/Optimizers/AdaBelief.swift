/// AdaBelief: Adam whose second moment tracks the squared deviation of the gradient from
/// its moving average.
///
///     θ ← θ − η · m̂ / (√ŝ + ε)      (see ``ScaleByBelief``)
///
/// Defaults are Optax's: β = (0.9, 0.999), ε = 1e-16, ε_root = 1e-16.
///
/// - SeeAlso: "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients",
///   Zhuang et al., NeurIPS 2020.
public func adabelief<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-16,
  epsilonRoot: Double = 1e-16, nesterov: Bool = false
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByBelief<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: nesterov)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

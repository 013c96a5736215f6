/// RAdam: Adam with the adaptive step rectified while the variance estimate is unreliable.
///
///     θ ← θ − η · r·m̂/(√(v̂ + ε_root) + ε)   (ρₜ ≥ threshold),   θ ← θ − η·m̂ otherwise
///
/// See ``ScaleByRAdam``. Defaults as Adam, threshold 5.
///
/// - SeeAlso: "On the Variance of the Adaptive Learning Rate and Beyond", Liu et al., ICLR 2020.
public func radam<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
  epsilonRoot: Double = 0, threshold: Double = 5, nesterov: Bool = false
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByRAdam<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, threshold: threshold, nesterov: nesterov)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

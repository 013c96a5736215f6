/// Yogi: Adam with an additive second-moment update that cannot grow too quickly.
///
///     θ ← θ − η · m̂/(√v̂ + ε)      (see ``ScaleByYogi``)
///
/// Defaults (Optax): β = (0.9, 0.999), ε = 1e-3, m₀ = v₀ = 1e-6.
///
/// - SeeAlso: "Adaptive Methods for Nonconvex Optimization", Zaheer et al., NeurIPS 2018.
public func yogi<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-3
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByYogi<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

/// AMSGrad: Adam with a non-decreasing second-moment estimate.
///
///     θ ← θ − η · m̂ / (√(v_max + ε_root) + ε)     (see ``ScaleByAMSGrad``)
///
/// Defaults as ``adam(learningRate:beta1:beta2:epsilon:epsilonRoot:)``.
///
/// - SeeAlso: "On the Convergence of Adam and Beyond", Reddi, Kale & Kumar, ICLR 2018.
public func amsgrad<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
  epsilonRoot: Double = 0
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByAMSGrad<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

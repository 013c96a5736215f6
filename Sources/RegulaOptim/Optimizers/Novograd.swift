/// NovoGrad: momentum of gradients normalized by a per-tensor second moment.
///
///     θ ← θ − η · m      (see ``ScaleByNovograd``)
///
/// Defaults (Optax): β = (0.9, 0.25), ε = 1e-6, ε_root = 0, λ = 0 (coupled, inside m).
///
/// - SeeAlso: "Stochastic Gradient Methods with Layer-wise Adaptive Moments for Training of
///   Deep Networks", Ginsburg et al., 2019.
public func novograd<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.25, epsilon: Double = 1e-6,
  epsilonRoot: Double = 0, weightDecay: Double = 0
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByNovograd<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, weightDecay: weightDecay)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

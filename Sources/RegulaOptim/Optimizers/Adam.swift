/// Adam: updates scaled by bias-corrected first and second moment estimates.
///
///     θ ← θ − η · m̂ / (√(v̂ + ε_root) + ε)     (see ``ScaleByAdam`` for m̂ and v̂)
///
/// Defaults are the paper's and Optax's `adam`.
///
/// - SeeAlso: "Adam: A Method for Stochastic Optimization", Kingma & Ba, ICLR 2015.
public func adam<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
  epsilonRoot: Double = 0
) -> Chained<ScaleByAdam<Scalar>, ScaleByLearningRate<Scalar>> {
  chain {
    ScaleByAdam<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

/// AdaGrad: per-element steps scaled by the inverse root of the sum of squared gradients.
///
///     s ← s + g²;   θ ← θ − η · g/√(s + ε)      (see ``ScaleByRSS``)
///
/// - Parameter initialAccumulatorValue: s₀. Default `0.1`.
/// - Parameter epsilon: Default `1e-7`.
/// - Note: PyTorch's `Adagrad` starts from s₀ = 0 with ε = 1e-10 outside the root.
/// - SeeAlso: "Adaptive Subgradient Methods for Online Learning and Stochastic
///   Optimization", Duchi, Hazan & Singer, JMLR 2011.
public func adagrad<Scalar: TensorScalar>(
  learningRate: Schedule, initialAccumulatorValue: Double = 0.1, epsilon: Double = 1e-7
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByRSS<Scalar>(initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

/// Adadelta, with optional coupled weight decay (added to the gradient first).
///
///     g ← g + λ·θ;   θ ← θ − η · √(E[Δ²] + ε)/√(E[g²] + ε) · g     (see ``ScaleByAdadelta``)
///
/// - Parameter rho: Default `0.9`.  - Parameter epsilon: Default `1e-6`.
/// - Parameter weightDecay: λ. Default `0`.  - Parameter mask: paths that decay.
/// - Note: Optax lets the learning rate be omitted (then the update is not negated);
///   Regula requires it. PyTorch's default η is 1.
/// - SeeAlso: "ADADELTA: An Adaptive Learning Rate Method", Zeiler, 2012.
public func adadelta<Scalar: TensorScalar>(
  learningRate: Schedule, rho: Double = 0.9, epsilon: Double = 1e-6, weightDecay: Double = 0,
  mask: (@Sendable (String) -> Bool)? = nil
) -> some GradientTransformation<Scalar> {
  chain {
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByAdadelta<Scalar>(rho: rho, epsilon: epsilon)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

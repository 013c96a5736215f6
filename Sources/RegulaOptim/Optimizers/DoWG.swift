/// DoWG: DoG with gradient norms weighted by the squared distance estimate.
///
///     r̄²_t = max(r̄²₀, maxₖ≤ₜ ‖θₖ − θ₀‖²),  v_t = Σₖ≤ₜ r̄²ₖ‖gₖ‖²
///     θ ← θ − η(t) · (r̄²_t / (√v_t + ε)) · (g + λ·θ)
///
/// - Parameter learningRate: η, a factor on DoWG's step (for a schedule). Default `1`.
/// - Parameter initialSquaredDistance: r̄²₀. Default `nil` (ε).
/// - Parameter epsilon: ε. Default `1e-4`.
/// - Parameter weightDecay: λ, added to the gradient before DoWG. Default `0`.
/// - Parameter mask: the paths that decay (all when `nil`).
/// - Note: Optax's `weight_decay=None` (no decay) is Regula's `0`.
/// - SeeAlso: "DoWG Unleashed: An Efficient Universal Parameter-Free Gradient Descent
///   Method", Khaled, Mishchenko & Jin, NeurIPS 2023.
public func dowg<Scalar: TensorScalar>(
  learningRate: Schedule = 1, initialSquaredDistance: Double? = nil, epsilon: Double = 1e-4, weightDecay: Double = 0,
  mask: (@Sendable (String) -> Bool)? = nil
) -> Chained<Chained<AddDecayedWeights<Scalar>, ScaleByDoWG<Scalar>>, ScaleByLearningRate<Scalar>> {
  chain {
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByDoWG<Scalar>(initialSquaredDistance: initialSquaredDistance, epsilon: epsilon)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

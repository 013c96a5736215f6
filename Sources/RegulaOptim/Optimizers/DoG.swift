/// DoG: SGD whose step size is the largest distance travelled over the root of the summed
/// squared gradient norms.
///
///     r̄_t = max(r̄₀, maxₖ≤ₜ ‖θₖ − θ₀‖),  G_t = Σₖ≤ₜ ‖gₖ‖²
///     θ ← θ − η(t) · (r̄_t / √(G_t + ε)) · (g + λ·θ)
///
/// The authors recommend averaging the iterates (e.g. with ``EMA``).
///
/// - Parameter learningRate: η, a factor on DoG's step (for a schedule). Default `1`.
/// - Parameter initialStep: see ``ScaleByDoG/InitialStep``. Default `.heuristic(1e-6)`.
/// - Parameter epsilon: ε. Default `1e-8`.
/// - Parameter weightDecay: λ, added to the gradient before DoG. Default `0`.
/// - Parameter mask: the paths that decay (all when `nil`).
/// - Note: Optax's `weight_decay=None` (no decay) is Regula's `0`.
/// - SeeAlso: "DoG is SGD's Best Friend: A Parameter-Free Dynamic Step Size Schedule",
///   Ivgi, Hinder & Carmon, ICML 2023.
public func dog<Scalar: TensorScalar>(
  learningRate: Schedule = 1, initialStep: ScaleByDoG<Scalar>.InitialStep = .heuristic(1e-6), epsilon: Double = 1e-8,
  weightDecay: Double = 0, mask: (@Sendable (String) -> Bool)? = nil
) -> Chained<Chained<AddDecayedWeights<Scalar>, ScaleByDoG<Scalar>>, ScaleByLearningRate<Scalar>> {
  chain {
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByDoG<Scalar>(initialStep: initialStep, epsilon: epsilon)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

/// GaLore with Adam in the projected space, decoupled weight decay in the full space and a
/// learning rate (Optax's `contrib.galore` with its default base optimizer).
///
///     u = −η · (α · P · adam(Pᵀ G) + λθ)      (P: ``ScaleByGaLore``'s projector)
///
/// - Parameter learningRate: η, a constant or a schedule.
/// - Parameter rank: the projection's rank. Default `128`.
/// - Parameter updateProjectionGap: steps between SVDs. Default `200`.
/// - Parameter scale: α. Default `1`.
/// - Parameter weightDecay: λ. Default `0`.
/// - Parameter mask: which paths decay (all by default).
/// - SeeAlso: "GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection",
///   Zhao et al., ICML 2024.
public func galore<Scalar: TensorScalar>(
  learningRate: Schedule, rank: Int = 128, updateProjectionGap: Int = 200, scale: Double = 1, weightDecay: Double = 0,
  mask: (@Sendable (String) -> Bool)? = nil
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByGaLore(ScaleByAdam<Scalar>(), rank: rank, updateProjectionGap: updateProjectionGap, scale: scale)
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

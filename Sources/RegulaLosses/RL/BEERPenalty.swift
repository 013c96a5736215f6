import _Differentiation

/// BEER: the Bellman-equation bound on the cosine similarity of consecutive critic
/// representations, used as an adaptive representation-rank regulariser.
///
/// With Q(s, a) = ⟨φ(s, a), w⟩, the Bellman equation bounds the similarity of φ = φ(s, a)
/// and the target network's φ̄′ = φ̄(s′, a′):
///
///     B = (‖φ‖² + γ²‖φ′‖² − r²/‖w‖²) / (2γ·‖φ‖·‖φ̄′‖)    (no gradient)
///     penalty = β · mean ReLU(cos(φ, φ̄′) − B)
///
/// where φ′ is the online critic's feature of (s′, π(s′)).
///
/// - Parameters:
///   - features: [B, d] φ (differentiable).
///   - nextFeatures: [B, d] φ′ (online critic at the next state and the actor's action).
///   - targetNextFeatures: [B, d] φ̄′ (target critic at the next state and target action).
///   - rewards: [B].
///   - outputWeightSquaredNorm: ‖w‖², the squared norm of the critic's last layer.
///   - discount: γ. Default `0.99`.
///   - beta: β. Default `1e-3`.
/// - SeeAlso: He, Zhou, Fang & Maghsudi, "Adaptive Regularization of Representation Rank as
///   an Implicit Constraint of Bellman Equation", ICLR 2024 (sweetice/BEER-ICLR2024).
/// - Note: The cosine similarity floors ‖φ‖·‖φ̄′‖ at 10⁻⁶, as PyTorch's `cosine_similarity`.
@differentiable(reverse, wrt: features)
public func beerPenalty<S: TensorScalar>(
  features: Tensor<S>, nextFeatures: Tensor<S>, targetNextFeatures: Tensor<S>, rewards: Tensor<S>,
  outputWeightSquaredNorm: Double, discount: Double = 0.99, beta: Double = 1e-3, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> Tensor<S> {
  checkSameShape(features, "features", nextFeatures, "next features", in: "beerPenalty")
  checkSameShape(features, "features", targetNextFeatures, "target next features", in: "beerPenalty")
  precondition(features.rank == 2 && features.shape[0] > 0, "beerPenalty: features must be [B, d] with B ≥ 1, got \(features.shape)")
  precondition(rewards.shape == [features.shape[0]], "beerPenalty: rewards \(rewards.shape) for \(features.shape[0]) transitions")
  precondition(outputWeightSquaredNorm > 0 && discount > 0, "beerPenalty: needs ‖w‖² > 0 and γ > 0")
  let g = S(discount)
  let bound = beerBound(
    withoutDerivative(at: features), nextFeatures, targetNextFeatures, rewards, outputWeightSquaredNorm: S(outputWeightSquaredNorm),
    discount: g)
  let dot = (features * targetNextFeatures).sum(alongAxes: [1])
  let norms = features.l2Norm(alongAxes: [1]) * withoutDerivative(at: targetNextFeatures.l2Norm(alongAxes: [1]))
  let cosine = dot / max(norms, Tensor(S(1e-6)))
  return reduction.apply(S(beta) * relu(cosine - bound), mask: mask)
}

/// B = (‖φ‖² + γ²‖φ′‖² − r²/‖w‖²) / (2γ·‖φ‖·‖φ̄′‖) per row (not differentiated).
@usableFromInline func beerBound<S: TensorScalar>(
  _ features: Tensor<S>, _ nextFeatures: Tensor<S>, _ targetNextFeatures: Tensor<S>, _ rewards: Tensor<S>,
  outputWeightSquaredNorm: S, discount g: S
) -> Tensor<S> {
  let norm = features.l2Norm(alongAxes: [1])
  let numerator = square(norm) + g * g * square(nextFeatures.l2Norm(alongAxes: [1])) - square(rewards) / outputWeightSquaredNorm
  return numerator / (2 * g * norm * targetNextFeatures.l2Norm(alongAxes: [1]))
}

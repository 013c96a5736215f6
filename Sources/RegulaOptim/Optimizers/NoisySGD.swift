/// SGD on gradients with annealed Gaussian noise (Optax's `noisy_sgd`).
///
///     θ ← θ − η(t)·(g + σ_t·z),   z ~ N(0, I),   σ_t² = eta/tᵞ   (t = 1 at the first step)
///
/// - Parameter learningRate: η, a constant or a schedule.
/// - Parameter eta: the noise variance at the first step. Default `0.01`.
/// - Parameter gamma: the variance's decay exponent. Default `0.55`.
/// - Parameter seed: the noise generator's seed (kept in the state). Default `0`.
/// - Note: The noise is drawn from Regula's ``RandomGenerator``, not JAX's PRNG: same
///   distribution as Optax, different values.
/// - SeeAlso: "Adding Gradient Noise Improves Learning for Very Deep Networks",
///   Neelakantan et al., 2015.
public func noisySGD<Scalar: TensorScalar>(
  learningRate: Schedule, eta: Double = 0.01, gamma: Double = 0.55, seed: UInt64 = 0
) -> Chained<AddNoise<Scalar>, ScaleByLearningRate<Scalar>> {
  Chained(AddNoise(eta: eta, gamma: gamma, seed: seed), ScaleByLearningRate(learningRate))
}

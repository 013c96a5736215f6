/// COCOB: coin-betting steps with no learning rate to tune.
///
///     u = ScaleByCOCOB(η(t)·(g + λ·θ))
///
/// The optional learning rate multiplies the (decayed) gradient before the bet, as in
/// Optax, where it exists to inject a schedule; the default 1 leaves COCOB parameter-free.
///
/// - Parameter learningRate: η, a positive factor on the gradient. Default `1`.
/// - Parameter alpha: α, see ``ScaleByCOCOB``. Default `100`.
/// - Parameter epsilon: ε, see ``ScaleByCOCOB``. Default `1e-8`.
/// - Parameter weightDecay: λ, an ℓ2 penalty added to the gradient. Default `0`.
/// - Parameter mask: the paths that decay (all when `nil`).
/// - SeeAlso: "Training Deep Networks without Learning Rates Through Coin Betting",
///   Orabona & Tommasi, NeurIPS 2017.
public func cocob<Scalar: TensorScalar>(
  learningRate: Schedule = 1, alpha: Double = 100, epsilon: Double = 1e-8, weightDecay: Double = 0,
  mask: (@Sendable (String) -> Bool)? = nil
) -> Chained<Chained<AddDecayedWeights<Scalar>, Scale<Scalar>>, ScaleByCOCOB<Scalar>> {
  chain {
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    Scale<Scalar>(learningRate)
    ScaleByCOCOB<Scalar>(alpha: alpha, epsilon: epsilon)
  }
}

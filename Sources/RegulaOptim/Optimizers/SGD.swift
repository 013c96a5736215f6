/// Stochastic gradient descent, with optional (Nesterov) momentum.
///
///     m ← g + β·m;  θ ← θ − η·m            (momentum β; Nesterov: θ ← θ − η·(g + β·m))
///
/// Equals Optax's `sgd(learning_rate, momentum, nesterov)`; without momentum it is plain
/// θ ← θ − η·g.
///
/// - Parameter learningRate: η, a constant or a schedule.
/// - Parameter momentum: β in [0, 1), or `nil` for none. Default `nil`.
/// - Parameter nesterov: Nesterov momentum. Default `false`.
/// - SeeAlso: Robbins & Monro, "A Stochastic Approximation Method", 1951; Sutskever et al.,
///   "On the importance of initialization and momentum in deep learning", ICML 2013.
public func sgd<Scalar: TensorScalar>(
  learningRate: Schedule, momentum: Double? = nil, nesterov: Bool = false
) -> Chained<Trace<Scalar>, ScaleByLearningRate<Scalar>> {
  Chained(Trace(decay: momentum ?? 0, nesterov: nesterov), ScaleByLearningRate(learningRate))
}

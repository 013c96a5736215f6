import _Differentiation

/// HyperSparse: a penalty whose gradient is ℓ1-like on the weights below the κ-quantile of
/// magnitudes and vanishes above it, so that training concentrates the weights a pruning
/// at rate κ will keep. With s = 0.6585/|w|₍ₖ₎ (|w|₍ₖ₎ the magnitude at index k = ⌊κn⌋ of
/// the sorted magnitudes, 0-based) and T = Σⱼ tanh(s|wⱼ|):
///
///     R(w) = Σᵢ|wᵢ|·T/sg(T) − Σᵢ|wᵢ|        (≈ 0: only its gradient matters)
///     ∂R/∂wᵢ = sign(wᵢ)·s·sech²(s|wᵢ|)·‖w‖₁/T
///
/// where sg stops the gradient. Pair it with the increasing weight of
/// ``Schedule/adaptiveRegularization(initialValue:growth:warmupEpochs:stepsPerEpoch:)`` (ART).
///
/// - Parameter pruneRate: κ ∈ [0, 1). Default 0.9.
/// - Note: the reference concatenates all prunable weights of the model into one w; a
///   term applies R to each targeted tensor on its own, so the quantile is per tensor.
///   When every weight is 0, R and its gradient are 0.
/// - SeeAlso: P. Glandorf, T. Kaiser & B. Rosenhahn, "HyperSparse Neural Networks: Shifting
///   Exploration to Exploitation through Adaptive Regularization", ICCV Workshops 2023
///   (GreenAutoML4FAS/HyperSparse).
public struct HyperSparseRegularizer<Scalar: TensorScalar>: TensorPenalty {
  public var pruneRate: Double

  /// - Precondition: 0 ≤ `pruneRate` < 1.
  public init(pruneRate: Double = 0.9) {
    precondition(pruneRate >= 0 && pruneRate < 1, "pruneRate must be in [0, 1), got \(pruneRate)")
    self.pruneRate = pruneRate
  }

  /// s = 0.6585/|w|₍ₖ₎, or 0 when that magnitude is 0 (then every term is flat).
  public func scale(_ w: Tensor<Scalar>) -> Double {
    let sorted = w.scalars.map { Swift.abs(Double($0)) }.sorted()
    guard !sorted.isEmpty else { return 0 }
    let q = sorted[Swift.min(Int((pruneRate * Double(sorted.count)).rounded(.down)), sorted.count - 1)]
    return q > 0 ? 0.6585 / q : 0
  }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    let s = withoutDerivative(at: Scalar(scale(w)))
    let a = abs(w)
    let t = tanh(a * s).sum()
    let frozen = withoutDerivative(at: t.scalar)
    if frozen == 0 { return a.sum() * Scalar(0) }
    return a.sum() * t / frozen - a.sum()
  }
}

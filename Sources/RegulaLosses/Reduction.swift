import _Differentiation

/// How per-example losses become the value returned.
public enum Reduction: String, Sendable, CaseIterable, Codable {
  /// The weighted mean Σ mᵢ ℓᵢ / Σ mᵢ (the plain mean without a mask).
  case mean
  /// The weighted sum Σ mᵢ ℓᵢ.
  case sum
  /// The per-example values ℓᵢ · mᵢ, unreduced.
  case none
}

extension Reduction {
  /// Applies the reduction to per-example losses of shape [n], with optional weights `mask`
  /// of shape [n] (0 drops an example).
  @differentiable(reverse, wrt: losses)
  public func apply<S: TensorScalar>(_ losses: Tensor<S>, mask: Tensor<S>? = nil) -> Tensor<S> {
    if let mask {
      precondition(mask.shape == losses.shape, "mask of shape \(mask.shape) for losses of shape \(losses.shape)")
      return reduce(losses * mask, count: withoutDerivative(at: mask.sum().scalar))
    }
    return reduce(losses, count: withoutDerivative(at: S(losses.scalarCount)))
  }

  @differentiable(reverse, wrt: weighted)
  func reduce<S: TensorScalar>(_ weighted: Tensor<S>, count: S) -> Tensor<S> {
    switch self {
    case .none: return weighted
    case .sum: return weighted.sum()
    case .mean: return weighted.sum() / Swift.max(count, S.leastNormalMagnitude)
    }
  }
}

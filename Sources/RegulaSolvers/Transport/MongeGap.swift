import _Differentiation

/// The Monge gap of a map T on samples x₁, …, xₙ, with the squared Euclidean cost:
///
///     M(T) = (1/n) Σᵢ ‖xᵢ − T(xᵢ)‖² − W(μ̂, T♯μ̂),   μ̂ = (1/n) Σᵢ δ_{xᵢ}
///
/// where W is the exact transport cost between the samples and their images. The first
/// term is the cost of the coupling xᵢ ↦ T(xᵢ); the second the cheapest coupling of the same
/// two point sets, so M(T) ≥ 0, with equality exactly when T moves the samples optimally
/// (for this cost: when T is the gradient of a convex function on them). Added to a fitting
/// loss as λ·M(T), it steers any parametric map towards an optimal transport map.
///
/// Differentiable in the mapped points T(xᵢ) (rows of `mapped`), through
/// ``exactTransportCost(sourcePoints:targetPoints:sourceWeights:targetWeights:)``.
///
/// - Parameters:
///   - samples: x, [n, d].
///   - mapped: T(x), [n, d].
/// - Note: OTT's `monge_gap_from_samples` uses the entropic cost W_ε (default ε from the
///   data); this is its ε → 0 limit, computed exactly, so a zero gap certifies optimality.
/// - SeeAlso: Uscidda & Cuturi, "The Monge Gap: A Regularizer to Learn All Transport
///   Maps", ICML 2023.
@differentiable(reverse, wrt: mapped)
public func mongeGap(samples x: Tensor<Double>, mapped: Tensor<Double>) -> Tensor<Double> {
  let n = withoutDerivative(at: x.shape[0])
  let difference = x - mapped
  let displacement = (difference * difference).sum() / Double(n)
  let uniform = withoutDerivative(at: Tensor<Double>(repeating: 1 / Double(n), shape: [n]))
  return displacement - exactTransportCost(sourcePoints: x, targetPoints: mapped, sourceWeights: uniform, targetWeights: uniform)
}

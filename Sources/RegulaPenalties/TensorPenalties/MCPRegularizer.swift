import _Differentiation

/// The minimax concave penalty summed over a tensor's elements (x = |wᵢ|), nonconvex: the
/// ℓ1 slope α at 0, decreasing linearly to 0 at αγ, then flat:
///
///     r(x) = αx − x²/(2γ)   for x ≤ αγ
///          = γα²/2           for x > αγ
///
/// The prox is ``MCPenalty``'s, elementwise (firm thresholding when γ > s).
///
/// - Parameters:
///   - alpha: α ≥ 0.
///   - gamma: γ > 0. Default 3 (skglm's `MCPRegression`).
/// - Note: α sets both the strength and the shape, as in skglm's `MCPenalty`; the command
///   line reads its first argument as α and leaves the term's weight at 1.
/// - SeeAlso: C.-H. Zhang, "Nearly Unbiased Variable Selection under Minimax Concave
///   Penalty", Annals of Statistics 2010; skglm `MCPenalty`.
public struct MCPRegularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  public var scalarPenalty: MCPenalty

  public init(alpha: Double, gamma: Double = 3) { scalarPenalty = MCPenalty(alpha: alpha, gamma: gamma) }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    let alpha = withoutDerivative(at: Scalar(scalarPenalty.alpha))
    let gamma = withoutDerivative(at: Scalar(scalarPenalty.gamma))
    let x = abs(w)
    let concave = x * alpha - square(x) / (2 * gamma)
    let flat = withoutDerivative(at: Tensor<Scalar>(repeating: gamma * alpha * alpha / 2, shape: w.shape))
    let outer = withoutDerivative(at: x.isGreater(than: alpha * gamma))
    return select(outer, flat, concave).sum()
  }

  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    elementwiseProx(v, scalarPenalty, stepSize: stepSize)
  }
}

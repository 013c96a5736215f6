import _Differentiation

/// The SCAD penalty summed over a tensor's elements (x = |wᵢ|), nonconvex: ℓ1 up to α, a
/// quadratic blend up to αγ, then flat, so large weights are not shrunk:
///
///     r(x) = αx                                for x ≤ α
///          = (2γαx − x² − α²) / (2(γ − 1))    for α < x ≤ αγ
///          = α²(γ + 1)/2                      for x > αγ
///
/// The prox is ``SCADPenalty``'s, elementwise (Gong et al.'s candidates when γ ≤ 1 + s).
///
/// - Parameters:
///   - alpha: α ≥ 0, the slope at 0 and the start of the blend.
///   - gamma: γ > 2. Default 3.7 (Fan & Li).
/// - Note: α sets both the strength and the shape, as in skglm's `SCAD`; the command line
///   reads its first argument as α and leaves the term's weight at 1.
/// - SeeAlso: J. Fan & R. Li, "Variable Selection via Nonconcave Penalized Likelihood and
///   its Oracle Properties", JASA 2001; skglm `SCAD`.
public struct SCADRegularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  public var scalarPenalty: SCADPenalty

  public init(alpha: Double, gamma: Double = 3.7) { scalarPenalty = SCADPenalty(alpha: alpha, gamma: gamma) }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    let alpha = withoutDerivative(at: Scalar(scalarPenalty.alpha))
    let gamma = withoutDerivative(at: Scalar(scalarPenalty.gamma))
    let x = abs(w)
    let linear = x * alpha
    let blend = (x * (2 * gamma * alpha) - square(x) - alpha * alpha) / (2 * (gamma - 1))
    let flat = withoutDerivative(at: Tensor<Scalar>(repeating: alpha * alpha * (gamma + 1) / 2, shape: w.shape))
    let inner = withoutDerivative(at: x.isGreater(than: alpha))
    let outer = withoutDerivative(at: x.isGreater(than: alpha * gamma))
    return select(outer, flat, select(inner, blend, linear)).sum()
  }

  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    elementwiseProx(v, scalarPenalty, stepSize: stepSize)
  }
}

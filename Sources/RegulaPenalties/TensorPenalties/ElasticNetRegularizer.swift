import _Differentiation

/// The elastic net R(W) = ρ‖W‖₁ + ((1 − ρ)/2)‖W‖²_F (scikit-learn's and skglm's
/// `L1_plus_L2` at α = 1; a term's weight plays α).
///
///     prox_{sR}(v) = S_{sρ}(v) / (1 + s(1 − ρ))
///
/// - Parameter l1Ratio: ρ ∈ [0, 1]. Default 0.5. ρ = 1 is the lasso, ρ = 0 ridge.
/// - SeeAlso: H. Zou & T. Hastie, "Regularization and Variable Selection via the Elastic
///   Net", JRSS B 2005.
public struct ElasticNetRegularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  /// ρ, the share of the ℓ1 term.
  public var l1Ratio: Double

  /// - Precondition: 0 ≤ `l1Ratio` ≤ 1.
  public init(l1Ratio: Double = 0.5) {
    precondition((0...1).contains(l1Ratio), "elastic net l1Ratio must be in [0, 1], got \(l1Ratio)")
    self.l1Ratio = l1Ratio
  }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    w.l1Norm() * Scalar(l1Ratio) + square(w).sum() * Scalar((1 - l1Ratio) / 2)
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    softThresholded(v, stepSize * l1Ratio) * Scalar(1 / (1 + stepSize * (1 - l1Ratio)))
  }
}

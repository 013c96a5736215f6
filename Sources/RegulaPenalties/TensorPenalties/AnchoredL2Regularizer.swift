import _Differentiation

/// L2-SP: R(W) = ½‖W − W⁰‖²_F, a pull towards anchor weights W⁰ (the pretrained starting
/// point) instead of towards 0.
///
///     prox_{sR}(v) = (v + s·W⁰)/(1 + s)
///
/// Build one term per anchored parameter with ``PenaltyTerm/anchored(to:on:weight:)``; the
/// full L2-SP objective adds plain ``L2Regularizer`` terms on the new parameters,
/// (α/2)‖θ_s − θ_s⁰‖² + (β/2)‖θ_new‖² with α = 0.1, β = 0.01 typical.
///
/// - SeeAlso: X. Li, Y. Grandvalet & F. Davoine, "Explicit Inductive Bias for Transfer
///   Learning with Convolutional Networks", ICML 2018.
public struct AnchoredL2Regularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  /// W⁰.
  public var anchor: Tensor<Scalar>

  public init(anchor: Tensor<Scalar>) { self.anchor = anchor }

  public func rankError(forShape shape: [Int]) -> String? {
    shape == anchor.shape ? nil : "has shape \(shape) but its anchor has shape \(anchor.shape)"
  }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> { square(w - anchor).sum() * Scalar(0.5) }

  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    precondition(stepSize >= 0, "step size must be non-negative, got \(stepSize)")
    return (v + anchor * Scalar(stepSize)) * Scalar(1 / (1 + stepSize))
  }
}

extension PenaltyTerm {
  /// L2-SP terms: one ``AnchoredL2Regularizer`` per path of `anchors` that `target`
  /// selects, each named `l2_sp(<path>)`.
  public static func anchored(to anchors: ParameterSet<Scalar>, on target: PathPattern = PathPattern("*"), weight: Schedule = 0.1) -> [PenaltyTerm] {
    anchors.entries.filter { target.matches($0.path) }.map { entry in
      PenaltyTerm(AnchoredL2Regularizer(anchor: entry.tensor), on: PathPattern(entry.path), weight: weight, name: "l2_sp(\(entry.path))")
    }
  }
}

import _Differentiation

/// Elastic weight consolidation: R(W) = ½Σᵢ Fᵢ(wᵢ − wᵢ*)², an anchor to the previous task's
/// optimum W* weighted by a diagonal Fisher information F (``diagonalFisher(of:parameters:features:labels:)``),
/// so that the weights that mattered most move least.
///
///     prox_{sR}(v) = (v + s·F⊙W*)/(1 + s·F)
///
/// Build one term per parameter with ``PenaltyTerm/elasticWeightConsolidation(anchors:fisher:weight:)``;
/// the weight is the λ of (λ/2)Σ F(θ − θ*)².
///
/// - SeeAlso: J. Kirkpatrick et al., "Overcoming Catastrophic Forgetting in Neural
///   Networks", PNAS 2017.
public struct ElasticWeightConsolidationRegularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  /// W*.
  public var anchor: Tensor<Scalar>
  /// F, the diagonal Fisher estimate (≥ 0), of W*'s shape.
  public var fisher: Tensor<Scalar>

  public init(anchor: Tensor<Scalar>, fisher: Tensor<Scalar>) {
    precondition(anchor.shape == fisher.shape, "EWC: anchor \(anchor.shape) and Fisher \(fisher.shape) differ in shape")
    (self.anchor, self.fisher) = (anchor, fisher)
  }

  public func rankError(forShape shape: [Int]) -> String? {
    shape == anchor.shape ? nil : "has shape \(shape) but its anchor has shape \(anchor.shape)"
  }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> { (fisher * square(w - anchor)).sum() * Scalar(0.5) }

  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    precondition(stepSize >= 0, "step size must be non-negative, got \(stepSize)")
    let s = Scalar(stepSize)
    return (v + fisher * anchor * s) / (fisher * s + 1)
  }
}

extension PenaltyTerm {
  /// EWC terms, one per path of `anchors` (the previous optimum), with the Fisher tensor of
  /// the same path; each is named `ewc(<path>)`.
  public static func elasticWeightConsolidation(anchors: ParameterSet<Scalar>, fisher: ParameterSet<Scalar>, weight: Schedule = 1) -> [PenaltyTerm] {
    anchors.entries.map { entry in
      precondition(fisher.contains(entry.path), "EWC: no Fisher estimate for \(entry.path)")
      let penalty = ElasticWeightConsolidationRegularizer(anchor: entry.tensor, fisher: fisher[entry.path])
      return PenaltyTerm(penalty, on: PathPattern(entry.path), weight: weight, name: "ewc(\(entry.path))")
    }
  }
}

import _Differentiation

/// Group orthogonality (GOR, intra-group): the units of a layer are split into `groups`
/// contiguous groups W_g, and each group is pushed towards orthonormal units:
///
///     R(W) = Σ_g ‖W_g·W_gᵀ − I‖²_F     (W_g: the units of group g as rows)
///
/// - Parameters:
///   - groups: the number of groups N ≥ 1; it must divide the number of units. Default 1
///     (plain soft orthogonality of the units, ‖WWᵀ − I‖²_F, which unlike
///     ``SoftOrthogonalityRegularizer`` does not switch to the smaller Gram matrix).
///   - units: which slices of a matrix are the units. Default `.columns` (a `Dense` layer's
///     output neurons).
/// - Note: the reference's inter-group term (orthogonalizing the k-th unit across groups)
///   is not included.
/// - SeeAlso: Y. Kurtz et al., "Group Orthogonalization Regularization for Vision Models
///   Adaptation and Robustness", 2023 (YoavKurtz/GOR).
public struct GroupOrthogonalityRegularizer<Scalar: TensorScalar>: TensorPenalty {
  public var groups: Int
  public var units: GroupLassoRegularizer<Scalar>.Groups

  /// - Precondition: `groups` ≥ 1.
  public init(groups: Int = 1, units: GroupLassoRegularizer<Scalar>.Groups = .columns) {
    precondition(groups >= 1, "group orthogonality needs at least 1 group, got \(groups)")
    (self.groups, self.units) = (groups, units)
  }

  public func rankError(forShape shape: [Int]) -> String? {
    if let problem = requireMatrix(shape) { return problem }
    let count = units == .rows ? shape[0] : shape[1]
    return count % groups == 0 ? nil : "has \(count) units, which \(groups) groups do not divide"
  }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    let rows = units == .rows ? w : w.transposed()
    let size = withoutDerivative(at: rows.shape[0] / groups)
    let eye = withoutDerivative(at: identity(size) as Tensor<Scalar>)
    var total = Tensor<Scalar>(0)
    for g in 0..<withoutDerivative(at: groups) {
      let block = rows.slice(alongAxis: 0, (g * size)..<((g + 1) * size))
      total = total + square(matmul(block, transposed: false, block, transposed: true) - eye).sum()
    }
    return total
  }
}

import _Differentiation

/// Group orthogonality (GOR): the units of a layer (its filters or neurons, as rows
/// W ∈ ℝ^{C×d}) are split into N contiguous groups of C/N, and sets of units are pushed
/// towards orthonormality, each with the smaller Gram matrix as ``SoftOrthogonalityRegularizer``:
///
///     within groups   R(W) = Σ_g ‖W_g·W_gᵀ − I‖²_F           (W_g: the units of group g)
///     across groups   R(W) = Σ_k ‖M_k·M_kᵀ − I‖²_F           (M_k: the k-th unit of every group)
///
/// - Parameters:
///   - groups: N ≥ 1; it must divide the number of units. Default 1 (within one group:
///     plain soft orthogonality of all units).
///   - sets: `.withinGroups` or `.acrossGroups`. Default `.withinGroups`.
///   - units: which slices of a matrix are the units. Default `.columns` (a `Dense`
///     layer's output neurons; the reference flattens conv kernels to [c_out, rest]).
/// - Note: in the reference code `inter_reg_loss` orthogonalizes within each group and
///   `intra_reg_loss` across groups; Regula names the sets instead. The reference's
///   lower bound on the group size (`min_num_filters`) is left to the caller's choice of N.
/// - SeeAlso: Y. Kurtz, N. Bar, R. Giryes, "Group Orthogonalization Regularization for
///   Vision Models Adaptation and Robustness", 2023 (YoavKurtz/GOR).
public struct GroupOrthogonalityRegularizer<Scalar: TensorScalar>: TensorPenalty {
  /// Which sets of units are orthogonalized.
  public enum Sets: String, Sendable, CaseIterable { case withinGroups, acrossGroups }

  public var groups: Int
  public var sets: Sets
  public var units: GroupLassoRegularizer<Scalar>.Groups

  /// - Precondition: `groups` ≥ 1.
  public init(groups: Int = 1, sets: Sets = .withinGroups, units: GroupLassoRegularizer<Scalar>.Groups = .columns) {
    precondition(groups >= 1, "group orthogonality needs at least 1 group, got \(groups)")
    (self.groups, self.sets, self.units) = (groups, sets, units)
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
    var total = Tensor<Scalar>(0)
    if sets == .withinGroups {
      for g in 0..<withoutDerivative(at: groups) {
        total = total + orthogonalityDefect(rows.slice(alongAxis: 0, (g * size)..<((g + 1) * size)))
      }
    } else {
      for k in 0..<size {
        total = total + orthogonalityDefect(rows.gathering(atIndices: withoutDerivative(at: members(k, groupSize: size))))
      }
    }
    return total
  }

  /// The rows of the k-th unit of every group.
  func members(_ k: Int, groupSize: Int) -> [Int] {
    var rows: [Int] = []
    for g in 0..<groups { rows.append(g * groupSize + k) }
    return rows
  }
}

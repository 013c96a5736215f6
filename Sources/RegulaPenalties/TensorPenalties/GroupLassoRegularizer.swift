import _Differentiation

/// The group lasso (ℓ2,1 norm) over the rows or the columns of a matrix:
///
///     R(W) = Σ_g ‖W_g‖₂        (W_g = row g, or column g)
///     prox_{sR}(V)_g = V_g·max(0, 1 − s/‖V_g‖₂)
///
/// A `Dense` weight is `[inputSize, outputSize]`: `.rows` prunes inputs, `.columns`
/// prunes output units.
///
/// - Parameter groups: `.rows` or `.columns`. Default `.rows`.
/// - Note: every group has weight 1; skglm's `WeightedGroupL2` takes per-group weights
///   (√|g| is common), which for equal-size groups is a constant factor of the term's λ.
/// - SeeAlso: M. Yuan & Y. Lin, "Model Selection and Estimation in Regression with Grouped
///   Variables", JRSS B 2006; skglm `WeightedGroupL2`.
public struct GroupLassoRegularizer<Scalar: TensorScalar>: ProximalTensorPenalty {
  /// Which slices of the matrix form the groups.
  public enum Groups: String, Sendable, CaseIterable {
    case rows, columns
    /// The axis summed inside a group.
    var reducedAxis: Int { self == .rows ? 1 : 0 }
  }

  public var groups: Groups

  public init(groups: Groups = .rows) { self.groups = groups }

  public func rankError(forShape shape: [Int]) -> String? { requireMatrix(shape) }

  @differentiable(reverse)
  public func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar> {
    w.l2Norm(alongAxes: withoutDerivative(at: [groups.reducedAxis])).sum()
  }

  @_specialize(where Scalar == Float) @_specialize(where Scalar == Double)
  public func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar> {
    precondition(v.rank == 2, "group lasso prox needs a matrix, got shape \(v.shape)")
    precondition(stepSize >= 0, "step size must be non-negative, got \(stepSize)")
    let norms = v.l2Norm(alongAxes: [groups.reducedAxis], keepingDimensions: true)
    let scale = norms.map { n in Double(n) > stepSize ? Scalar(1 - stepSize / Double(n)) : 0 }
    return v * scale
  }
}

import _Differentiation

/// A differentiable regularizer R(W) of one parameter tensor, at unit strength: a
/// ``PenaltyTerm`` multiplies it by its weight λ and sums it over the parameters it targets.
///
/// `callAsFunction` returns R(W) as a rank-0 tensor; its gradient comes from automatic
/// differentiation through Core's registered ops (norms, `matmul`, `singularValues`).
/// `rankError(forShape:)` says which tensors the penalty accepts (a nuclear norm needs a
/// matrix), so that a term can reject a mismatched parameter by name before training.
///
/// Conforming types are generic over the scalar (Float, Double), like optimizers.
public protocol TensorPenalty<Scalar>: Sendable {
  associatedtype Scalar: TensorScalar

  /// R(W), a rank-0 tensor.
  @differentiable(reverse)
  func callAsFunction(_ w: Tensor<Scalar>) -> Tensor<Scalar>

  /// Why a tensor of `shape` cannot be penalized (e.g. "needs a matrix (rank 2)"), or nil
  /// when it can. The default accepts every shape.
  func rankError(forShape shape: [Int]) -> String?
}

extension TensorPenalty {
  public func rankError(forShape shape: [Int]) -> String? { nil }
}

/// A ``TensorPenalty`` whose proximal operator is known in closed form (or exactly by a
/// finite algorithm):
///
///     prox_{sR}(V) = argmin_X ½‖X − V‖²_F + s·R(X)
///
/// A step s of 0 returns V. For a nonconvex R (SCAD, MCP) the prox is the global minimizer
/// of that objective.
public protocol ProximalTensorPenalty<Scalar>: TensorPenalty {
  /// prox_{sR}(`v`) with s = `stepSize` ≥ 0.
  func prox(_ v: Tensor<Scalar>, stepSize: Double) -> Tensor<Scalar>
}

/// "needs a matrix (rank 2)" unless `shape` has rank 2.
func requireMatrix(_ shape: [Int]) -> String? {
  shape.count == 2 ? nil : "needs a matrix (rank 2), got shape \(shape)"
}

/// A separable scalar penalty's prox applied to every element of `v` (in Double, rounded once).
@_specialize(where S == Float) @_specialize(where S == Double)
func elementwiseProx<S: TensorScalar>(_ v: Tensor<S>, _ penalty: any SeparablePenalty, stepSize: Double) -> Tensor<S> {
  precondition(stepSize >= 0, "step size must be non-negative, got \(stepSize)")
  return v.map { S(penalty.prox(Double($0), stepSize: stepSize, coordinate: 0)) }
}

/// Divides updates by their global ℓ2 norm (Optax's `contrib.normalize`).
///
///     u ← u / ‖u‖       (‖·‖ over all tensors)
///
/// A zero update becomes NaN, as in Optax. SAM's default ascent step is
/// `Normalize` followed by a step of length ρ.
public struct Normalize<Scalar: TensorScalar>: GradientTransformation {
  public init() {}

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    updates.scale(by: Scalar(1 / updates.squaredNorm().squareRoot()))
  }
}

/// Divides updates by their global ℓ2 norm (Optax's `contrib.normalize`).
///
///     u ← u / ‖u‖       (‖·‖ over all tensors)
///
/// SAM's default ascent step is `Normalize` followed by a step of length ρ.
///
/// - Note: A zero update stays zero; Optax's `normalize` turns it into NaN (0/0), which
///   ends a SAM run in Float as soon as a gradient underflows to exactly zero.
public struct Normalize<Scalar: TensorScalar>: GradientTransformation {
  public init() {}

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    let norm = updates.globalSquaredNorm().squareRoot()
    guard norm > 0 else { return }
    updates.scale(by: Scalar(1 / norm))
  }
}

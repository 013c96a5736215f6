/// A transformation that also reads the objective's value at the current parameters — the
/// Swift form of Optax's `GradientTransformationExtraArgs` called with `value=`.
///
/// It is a protocol of its own rather than an extra argument of ``GradientTransformation``:
/// every existing transformation, combinator and the type-erased registry keep their
/// signature, and the compiler rejects a value-aware method (Polyak's step size) where no
/// loss value is passed.
///
///     var state = optimizer.initialState(for: parameters)
///     let (value, gradient) = valueWithGradient(at: parameters) { loss($0).scalarized() }
///     optimizer.step(&parameters, gradient: gradient, value: value, state: &state)
public protocol ValueAwareTransformation<Scalar>: Sendable {
  associatedtype Scalar: TensorScalar
  associatedtype State: Codable & Sendable & Equatable

  /// The state before the first step, shaped after `parameters`.
  func initialState(for parameters: ParameterSet<Scalar>) -> State

  /// Transforms `updates` (aligned with `parameters`) in place, given the objective's
  /// `value` at `parameters`.
  func update(_ updates: inout ParameterSet<Scalar>, value: Double, state: inout State, parameters: ParameterSet<Scalar>)
}

extension ValueAwareTransformation {
  /// One optimizer step: aligns `gradient` with `parameters`, transforms it given the
  /// objective's `value` at `parameters`, and adds the result to `parameters`.
  public func step(
    _ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, value: Double, state: inout State
  ) {
    var updates = gradient.aligned(with: parameters)
    update(&updates, value: value, state: &state, parameters: parameters)
    parameters.applyUpdates(updates)
  }
}

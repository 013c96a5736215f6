/// Multiplies updates by a constant or scheduled factor (Optax's `scale` and
/// `scale_by_schedule`).
///
///     u ← c(t)·u
public struct Scale<Scalar: TensorScalar>: GradientTransformation {
  public var factor: Schedule

  public init(_ factor: Schedule) { self.factor = factor }

  public func initialState(for parameters: ParameterSet<Scalar>) -> CountState { CountState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout CountState, parameters: ParameterSet<Scalar>) {
    let c = Scalar(factor(state.count))
    state.count += 1
    updates.updateTensors { _, u in u.scaleInPlace(by: c) }
  }
}

/// Scales updates by −η: the step that turns a direction into a descent update.
///
///     u ← −η(t) · u
///
/// `learningRate` may follow a schedule; the state counts steps for it.
public struct ScaleByLearningRate<Scalar: TensorScalar>: GradientTransformation {
  public var learningRate: Schedule

  public init(_ learningRate: Schedule) { self.learningRate = learningRate }

  public func initialState(for parameters: ParameterSet<Scalar>) -> CountState { CountState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout CountState, parameters: ParameterSet<Scalar>) {
    let scale = Scalar(-learningRate(state.count))
    updates.updateTensors { _, u in u.scaleInPlace(by: scale) }
    state.count += 1
  }
}

extension Tensor {
  /// x ← c·x in place.
  @inlinable
  mutating func scaleInPlace(by c: Scalar) {
    scalars.withUnsafeMutableBufferPointer { x in
      for i in x.indices { x[i] *= c }
    }
  }
}

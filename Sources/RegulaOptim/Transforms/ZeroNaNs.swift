/// Replaces NaN updates by 0 and records, per tensor, whether the last step had any
/// (Optax's `zero_nans`). Infinities pass through.
public struct ZeroNaNs<Scalar: TensorScalar>: GradientTransformation {
  public struct State: Codable, Sendable, Equatable {
    /// Whether each tensor (in path order) held a NaN at the last step.
    public var foundNaN: [Bool]
  }

  public init() {}

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(foundNaN: Array(repeating: false, count: parameters.count))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count {
      var found = false
      updates.withBuffer(at: i) { u in
        for j in u.indices where u[j].isNaN {
          u[j] = 0
          found = true
        }
      }
      state.foundNaN[i] = found
    }
  }
}

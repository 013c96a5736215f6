/// Shortens updates so that parameters never become negative (Optax's
/// `keep_params_nonnegative`); place it last in a chain.
///
///     u ← −θ   where θ + u < 0
public struct KeepNonNegative<Scalar: TensorScalar>: GradientTransformation {
  public init() {}

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
        updates.withBuffer(at: i) { u in
          for j in u.indices where p[j] + u[j] < 0 { u[j] = -p[j] }
        }
      }
    }
  }
}

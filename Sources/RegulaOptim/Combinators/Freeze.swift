/// Zeroes the updates of the paths `mask` selects, so those parameters stay fixed
/// (Optax's `set_to_zero` under a partition).
///
///     chain { Freeze<Float> { $0.hasPrefix("encoder.") }; adamw(learningRate: 1e-3) }
///
/// Place it last in a chain (after weight decay) to freeze the parameters entirely.
public struct Freeze<Scalar: TensorScalar>: GradientTransformation {
  public var mask: @Sendable (String) -> Bool

  public init(_ mask: @escaping @Sendable (String) -> Bool) { self.mask = mask }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count where mask(updates.paths[i]) {
      updates.withBuffer(at: i) { u in
        for j in u.indices { u[j] = 0 }
      }
    }
  }
}

/// Clips each update element to [−δ, δ] (Optax's `clip`).
///
///     u ← min(max(u, −δ), δ)
public struct Clip<Scalar: TensorScalar>: GradientTransformation {
  public var maxDelta: Double

  public init(maxDelta: Double) {
    precondition(maxDelta >= 0, "maxDelta must be non-negative, got \(maxDelta)")
    self.maxDelta = maxDelta
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    let d = Scalar(maxDelta)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { u in
        for j in u.indices { u[j] = Swift.min(Swift.max(u[j], -d), d) }
      }
    }
  }
}

/// Replaces each update by its sign (0 stays 0).
///
///     u = sign(g)
///
/// - SeeAlso: "signSGD: Compressed Optimisation for Non-Convex Problems", Bernstein et al., ICML 2018.
public struct ScaleBySign<Scalar: TensorScalar>: GradientTransformation {
  public init() {}

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        for j in g.indices { g[j] = g[j].signum }
      }
    }
  }
}

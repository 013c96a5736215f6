/// Projected gradient: keeps the parameters inside a convex set after every step.
///
///     θ⁺ = P_C(θ + u),  so the update becomes  u ← P_C(θ + u) − θ
///
/// Put it last in a chain (after the learning rate), so that it sees the final update.
/// `appliesTo` selects the paths that are projected (all when `nil`); each selected
/// tensor is projected on its own.
///
///     let optimizer = chain {
///       sgd(learningRate: 0.1) as Chained<Trace<Float>, ScaleByLearningRate<Float>>
///       ProjectedUpdates<Float>(.simplex(scale: 1), appliesTo: { $0 == "mixture.weights" })
///     }
public struct ProjectedUpdates<Scalar: TensorScalar>: GradientTransformation {
  public var projection: Projection<Scalar>
  public var appliesTo: (@Sendable (String) -> Bool)?

  public init(_ projection: Projection<Scalar>, appliesTo: (@Sendable (String) -> Bool)? = nil) {
    self.projection = projection
    self.appliesTo = appliesTo
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    for (i, path) in parameters.paths.enumerated() where appliesTo?(path) ?? true {
      let theta = parameters.tensors[i]
      updates.withTensor(at: i) { u in u = projection.project(theta + u) - theta }
    }
  }
}

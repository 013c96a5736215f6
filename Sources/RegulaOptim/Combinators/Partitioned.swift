/// Sends the paths `predicate` selects to one transformation and all others to a second
/// (Optax's `partition` with two labels): e.g. Muon for hidden matrices, AdamW for the rest.
///
///     Partitioned(where: { $0.hasSuffix(".weight") }, adamw(learningRate: 1e-3), sgd(learningRate: 0.1))
///
/// Each side sees, and keeps state for, only its own parameters, in their original order.
/// Nest `Partitioned` for more than two groups. `init(whereShape:)` selects by path and
/// shape (e.g. every matrix, as ``muon(learningRate:beta:nesterov:steps:coefficients:epsilon:weightDecay:consistentRMS:adamBeta1:adamBeta2:adamEpsilonRoot:adamWeightDecay:adamLearningRate:)``).
public struct Partitioned<Selected: GradientTransformation, Rest: GradientTransformation>: GradientTransformation
where Selected.Scalar == Rest.Scalar {
  public typealias Scalar = Selected.Scalar
  public var selected: Selected
  public var rest: Rest
  /// Whether a parameter, given its path and shape, goes to `selected`.
  public var predicate: @Sendable (String, [Int]) -> Bool

  public struct State: Codable, Sendable, Equatable {
    public var selected: Selected.State
    public var rest: Rest.State
  }

  /// Selects by path.
  public init(where predicate: @escaping @Sendable (String) -> Bool, _ selected: Selected, _ rest: Rest) {
    self.init(whereShape: { path, _ in predicate(path) }, selected, rest)
  }

  /// Selects by path and shape.
  public init(whereShape predicate: @escaping @Sendable (String, [Int]) -> Bool, _ selected: Selected, _ rest: Rest) {
    (self.predicate, self.selected, self.rest) = (predicate, selected, rest)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let (a, b) = split(parameters)
    return State(selected: selected.initialState(for: a), rest: rest.initialState(for: b))
  }

  func split(_ set: ParameterSet<Scalar>) -> (ParameterSet<Scalar>, ParameterSet<Scalar>) {
    let entries = set.entries
    return (
      ParameterSet(entries.filter { predicate($0.path, $0.tensor.shape) }),
      ParameterSet(entries.filter { !predicate($0.path, $0.tensor.shape) })
    )
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let (pa, pb) = split(parameters)
    var (ua, ub) = split(updates)
    selected.update(&ua, state: &state.selected, parameters: pa)
    rest.update(&ub, state: &state.rest, parameters: pb)
    var (ia, ib) = (0, 0)
    for i in 0..<updates.count {
      if predicate(updates.paths[i], updates.tensors[i].shape) {
        updates.replaceTensor(at: i, with: ua.tensors[ia]); ia += 1
      } else {
        updates.replaceTensor(at: i, with: ub.tensors[ib]); ib += 1
      }
    }
  }
}

/// Lets any hyperparameter of any transformation follow a schedule: the transformation is
/// rebuilt from the step count before every update (Optax's `inject_hyperparams`).
///
///     Scheduled { t in Trace<Float>(decay: momentum(t)) }            // β(t)
///     Scheduled { t in ScaleByAdam<Float>(beta1: beta1(t), beta2: 0.99) }
///
/// The state is the inner state plus the count, so it must not depend on the hyperparameters
/// (true of every Regula transformation whose state is shaped by the parameters alone).
/// `make(t)` receives t = 0 at the first update and builds the initial state with t = 0.
/// Transformations whose argument is already a ``Schedule`` (learning rates, weight decay)
/// read their own count and need no wrapper.
///
/// - Parameter make: the transformation at step t; called once per update, so keep it cheap.
/// - Note: Optax keeps the current hyperparameter values in its state; Regula keeps only the
///   count and recomputes them, so a checkpoint stays small and the schedule is configuration.
public struct Scheduled<Inner: GradientTransformation>: GradientTransformation {
  public typealias Scalar = Inner.Scalar
  public let make: @Sendable (Int) -> Inner

  public struct State: Codable, Sendable, Equatable {
    /// The number of updates so far: the step the next update's hyperparameters are read at.
    public var count: Int
    public var inner: Inner.State
  }

  public init(_ make: @escaping @Sendable (Int) -> Inner) { self.make = make }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, inner: make(0).initialState(for: parameters))
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    make(state.count).update(&updates, state: &state.inner, parameters: parameters)
    state.count += 1
  }
}

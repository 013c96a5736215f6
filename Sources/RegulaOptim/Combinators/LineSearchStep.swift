/// A direction from any transformation, scaled by a step size that a zoom line search finds
/// along it: Optax's `chain(direction, scale_by_zoom_linesearch(…))`.
///
///     u = direction(∇f(θ));   θ ← θ + η·u,   η from ``ZoomLineSearch`` along u
///
/// The search evaluates the objective away from θ, so a step takes an ``Objective`` with a
/// `valueAndGradient` function (Optax's `value`, `grad` and `value_fn` extra arguments):
///
///     let optimizer: LBFGS<Double> = lbfgs()
///     var state = optimizer.initialState(for: parameters)
///     let (f, g) = valueAndGradient(parameters)
///     optimizer.step(&parameters, gradient: g, objective: Objective(value: f, valueAndGradient: valueAndGradient), state: &state)
///
/// The direction must point downhill (⟨∇f, u⟩ < 0), as `−η·g` or ``ScaleByLBFGS`` followed
/// by a negation does; along an ascent direction the search finds no step.
///
/// - Parameter direction: the transformation that turns the gradient into u.
/// - Parameter lineSearch: the search and its constants.
/// - SeeAlso: Nocedal & Wright, "Numerical Optimization", chapter 3.
public struct LineSearchStep<Direction: GradientTransformation>: Sendable {
  public typealias Scalar = Direction.Scalar
  public var direction: Direction
  public var lineSearch: ZoomLineSearch

  public struct State: Codable, Sendable, Equatable {
    public var direction: Direction.State
    public var lineSearch: ZoomLineSearch.State
  }

  public init(_ direction: Direction, lineSearch: ZoomLineSearch) { (self.direction, self.lineSearch) = (direction, lineSearch) }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(direction: direction.initialState(for: parameters), lineSearch: lineSearch.initialState())
  }

  /// Transforms the gradient `updates` (aligned with `parameters`) into η·u in place.
  public func update(
    _ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>, objective: Objective<Scalar>
  ) {
    let gradient = updates
    direction.update(&updates, state: &state.direction, parameters: parameters)
    lineSearch.update(&updates, state: &state.lineSearch, parameters: parameters, gradient: gradient, objective: objective)
  }

  /// One step: aligns `gradient` (∇f at `parameters`), transforms it, adds the result.
  public func step(
    _ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, objective: Objective<Scalar>, state: inout State
  ) {
    var updates = gradient.aligned(with: parameters)
    update(&updates, state: &state, parameters: parameters, objective: objective)
    parameters.applyUpdates(updates)
  }
}

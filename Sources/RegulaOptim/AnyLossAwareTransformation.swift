/// An optimizer chosen at run time that may read the objective beyond its gradient: the
/// loss value (Polyak's step size, MoMo, reduce-on-plateau), the objective elsewhere
/// (L-BFGS's line search, SAM's opaque mode) or Hessian–vector products (Sophia) — or
/// nothing, for an ordinary ``GradientTransformation``. It is what
/// ``OptimizerRegistry/makeLossAware(_:)-(String)`` returns for every optimizer name.
///
/// A step takes an ``Objective``; each kind reads what it needs from it, and stops with a
/// message when the objective lacks it (a `valueAndGradient` function for a line search).
/// Sophia uses the objective's Hessian–vector products, or central differences of its
/// gradient when it gives none.
///
///     let optimizer: AnyLossAwareTransformation<Double> = try OptimizerRegistry.makeLossAware("polyak_sgd(max_learning_rate=0.5)")
///     optimizer.step(&parameters, gradient: g, objective: Objective(value: f), state: &state)
///
/// The state is ``AnyGradientTransformation``'s: `Codable`, and decodable before the
/// optimizer that owns it is known.
public struct AnyLossAwareTransformation<Scalar: TensorScalar>: Sendable {
  public typealias State = AnyGradientTransformation<Scalar>.State

  /// Whether steps read the objective (false for a wrapped ``GradientTransformation``).
  public let readsObjective: Bool
  /// The transformation a step uses for a given objective.
  private let bind: @Sendable (Objective<Scalar>?) -> AnyGradientTransformation<Scalar>

  /// An ordinary transformation, which ignores the objective.
  public init<T: GradientTransformation>(_ transformation: T) where T.Scalar == Scalar {
    let erased = transformation as? AnyGradientTransformation<Scalar> ?? AnyGradientTransformation(transformation)
    readsObjective = false
    bind = { _ in erased }
  }

  /// A transformation that reads the loss value (``Objective/value``).
  public init<T: LossAwareTransformation>(_ transformation: T) where T.Scalar == Scalar {
    self.init(initialState: transformation.initialState) { objective, updates, state, parameters in
      transformation.update(&updates, state: &state, parameters: parameters, loss: objective.value)
    }
  }

  /// Sophia, with the objective's Hessian–vector products at the step's parameters, or
  /// central differences of its gradient.
  public init(_ sophia: ScaleBySophia<Scalar>) {
    self.init(initialState: sophia.initialState) { objective, updates, state, parameters in
      let product = objective.requireHessianVectorProduct(at: parameters, for: "Sophia")
      sophia.update(&updates, state: &state, parameters: parameters, hessianVectorProduct: product)
    }
  }

  /// A direction scaled by a line search, which evaluates the objective elsewhere.
  public init<Direction>(_ transformation: LineSearchStep<Direction>) where Direction.Scalar == Scalar {
    self.init(initialState: transformation.initialState) { objective, updates, state, parameters in
      transformation.update(&updates, state: &state, parameters: parameters, objective: objective)
    }
  }

  /// SAM in Optax's opaque mode, which takes the ascent steps' gradients from the objective.
  public init<Optimizer, Adversary>(_ transformation: OpaqueSharpnessAwareOptimizer<Optimizer, Adversary>) where Optimizer.Scalar == Scalar {
    self.init(initialState: transformation.initialState) { objective, updates, state, parameters in
      transformation.update(&updates, state: &state, parameters: parameters, objective: objective)
    }
  }

  /// A transformation from its initial state and its update given the objective.
  init<S: Codable & Sendable & Equatable>(
    initialState: @escaping @Sendable (ParameterSet<Scalar>) -> S,
    update: @escaping @Sendable (Objective<Scalar>, inout ParameterSet<Scalar>, inout S, ParameterSet<Scalar>) -> Void
  ) {
    readsObjective = true
    bind = { objective in
      AnyGradientTransformation(ObjectiveBound(initial: initialState) { updates, state, parameters in
        guard let objective else {
          preconditionFailure("this optimizer reads the objective: call step(_:gradient:objective:state:)")
        }
        update(objective, &updates, &state, parameters)
      })
    }
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State { bind(nil).initialState(for: parameters) }

  /// Transforms `updates` (aligned with `parameters`) in place, reading `objective` as needed.
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>, objective: Objective<Scalar>) {
    bind(objective).update(&updates, state: &state, parameters: parameters)
  }

  /// One step: aligns `gradient` (∇f at `parameters`), transforms it and adds the result.
  public func step(_ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, objective: Objective<Scalar>, state: inout State) {
    bind(objective).step(&parameters, gradient: gradient, state: &state)
  }

  /// The ordinary transformation that takes steps on `objective` — for a loop written for
  /// ``GradientTransformation``s, built anew for each step's objective.
  public func bound(to objective: Objective<Scalar>) -> AnyGradientTransformation<Scalar> { bind(objective) }

  /// ``bound(to:)`` as a function for a loop that steps ``unbound``'s state, or `nil` when
  /// steps ignore the objective (then ``unbound`` steps as it is).
  public var binding: (@Sendable (Objective<Scalar>) -> AnyGradientTransformation<Scalar>)? {
    readsObjective ? bind : nil
  }

  /// The transformation without an objective: it gives the initial state, and steps as
  /// usual if ``readsObjective`` is false; a step of one that reads the objective stops.
  public var unbound: AnyGradientTransformation<Scalar> { bind(nil) }
}

/// A transformation bound to one step's objective.
///
/// It holds the objective's closures, which need not be `Sendable`; it is built for one call
/// and never stored or shared, so `@unchecked Sendable` states what its use guarantees.
struct ObjectiveBound<Scalar: TensorScalar, State: Codable & Sendable & Equatable>: GradientTransformation, @unchecked Sendable {
  let initial: (ParameterSet<Scalar>) -> State
  let transform: (inout ParameterSet<Scalar>, inout State, ParameterSet<Scalar>) -> Void

  func initialState(for parameters: ParameterSet<Scalar>) -> State { initial(parameters) }

  func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    transform(&updates, &state, parameters)
  }
}

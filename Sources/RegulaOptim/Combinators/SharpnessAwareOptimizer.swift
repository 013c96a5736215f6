/// Sharpness-Aware Minimization in Optax's transparent form: the optimizer alternates
/// `syncPeriod − 1` ascent steps, which move the parameters to an adversarial point, with
/// one real step, which applies `optimizer` to the gradient taken there and starts again from
/// the point before the ascent.
///
/// With θ the parameters at the start of a cycle (cached), over the calls of one cycle:
///
///     calls 1 … k − 1:  u = −adversary(g)          (θ̃ ← θ̃ + u, an ascent)
///     call k:           u = θ − θ̃ + optimizer(g̃)   (g̃ = ∇f(θ̃); optimizer sees θ)
///
/// No gradient function is needed: the training loop computes every gradient at the
/// parameters it is given, as for any other transformation. With `resetAdversary` the
/// adversary's state restarts each cycle.
///
/// - Parameter optimizer: the outer optimizer.
/// - Parameter adversary: the ascent step, negated before use; `Normalize` then a step of
///   ρ (``sam(_:rho:syncPeriod:)``) is the paper's ρ·g/‖g‖.
/// - Parameter syncPeriod: k, calls per cycle. Default `2`.
/// - Parameter resetAdversary: restart the adversary's state each cycle. Default `true`.
/// - Note: Optax's opaque mode (an inner loop calling a gradient function) is
///   ``OpaqueSharpnessAwareOptimizer``.
/// - SeeAlso: "Sharpness-Aware Minimization for Efficiently Improving Generalization",
///   Foret, Kleiner, Mobahi & Neyshabur, ICLR 2021.
public struct SharpnessAwareOptimizer<Optimizer: GradientTransformation, Adversary: GradientTransformation>: GradientTransformation
where Optimizer.Scalar == Adversary.Scalar {
  public typealias Scalar = Optimizer.Scalar
  public var optimizer: Optimizer
  public var adversary: Adversary
  public var syncPeriod: Int
  public var resetAdversary: Bool

  public struct State: Codable, Sendable, Equatable {
    /// Calls since the start of the cycle, in 0..<k.
    public var count: Int
    /// The outer optimizer's state.
    public var optimizer: Optimizer.State
    /// The adversary's state.
    public var adversary: Adversary.State
    /// θ, the parameters at the start of the cycle.
    public var cache: ParameterSet<Scalar>
  }

  public init(_ optimizer: Optimizer, adversary: Adversary, syncPeriod: Int = 2, resetAdversary: Bool = true) {
    precondition(syncPeriod >= 1, "syncPeriod must be at least 1, got \(syncPeriod)")
    (self.optimizer, self.adversary, self.syncPeriod, self.resetAdversary) = (optimizer, adversary, syncPeriod, resetAdversary)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(
      count: 0, optimizer: optimizer.initialState(for: parameters), adversary: adversary.initialState(for: parameters),
      cache: parameters)
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let cache = state.cache
    if state.count == 0 { state.cache = parameters }
    if state.count == syncPeriod - 1 {
      optimizer.update(&updates, state: &state.optimizer, parameters: cache)
      updates.move(by: cache - parameters)
      if resetAdversary { state.adversary = adversary.initialState(for: parameters) }
    } else {
      adversary.update(&updates, state: &state.adversary, parameters: parameters)
      updates.scale(by: -1)
    }
    state.count = (state.count + 1) % syncPeriod
  }
}

/// Sharpness-Aware Minimization in Optax's opaque mode: each step runs the `syncPeriod − 1`
/// ascent steps itself, taking gradients at the adversarial points from the objective, and
/// then applies `optimizer` to the last of them at the original parameters — so every call
/// is a real step (Optax's `contrib.sam(…, opaque_mode=True)` with a `grad_fn`).
///
/// With θ the parameters and g = ∇f(θ):
///
///     θ̃₀ = θ,  g̃₀ = g
///     for i in 1 … k − 1:  θ̃ᵢ = θ̃ᵢ₋₁ − adversary(g̃ᵢ₋₁),  g̃ᵢ = ∇f(θ̃ᵢ)
///     θ ← θ + optimizer(g̃ₖ₋₁)      (optimizer sees θ)
///
/// The gradients come from the step's ``Objective`` (its `valueAndGradient`, on the same
/// minibatch). With `resetAdversary` the adversary's state restarts after every step.
/// ``SharpnessAwareOptimizer`` is the transparent form, which needs no objective but spends
/// k calls per real step.
///
/// - Parameter optimizer: the outer optimizer.
/// - Parameter adversary: the ascent step, negated before use; `Normalize` then a step of
///   ρ (``opaqueSAM(_:rho:syncPeriod:)``) is the paper's ρ·g/‖g‖.
/// - Parameter syncPeriod: k, so k − 1 ascent steps per step. Default `2`.
/// - Parameter resetAdversary: restart the adversary's state after every step. Default `true`.
/// - Note: Optax's `grad_fn(params, i)` can draw a different minibatch for each ascent step;
///   the objective here is one function, so every ascent step uses the step's minibatch.
///   Optax's `batch_axis_name` (a mean over devices) has no counterpart.
/// - SeeAlso: "Sharpness-Aware Minimization for Efficiently Improving Generalization",
///   Foret, Kleiner, Mobahi & Neyshabur, ICLR 2021.
public struct OpaqueSharpnessAwareOptimizer<Optimizer: GradientTransformation, Adversary: GradientTransformation>: Sendable
where Optimizer.Scalar == Adversary.Scalar {
  public typealias Scalar = Optimizer.Scalar
  public var optimizer: Optimizer
  public var adversary: Adversary
  public var syncPeriod: Int
  public var resetAdversary: Bool

  public struct State: Codable, Sendable, Equatable {
    /// The outer optimizer's state.
    public var optimizer: Optimizer.State
    /// The adversary's state.
    public var adversary: Adversary.State
  }

  public init(_ optimizer: Optimizer, adversary: Adversary, syncPeriod: Int = 2, resetAdversary: Bool = true) {
    precondition(syncPeriod >= 1, "syncPeriod must be at least 1, got \(syncPeriod)")
    (self.optimizer, self.adversary, self.syncPeriod, self.resetAdversary) = (optimizer, adversary, syncPeriod, resetAdversary)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(optimizer: optimizer.initialState(for: parameters), adversary: adversary.initialState(for: parameters))
  }

  /// Transforms the gradient `updates` (aligned with `parameters`) into the step in place.
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>, objective: Objective<Scalar>) {
    var adversarial = parameters
    if syncPeriod > 1 {
      let valueAndGradient = objective.requireValueAndGradient(for: "opaque SAM")
      for _ in 1..<syncPeriod {
        adversary.update(&updates, state: &state.adversary, parameters: adversarial)
        adversarial.add(updates, scaledBy: -1)
        updates = valueAndGradient(adversarial).gradient.aligned(with: parameters)
      }
    }
    if resetAdversary { state.adversary = adversary.initialState(for: parameters) }
    optimizer.update(&updates, state: &state.optimizer, parameters: parameters)
  }

  /// One step: aligns `gradient` (∇f at `parameters`), transforms it and adds the result.
  public func step(_ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, objective: Objective<Scalar>, state: inout State) {
    var updates = gradient.aligned(with: parameters)
    update(&updates, state: &state, parameters: parameters, objective: objective)
    parameters.applyUpdates(updates)
  }
}

/// SAM in Optax's opaque mode with the paper's ascent step ρ·g/‖g‖ (see
/// ``OpaqueSharpnessAwareOptimizer``): every call takes a real step, computing the gradient
/// at θ + ρ·g/‖g‖ from the objective.
///
/// - Parameter optimizer: the outer optimizer.
/// - Parameter rho: ρ, the radius of the ascent step. Default `0.05`.
/// - Parameter syncPeriod: one more than the ascent steps per step. Default `2`.
/// - SeeAlso: "Sharpness-Aware Minimization for Efficiently Improving Generalization",
///   Foret, Kleiner, Mobahi & Neyshabur, ICLR 2021.
public func opaqueSAM<Optimizer: GradientTransformation>(
  _ optimizer: Optimizer, rho: Double = 0.05, syncPeriod: Int = 2
) -> OpaqueSharpnessAwareOptimizer<Optimizer, Chained<Normalize<Optimizer.Scalar>, ScaleByLearningRate<Optimizer.Scalar>>> {
  OpaqueSharpnessAwareOptimizer(
    optimizer, adversary: chain { Normalize<Optimizer.Scalar>(); ScaleByLearningRate<Optimizer.Scalar>(.constant(rho)) }, syncPeriod: syncPeriod)
}

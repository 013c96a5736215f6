/// Lookahead: k steps of a fast optimizer, then one step of the slow weights toward them,
/// and the fast weights restart from the slow ones (Optax's `lookahead`).
///
///     θ_fast ← θ_fast + inner(g)                                   (every step)
///     every k-th step:  θ_slow ← θ_slow + α·(θ_fast − θ_slow);   θ_fast ← θ_slow
///
/// The parameters an optimizer steps are the fast weights (compute gradients there); the
/// slow weights, which generalize better, live in the state (`state.slow`) and start equal
/// to the parameters given to `initialState(for:)`. Do not change the updates between this
/// transformation and the parameters, or the two sets fall out of step.
///
/// - Parameter inner: the fast optimizer.
/// - Parameter syncPeriod: k ≥ 1, fast steps per synchronization.
/// - Parameter slowStepSize: α, the slow weights' step toward the fast ones.
/// - Parameter resetState: restart the fast optimizer's state at every synchronization.
///   Default `false`.
/// - Note: Optax keeps slow and fast weights as a `LookaheadParams` pair of parameters;
///   Regula keeps the slow weights in the `Codable` state, so the model has one parameter set.
/// - SeeAlso: "Lookahead Optimizer: k steps forward, 1 step back", Zhang, Lucas, Hinton &
///   Ba, NeurIPS 2019.
public struct Lookahead<Inner: GradientTransformation>: GradientTransformation {
  public typealias Scalar = Inner.Scalar
  public var inner: Inner
  public var syncPeriod: Int
  public var slowStepSize: Double
  public var resetState: Bool

  public struct State: Codable, Sendable, Equatable {
    /// Fast steps since the last synchronization, in 0..<k.
    public var stepsSinceSync: Int
    /// The slow weights.
    public var slow: ParameterSet<Scalar>
    public var inner: Inner.State
  }

  public init(_ inner: Inner, syncPeriod: Int, slowStepSize: Double, resetState: Bool = false) {
    precondition(syncPeriod >= 1, "syncPeriod must be at least 1, got \(syncPeriod)")
    (self.inner, self.syncPeriod, self.slowStepSize, self.resetState) = (inner, syncPeriod, slowStepSize, resetState)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(stepsSinceSync: 0, slow: parameters, inner: inner.initialState(for: parameters))
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    inner.update(&updates, state: &state.inner, parameters: parameters)
    state.stepsSinceSync += 1
    guard state.stepsSinceSync == syncPeriod else { return }
    state.stepsSinceSync = 0
    updates.synchronizeLookahead(fast: parameters, slow: &state.slow, slowStepSize: slowStepSize)
    if resetState { state.inner = inner.initialState(for: parameters) }
  }
}

extension ParameterSet {
  /// With d = fast + u − slow (u = self): slow ← slow + α·d and u ← u − (1 − α)·d, so that
  /// fast + u equals the new slow weights.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func synchronizeLookahead(fast: ParameterSet, slow: inout ParameterSet, slowStepSize: Double) {
    let alpha = Scalar(slowStepSize)
    for i in 0..<count {
      fast.withReadBuffer(at: i) { fast in
        slow.withBuffer(at: i) { slow in
          withBuffer(at: i) { u in
            for j in u.indices {
              let difference = fast[j] + u[j] - slow[j]
              u[j] -= (1 - alpha) * difference
              slow[j] += alpha * difference
            }
          }
        }
      }
    }
  }
}

/// Gradient accumulation: averages the gradients of k calls and applies `inner` to the mean
/// on every k-th call; the other calls return zero updates (Optax's `MultiSteps`).
///
///     gₐ ← gₐ + (g − gₐ)/(n + 1)       (n: calls since the last emitted step)
///     every k-th call: u = inner(gₐ), gₐ ← 0;   otherwise u = 0
///
/// With a loss that averages over its batch, k steps of batch B equal one step of batch kB.
/// The inner state advances only on emitted steps.
///
/// - Note: Optax accumulates in float32 by default (`accumulator_dtype`); Regula accumulates
///   in the parameters' scalar type.
public struct MultiSteps<Inner: GradientTransformation>: GradientTransformation {
  public typealias Scalar = Inner.Scalar
  public var inner: Inner
  public var everySteps: Int

  public struct State: Codable, Sendable, Equatable {
    /// Calls since the last emitted step, in 0..<k.
    public var miniStep: Int
    /// The number of emitted steps.
    public var gradientStep: Int
    /// The running mean of the gradients since the last emitted step.
    public var accumulatedGradients: ParameterSet<Scalar>
    public var inner: Inner.State
  }

  public init(_ inner: Inner, everySteps: Int) {
    precondition(everySteps >= 1, "everySteps must be at least 1, got \(everySteps)")
    (self.inner, self.everySteps) = (inner, everySteps)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(miniStep: 0, gradientStep: 0, accumulatedGradients: parameters.zeros(), inner: inner.initialState(for: parameters))
  }

  /// Whether the next call emits an update.
  public func emitsNext(_ state: State) -> Bool { state.miniStep == everySteps - 1 }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.accumulatedGradients.accumulateMean(updates, count: state.miniStep + 1)
    if state.miniStep == everySteps - 1 {
      updates = state.accumulatedGradients
      inner.update(&updates, state: &state.inner, parameters: parameters)
      state.accumulatedGradients = parameters.zeros()
      state.miniStep = 0
      state.gradientStep += 1
    } else {
      updates.setToZero()
      state.miniStep += 1
    }
  }
}

/// Skips steps whose gradients hold a NaN or an infinity, and counts them (Optax's
/// `apply_if_finite`).
///
/// On a non-finite gradient the update is zero and `inner`'s state is left as it was, so
/// one bad batch corrupts nothing. After more than `maxConsecutiveErrors` non-finite steps
/// in a row the update is applied anyway (so a run that has truly diverged shows it).
///
/// Without this wrapper, a non-finite gradient propagates: the moments of adaptive
/// optimizers become NaN and so do the parameters from then on (tested).
public struct ApplyIfFinite<Inner: GradientTransformation>: GradientTransformation {
  public typealias Scalar = Inner.Scalar
  public var inner: Inner
  public var maxConsecutiveErrors: Int

  public struct State: Codable, Sendable, Equatable {
    /// Non-finite steps in a row (0 after a finite one).
    public var notFiniteCount: Int
    /// Whether the last gradient was finite.
    public var lastFinite: Bool
    /// Non-finite steps in total.
    public var totalNotFinite: Int
    public var inner: Inner.State
  }

  public init(_ inner: Inner, maxConsecutiveErrors: Int = 1_000_000) {
    precondition(maxConsecutiveErrors >= 0, "maxConsecutiveErrors must be non-negative")
    (self.inner, self.maxConsecutiveErrors) = (inner, maxConsecutiveErrors)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(notFiniteCount: 0, lastFinite: true, totalNotFinite: 0, inner: inner.initialState(for: parameters))
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let finite = updates.allFinite()
    state.lastFinite = finite
    if finite {
      state.notFiniteCount = 0
    } else {
      state.notFiniteCount += 1
      state.totalNotFinite += 1
    }
    if finite || state.notFiniteCount > maxConsecutiveErrors {
      inner.update(&updates, state: &state.inner, parameters: parameters)
    } else {
      updates.setToZero()
    }
  }
}

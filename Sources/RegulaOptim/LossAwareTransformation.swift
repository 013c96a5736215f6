/// A transformation whose update also reads the objective's value at the current
/// parameters — Optax's `value` extra argument (MoMo, reduce-on-plateau), as its own
/// protocol so that ``GradientTransformation`` keeps its two-argument `update`.
///
/// A loss-aware transformation is not a ``GradientTransformation``: it cannot run without
/// the loss, and the type system says so. To place one after ordinary transformations, use
/// ``GradientTransformation/followed(by:)``:
///
///     let optimizer = adam(learningRate: 1e-3).followed(by: ReduceOnPlateau<Float>(patience: 5))
///     optimizer.step(&parameters, gradient: g, loss: value, state: &state)
///
/// - SeeAlso: Optax's `GradientTransformationExtraArgs`.
public protocol LossAwareTransformation<Scalar>: Sendable {
  associatedtype Scalar: TensorScalar
  associatedtype State: Codable & Sendable & Equatable

  /// The state before the first step, shaped after `parameters`.
  func initialState(for parameters: ParameterSet<Scalar>) -> State

  /// Transforms `updates` (aligned with `parameters`) in place; `loss` is the objective's
  /// value at `parameters`, the point where the gradient was taken.
  func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>, loss: Double)
}

extension LossAwareTransformation {
  /// One optimizer step: aligns `gradient` with `parameters`, transforms it with the loss
  /// value at `parameters`, and adds the resulting update to `parameters`.
  public func step(
    _ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, loss: Double, state: inout State
  ) {
    var updates = gradient.aligned(with: parameters)
    update(&updates, state: &state, parameters: parameters, loss: loss)
    parameters.applyUpdates(updates)
  }
}

/// A gradient transformation followed by a loss-aware one (Optax's `chain` of, for
/// example, `adam` and `reduce_on_plateau`).
public struct LossAwareChained<First: GradientTransformation, Second: LossAwareTransformation>: LossAwareTransformation
where First.Scalar == Second.Scalar {
  public typealias Scalar = First.Scalar
  public var first: First
  public var second: Second

  public struct State: Codable, Sendable, Equatable {
    public var first: First.State
    public var second: Second.State
  }

  public init(_ first: First, _ second: Second) { (self.first, self.second) = (first, second) }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(first: first.initialState(for: parameters), second: second.initialState(for: parameters))
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>, loss: Double) {
    first.update(&updates, state: &state.first, parameters: parameters)
    second.update(&updates, state: &state.second, parameters: parameters, loss: loss)
  }
}

extension GradientTransformation {
  /// This transformation, then `next`, which also reads the loss.
  public func followed<Next: LossAwareTransformation>(by next: Next) -> LossAwareChained<Self, Next> where Next.Scalar == Scalar {
    LossAwareChained(self, next)
  }
}

/// Adds λ·θ to the updates: decoupled weight decay when placed before the learning rate.
///
///     u ← u + λ(t)·θ
///
/// In `adamw` this sits between the Adam scaling and the learning rate, so the decay is
/// multiplied by the learning rate, as in PyTorch's AdamW and Optax's `adamw`.
/// `mask` selects the paths that decay (all when `nil`); biases and gains are commonly
/// excluded with `mask: { !$0.hasSuffix(".bias") }`. λ may follow a schedule, read at the
/// transformation's own step count.
///
/// - SeeAlso: "Decoupled Weight Decay Regularization", Loshchilov & Hutter, ICLR 2019.
public struct AddDecayedWeights<Scalar: TensorScalar>: GradientTransformation {
  public var weightDecay: Schedule
  public var mask: (@Sendable (String) -> Bool)?

  /// A constant, non-negative decay λ.
  public init(_ weightDecay: Double, mask: (@Sendable (String) -> Bool)? = nil) {
    precondition(weightDecay >= 0, "weightDecay must be non-negative, got \(weightDecay)")
    self.init(schedule: .constant(weightDecay), mask: mask)
  }

  /// A decay λ(t) that follows a schedule (any sign: Fromage uses a negative one).
  public init(schedule weightDecay: Schedule, mask: (@Sendable (String) -> Bool)? = nil) {
    self.weightDecay = weightDecay
    self.mask = mask
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> CountState { CountState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout CountState, parameters: ParameterSet<Scalar>) {
    let decay = weightDecay(state.count)
    state.count += 1
    guard decay != 0 else { return }
    let lambda = Scalar(decay)
    for i in 0..<updates.count where mask?(updates.paths[i]) ?? true {
      parameters.withReadBuffer(at: i) { p in
        updates.withBuffer(at: i) { u in
          for j in u.indices { u[j] += lambda * p[j] }
        }
      }
    }
  }
}

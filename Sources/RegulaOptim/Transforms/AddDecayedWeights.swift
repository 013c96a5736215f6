/// Adds λ·θ to the updates: decoupled weight decay when placed before the learning rate.
///
///     u ← u + λ·θ
///
/// In `adamw` this sits between the Adam scaling and the learning rate, so the decay is
/// multiplied by the learning rate, as in PyTorch's AdamW and Optax's `adamw`.
/// `mask` selects the paths that decay (all when `nil`); biases and gains are commonly
/// excluded with `mask: { !$0.hasSuffix(".bias") }`.
///
/// - SeeAlso: "Decoupled Weight Decay Regularization", Loshchilov & Hutter, ICLR 2019.
public struct AddDecayedWeights<Scalar: TensorScalar>: GradientTransformation {
  public var weightDecay: Double
  public var mask: (@Sendable (String) -> Bool)?

  public init(_ weightDecay: Double, mask: (@Sendable (String) -> Bool)? = nil) {
    precondition(weightDecay >= 0, "weightDecay must be non-negative, got \(weightDecay)")
    self.weightDecay = weightDecay
    self.mask = mask
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>) {
    guard weightDecay != 0 else { return }
    let lambda = Scalar(weightDecay)
    var i = 0
    updates.updateTensors { path, u in
      defer { i += 1 }
      guard mask?(path) ?? true else { return }
      let theta = parameters.tensors[i]
      u.scalars.withUnsafeMutableBufferPointer { u in
        theta.scalars.withUnsafeBufferPointer { p in
          for j in u.indices { u[j] += lambda * p[j] }
        }
      }
    }
  }
}

/// A stateful map from gradients to updates — the unit every optimizer is built from.
///
/// A transformation owns no memory: everything it remembers between steps lives in its
/// explicit `State`, which is `Codable` (a checkpoint is a copy of it) and carries its own
/// step count where the transformation needs one. `update` rewrites `updates` in place:
/// gradients go in, updates come out, and the caller adds them to the parameters
/// (θ ← θ + u), so a learning-rate step negates.
///
/// Transformations compose with `chain { … }`; named optimizers such as ``adamw(learningRate:beta1:beta2:epsilon:weightDecay:)``
/// are short chains of them.
///
/// - SeeAlso: Optax's `GradientTransformation` (`init` / `update`), which this mirrors.
public protocol GradientTransformation<Scalar>: Sendable {
  associatedtype Scalar: TensorScalar
  associatedtype State: Codable & Sendable & Equatable

  /// The state before the first step, shaped after `parameters`.
  func initialState(for parameters: ParameterSet<Scalar>) -> State

  /// Transforms `updates` (aligned with `parameters`: same paths, same order) in place.
  func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>)

  /// One optimizer step: θ ← θ + update(gradient). The default aligns the gradient,
  /// calls `update` and adds the result; a transformation that can fuse the whole step
  /// into one pass over memory (``AdamW``) implements it itself, with the same result.
  func step(_ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, state: inout State)
}

extension GradientTransformation {
  /// One optimizer step: aligns `gradient` with `parameters`, transforms it, and adds the
  /// resulting update to `parameters`.
  ///
  /// A gradient path that is not a parameter, or a gradient whose shape differs from its
  /// parameter's, stops with a message naming the path and both shapes.
  public func step(
    _ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, state: inout State
  ) {
    var updates = gradient.aligned(with: parameters)
    update(&updates, state: &state, parameters: parameters)
    parameters.applyUpdates(updates)
  }
}

extension ParameterSet {
  /// θ ← θ + u for every path (`updates` aligned with `self`).
  public mutating func applyUpdates(_ updates: ParameterSet) {
    precondition(updates.paths == paths, "updates \(updates.paths) do not match parameters \(paths)")
    var i = 0
    updateTensors { path, tensor in
      let u = updates.tensors[i]
      precondition(u.shape == tensor.shape, "\(path): update of shape \(u.shape) for a parameter of shape \(tensor.shape)")
      tensor.addInPlace(u)
      i += 1
    }
  }
}

/// A transformation that needs no state.
public struct EmptyState: Codable, Sendable, Equatable {
  public init() {}
}

/// The state of a transformation that only counts its steps.
public struct CountState: Codable, Sendable, Equatable {
  /// The number of updates applied so far.
  public var count: Int = 0
  public init(count: Int = 0) { self.count = count }

  private enum CodingKeys: String, CodingKey { case count }

  /// Decodes `{"count": n}`; an empty object (the `EmptyState` that `AddDecayedWeights`
  /// kept before its decay could follow a schedule) reads as count 0.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 0
  }
}

/// Momentum: an exponentially decaying trace of past updates (Optax's `trace`).
///
///     m ← g + β·m
///     u ← m              (heavy ball)
///     u ← g + β·m        (Nesterov)
///
/// - Parameter decay: β, in [0, 1). Default `0.9`.
/// - Parameter nesterov: Nesterov's look-ahead form. Default `false`.
/// - SeeAlso: "On the importance of initialization and momentum in deep learning",
///   Sutskever et al., ICML 2013.
public struct Trace<Scalar: TensorScalar>: GradientTransformation {
  public var decay: Double
  public var nesterov: Bool

  public struct State: Codable, Sendable, Equatable {
    /// m, one tensor per parameter.
    public var trace: ParameterSet<Scalar>
  }

  public init(decay: Double = 0.9, nesterov: Bool = false) {
    precondition(decay >= 0 && decay < 1, "decay must be in [0, 1), got \(decay)")
    self.decay = decay
    self.nesterov = nesterov
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(trace: parameters.mapTensors { _, p in Tensor(zeros: p.shape) })
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let beta = Scalar(decay)
    for i in 0..<updates.count {
      updates.withTensor(at: i) { u in
        state.trace.withTensor(at: i) { m in
          m.scalars.withUnsafeMutableBufferPointer { m in
            u.scalars.withUnsafeMutableBufferPointer { g in
              for j in m.indices {
                m[j] = g[j] + beta * m[j]
                g[j] = nesterov ? g[j] + beta * m[j] : m[j]
              }
            }
          }
        }
      }
    }
  }
}

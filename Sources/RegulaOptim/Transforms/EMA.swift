import RealModule

/// An exponential moving average of past updates (Optax's `ema`).
///
///     e ← β·e + (1 − β)·g
///     u = e / (1 − βᵗ)     (with `debias`)   or   u = e
///
/// Unlike ``Trace`` (m ← g + β·m) the new update is weighted by 1 − β.
///
/// - Parameter decay: β, in [0, 1]. Default `0.9`.
/// - Parameter debias: divide by 1 − βᵗ. Default `true`.
public struct EMA<Scalar: TensorScalar>: GradientTransformation {
  public var decay: Double
  public var debias: Bool

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    /// e, the moving average.
    public var average: ParameterSet<Scalar>
  }

  public init(decay: Double = 0.9, debias: Bool = true) {
    precondition(decay >= 0 && decay <= 1, "decay must be in [0, 1], got \(decay)")
    (self.decay, self.debias) = (decay, debias)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, average: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let b = Scalar(decay)
    let c = Scalar(debias ? 1 / (1 - Double.pow(decay, Double(state.count))) : 1)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.average.withBuffer(at: i) { e in
          for j in g.indices {
            let ej = (1 - b) * g[j] + b * e[j]
            e[j] = ej
            g[j] = ej * c
          }
        }
      }
    }
  }
}

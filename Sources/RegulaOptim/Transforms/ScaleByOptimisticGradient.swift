/// Optimistic gradient: extrapolates from the previous gradient.
///
///     u = (α + β)·g − β·g_prev      (g_prev = g at the first step)
///
/// - Parameter alpha: α. Default `1`.
/// - Parameter beta: β, the optimism. Default `1`.
/// - SeeAlso: "Training GANs with Optimism", Daskalakis et al., ICLR 2018; "Optimistic
///   Mirror Descent in Saddle-Point Problems", Mertikopoulos et al., ICLR 2019.
public struct ScaleByOptimisticGradient<Scalar: TensorScalar>: GradientTransformation {
  public var alpha: Schedule
  public var beta: Schedule

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    public var previousGradient: ParameterSet<Scalar>
  }

  public init(alpha: Schedule = 1, beta: Schedule = 1) { (self.alpha, self.beta) = (alpha, beta) }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, previousGradient: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let first = state.count == 0
    let a = Scalar(alpha(state.count)), b = Scalar(beta(state.count))
    state.count += 1
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.previousGradient.withBuffer(at: i) { gp in
          for j in g.indices {
            let gj = g[j]
            let prev = first ? gj : gp[j]
            gp[j] = gj
            g[j] = (a + b) * gj - b * prev
          }
        }
      }
    }
  }
}

/// Resilient backpropagation: per-element step sizes adapted by the sign agreement of
/// successive gradients; returns the signed step, to be negated.
///
///     s = g·p           (p: the previous step direction)
///     η ← clip(η·(s > 0 ? η₊ : η₋), η_min, η_max)   where s ≠ 0
///     p ← 0 where s < 0, else η·sign(g)
///     u = p_old         (0 where s < 0)
///
/// - Note: As in Optax 0.2.8, the returned update is the *previous* step p_old (so the first
///   update is 0 and each step lags one gradient); PyTorch's `Rprop` returns the new one.
///   Regula keeps Optax's rule for parity.
///
/// - Parameter learningRate: η₀, the initial step size.
/// - Parameter etaMinus: η₋. Default `0.5`.  - Parameter etaPlus: η₊. Default `1.2`.
/// - Parameter minStepSize: Default `1e-6`.  - Parameter maxStepSize: Default `50`.
/// - SeeAlso: "A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP
///   Algorithm", Riedmiller & Braun, ICNN 1993.
public struct ScaleByRprop<Scalar: TensorScalar>: GradientTransformation {
  public var learningRate: Double
  public var etaMinus: Double
  public var etaPlus: Double
  public var minStepSize: Double
  public var maxStepSize: Double

  public struct State: Codable, Sendable, Equatable {
    /// η, one step size per element.
    public var stepSizes: ParameterSet<Scalar>
    /// p, the previous step.
    public var previousUpdates: ParameterSet<Scalar>
  }

  public init(learningRate: Double, etaMinus: Double = 0.5, etaPlus: Double = 1.2, minStepSize: Double = 1e-6, maxStepSize: Double = 50) {
    precondition(learningRate > 0 && minStepSize <= maxStepSize, "learningRate must be positive and minStepSize ≤ maxStepSize")
    (self.learningRate, self.etaMinus, self.etaPlus) = (learningRate, etaMinus, etaPlus)
    (self.minStepSize, self.maxStepSize) = (minStepSize, maxStepSize)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(stepSizes: parameters.filled(with: Scalar(learningRate)), previousUpdates: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let minus = Scalar(etaMinus), plus = Scalar(etaPlus), lo = Scalar(minStepSize), hi = Scalar(maxStepSize)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.stepSizes.withBuffer(at: i) { eta in
          state.previousUpdates.withBuffer(at: i) { p in
            for j in g.indices {
              let s = g[j] * p[j]
              if s != 0 { eta[j] = Swift.min(Swift.max(eta[j] * (s > 0 ? plus : minus), lo), hi) }
              let old = p[j]
              p[j] = s < 0 ? 0 : eta[j] * g[j].signum
              g[j] = s < 0 ? 0 : old
            }
          }
        }
      }
    }
  }
}

/// Scales updates by the inverse root of the running sum of squared gradients: AdaGrad.
///
///     s ← s + g²
///     u = g / √(s + ε)     (0 where s = 0)
///
/// - Parameter initialAccumulatorValue: s₀. Default `0.1` (Optax).
/// - Parameter epsilon: ε, inside the square root. Default `1e-7`.
/// - Note: PyTorch's `Adagrad` starts from s₀ = 0 and adds ε = 1e-10 outside the root.
/// - SeeAlso: "Adaptive Subgradient Methods for Online Learning and Stochastic
///   Optimization", Duchi, Hazan & Singer, JMLR 2011.
public struct ScaleByRSS<Scalar: TensorScalar>: GradientTransformation {
  public var initialAccumulatorValue: Double
  public var epsilon: Double

  public struct State: Codable, Sendable, Equatable {
    /// s, the running sum of squared gradients.
    public var sumOfSquares: ParameterSet<Scalar>
  }

  public init(initialAccumulatorValue: Double = 0.1, epsilon: Double = 1e-7) {
    precondition(initialAccumulatorValue >= 0 && epsilon >= 0, "initialAccumulatorValue and epsilon must be non-negative")
    (self.initialAccumulatorValue, self.epsilon) = (initialAccumulatorValue, epsilon)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(sumOfSquares: parameters.filled(with: Scalar(initialAccumulatorValue)))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let eps = Scalar(epsilon)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.sumOfSquares.withBuffer(at: i) { s in
          for j in g.indices {
            let sj = s[j] + g[j] * g[j]
            s[j] = sj
            g[j] = sj > 0 ? g[j] / (sj + eps).squareRoot() : 0
          }
        }
      }
    }
  }
}

import RealModule

/// Adam with the infinity norm in place of the second moment: Adamax.
///
///     m ← β₁·m + (1 − β₁)·g
///     v ← max(|g| + ε, β₂·v)
///     u = m / ((1 − β₁ᵗ)·v)
///
/// - Parameter beta1: β₁. Default `0.9`.
/// - Parameter beta2: β₂. Default `0.999`.
/// - Parameter epsilon: ε. Default `1e-8`.
/// - SeeAlso: "Adam: A Method for Stochastic Optimization", Kingma & Ba, ICLR 2015 (§7.1).
public struct ScaleByAdamax<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    public var firstMoment: ParameterSet<Scalar>
    /// v, the decayed infinity norm.
    public var infinityNorm: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)")
    (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, firstMoment: parameters.zeros(), infinityNorm: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let b1 = Scalar(beta1), b2 = Scalar(beta2), eps = Scalar(epsilon)
    let c1 = Scalar(1 / (1 - Double.pow(beta1, Double(state.count))))
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.firstMoment.withBuffer(at: i) { m in
          state.infinityNorm.withBuffer(at: i) { v in
            for j in g.indices {
              let gj = g[j]
              let mj = (1 - b1) * gj + b1 * m[j]
              let vj = Swift.max(Swift.abs(gj) + eps, b2 * v[j])
              m[j] = mj
              v[j] = vj
              g[j] = (mj * c1) / vj
            }
          }
        }
      }
    }
  }
}

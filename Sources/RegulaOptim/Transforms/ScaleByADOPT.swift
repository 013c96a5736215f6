/// ADOPT: Adam with the second moment of the *previous* step, and the momentum taken of the
/// normalized gradient.
///
///     first step:  v ← g²,  u = 0                      (m starts from the normalized gradient)
///     later:       d = clip(g / max(√v_prev, ε), ±(t−1)^¼);  m ← β₁·m + (1 − β₁)·d;  v ← β₂·v + (1 − β₂)·g²
///     u = m        (Nesterov: β₁·m + (1 − β₁)·d)
///
/// - Parameter beta1: Default `0.9`.  - Parameter beta2: Default `0.9999`.
/// - Parameter epsilon: Default `1e-6`.  - Parameter nesterov: Default `false`.
/// - Parameter clipping: clip d to ±(t − 1)^¼ (t: the 1-based step). Default `true`.
/// - SeeAlso: "ADOPT: Modified Adam Can Converge with Any β₂ with the Optimal Rate",
///   Taniguchi et al., NeurIPS 2024.
public struct ScaleByADOPT<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var nesterov: Bool
  public var clipping: Bool

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    public var firstMoment: ParameterSet<Scalar>
    public var secondMoment: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.9999, epsilon: Double = 1e-6, nesterov: Bool = false, clipping: Bool = true) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)")
    (self.beta1, self.beta2, self.epsilon, self.nesterov, self.clipping) = (beta1, beta2, epsilon, nesterov, clipping)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, firstMoment: parameters.zeros(), secondMoment: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let first = state.count == 0
    let b1 = first ? Scalar(1) : Scalar(beta1), b2 = first ? Scalar(0) : Scalar(beta2), eps = Scalar(epsilon)
    let bound = Scalar(Double(state.count).squareRoot().squareRoot())
    let (clip, nest) = (clipping, nesterov)
    state.count += 1
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.firstMoment.withBuffer(at: i) { m in
          state.secondMoment.withBuffer(at: i) { v in
            for j in g.indices {
              let gj = g[j]
              var d = gj / Swift.max(v[j].squareRoot(), eps)
              if clip { d = Swift.min(Swift.max(d, -bound), bound) }
              let mj = (1 - b1) * d + b1 * m[j]
              m[j] = mj
              v[j] = (1 - b2) * gj * gj + b2 * v[j]
              g[j] = nest ? (1 - b1) * d + b1 * mj : mj
            }
          }
        }
      }
    }
  }
}

/// ADOPT (see ``ScaleByADOPT``): θ ← θ − η·m.
///
/// Defaults (Optax contrib and the paper): β = (0.9, 0.9999), ε = 1e-6, clipping (t−1)^¼.
///
/// - SeeAlso: "ADOPT: Modified Adam Can Converge with Any β₂ with the Optimal Rate",
///   Taniguchi et al., NeurIPS 2024.
public func adopt<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.9999, epsilon: Double = 1e-6, nesterov: Bool = false,
  clipping: Bool = true
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByADOPT<Scalar>(beta1: beta1, beta2: beta2, epsilon: epsilon, nesterov: nesterov, clipping: clipping)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

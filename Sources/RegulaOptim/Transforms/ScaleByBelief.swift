import RealModule

/// Rescales updates by the "belief" in the gradient: AdaBelief.
///
///     m ← β₁·m + (1 − β₁)·g
///     s ← β₂·s + (1 − β₂)·(g − m)² + ε_root
///     u = m̂ / (√ŝ + ε)      (m̂, ŝ bias-corrected; Nesterov m̂ as ``ScaleByAdam``)
///
/// - Parameter beta1: β₁. Default `0.9`.
/// - Parameter beta2: β₂. Default `0.999`.
/// - Parameter epsilon: ε. Default `1e-16`.
/// - Parameter epsilonRoot: ε_root, added to s every step. Default `1e-16`.
/// - Parameter nesterov: Default `false`.
/// - SeeAlso: "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients",
///   Zhuang et al., NeurIPS 2020.
public struct ScaleByBelief<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var epsilonRoot: Double
  public var nesterov: Bool

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    /// m, the first moment.
    public var firstMoment: ParameterSet<Scalar>
    /// s, the second central moment.
    public var secondMoment: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-16, epsilonRoot: Double = 1e-16, nesterov: Bool = false) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)")
    (self.beta1, self.beta2, self.epsilon, self.epsilonRoot, self.nesterov) = (beta1, beta2, epsilon, epsilonRoot, nesterov)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, firstMoment: parameters.zeros(), secondMoment: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let b1 = Scalar(beta1), b2 = Scalar(beta2), eps = Scalar(epsilon), epsRoot = Scalar(epsilonRoot)
    let c2 = Scalar(1 / biasCorrection(beta2, state.count))
    let a = Scalar(nesterov ? beta1 / biasCorrection(beta1, state.count + 1) : 1 / biasCorrection(beta1, state.count))
    let b = Scalar(nesterov ? (1 - beta1) / biasCorrection(beta1, state.count) : 0)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.firstMoment.withBuffer(at: i) { m in
          state.secondMoment.withBuffer(at: i) { s in
            for j in g.indices {
              let gj = g[j]
              let mj = (1 - b1) * gj + b1 * m[j]
              let e = gj - mj
              let sj = (1 - b2) * e * e + b2 * s[j] + epsRoot
              m[j] = mj
              s[j] = sj
              g[j] = (a * mj + b * gj) / ((sj * c2).squareRoot() + eps)
            }
          }
        }
      }
    }
  }
}

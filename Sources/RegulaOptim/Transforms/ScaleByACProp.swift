import RealModule

/// Rescales the gradient by the root of AdaBelief's centered second moment from the
/// previous step: ACProp (asynchronous centering).
///
///     u = g / (√ŝ_{t−1} + ε)               (ŝ_{t−1} = s_{t−1}/(1 − β₂ᵗ⁻¹); ŝ₀ = 1)
///     s ← β₂·s + (1 − β₂)·(g − m)² + ε_root   (m before its update)
///     m ← β₁·m + (1 − β₁)·g
///
/// The denominator uses information up to step t − 1 and the numerator the gradient at step
/// t, which decorrelates them; the moment m only centers s.
///
/// - Parameter beta1: β₁. Default `0.9`.
/// - Parameter beta2: β₂. Default `0.999`.
/// - Parameter epsilon: ε. Default `1e-16`.
/// - Parameter epsilonRoot: ε_root, added to s every step. Default `1e-16`.
/// - Note: As Optax (and the authors' PyTorch code), the numerator is the gradient, not the
///   momentum of the paper's Algorithm 2.
/// - SeeAlso: "Momentum Centering and Asynchronous Update for Adaptive Gradient Methods",
///   Zhuang et al., NeurIPS 2021.
public struct ScaleByACProp<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var epsilonRoot: Double

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// m, the first moment.
    public var firstMoment: ParameterSet<Scalar>
    /// s, the centered second moment.
    public var secondMoment: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-16, epsilonRoot: Double = 1e-16) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1), got \(beta1) and \(beta2)")
    (self.beta1, self.beta2, self.epsilon, self.epsilonRoot) = (beta1, beta2, epsilon, epsilonRoot)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, firstMoment: parameters.zeros(), secondMoment: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let first = state.count == 0
    let c = Scalar(first ? 1 : 1 / biasCorrection(beta2, state.count))
    state.count += 1
    let b1 = Scalar(beta1), b2 = Scalar(beta2), eps = Scalar(epsilon), epsRoot = Scalar(epsilonRoot)
    for i in 0..<updates.count {
      state.firstMoment.withBuffer(at: i) { m in
      state.secondMoment.withBuffer(at: i) { s in
        updates.withBuffer(at: i) { g in
          for j in g.indices {
            let gj = g[j], e = gj - m[j]
            let denominator = first ? 1 : (s[j] * c).squareRoot()
            m[j] = b1 * m[j] + (1 - b1) * gj
            s[j] = b2 * s[j] + (1 - b2) * e * e + epsRoot
            g[j] = gj / (denominator + eps)
          }
        }
      }
      }
    }
  }
}

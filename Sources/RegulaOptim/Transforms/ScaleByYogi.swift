import RealModule

/// Adam with an additive, sign-controlled second-moment update: Yogi.
///
///     m ← β₁·m + (1 − β₁)·g
///     v ← v − (1 − β₂)·sign(v − g²)·g²
///     u = m̂ / (√(v̂ + ε_root) + ε)           (hats: bias-corrected)
///
/// - Parameter beta1: Default `0.9`.  - Parameter beta2: Default `0.999`.
/// - Parameter epsilon: Default `1e-3`.  - Parameter epsilonRoot: Default `0`.
/// - Parameter initialAccumulatorValue: m₀ = v₀. Default `1e-6`.
/// - SeeAlso: "Adaptive Methods for Nonconvex Optimization", Zaheer et al., NeurIPS 2018.
public struct ScaleByYogi<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var epsilonRoot: Double
  public var initialAccumulatorValue: Double

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    public var firstMoment: ParameterSet<Scalar>
    public var secondMoment: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-3, epsilonRoot: Double = 0, initialAccumulatorValue: Double = 1e-6) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)")
    (self.beta1, self.beta2, self.epsilon, self.epsilonRoot) = (beta1, beta2, epsilon, epsilonRoot)
    self.initialAccumulatorValue = initialAccumulatorValue
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let a = parameters.filled(with: Scalar(initialAccumulatorValue))
    return State(count: 0, firstMoment: a, secondMoment: a)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let b1 = Scalar(beta1), b2 = Scalar(beta2), eps = Scalar(epsilon), epsRoot = Scalar(epsilonRoot)
    let c1 = Scalar(1 / biasCorrection(beta1, state.count)), c2 = Scalar(1 / biasCorrection(beta2, state.count))
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.firstMoment.withBuffer(at: i) { m in
          state.secondMoment.withBuffer(at: i) { v in
            for j in g.indices {
              let gj = g[j], g2 = gj * gj
              let mj = (1 - b1) * gj + b1 * m[j]
              let vj = v[j] - (1 - b2) * (v[j] - g2).signum * g2
              m[j] = mj
              v[j] = vj
              g[j] = mj * c1 / ((vj * c2 + epsRoot).squareRoot() + eps)
            }
          }
        }
      }
    }
  }
}

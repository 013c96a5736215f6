import RealModule

/// AdEMAMix: Adam whose numerator mixes a fast and a slow moving average of the gradient.
///
///     m₁ ← β₁·m₁ + (1 − β₁)·g,   m₂ ← β₃(t)·m₂ + (1 − β₃(t))·g,   v ← β₂·v + (1 − β₂)·g²
///     u = (m̂₁ + α(t)·m₂) / (√(v̂ + ε_root) + ε)          (m̂₁, v̂ bias-corrected; m₂ not)
///
/// β₃ and α may follow schedules (the paper warms both up).
///
/// - Parameter beta1: Default `0.9`.  - Parameter beta2: Default `0.999`.
/// - Parameter beta3: Default `0.9999`.  - Parameter alpha: Default `6` (Optax's
///   `scale_by_ademamix`; the `ademamix` optimizer uses 5).
/// - Parameter epsilon: Default `1e-8`.  - Parameter epsilonRoot: Default `0`.
/// - SeeAlso: "The AdEMAMix Optimizer: Better, Faster, Older", Pagliardini, Ablin & Grangier, 2024.
public struct ScaleByAdEMAMix<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var beta3: Schedule
  public var alpha: Schedule
  public var epsilon: Double
  public var epsilonRoot: Double

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    /// m₁, the fast average.
    public var fast: ParameterSet<Scalar>
    /// m₂, the slow average.
    public var slow: ParameterSet<Scalar>
    public var secondMoment: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.999, beta3: Schedule = 0.9999, alpha: Schedule = 6, epsilon: Double = 1e-8, epsilonRoot: Double = 0) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)")
    (self.beta1, self.beta2, self.beta3, self.alpha, self.epsilon, self.epsilonRoot) = (beta1, beta2, beta3, alpha, epsilon, epsilonRoot)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let z = parameters.zeros()
    return State(count: 0, fast: z, slow: z, secondMoment: z)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let b3 = Scalar(beta3(state.count)), a = Scalar(alpha(state.count))
    state.count += 1
    let b1 = Scalar(beta1), b2 = Scalar(beta2), eps = Scalar(epsilon), epsRoot = Scalar(epsilonRoot)
    let c1 = Scalar(1 / biasCorrection(beta1, state.count)), c2 = Scalar(1 / biasCorrection(beta2, state.count))
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.fast.withBuffer(at: i) { m1 in
          state.slow.withBuffer(at: i) { m2 in
            state.secondMoment.withBuffer(at: i) { v in
              for j in g.indices {
                let gj = g[j]
                m1[j] = (1 - b1) * gj + b1 * m1[j]
                m2[j] = (1 - b3) * gj + b3 * m2[j]
                v[j] = (1 - b2) * gj * gj + b2 * v[j]
                g[j] = (m1[j] * c1 + a * m2[j]) / ((v[j] * c2 + epsRoot).squareRoot() + eps)
              }
            }
          }
        }
      }
    }
  }
}

/// AdEMAMix with decoupled weight decay: θ ← θ − η·(u + λ·θ), u from ``ScaleByAdEMAMix``.
///
/// Defaults (Optax contrib): β = (0.9, 0.999, 0.9999), α = 5, ε = 1e-8, λ = 0.
///
/// - SeeAlso: "The AdEMAMix Optimizer: Better, Faster, Older", Pagliardini, Ablin & Grangier, 2024.
public func ademamix<Scalar: TensorScalar>(
  learningRate: Schedule, beta1: Double = 0.9, beta2: Double = 0.999, beta3: Schedule = 0.9999, alpha: Schedule = 5,
  epsilon: Double = 1e-8, epsilonRoot: Double = 0, weightDecay: Double = 0, mask: (@Sendable (String) -> Bool)? = nil
) -> some GradientTransformation<Scalar> {
  chain {
    ScaleByAdEMAMix<Scalar>(beta1: beta1, beta2: beta2, beta3: beta3, alpha: alpha, epsilon: epsilon, epsilonRoot: epsilonRoot)
    AddDecayedWeights<Scalar>(weightDecay, mask: mask)
    ScaleByLearningRate<Scalar>(learningRate)
  }
}

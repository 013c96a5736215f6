import RealModule

/// D-Adaptation for AdamW: Adam whose step size d grows from a lower bound on the distance
/// to a solution; the whole optimizer in one transformation.
///
/// At step t, with η(t) the learning-rate schedule read at t − 1 and √β₂ written b:
///
///     d̂ = d · η · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
///     r ← b·r + (1 − b)·d̂·⟨g, s / (√v + ε)⟩     (s and v before this step)
///     m ← β₁·m + (1 − β₁)·d̂·g
///     v ← β₂·v + (1 − β₂)·g²
///     s ← b·s + (1 − b)·d̂·g
///     d ← max(d, r / ((1 − b)·‖s‖₁))
///     u = −m / (√v + ε) − λ·d̂·θ
///
/// Its output is the final update (learning rate and weight decay included). Two passes per
/// tensor: moments and sums, then the update.
///
/// - Parameter learningRate: η, a factor on the estimated step (for a schedule). Default `1`.
/// - Parameter beta1: β₁. Default `0.9`.
/// - Parameter beta2: β₂. Default `0.999`.
/// - Parameter epsilon: ε. Default `1e-8`.
/// - Parameter initialEstimate: d₀. Default `1e-6`.
/// - Parameter weightDecay: λ, decoupled and multiplied by d̂. Default `0`.
/// - Note: Optax keeps d and r in the parameters' precision; Regula keeps them in Double.
/// - SeeAlso: "Learning-Rate-Free Learning by D-Adaptation", Defazio & Mishchenko, ICML 2023.
public struct ScaleByDAdaptAdam<Scalar: TensorScalar>: GradientTransformation {
  public var learningRate: Schedule
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var initialEstimate: Double
  public var weightDecay: Double

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// m, the first moment of d̂·g.
    public var firstMoment: ParameterSet<Scalar>
    /// v, the second moment of g.
    public var secondMoment: ParameterSet<Scalar>
    /// s, the weighted sum of d̂·g.
    public var gradientSum: ParameterSet<Scalar>
    /// d, the step-size estimate.
    public var estimate: Double
    /// r, the weighted numerator of the estimate.
    public var weightedNumerator: Double
  }

  public init(
    learningRate: Schedule = 1, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, initialEstimate: Double = 1e-6,
    weightDecay: Double = 0
  ) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1), got \(beta1) and \(beta2)")
    precondition(initialEstimate > 0, "initialEstimate must be positive, got \(initialEstimate)")
    (self.learningRate, self.beta1, self.beta2, self.epsilon) = (learningRate, beta1, beta2, epsilon)
    (self.initialEstimate, self.weightDecay) = (initialEstimate, weightDecay)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let zeros = parameters.zeros()
    return State(count: 0, firstMoment: zeros, secondMoment: zeros, gradientSum: zeros, estimate: initialEstimate, weightedNumerator: 0)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let rate = learningRate(state.count)
    state.count += 1
    let sb2 = beta2.squareRoot()
    let dhat = state.estimate * rate * biasCorrection(beta2, state.count).squareRoot() / biasCorrection(beta1, state.count)
    let b1 = Scalar(beta1), b2 = Scalar(beta2), b = Scalar(sb2), eps = Scalar(epsilon)
    let mScale = (1 - b1) * Scalar(dhat), sScale = (1 - b) * Scalar(dhat)
    var inner = 0.0, l1 = 0.0
    for i in 0..<updates.count {
      state.firstMoment.withBuffer(at: i) { m in
      state.secondMoment.withBuffer(at: i) { v in
      state.gradientSum.withBuffer(at: i) { s in
        updates.withReadBuffer(at: i) { g in
          for j in g.indices {
            let gj = g[j]
            inner += Double(gj) * Double(s[j] / (v[j].squareRoot() + eps))
            m[j] = b1 * m[j] + mScale * gj
            v[j] = b2 * v[j] + (1 - b2) * gj * gj
            s[j] = b * s[j] + sScale * gj
            l1 += Double(abs(s[j]))
          }
        }
      }
      }
      }
    }
    state.weightedNumerator = sb2 * state.weightedNumerator + (1 - sb2) * dhat * inner
    state.estimate = max(state.estimate, state.weightedNumerator / ((1 - sb2) * l1))
    let decay = Scalar(weightDecay * dhat)
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
      state.firstMoment.withReadBuffer(at: i) { m in
      state.secondMoment.withReadBuffer(at: i) { v in
        updates.withBuffer(at: i) { u in
          for j in u.indices { u[j] = -decay * p[j] - m[j] / (v[j].squareRoot() + eps) }
        }
      }
      }
      }
    }
  }
}

import RealModule

/// Prodigy: Adam whose step size d is estimated on the fly from the distance to the
/// initial parameters; the whole optimizer in one transformation.
///
/// At step t, with η(t) the learning-rate schedule read at t − 1 and d₀ the initial estimate:
///
///     d̂ = d · η · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
///     m ← β₁·m + (1 − β₁)·d·g
///     v ← β₂·v + (1 − β₂)·(d·g)²
///     s ← β₃·s + (d̂ / d₀)·d·g          (d instead of d̂ with safeguard warmup)
///     r ← β₃·r + (d / d₀)·d̂·⟨g, θ₀ − θ⟩
///     d ← max(d, c · r / ‖s‖₁)
///     u = −d̂·(m / (√v + d·ε) + λ·θ)      (with the new d in d·ε)
///
/// Its output is the final update (it includes the learning rate and the weight decay), so
/// nothing follows it in ``prodigy(learningRate:beta1:beta2:beta3:epsilon:initialEstimate:estimateCoefficient:weightDecay:safeguardWarmup:)``.
/// Two passes per tensor: moments and sums, then the update.
///
/// - Parameter learningRate: η, a factor on the estimated step (for a schedule). Default `1`.
/// - Parameter beta1: β₁. Default `0.9`.
/// - Parameter beta2: β₂. Default `0.999`.
/// - Parameter beta3: β₃, the decay of s and r. Default `nil`, which is √β₂.
/// - Parameter epsilon: ε. Default `1e-8`.
/// - Parameter initialEstimate: d₀. Default `1e-6`.
/// - Parameter estimateCoefficient: c. Default `1`.
/// - Parameter weightDecay: λ, decoupled and multiplied by d̂. Default `0`.
/// - Parameter safeguardWarmup: use d instead of d̂ in s. Default `false`.
/// - Note: Optax keeps d and r in the parameters' precision; Regula keeps them in Double.
/// - SeeAlso: "Prodigy: An Expeditiously Adaptive Parameter-Free Learner", Mishchenko &
///   Defazio, ICML 2024.
public struct ScaleByProdigy<Scalar: TensorScalar>: GradientTransformation {
  public var learningRate: Schedule
  public var beta1: Double
  public var beta2: Double
  public var beta3: Double
  public var epsilon: Double
  public var initialEstimate: Double
  public var estimateCoefficient: Double
  public var weightDecay: Double
  public var safeguardWarmup: Bool

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// m, the first moment of d·g.
    public var firstMoment: ParameterSet<Scalar>
    /// v, the second moment of d·g.
    public var secondMoment: ParameterSet<Scalar>
    /// s, the weighted sum of d·g.
    public var gradientSum: ParameterSet<Scalar>
    /// θ₀, the parameters at initialization.
    public var initialParameters: ParameterSet<Scalar>
    /// d, the step-size estimate.
    public var estimate: Double
    /// r, the weighted sum of ⟨g, θ₀ − θ⟩.
    public var weightedNumerator: Double
  }

  public init(
    learningRate: Schedule = 1, beta1: Double = 0.9, beta2: Double = 0.999, beta3: Double? = nil, epsilon: Double = 1e-8,
    initialEstimate: Double = 1e-6, estimateCoefficient: Double = 1, weightDecay: Double = 0, safeguardWarmup: Bool = false
  ) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1), got \(beta1) and \(beta2)")
    precondition(initialEstimate > 0, "initialEstimate must be positive, got \(initialEstimate)")
    (self.learningRate, self.beta1, self.beta2, self.beta3) = (learningRate, beta1, beta2, beta3 ?? beta2.squareRoot())
    (self.epsilon, self.initialEstimate, self.estimateCoefficient) = (epsilon, initialEstimate, estimateCoefficient)
    (self.weightDecay, self.safeguardWarmup) = (weightDecay, safeguardWarmup)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let zeros = parameters.zeros()
    return State(
      count: 0, firstMoment: zeros, secondMoment: zeros, gradientSum: zeros, initialParameters: parameters,
      estimate: initialEstimate, weightedNumerator: 0)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let rate = learningRate(state.count)
    state.count += 1
    let d = state.estimate
    let dhat = d * rate * biasCorrection(beta2, state.count).squareRoot() / biasCorrection(beta1, state.count)
    let b1 = Scalar(beta1), b2 = Scalar(beta2), b3 = Scalar(beta3), ds = Scalar(d)
    let sumScale = Scalar((safeguardWarmup ? d : dhat) / initialEstimate)
    var inner = 0.0, l1 = 0.0
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
      state.initialParameters.withReadBuffer(at: i) { p0 in
      state.firstMoment.withBuffer(at: i) { m in
      state.secondMoment.withBuffer(at: i) { v in
      state.gradientSum.withBuffer(at: i) { s in
        updates.withReadBuffer(at: i) { g in
          for j in g.indices {
            inner += Double(g[j]) * Double(p0[j] - p[j])
            let dg = ds * g[j]
            m[j] = b1 * m[j] + (1 - b1) * dg
            v[j] = b2 * v[j] + (1 - b2) * dg * dg
            s[j] = b3 * s[j] + sumScale * dg
            l1 += Double(abs(s[j]))
          }
        }
      }
      }
      }
      }
      }
    }
    state.weightedNumerator = beta3 * state.weightedNumerator + d / initialEstimate * dhat * inner
    state.estimate = max(d, estimateCoefficient * state.weightedNumerator / l1)
    let step = Scalar(dhat), decay = Scalar(weightDecay * dhat), epsD = Scalar(state.estimate * epsilon)
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
      state.firstMoment.withReadBuffer(at: i) { m in
      state.secondMoment.withReadBuffer(at: i) { v in
        updates.withBuffer(at: i) { u in
          for j in u.indices { u[j] = -decay * p[j] - step * m[j] / (v[j].squareRoot() + epsD) }
        }
      }
      }
      }
    }
  }
}

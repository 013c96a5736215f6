/// MoMo-Adam: MoMo's Polyak-type step size on Adam's preconditioned momentum; the whole
/// optimizer in one loss-aware transformation.
///
/// With f the loss at θ, α = η(t), c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ:
///
///     f̄ ← β₁·f̄ + (1 − β₁)·f,   γ ← β₁·γ + (1 − β₁)·⟨g, θ⟩
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     D = ε + √(v / c₂),        ‖m‖²_D = Σ m² / D
///     τ = min(α / c₁, max((1 + αλ)·(f̄ − c₁·f* − γ) + ⟨m, θ⟩, 0) / ‖m‖²_D)
///     u = −αλ/(1 + αλ)·θ − τ·m / D
///
/// `adaptLowerBound` re-estimates f* as in ``ScaleByMomo``, with the bias correction c₁.
///
/// - Parameter learningRate: η, the largest step. Default `0.01`.
/// - Parameter beta1: β₁. Default `0.9`.
/// - Parameter beta2: β₂. Default `0.999`.
/// - Parameter epsilon: ε. Default `1e-8`.
/// - Parameter lowerBound: f*. Default `0`.
/// - Parameter weightDecay: λ. Default `0`.
/// - Parameter adaptLowerBound: re-estimate f* online. Default `false`.
/// - Note: Optax keeps the scalars in the parameters' precision; Regula keeps them in Double.
/// - SeeAlso: "MoMo: Momentum Models for Adaptive Learning Rates", Schaipp, Ohana, Eickenberg,
///   Defazio & Gower, ICML 2024.
public struct ScaleByMomoAdam<Scalar: TensorScalar>: LossAwareTransformation {
  public var learningRate: Schedule
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var lowerBound: Double
  public var weightDecay: Double
  public var adaptLowerBound: Bool

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// m, the first moment.
    public var firstMoment: ParameterSet<Scalar>
    /// v, the second moment.
    public var secondMoment: ParameterSet<Scalar>
    /// f̄, the averaged loss.
    public var averageLoss: Double
    /// γ, the averaged ⟨g, θ⟩.
    public var averageInnerProduct: Double
    /// f*, the current lower bound.
    public var lowerBound: Double
  }

  public init(
    learningRate: Schedule = 0.01, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, lowerBound: Double = 0,
    weightDecay: Double = 0, adaptLowerBound: Bool = false
  ) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1), got \(beta1) and \(beta2)")
    precondition(weightDecay >= 0, "weightDecay must be non-negative, got \(weightDecay)")
    (self.learningRate, self.beta1, self.beta2, self.epsilon) = (learningRate, beta1, beta2, epsilon)
    (self.lowerBound, self.weightDecay, self.adaptLowerBound) = (lowerBound, weightDecay, adaptLowerBound)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let zeros = parameters.zeros()
    return State(count: 0, firstMoment: zeros, secondMoment: zeros, averageLoss: 0, averageInnerProduct: 0, lowerBound: lowerBound)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>, loss: Double) {
    let alpha = learningRate(state.count)
    state.count += 1
    let b1 = Scalar(beta1), b2 = Scalar(beta2), eps = Scalar(epsilon)
    let c1 = biasCorrection(beta1, state.count), c2 = Scalar(1 / biasCorrection(beta2, state.count))
    state.averageLoss = beta1 * state.averageLoss + (1 - beta1) * loss
    var gradientDot = 0.0, norm = 0.0, momentumDot = 0.0
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
      state.firstMoment.withBuffer(at: i) { m in
      state.secondMoment.withBuffer(at: i) { v in
        updates.withBuffer(at: i) { g in
          for j in g.indices {
            let gj = g[j]
            gradientDot += Double(gj) * Double(p[j])
            let mj = b1 * m[j] + (1 - b1) * gj, vj = b2 * v[j] + (1 - b2) * gj * gj
            (m[j], v[j]) = (mj, vj)
            let d = eps + (vj * c2).squareRoot()
            g[j] = mj / d  // m / D, scaled by −τ below
            norm += Double(mj) * Double(g[j])
            momentumDot += Double(mj) * Double(p[j])
          }
        }
      }
      }
      }
    }
    state.averageInnerProduct = beta1 * state.averageInnerProduct + (1 - beta1) * gradientDot
    let tau = Scalar(momoStepSize(
      alpha: alpha, weightDecay: weightDecay, averageLoss: state.averageLoss, averageInnerProduct: state.averageInnerProduct,
      momentumDot: momentumDot, norm: norm, biasCorrection: c1, lowerBound: lowerBound, adaptLowerBound: adaptLowerBound,
      state: &state.lowerBound))
    let decay = Scalar(alpha * weightDecay / (1 + alpha * weightDecay))
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
        updates.withBuffer(at: i) { u in
          for j in u.indices { u[j] = -decay * p[j] - tau * u[j] }
        }
      }
    }
  }
}

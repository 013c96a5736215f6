/// MoMo: momentum SGD with a Polyak-type step size from a model of the loss; the whole
/// optimizer in one loss-aware transformation.
///
/// With f the loss at θ, α = η(t) and β₀ = 0 on the first step (β afterwards):
///
///     f̄ ← β·f̄ + (1 − β)·f
///     γ ← β·γ + (1 − β)·⟨g, θ⟩
///     m ← β·m + (1 − β)·g
///     τ = min(α, max((1 + αλ)·(f̄ − f* − γ) + ⟨m, θ⟩, 0) / ‖m‖²)     (τ = 0 if ‖m‖² ≤ machine ε)
///     u = −αλ/(1 + αλ)·θ − τ·m
///
/// With `adaptLowerBound`, the lower bound f* starts at `lowerBound` and is re-estimated each
/// step: when the cap (1 + αλ)(f̄ − γ) + ⟨m, θ⟩ falls below (1 + αλ)·f*, f* becomes
/// max(cap / (2(1 + αλ)), lowerBound) for this step, and afterwards
/// f* ← max(f̄ + ⟨m, θ⟩ − γ − τ‖m‖²/2, lowerBound).
///
/// - Parameter learningRate: η, the largest step. Default `1`.
/// - Parameter beta: β, the momentum. Default `0.9`.
/// - Parameter lowerBound: f*, a lower bound on the loss. Default `0`.
/// - Parameter weightDecay: λ. Default `0`.
/// - Parameter adaptLowerBound: re-estimate f* online. Default `false`.
/// - Note: Optax keeps the scalars in the parameters' precision; Regula keeps them in Double.
/// - SeeAlso: "MoMo: Momentum Models for Adaptive Learning Rates", Schaipp, Ohana, Eickenberg,
///   Defazio & Gower, ICML 2024.
public struct ScaleByMomo<Scalar: TensorScalar>: LossAwareTransformation {
  public var learningRate: Schedule
  public var beta: Double
  public var lowerBound: Double
  public var weightDecay: Double
  public var adaptLowerBound: Bool

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// m, the momentum.
    public var momentum: ParameterSet<Scalar>
    /// f̄, the averaged loss.
    public var averageLoss: Double
    /// γ, the averaged ⟨g, θ⟩.
    public var averageInnerProduct: Double
    /// f*, the current lower bound.
    public var lowerBound: Double
  }

  public init(
    learningRate: Schedule = 1, beta: Double = 0.9, lowerBound: Double = 0, weightDecay: Double = 0, adaptLowerBound: Bool = false
  ) {
    precondition(beta >= 0 && beta < 1, "beta must be in [0, 1), got \(beta)")
    precondition(weightDecay >= 0, "weightDecay must be non-negative, got \(weightDecay)")
    (self.learningRate, self.beta, self.lowerBound) = (learningRate, beta, lowerBound)
    (self.weightDecay, self.adaptLowerBound) = (weightDecay, adaptLowerBound)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, momentum: parameters.zeros(), averageLoss: 0, averageInnerProduct: 0, lowerBound: lowerBound)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>, loss: Double) {
    let bt = state.count == 0 ? 0 : beta
    let b = Scalar(bt)
    state.averageLoss = bt * state.averageLoss + (1 - bt) * loss
    var gradientDot = 0.0, norm = 0.0, momentumDot = 0.0
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
      state.momentum.withBuffer(at: i) { m in
        updates.withReadBuffer(at: i) { g in
          for j in g.indices {
            gradientDot += Double(g[j]) * Double(p[j])
            let mj = b * m[j] + (1 - b) * g[j]
            m[j] = mj
            norm += Double(mj) * Double(mj)
            momentumDot += Double(mj) * Double(p[j])
          }
        }
      }
      }
    }
    state.averageInnerProduct = bt * state.averageInnerProduct + (1 - bt) * gradientDot
    let alpha = learningRate(state.count)
    let step = momoStepSize(
      alpha: alpha, weightDecay: weightDecay, averageLoss: state.averageLoss, averageInnerProduct: state.averageInnerProduct,
      momentumDot: momentumDot, norm: norm, biasCorrection: 1, lowerBound: lowerBound, adaptLowerBound: adaptLowerBound,
      state: &state.lowerBound)
    state.count += 1
    let decay = Scalar(alpha * weightDecay / (1 + alpha * weightDecay)), tau = Scalar(step)
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
      state.momentum.withReadBuffer(at: i) { m in
        updates.withBuffer(at: i) { u in
          for j in u.indices { u[j] = -decay * p[j] - tau * m[j] }
        }
      }
      }
    }
  }
}

/// τ, MoMo's step size (shared by ``ScaleByMomo`` and ``ScaleByMomoAdam``), updating the
/// adaptive lower bound in place. `norm` is ‖m‖² (or ‖m‖²_D for MoMo-Adam) and
/// `biasCorrection` is 1 − β₁ᵗ (1 for MoMo).
func momoStepSize(
  alpha: Double, weightDecay: Double, averageLoss: Double, averageInnerProduct: Double, momentumDot: Double, norm: Double,
  biasCorrection c: Double, lowerBound: Double, adaptLowerBound: Bool, state lb: inout Double
) -> Double {
  let k = 1 + alpha * weightDecay
  var current = lb
  if adaptLowerBound {
    let cap = k * (averageLoss - averageInnerProduct) + momentumDot
    if cap < k * c * lb { current = max(cap / (2 * c * k), lowerBound) }
  }
  let t1 = norm <= Double.ulpOfOne ? 0 : max(k * (averageLoss - c * current - averageInnerProduct) + momentumDot, 0) / norm
  let tau = min(alpha / c, t1)
  if adaptLowerBound {
    lb = max((averageLoss + momentumDot - averageInnerProduct - tau * norm / 2) / c, lowerBound)
  }
  return tau
}

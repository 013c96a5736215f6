import RealModule

/// Mechanic: tunes the scale of a base optimizer's updates on the fly, by running a
/// coin-betting learner on the one-dimensional problem "how far along the base optimizer's
/// path from θ₀".
///
/// With Δ the base optimizer's accumulated updates (so θ = θ₀ + S·Δ for S = Σᵢ sᵢ) and
/// n betas βᵢ = 1 − 10⁻ⁱ:
///
///     g̃ = g + λ·S·‖g‖/(‖θ‖ + ε)·θ
///     h = ⟨g̃, (θ₀ − θ)/(S + ε)⟩
///     mᵢ ← max(βᵢ·mᵢ, |h| + ε),  vᵢ ← βᵢ²·vᵢ + h²
///     rᵢ ← βᵢ·rᵢ + clamp(h, −mᵢ, mᵢ)·sᵢ           (clamped by the previous mᵢ)
///     sᵢ ← (s_init/n · mᵢ + max(rᵢ, 0)) / (√vᵢ + ε)
///     θ ← θ₀ − (Σᵢ sᵢ)·((θ₀ − θ)/(S + ε) − base(g))
///
/// The base optimizer sees the raw gradient; `update` returns the difference between the
/// new and the current parameters.
///
/// - Parameter base: the optimizer whose updates are scaled.
/// - Parameter weightDecay: λ. Default `0.01`.
/// - Parameter epsilon: ε. Default `1e-8`.
/// - Parameter initialScale: s_init, the initial total scale. Default `1e-6`.
/// - Parameter betaCount: n, the number of betas. Default `6`.
/// - Note: Optax keeps the scalars in the parameters' precision; Regula keeps them in Double.
/// - Note: The first steps move θ by about s_init·base(g). In Float, when that is below half
///   an ulp of θ the parameters never move, h stays 0 and the scale never grows (Optax in
///   float32 behaves the same); raise `initialScale` for Float parameters of magnitude ≳ 1.
/// - SeeAlso: "Mechanic: A Learning Rate Tuner", Cutkosky, Defazio & Mehta, NeurIPS 2023.
public struct Mechanize<Base: GradientTransformation>: GradientTransformation {
  public typealias Scalar = Base.Scalar
  public var base: Base
  public var weightDecay: Double
  public var epsilon: Double
  public var initialScale: Double
  public var betaCount: Int

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// The base optimizer's state.
    public var base: Base.State
    /// rᵢ, the rewards.
    public var rewards: [Double]
    /// mᵢ, the running maxima of |h|.
    public var maxima: [Double]
    /// vᵢ, the weighted sums of h².
    public var squaredSums: [Double]
    /// sᵢ, the scales.
    public var scales: [Double]
    /// θ₀, the parameters at the first step.
    public var initialParameters: ParameterSet<Scalar>
  }

  public init(_ base: Base, weightDecay: Double = 0.01, epsilon: Double = 1e-8, initialScale: Double = 1e-6, betaCount: Int = 6) {
    precondition(betaCount >= 1, "betaCount must be at least 1, got \(betaCount)")
    precondition(initialScale > 0, "initialScale must be positive, got \(initialScale)")
    (self.base, self.weightDecay, self.epsilon, self.initialScale, self.betaCount) = (base, weightDecay, epsilon, initialScale, betaCount)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let zeros = [Double](repeating: 0, count: betaCount)
    return State(
      count: 0, base: base.initialState(for: parameters), rewards: zeros, maxima: zeros, squaredSums: zeros,
      scales: [Double](repeating: initialScale, count: betaCount), initialParameters: parameters)
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    var baseUpdates = updates
    base.update(&baseUpdates, state: &state.base, parameters: parameters)
    if state.count == 0 { state.initialParameters = parameters }
    state.count += 1
    let total = state.scales.reduce(0, +)
    let decay = weightDecay * total * updates.globalSquaredNorm().squareRoot() / (parameters.globalSquaredNorm().squareRoot() + epsilon)
    var h = updates.mechanicInnerProduct(parameters: parameters, initialParameters: state.initialParameters, decay: decay)
    h /= total + epsilon
    for k in 0..<betaCount {
      let beta = 1 - Double.pow(0.1, Double(k + 1))
      let clipped = min(max(h, -state.maxima[k]), state.maxima[k])
      state.maxima[k] = max(beta * state.maxima[k], abs(h) + epsilon)
      state.squaredSums[k] = beta * beta * state.squaredSums[k] + h * h
      state.rewards[k] = beta * state.rewards[k] + clipped * state.scales[k]
      let wealth = initialScale / Double(betaCount) * state.maxima[k] + max(0, state.rewards[k])
      state.scales[k] = wealth / (state.squaredSums[k].squareRoot() + epsilon)
    }
    updates.setToMechanicUpdate(
      parameters: parameters, initialParameters: state.initialParameters, base: baseUpdates,
      scale: Scalar(state.scales.reduce(0, +)), inverse: Scalar(1 / (total + epsilon)))
  }
}

extension ParameterSet {
  /// ⟨g + c·θ, θ₀ − θ⟩ with `self` as g.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  fileprivate func mechanicInnerProduct(parameters: ParameterSet, initialParameters: ParameterSet, decay c: Double) -> Double {
    var h = 0.0
    for i in 0..<count {
      parameters.withReadBuffer(at: i) { p in
      initialParameters.withReadBuffer(at: i) { p0 in
        withReadBuffer(at: i) { g in
          for j in g.indices { h += (Double(g[j]) + c * Double(p[j])) * Double(p0[j] - p[j]) }
        }
      }
      }
    }
    return h
  }

  /// u = θ₀ − S·((θ₀ − θ)·inverse − b) − θ, in place.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  fileprivate mutating func setToMechanicUpdate(
    parameters: ParameterSet, initialParameters: ParameterSet, base: ParameterSet, scale: Scalar, inverse: Scalar
  ) {
    for i in 0..<count {
      parameters.withReadBuffer(at: i) { p in
      initialParameters.withReadBuffer(at: i) { p0 in
      base.withReadBuffer(at: i) { b in
        withBuffer(at: i) { u in
          for j in u.indices { u[j] = p0[j] - scale * ((p0[j] - p[j]) * inverse - b[j]) - p[j] }
        }
      }
      }
      }
    }
  }
}

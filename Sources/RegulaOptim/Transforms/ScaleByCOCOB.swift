/// Continuous coin betting: a learning-rate-free step that bets a fraction of the wealth won
/// so far on each coordinate (COCOB-Backprop).
///
/// Per coordinate, with θ₀ the initial parameters:
///
///     L ← max(L, |g|)                      (L₀ = ε)
///     G ← G + |g|
///     R ← max(R − g·(θ − θ₀), 0)           (the reward)
///     C ← C − g                            (the negated gradient sum)
///     u = θ₀ + C·(L + R) / (L·max(G + L, α·L)) − θ
///
/// The update moves the parameters to the bet directly, so it is already a descent step:
/// ``cocob(learningRate:alpha:epsilon:weightDecay:mask:)`` places no negative learning rate
/// after it.
///
/// - Parameter alpha: α, which caps the bet early on. Default `100`.
/// - Parameter epsilon: ε, the initial L (avoids dividing by zero). Default `1e-8`.
/// - Complexity: O(n) per step; keeps five tensors of state per parameter.
/// - SeeAlso: "Training Deep Networks without Learning Rates Through Coin Betting",
///   Orabona & Tommasi, NeurIPS 2017 (Algorithm 2).
public struct ScaleByCOCOB<Scalar: TensorScalar>: GradientTransformation {
  public var alpha: Double
  public var epsilon: Double

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// θ₀, the parameters at initialization.
    public var initialParameters: ParameterSet<Scalar>
    /// C, the negated sum of the gradients.
    public var negatedGradientSum: ParameterSet<Scalar>
    /// L, the largest gradient magnitude seen.
    public var maxGradient: ParameterSet<Scalar>
    /// G, the sum of gradient magnitudes.
    public var absoluteGradientSum: ParameterSet<Scalar>
    /// R, the reward.
    public var reward: ParameterSet<Scalar>
  }

  public init(alpha: Double = 100, epsilon: Double = 1e-8) {
    precondition(alpha > 0 && epsilon > 0, "alpha and epsilon must be positive, got \(alpha) and \(epsilon)")
    (self.alpha, self.epsilon) = (alpha, epsilon)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let zeros = parameters.zeros()
    return State(
      count: 0, initialParameters: parameters, negatedGradientSum: zeros, maxGradient: parameters.filled(with: Scalar(epsilon)),
      absoluteGradientSum: zeros, reward: zeros)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let a = Scalar(alpha)
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
      state.initialParameters.withReadBuffer(at: i) { p0 in
      state.negatedGradientSum.withBuffer(at: i) { c in
      state.maxGradient.withBuffer(at: i) { l in
      state.absoluteGradientSum.withBuffer(at: i) { s in
      state.reward.withBuffer(at: i) { r in
        updates.withBuffer(at: i) { g in
          for j in g.indices {
            let gj = g[j]
            let lj = max(l[j], abs(gj)), sj = s[j] + abs(gj)
            let rj = max(r[j] - gj * (p[j] - p0[j]), 0), cj = c[j] - gj
            (l[j], s[j], r[j], c[j]) = (lj, sj, rj, cj)
            g[j] = -p[j] + (p0[j] + cj / (lj * max(sj + lj, a * lj)) * (lj + rj))
          }
        }
      }
      }
      }
      }
      }
      }
    }
  }
}

import RealModule

/// MADGRAD: a momentumized, dual-averaged AdaGrad with a cube root.
///
/// At step k (from 0), with η = η(k) and θ₀ the initial parameters:
///
///     λₖ = (η + ε)·√(k + 1)
///     ν ← ν + λₖ·g²
///     s ← s + λₖ·g
///     z = θ₀ − s / (∛ν + ε)
///     u = (1 − c)·z + c·θ − θ          (c the momentum)
///
/// The output is the whole step (it includes the learning rate), so nothing follows it in
/// ``madgrad(learningRate:momentum:weightDecay:epsilon:)``.
///
/// - Parameter learningRate: η. Required.
/// - Parameter momentum: c. Default `0.9`.
/// - Parameter epsilon: ε. Default `1e-6`.
/// - Note: As Optax, λₖ uses η + ε (the paper uses η), so a zero learning rate still moves.
/// - SeeAlso: "Adaptivity without Compromise: A Momentumized, Adaptive, Dual Averaged
///   Gradient Method for Stochastic Optimization", Defazio & Jelassi, JMLR 2022.
public struct ScaleByMADGRAD<Scalar: TensorScalar>: GradientTransformation {
  public var learningRate: Schedule
  public var momentum: Double
  public var epsilon: Double

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// ν, the weighted sum of squared gradients.
    public var squaredGradientSum: ParameterSet<Scalar>
    /// s, the weighted sum of gradients.
    public var gradientSum: ParameterSet<Scalar>
    /// θ₀, the parameters at initialization.
    public var initialParameters: ParameterSet<Scalar>
  }

  public init(learningRate: Schedule, momentum: Double = 0.9, epsilon: Double = 1e-6) {
    precondition(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got \(momentum)")
    (self.learningRate, self.momentum, self.epsilon) = (learningRate, momentum, epsilon)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, squaredGradientSum: parameters.zeros(), gradientSum: parameters.zeros(), initialParameters: parameters)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let lambda = Scalar((learningRate(state.count) + epsilon) * Double(state.count + 1).squareRoot())
    state.count += 1
    let c = Scalar(momentum), eps = Scalar(epsilon)
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
      state.initialParameters.withReadBuffer(at: i) { p0 in
      state.squaredGradientSum.withBuffer(at: i) { nu in
      state.gradientSum.withBuffer(at: i) { s in
        updates.withBuffer(at: i) { g in
          for j in g.indices {
            let gj = g[j]
            nu[j] += lambda * gj * gj
            s[j] += lambda * gj
            let z = p0[j] - s[j] / (Scalar.root(nu[j], 3) + eps)
            g[j] = (1 - c) * z + c * p[j] - p[j]
          }
        }
      }
      }
      }
      }
    }
  }
}

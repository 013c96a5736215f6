/// Scales updates by the inverse of a running estimate of the gradient's standard
/// deviation: centered RMSProp.
///
///     m ← ρ·m + (1 − ρ)·g,   v ← ρ·v + (1 − ρ)·g²
///     u = g / √(v̂ − m̂² + ε)    (ε inside the root)  or  g / (√(v̂ − m̂²) + ε)
///
/// m̂, v̂ are bias-corrected only with `biasCorrection`. Defaults as ``ScaleByRMS``.
///
/// - SeeAlso: Graves, "Generating Sequences With Recurrent Neural Networks", 2013.
public struct ScaleByStddev<Scalar: TensorScalar>: GradientTransformation {
  public var decay: Double
  public var epsilon: Double
  public var initialScale: Double
  public var epsilonInSquareRoot: Bool
  public var biasCorrection: Bool

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// m, the moving average of gradients.
    public var firstMoment: ParameterSet<Scalar>
    /// v, the moving average of squared gradients.
    public var secondMoment: ParameterSet<Scalar>
  }

  public init(
    decay: Double = 0.9, epsilon: Double = 1e-8, initialScale: Double = 0, epsilonInSquareRoot: Bool = true,
    biasCorrection: Bool = false
  ) {
    precondition(decay >= 0 && decay < 1, "decay must be in [0, 1), got \(decay)")
    (self.decay, self.epsilon, self.initialScale) = (decay, epsilon, initialScale)
    (self.epsilonInSquareRoot, self.biasCorrection) = (epsilonInSquareRoot, biasCorrection)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, firstMoment: parameters.zeros(), secondMoment: parameters.filled(with: Scalar(initialScale)))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let rho = Scalar(decay), eps = Scalar(epsilon), inRoot = epsilonInSquareRoot
    let c = Scalar(biasCorrection ? 1 / RegulaOptim.biasCorrection(decay, state.count) : 1)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.firstMoment.withBuffer(at: i) { m in
          state.secondMoment.withBuffer(at: i) { v in
            for j in g.indices {
              let mj = (1 - rho) * g[j] + rho * m[j]
              let vj = (1 - rho) * g[j] * g[j] + rho * v[j]
              m[j] = mj
              v[j] = vj
              let mh = mj * c, variance = vj * c - mh * mh
              g[j] = inRoot ? g[j] / (variance + eps).squareRoot() : g[j] / (variance.squareRoot() + eps)
            }
          }
        }
      }
    }
  }
}

import RealModule

/// Scales updates by the inverse root of an exponential moving average of squared
/// gradients: RMSProp.
///
///     v ← ρ·v + (1 − ρ)·g²
///     v̂ = v / (1 − ρᵗ)          (only with bias correction)
///     u = g / √(v̂ + ε)          (ε inside the root)  or  g / (√v̂ + ε)
///
/// - Parameter decay: ρ. Default `0.9`.
/// - Parameter epsilon: ε. Default `1e-8`.
/// - Parameter initialScale: v₀. Default `0`.
/// - Parameter epsilonInSquareRoot: where ε goes. Default `true` (Optax).
/// - Parameter biasCorrection: divide by 1 − ρᵗ. Default `false` (Optax).
/// - Note: PyTorch's `RMSprop` uses ρ = 0.99 and puts ε = 1e-8 outside the root.
/// - SeeAlso: Hinton, "Neural Networks for Machine Learning", lecture 6e, 2012.
public struct ScaleByRMS<Scalar: TensorScalar>: GradientTransformation {
  public var decay: Double
  public var epsilon: Double
  public var initialScale: Double
  public var epsilonInSquareRoot: Bool
  public var biasCorrection: Bool

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
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
    State(count: 0, secondMoment: parameters.filled(with: Scalar(initialScale)))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let rho = Scalar(decay), eps = Scalar(epsilon), inRoot = epsilonInSquareRoot
    let c = Scalar(biasCorrection ? 1 / RegulaOptim.biasCorrection(decay, state.count) : 1)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.secondMoment.withBuffer(at: i) { v in
          for j in g.indices {
            let vj = (1 - rho) * g[j] * g[j] + rho * v[j]
            v[j] = vj
            let vh = vj * c
            g[j] = inRoot ? g[j] / (vh + eps).squareRoot() : g[j] / (vh.squareRoot() + eps)
          }
        }
      }
    }
  }
}

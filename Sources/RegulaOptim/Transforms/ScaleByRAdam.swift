import RealModule

/// Adam with a rectified adaptive step: RAdam.
///
///     ρ∞ = 2/(1 − β₂) − 1,   ρₜ = ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
///     r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
///     u = r·m̂ / (√(v̂ + ε_root) + ε)   if ρₜ ≥ threshold,   else u = m̂
///
/// - Parameter beta1: Default `0.9`.  - Parameter beta2: Default `0.999`.
/// - Parameter epsilon: Default `1e-8`.  - Parameter epsilonRoot: Default `0`.
/// - Parameter threshold: Default `5` (Optax; PyTorch also uses 5).
/// - Parameter nesterov: Default `false`.
/// - SeeAlso: "On the Variance of the Adaptive Learning Rate and Beyond", Liu et al., ICLR 2020.
public struct ScaleByRAdam<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var epsilonRoot: Double
  public var threshold: Double
  public var nesterov: Bool

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    public var firstMoment: ParameterSet<Scalar>
    public var secondMoment: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0, threshold: Double = 5, nesterov: Bool = false) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)")
    (self.beta1, self.beta2, self.epsilon, self.epsilonRoot) = (beta1, beta2, epsilon, epsilonRoot)
    (self.threshold, self.nesterov) = (threshold, nesterov)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, firstMoment: parameters.zeros(), secondMoment: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let t = Double(state.count)
    let b1 = Scalar(beta1), b2 = Scalar(beta2), eps = Scalar(epsilon), epsRoot = Scalar(epsilonRoot)
    let c2 = Scalar(1 / biasCorrection(beta2, state.count))
    let a = Scalar(nesterov ? beta1 / biasCorrection(beta1, state.count + 1) : 1 / biasCorrection(beta1, state.count))
    let b = Scalar(nesterov ? (1 - beta1) / biasCorrection(beta1, state.count) : 0)
    let rhoInf = 2 / (1 - beta2) - 1
    let b2t = Double.pow(beta2, t)
    let rho = rhoInf - 2 * t * b2t / (1 - b2t)
    let rectify = rho >= threshold
    let r = rectify ? Scalar(((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho)).squareRoot()) : 1
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.firstMoment.withBuffer(at: i) { m in
          state.secondMoment.withBuffer(at: i) { v in
            for j in g.indices {
              let gj = g[j]
              let mj = (1 - b1) * gj + b1 * m[j]
              let vj = (1 - b2) * gj * gj + b2 * v[j]
              m[j] = mj
              v[j] = vj
              let mh = a * mj + b * gj
              g[j] = rectify ? r * mh / ((vj * c2 + epsRoot).squareRoot() + eps) : mh
            }
          }
        }
      }
    }
  }
}

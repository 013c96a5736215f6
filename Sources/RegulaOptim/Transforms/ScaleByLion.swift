/// The sign of an interpolation of momentum and gradient: Lion (or, with another κ, Lion-κ).
///
///     u = ∇κ((1 − β₁)·g + β₁·m)          (κ = ‖·‖₁: ∇κ = sign)
///     m ← β₂·m + (1 − β₂)·g
///
/// - Parameter beta1: β₁, the interpolation for the update. Default `0.9`.
/// - Parameter beta2: β₂, the momentum decay. Default `0.99`.
/// - Parameter kappa: κ, see ``LionKappa``. Default `.l1` (Lion).
/// - Note: mlx-swift's Lion defaults β₂ to 0.999; the paper and Optax use 0.99.
/// - SeeAlso: "Symbolic Discovery of Optimization Algorithms", Chen et al., NeurIPS 2023;
///   "Lion Secretly Solves Constrained Optimization: As Lyapunov Predicts", Chen et al.,
///   ICLR 2024 (Lion-κ).
public struct ScaleByLion<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var kappa: LionKappa

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    /// m, the momentum.
    public var momentum: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.99, kappa: LionKappa = .l1) {
    precondition(beta1 >= 0 && beta1 <= 1 && beta2 >= 0 && beta2 < 1, "beta1 must be in [0, 1] and beta2 in [0, 1)")
    if case .huber(let delta) = kappa { precondition(delta > 0, "Huber's delta must be positive, got \(delta)") }
    (self.beta1, self.beta2, self.kappa) = (beta1, beta2, kappa)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, momentum: parameters.zeros())
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let b1 = Scalar(beta1), b2 = Scalar(beta2)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.momentum.withBuffer(at: i) { m in
          for j in g.indices {
            let gj = g[j]
            g[j] = (1 - b1) * gj + b1 * m[j]
            m[j] = (1 - b2) * gj + b2 * m[j]
          }
        }
        kappa.applyGradient(g)
      }
    }
  }
}

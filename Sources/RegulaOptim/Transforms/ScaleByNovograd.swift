/// Momentum of gradients normalized by a layer-wise second moment: NovoGrad.
///
///     vₗ ← ‖gₗ‖²                       (first step)
///     vₗ ← β₂·vₗ + (1 − β₂)·‖gₗ‖²       (later)
///     mₗ ← gₗ/(√(vₗ + ε_root) + ε) + λ·θₗ                  (first step)
///     mₗ ← β₁·mₗ + gₗ/(√(vₗ + ε_root) + ε) + λ·θₗ          (later)
///     u = m
///
/// vₗ is one scalar per tensor. λ is a coupled weight decay inside the momentum.
///
/// - Parameter beta1: Default `0.9`.  - Parameter beta2: Default `0.25`.
/// - Parameter epsilon: Default `1e-8` (the `novograd` optimizer uses 1e-6, as Optax).
/// - Parameter epsilonRoot: Default `0`.  - Parameter weightDecay: λ. Default `0`.
/// - SeeAlso: "Stochastic Gradient Methods with Layer-wise Adaptive Moments for Training of
///   Deep Networks", Ginsburg et al., 2019.
public struct ScaleByNovograd<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var epsilonRoot: Double
  public var weightDecay: Double

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    /// m, one tensor per parameter.
    public var firstMoment: ParameterSet<Scalar>
    /// v, one number per parameter tensor, in path order.
    public var secondMoment: [Double]
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.25, epsilon: Double = 1e-8, epsilonRoot: Double = 0, weightDecay: Double = 0) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)")
    (self.beta1, self.beta2, self.epsilon, self.epsilonRoot, self.weightDecay) = (beta1, beta2, epsilon, epsilonRoot, weightDecay)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, firstMoment: parameters.zeros(), secondMoment: Array(repeating: 0, count: parameters.count))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let first = state.count == 0
    state.count += 1
    let b1 = first ? 0 : Scalar(beta1), wd = Scalar(weightDecay)
    for i in 0..<updates.count {
      let norm = updates.withReadBuffer(at: i) { euclideanNorm($0) }
      let v = first ? norm * norm : beta2 * state.secondMoment[i] + (1 - beta2) * norm * norm
      state.secondMoment[i] = v
      let scale = Scalar(1 / ((v + epsilonRoot).squareRoot() + epsilon))
      parameters.withReadBuffer(at: i) { p in
        updates.withBuffer(at: i) { g in
          state.firstMoment.withBuffer(at: i) { m in
            for j in g.indices {
              let mj = b1 * m[j] + (g[j] * scale + wd * p[j])
              m[j] = mj
              g[j] = mj
            }
          }
        }
      }
    }
  }
}

import RealModule

/// Adaptive Nesterov momentum: Adan.
///
///     Δ = g − g_prev   (0 at the first step)
///     m ← β₁·m + (1 − β₁)·g
///     v ← β₂·v + (1 − β₂)·Δ
///     n ← β₃·n + (1 − β₃)·(g + (1 − β₂)·Δ)²
///     u = (m̂ + (1 − β₂)·v̂) / (√(n̂ + ε_root) + ε)      (hats: bias-corrected)
///
/// The β's weight the old value, as Optax (the paper writes 1 − β).
///
/// - Parameter beta1: Default `0.98`.  - Parameter beta2: Default `0.92`.
/// - Parameter beta3: Default `0.99`.  - Parameter epsilon: Default `1e-8`.
/// - Parameter epsilonRoot: Default `0` (Optax's `scale_by_adan`; the `adan` alias uses 1e-8).
/// - SeeAlso: "Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing Deep
///   Models", Xie et al., 2022.
public struct ScaleByAdan<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var beta3: Double
  public var epsilon: Double
  public var epsilonRoot: Double

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    public var m: ParameterSet<Scalar>
    public var v: ParameterSet<Scalar>
    public var n: ParameterSet<Scalar>
    /// The previous gradient.
    public var previousGradient: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.98, beta2: Double = 0.92, beta3: Double = 0.99, epsilon: Double = 1e-8, epsilonRoot: Double = 0) {
    precondition([beta1, beta2, beta3].allSatisfy { $0 >= 0 && $0 < 1 }, "beta1, beta2 and beta3 must be in [0, 1)")
    (self.beta1, self.beta2, self.beta3, self.epsilon, self.epsilonRoot) = (beta1, beta2, beta3, epsilon, epsilonRoot)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let z = parameters.zeros()
    return State(count: 0, m: z, v: z, n: z, previousGradient: z)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let first = state.count == 0
    state.count += 1
    let b1 = Scalar(beta1), b2 = Scalar(beta2), b3 = Scalar(beta3), eps = Scalar(epsilon), epsRoot = Scalar(epsilonRoot)
    let c1 = Scalar(1 / biasCorrection(beta1, state.count)), c2 = Scalar(1 / biasCorrection(beta2, state.count))
    let c3 = Scalar(1 / biasCorrection(beta3, state.count))
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.m.withBuffer(at: i) { m in
          state.v.withBuffer(at: i) { v in
            state.n.withBuffer(at: i) { n in
              state.previousGradient.withBuffer(at: i) { gp in
                for j in g.indices {
                  let gj = g[j]
                  let d = first ? 0 : gj - gp[j]
                  let mj = (1 - b1) * gj + b1 * m[j]
                  let vj = (1 - b2) * d + b2 * v[j]
                  let sq = gj + (1 - b2) * d
                  let nj = (1 - b3) * sq * sq + b3 * n[j]
                  m[j] = mj
                  v[j] = vj
                  n[j] = nj
                  gp[j] = gj
                  g[j] = (mj * c1 + (1 - b2) * (vj * c2)) / ((nj * c3 + epsRoot).squareRoot() + eps)
                }
              }
            }
          }
        }
      }
    }
  }
}

import RealModule

/// Adam with a non-decreasing second moment: AMSGrad.
///
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     v_max ← max(v_max, v̂)          (v̂ = v/(1 − β₂ᵗ))
///     u = m̂ / (√(v_max + ε_root) + ε)
///
/// Defaults as ``ScaleByAdam``. The maximum is taken of the bias-corrected v̂, as Optax.
///
/// - Note: PyTorch's `Adam(amsgrad=True)` keeps the maximum of the uncorrected v and
///   corrects it afterwards; the two agree only while v̂ grows.
/// - SeeAlso: "On the Convergence of Adam and Beyond", Reddi, Kale & Kumar, ICLR 2018.
public struct ScaleByAMSGrad<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var epsilonRoot: Double

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    public var firstMoment: ParameterSet<Scalar>
    public var secondMoment: ParameterSet<Scalar>
    /// v_max, the running maximum of v̂.
    public var maxSecondMoment: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)")
    (self.beta1, self.beta2, self.epsilon, self.epsilonRoot) = (beta1, beta2, epsilon, epsilonRoot)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let z = parameters.zeros()
    return State(count: 0, firstMoment: z, secondMoment: z, maxSecondMoment: z)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let b1 = Scalar(beta1), b2 = Scalar(beta2), eps = Scalar(epsilon), epsRoot = Scalar(epsilonRoot)
    let c1 = Scalar(1 / biasCorrection(beta1, state.count)), c2 = Scalar(1 / biasCorrection(beta2, state.count))
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.firstMoment.withBuffer(at: i) { m in
          state.secondMoment.withBuffer(at: i) { v in
            state.maxSecondMoment.withBuffer(at: i) { vmax in
              for j in g.indices {
                let gj = g[j]
                let mj = (1 - b1) * gj + b1 * m[j]
                let vj = (1 - b2) * gj * gj + b2 * v[j]
                m[j] = mj
                v[j] = vj
                let vm = Swift.max(vmax[j], vj * c2)
                vmax[j] = vm
                g[j] = mj * c1 / ((vm + epsRoot).squareRoot() + eps)
              }
            }
          }
        }
      }
    }
  }
}

import RealModule

/// Rescales updates by bias-corrected moment estimates: the core of Adam.
///
///     m ← β₁·m + (1 − β₁)·g
///     v ← β₂·v + (1 − β₂)·g²
///     m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
///     u = m̂ / (√(v̂ + ε_root) + ε)
///
/// With `nesterov` (NAdam), m̂ = β₁·m / (1 − β₁ᵗ⁺¹) + (1 − β₁)·g / (1 − β₁ᵗ), as Optax
/// (without the extra β₂ factor of Dozat's Algorithm 2).
///
/// One fused pass per tensor reads g, m, v and writes u, m, v.
///
/// - Parameter beta1: β₁, decay of the first moment, in [0, 1). Default `0.9`.
/// - Parameter beta2: β₂, decay of the second moment, in [0, 1). Default `0.999`.
/// - Parameter epsilon: ε, added outside the square root. Default `1e-8`.
/// - Parameter epsilonRoot: ε_root, added inside the square root. Default `0`.
/// - Parameter nesterov: Nesterov momentum (NAdam). Default `false`.
/// - Complexity: O(n) per step; keeps two tensors of state per parameter.
/// - SeeAlso: "Adam: A Method for Stochastic Optimization", Kingma & Ba, ICLR 2015;
///   "Incorporating Nesterov Momentum into Adam", Dozat, ICLR Workshop 2016.
public struct ScaleByAdam<Scalar: TensorScalar>: GradientTransformation {
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var epsilonRoot: Double
  public var nesterov: Bool

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken, t − 1 before a step.
    public var count: Int
    /// m, the first-moment estimate.
    public var firstMoment: ParameterSet<Scalar>
    /// v, the second-moment estimate.
    public var secondMoment: ParameterSet<Scalar>
  }

  public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0, nesterov: Bool = false) {
    precondition(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got \(beta1)")
    precondition(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got \(beta2)")
    precondition(epsilon >= 0 && epsilonRoot >= 0, "epsilon and epsilonRoot must be non-negative")
    (self.beta1, self.beta2, self.epsilon, self.epsilonRoot) = (beta1, beta2, epsilon, epsilonRoot)
    self.nesterov = nesterov
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let zeros = parameters.mapTensors { _, p in Tensor(zeros: p.shape) }
    return State(count: 0, firstMoment: zeros, secondMoment: zeros)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let step = coefficients(count: state.count)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { g in
        state.firstMoment.withBuffer(at: i) { m in
          state.secondMoment.withBuffer(at: i) { v in
            for j in g.indices { g[j] = step.direction(g[j], &m[j], &v[j]) }
          }
        }
      }
    }
  }

  /// The step's constants at step count `t` (≥ 1), shared with the fused ``AdamW`` step.
  func coefficients(count t: Int) -> AdamStep<Scalar> {
    // Nesterov: m̂ = a·m + b·g; otherwise a = 1/(1 − β₁ᵗ), b = 0.
    AdamStep(
      beta1: Scalar(beta1), beta2: Scalar(beta2),
      a: nesterov ? Scalar(beta1 / biasCorrection(beta1, t + 1)) : Scalar(1 / biasCorrection(beta1, t)),
      b: nesterov ? Scalar((1 - beta1) / biasCorrection(beta1, t)) : 0,
      c2: Scalar(1 / biasCorrection(beta2, t)), epsilon: Scalar(epsilon), epsilonRoot: Scalar(epsilonRoot))
  }
}

/// The constants of one Adam step and its per-element rule.
struct AdamStep<Scalar: TensorScalar> {
  let beta1, beta2, a, b, c2, epsilon, epsilonRoot: Scalar

  /// Updates the moments m, v of one element with its gradient g and returns the direction
  /// (a·m + b·g) / (√(c₂·v + ε_root) + ε). `AdamW`'s C kernel (`regula_adamw_float`,
  /// `_double`) does these operations in this order: change both together.
  @inline(__always)
  func direction(_ g: Scalar, _ m: inout Scalar, _ v: inout Scalar) -> Scalar {
    let mj = beta1 * m + (1 - beta1) * g
    let vj = beta2 * v + (1 - beta2) * g * g
    m = mj
    v = vj
    return (a * mj + b * g) / ((vj * c2 + epsilonRoot).squareRoot() + epsilon)
  }
}

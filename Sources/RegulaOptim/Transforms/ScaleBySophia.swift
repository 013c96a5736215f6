import RealModule

/// Sophia: a clipped, diagonally preconditioned momentum step whose preconditioner is a
/// moving average of Hutchinson estimates of the Hessian's diagonal; the whole optimizer in
/// one transformation.
///
/// At step t (from 1), with v a Rademacher vector drawn from the state's generator:
///
///     m ← β₁·m + (1 − β₁)·g,  m̂ = m / (1 − β₁ᵗ)
///     u = clip(m̂ / max(γ·h, ε), −c, c)                      (h before this step)
///     every k-th step (t = 1, k + 1, …):  h ← β₂·h + (1 − β₂)·(v ⊙ H v)
///     θ ← θ − η(t)·(u + λ·θ)
///
/// The update needs Hessian–vector products, so Sophia is not a ``GradientTransformation``:
/// `update` takes `hessianVectorProduct`, a function v ↦ H(θ)·v at the current parameters,
/// called only on estimation steps. ``finiteDifferenceHessianVectorProduct(at:gradient:)``
/// builds one from the gradient.
///
/// - Parameter learningRate: η. Required.
/// - Parameter beta1: β₁. Default `0.965`.
/// - Parameter beta2: β₂. Default `0.99`.
/// - Parameter epsilon: ε. Default `1e-8`.
/// - Parameter weightDecay: λ, decoupled. Default `1e-4`.
/// - Parameter gamma: γ, the Hessian scale. Default `0.01`.
/// - Parameter clipThreshold: c (`nil`: no clipping). Default `1`.
/// - Parameter updateInterval: k, steps between Hessian estimates. Default `10`.
/// - Parameter seed: the seed of the Rademacher draws. Default `0`.
/// - Note: Optax draws with JAX's PRNG and differentiates twice for H·v; Regula draws from
///   its own generator (kept in the state) and takes H·v from the caller. On a separable
///   objective (diagonal Hessian) v ⊙ Hv = diag H for every v, and the two agree.
/// - SeeAlso: "Sophia: A Scalable Stochastic Second-order Optimizer for Language Model
///   Pre-training", Liu, Li, Hall, Liang & Ma, ICLR 2024.
public struct ScaleBySophia<Scalar: TensorScalar>: Sendable {
  public var learningRate: Schedule
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var weightDecay: Double
  public var gamma: Double
  public var clipThreshold: Double?
  public var updateInterval: Int
  public var seed: UInt64

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// m, the momentum.
    public var momentum: ParameterSet<Scalar>
    /// h, the moving average of diagonal Hessian estimates.
    public var hessianDiagonal: ParameterSet<Scalar>
    /// The generator of the Rademacher vectors.
    public var generator: RandomGenerator
  }

  public init(
    learningRate: Schedule, beta1: Double = 0.965, beta2: Double = 0.99, epsilon: Double = 1e-8, weightDecay: Double = 1e-4,
    gamma: Double = 0.01, clipThreshold: Double? = 1, updateInterval: Int = 10, seed: UInt64 = 0
  ) {
    precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1), got \(beta1) and \(beta2)")
    precondition(updateInterval >= 1, "updateInterval must be at least 1, got \(updateInterval)")
    (self.learningRate, self.beta1, self.beta2, self.epsilon, self.weightDecay) = (learningRate, beta1, beta2, epsilon, weightDecay)
    (self.gamma, self.clipThreshold, self.updateInterval, self.seed) = (gamma, clipThreshold, updateInterval, seed)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, momentum: parameters.zeros(), hessianDiagonal: parameters.zeros(), generator: RandomGenerator(seed: seed))
  }

  /// Transforms the gradient `updates` into the step in place.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(
    _ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>,
    hessianVectorProduct: (ParameterSet<Scalar>) -> ParameterSet<Scalar>
  ) {
    let rate = learningRate(state.count), estimate = state.count % updateInterval == 0
    state.count += 1
    let b1 = Scalar(beta1), c1 = Scalar(1 / biasCorrection(beta1, state.count)), g = Scalar(gamma), eps = Scalar(epsilon)
    let clip = clipThreshold.map { Scalar($0) } ?? .infinity
    let step = Scalar(-rate), decay = Scalar(weightDecay)
    let direction: ParameterSet<Scalar>? = estimate ? state.generator.rademacher(like: parameters) : nil
    let product = direction.map(hessianVectorProduct)
    for i in 0..<updates.count {
      parameters.withReadBuffer(at: i) { p in
      state.momentum.withBuffer(at: i) { m in
      state.hessianDiagonal.withBuffer(at: i) { h in
        updates.withBuffer(at: i) { u in
          for j in u.indices {
            m[j] = b1 * m[j] + (1 - b1) * u[j]
            let scaled = (m[j] * c1) / max(g * h[j], eps)
            u[j] = step * (min(max(scaled, -clip), clip) + decay * p[j])
          }
        }
        if let direction, let product {
          let b2 = Scalar(beta2)
          direction.withReadBuffer(at: i) { v in
            product.withReadBuffer(at: i) { hv in
              for j in h.indices { h[j] = b2 * h[j] + (1 - b2) * v[j] * hv[j] }
            }
          }
        }
      }
      }
      }
    }
  }

  /// One optimizer step: aligns `gradient` with `parameters`, transforms it, and adds the
  /// result to `parameters`.
  public func step(
    _ parameters: inout ParameterSet<Scalar>, gradient: ParameterSet<Scalar>, state: inout State,
    hessianVectorProduct: (ParameterSet<Scalar>) -> ParameterSet<Scalar>
  ) {
    var updates = gradient.aligned(with: parameters)
    update(&updates, state: &state, parameters: parameters, hessianVectorProduct: hessianVectorProduct)
    parameters.applyUpdates(updates)
  }
}

extension RandomGenerator {
  /// A set shaped like `parameters` with independent ±1 entries (Rademacher).
  mutating func rademacher<Scalar: TensorScalar>(like parameters: ParameterSet<Scalar>) -> ParameterSet<Scalar> {
    parameters.mapTensors { _, p in
      Tensor(shape: p.shape, scalars: (0..<p.scalarCount).map { _ in next() & 1 == 0 ? -1 : 1 })
    }
  }
}

/// v ↦ H(θ)·v by central differences of the gradient:
///
///     H·v ≈ (∇f(θ + δv) − ∇f(θ − δv)) / (2δ),   δ = ∛(machine ε)·max(1, ‖θ‖_∞)
///
/// Two gradient evaluations per product; exact for quadratics up to rounding.
public func finiteDifferenceHessianVectorProduct<Scalar: TensorScalar>(
  at parameters: ParameterSet<Scalar>, gradient: @escaping (ParameterSet<Scalar>) -> ParameterSet<Scalar>
) -> (ParameterSet<Scalar>) -> ParameterSet<Scalar> {
  let largest = parameters.tensors.reduce(1.0) { m, t in t.scalars.reduce(m) { max($0, Double(abs($1))) } }
  let delta = Double.root(Double(Scalar.ulpOfOne), 3) * largest
  return { v in
    let shift = v.mapTensors { _, t in t * Scalar(delta) }
    let plus = gradient(parameters + shift).aligned(with: parameters)
    let minus = gradient(parameters - shift).aligned(with: parameters)
    return (plus - minus).mapTensors { _, t in t * Scalar(1 / (2 * delta)) }
  }
}

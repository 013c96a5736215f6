/// Preconditions updates by the limited-memory BFGS approximation of the inverse Hessian
/// (Optax's `scale_by_lbfgs`): the two-loop recursion over the last m pairs
/// sₖ = θₖ₊₁ − θₖ, yₖ = gₖ₊₁ − gₖ.
///
///     ρᵢ = 1/⟨sᵢ, yᵢ⟩ (0 when ⟨sᵢ, yᵢ⟩ = 0)
///     v ← g;  newest to oldest: αᵢ = ρᵢ⟨sᵢ, v⟩,  v ← v − αᵢyᵢ
///     v ← γ·v,   γ = ⟨s, y⟩/‖y‖² of the newest pair (1 if y = 0);  γ = min(1, 1/‖g‖) at step 1
///     oldest to newest: βᵢ = ρᵢ⟨yᵢ, v⟩,  v ← v + (αᵢ − βᵢ)sᵢ
///
/// The pairs are formed from the parameters and updates this transformation saw at the
/// previous call, so put it first in a chain (it sees raw gradients) and step the parameters
/// by its output times a step size — a learning rate, or a line search.
///
/// - Parameter memorySize: m ≥ 1, the number of pairs kept. Default `10`.
/// - Parameter scaleInitialPreconditioner: use γ above (else γ = 1). Default `true`.
/// - SeeAlso: "On the limited memory BFGS method for large scale optimization", Liu &
///   Nocedal, Mathematical Programming 1989; Nocedal & Wright, "Numerical Optimization",
///   algorithm 7.4.
public struct ScaleByLBFGS<Scalar: TensorScalar>: GradientTransformation {
  public var memorySize: Int
  public var scaleInitialPreconditioner: Bool

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    /// The parameters at the previous call (zeros before the first).
    public var parameters: ParameterSet<Scalar>
    /// The updates received at the previous call (zeros before the first).
    public var updates: ParameterSet<Scalar>
    /// sᵢ, a ring buffer of m parameter differences.
    public var parameterDifferences: [ParameterSet<Scalar>]
    /// yᵢ, a ring buffer of m update differences.
    public var updateDifferences: [ParameterSet<Scalar>]
    /// ρᵢ, a ring buffer of m weights.
    public var weights: [Double]
  }

  public init(memorySize: Int = 10, scaleInitialPreconditioner: Bool = true) {
    precondition(memorySize >= 1, "memorySize must be at least 1, got \(memorySize)")
    (self.memorySize, self.scaleInitialPreconditioner) = (memorySize, scaleInitialPreconditioner)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let zeros = parameters.zeros()
    return State(
      count: 0, parameters: zeros, updates: zeros, parameterDifferences: Array(repeating: zeros, count: memorySize),
      updateDifferences: Array(repeating: zeros, count: memorySize), weights: Array(repeating: 0, count: memorySize))
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    let m = memorySize
    let newest = (state.count + m - 1) % m
    var gamma = 1.0
    if state.count > 0 {
      let s = parameters - state.parameters, y = updates - state.updates
      let sy = s.dot(y), yy = y.dot(y)
      state.parameterDifferences[newest] = s
      state.updateDifferences[newest] = y
      state.weights[newest] = sy == 0 ? 0 : 1 / sy
      if scaleInitialPreconditioner { gamma = yy > 0 ? sy / yy : 1 }
    } else if scaleInitialPreconditioner {
      gamma = min(1, 1 / updates.globalSquaredNorm().squareRoot())
    }
    let raw = updates
    // Ring order from oldest (index count % m) to newest.
    let order = (0..<m).map { (state.count + $0) % m }
    var alphas = Array(repeating: 0.0, count: m)
    for k in order.indices.reversed() {
      let i = order[k]
      alphas[k] = state.weights[i] * state.parameterDifferences[i].dot(updates)
      updates.add(state.updateDifferences[i], scaledBy: -alphas[k])
    }
    updates.updateTensors { _, u in u.scaleInPlace(by: Scalar(gamma)) }
    for k in order.indices {
      let i = order[k]
      let beta = state.weights[i] * state.updateDifferences[i].dot(updates)
      updates.add(state.parameterDifferences[i], scaledBy: alphas[k] - beta)
    }
    state.count += 1
    state.parameters = parameters
    state.updates = raw
  }
}

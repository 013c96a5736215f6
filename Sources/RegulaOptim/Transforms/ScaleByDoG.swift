/// Distance over Gradients: a step size from the distance travelled and the gradients seen.
///
///     r̄ ← max(r̄, ‖θ − θ₀‖)
///     G ← G + ‖g‖²
///     u = (r̄ / √(G + ε)) · g
///
/// Norms are global (over all tensors). Follow it with a negative learning rate (1 in
/// ``dog(learningRate:initialStep:epsilon:weightDecay:mask:)``).
///
/// - Parameter initialStep: how the first step is sized (see ``InitialStep``). Default
///   `.heuristic(1e-6)`.
/// - Parameter epsilon: ε, added to G. Default `1e-8`.
/// - Note: Optax keeps r̄ and G in the parameters' precision; Regula keeps them in Double.
/// - SeeAlso: "DoG is SGD's Best Friend: A Parameter-Free Dynamic Step Size Schedule",
///   Ivgi, Hinder & Carmon, ICML 2023.
public struct ScaleByDoG<Scalar: TensorScalar>: GradientTransformation {
  /// How DoG sizes its first step.
  public enum InitialStep: Sendable, Equatable {
    /// r̄₀ = r_ε, the given initial distance.
    case distance(Double)
    /// The first step uses this learning rate; r̄₀ = 0.
    case learningRate(Double)
    /// r̄₀ = α·(1 + ‖θ₀‖); the paper suggests α = 1e-6 (1e-4 with batch normalization).
    case heuristic(Double)
  }

  public var initialStep: InitialStep
  public var epsilon: Double

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// θ₀, the parameters at initialization.
    public var initialParameters: ParameterSet<Scalar>
    /// r̄, the largest distance from θ₀ so far.
    public var maxDistance: Double
    /// G, the sum of squared gradient norms.
    public var squaredGradientNormSum: Double
  }

  public init(initialStep: InitialStep = .heuristic(1e-6), epsilon: Double = 1e-8) {
    precondition(epsilon >= 0, "epsilon must be non-negative, got \(epsilon)")
    (self.initialStep, self.epsilon) = (initialStep, epsilon)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    let r: Double
    switch initialStep {
    case .distance(let d): r = d
    case .learningRate: r = 0
    case .heuristic(let alpha): r = alpha * (1 + parameters.globalSquaredNorm().squareRoot())
    }
    return State(count: 0, initialParameters: parameters, maxDistance: r, squaredGradientNormSum: 0)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.maxDistance = max(state.maxDistance, parameters.squaredDistance(to: state.initialParameters).squareRoot())
    state.squaredGradientNormSum += updates.globalSquaredNorm()
    var rate = state.maxDistance / (state.squaredGradientNormSum + epsilon).squareRoot()
    if case .learningRate(let first) = initialStep, state.count == 0 { rate = first }
    state.count += 1
    updates.scale(by: Scalar(rate))
  }
}

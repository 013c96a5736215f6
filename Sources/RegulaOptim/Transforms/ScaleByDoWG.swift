/// Distance over Weighted Gradients: DoG with gradients weighted by the squared distance
/// estimate.
///
///     r̄² ← max(r̄², ‖θ − θ₀‖²)
///     v ← v + r̄²·‖g‖²
///     u = (r̄² / (√v + ε)) · g
///
/// Norms are global (over all tensors). Follow it with a negative learning rate (1 in
/// ``dowg(learningRate:initialSquaredDistance:epsilon:weightDecay:mask:)``).
///
/// - Parameter initialSquaredDistance: r̄₀², a guess of the squared distance to a solution.
///   Default `nil`, which uses ε.
/// - Parameter epsilon: ε, in the denominator. Default `1e-4`.
/// - Note: Optax keeps r̄² and v in the parameters' precision; Regula keeps them in Double.
/// - SeeAlso: "DoWG Unleashed: An Efficient Universal Parameter-Free Gradient Descent
///   Method", Khaled, Mishchenko & Jin, NeurIPS 2023.
public struct ScaleByDoWG<Scalar: TensorScalar>: GradientTransformation {
  public var initialSquaredDistance: Double?
  public var epsilon: Double

  public struct State: Codable, Sendable, Equatable {
    /// The number of steps taken.
    public var count: Int
    /// θ₀, the parameters at initialization.
    public var initialParameters: ParameterSet<Scalar>
    /// r̄², the largest squared distance from θ₀ so far.
    public var squaredDistanceEstimate: Double
    /// v, the weighted sum of squared gradient norms.
    public var weightedSquaredGradientNormSum: Double
  }

  public init(initialSquaredDistance: Double? = nil, epsilon: Double = 1e-4) {
    precondition(epsilon > 0, "epsilon must be positive, got \(epsilon)")
    (self.initialSquaredDistance, self.epsilon) = (initialSquaredDistance, epsilon)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(
      count: 0, initialParameters: parameters, squaredDistanceEstimate: initialSquaredDistance ?? epsilon,
      weightedSquaredGradientNormSum: 0)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let r2 = max(state.squaredDistanceEstimate, parameters.squaredDistance(to: state.initialParameters))
    state.squaredDistanceEstimate = r2
    state.weightedSquaredGradientNormSum += r2 * updates.globalSquaredNorm()
    updates.scale(by: Scalar(r2 / (state.weightedSquaredGradientNormSum.squareRoot() + epsilon)))
  }
}

/// Which optimality gap Polyak's step size divides.
public enum PolyakVariant: String, Sendable, Codable, CaseIterable {
  /// f(θ) − f*, as Loizou et al.
  case sps
  /// max(f(θ) − f*, 0), as Garrigos et al. ("sps+"): never a negative step.
  case spsPlus = "sps+"
}

/// Scales updates by Polyak's step size, which needs the objective's value.
///
///     η = min((f(θ) − f*)/(‖g‖² + ε), η_max),   u ← η·g;   η = 0 when ‖g‖² + ε ≤ machine ε
///
/// ‖g‖ is the global ℓ2 norm over all tensors, accumulated in Double. Chain a negative
/// scale after it (``polyakSGD(maxLearningRate:scaling:minimumValue:epsilon:variant:)``).
///
/// - Parameter minimumValue: f*, a lower bound on the objective. Default `0`.
/// - Parameter maxLearningRate: η_max. Default `1`.
/// - Parameter epsilon: ε, added to ‖g‖². Default `0`.
/// - Parameter variant: `.sps` (f − f*) or `.spsPlus` (max(f − f*, 0)). Default `.sps`.
/// - Note: Machine ε is the scalar type's (2.2e-16 in Double, 1.2e-7 in Float), as Optax's
///   `jnp.finfo(float).eps` under each type's JAX configuration.
/// - SeeAlso: "Stochastic Polyak Step-size for SGD: An Adaptive Learning Rate for Fast
///   Convergence", Loizou et al., AISTATS 2021; "Function Value Learning: Adaptive Learning
///   Rates Based on the Polyak Stepsize and Function Splitting in ERM", Garrigos et al., 2023.
public struct ScaleByPolyak<Scalar: TensorScalar>: LossAwareTransformation {
  public var minimumValue: Double
  public var maxLearningRate: Double
  public var epsilon: Double
  public var variant: PolyakVariant

  public init(minimumValue: Double = 0, maxLearningRate: Double = 1, epsilon: Double = 0, variant: PolyakVariant = .sps) {
    precondition(maxLearningRate >= 0 && epsilon >= 0, "maxLearningRate and epsilon must be non-negative, got \(maxLearningRate), \(epsilon)")
    (self.minimumValue, self.maxLearningRate, self.epsilon, self.variant) = (minimumValue, maxLearningRate, epsilon, variant)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> EmptyState { EmptyState() }

  /// The step size η for gradient squared norm `squaredNorm` at objective value `value`.
  public func stepSize(value: Double, squaredNorm: Double) -> Double {
    var gap = value - minimumValue
    if variant == .spsPlus { gap = max(gap, 0) }
    let denominator = squaredNorm + epsilon
    return denominator <= Double(Scalar.ulpOfOne) ? 0 : min(gap / denominator, maxLearningRate)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout EmptyState, parameters: ParameterSet<Scalar>, loss value: Double) {
    let eta = Scalar(stepSize(value: value, squaredNorm: updates.globalSquaredNorm()))
    updates.updateTensors { _, u in u.scaleInPlace(by: eta) }
  }
}

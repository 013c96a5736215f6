import RealModule

/// Adds annealed Gaussian noise to the updates (Optax's `add_noise`).
///
///     u ← u + σ_t·z,   z ~ N(0, I),   σ_t² = η/tᵞ   (t = 1 at the first step)
///
/// The noise comes from a ``RandomGenerator`` kept in the state, so a saved state resumes
/// the same noise stream and a seed gives the same run on every platform.
///
/// - Parameter eta: η, the variance at the first step. Default `0.01`.
/// - Parameter gamma: γ, the variance's decay exponent. Default `0.55`.
/// - Parameter seed: the generator's seed. Default `0`.
/// - Note: Optax draws from JAX's PRNG; the noise has the same distribution but not the same
///   values. Element order: tensors in path order, elements row-major, one draw each.
/// - SeeAlso: "Adding Gradient Noise Improves Learning for Very Deep Networks",
///   Neelakantan et al., 2015.
public struct AddNoise<Scalar: TensorScalar>: GradientTransformation {
  public var eta: Double
  public var gamma: Double
  public var seed: UInt64

  public struct State: Codable, Sendable, Equatable {
    public var count: Int
    /// The noise stream, advanced by one draw per element per step.
    public var generator: RandomGenerator
  }

  public init(eta: Double = 0.01, gamma: Double = 0.55, seed: UInt64 = 0) {
    precondition(eta >= 0, "eta must be non-negative, got \(eta)")
    (self.eta, self.gamma, self.seed) = (eta, gamma, seed)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(count: 0, generator: RandomGenerator(seed: seed))
  }

  /// σ_t, the noise's standard deviation at step `step` (1 at the first step).
  public func standardDeviation(atStep step: Int) -> Double {
    (eta / Double.pow(Double(step), gamma)).squareRoot()
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.count += 1
    let sigma = standardDeviation(atStep: state.count)
    for i in 0..<updates.count {
      updates.withBuffer(at: i) { u in
        for j in u.indices { u[j] += Scalar(sigma * state.generator.nextNormal()) }
      }
    }
  }
}

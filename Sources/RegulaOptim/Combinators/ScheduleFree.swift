import RealModule

/// Schedule-Free: replaces a learning-rate schedule by an online average of the base
/// optimizer's iterates, and evaluates gradients at an interpolation of the two.
///
/// The stored parameters are y; z follows the base optimizer and x is the weighted average
/// of the z's:
///
///     z ← z + base(∇f(y))
///     x ← (1 − cₜ)·x + cₜ·z,   cₜ = wₜ / Σₛ≤ₜ wₛ,   wₜ = (maxₛ≤ₜ ηₛ)^p
///     y ← β·x + (1 − β)·z
///
/// x is recovered from y and z as x = (y − (1 − β)·z)/β, so the state keeps z only;
/// evaluate or checkpoint the model at ``State/evaluationParameters(from:)``. The base
/// optimizer must not use momentum (β plays that role) and its learning rate should be the
/// same η.
///
/// - Parameter base: the optimizer that moves z (SGD or an RMS-scaled step).
/// - Parameter learningRate: η, read at steps 1, 2, … for the weights wₜ.
/// - Parameter beta1: β, the interpolation. Default `0.9`.
/// - Parameter weightLRPower: p. Default `2`.
/// - Note: As Optax, the weights read η at the step count starting at 1, while the base
///   optimizer reads it from 0: with a warmup the two are one step apart.
/// - SeeAlso: "The Road Less Scheduled", Defazio, Yang, Mehta, Mishchenko, Khaled &
///   Cutkosky, NeurIPS 2024.
public struct ScheduleFree<Base: GradientTransformation>: GradientTransformation {
  public typealias Scalar = Base.Scalar
  public var base: Base
  public var learningRate: Schedule
  public var beta1: Double
  public var weightLRPower: Double

  public struct State: Codable, Sendable, Equatable {
    /// β, kept so that the evaluation parameters can be computed from the state alone.
    public var beta1: Double
    /// Σ wₛ.
    public var weightSum: Double
    /// The step count, starting at 1.
    public var count: Int
    /// max ηₛ.
    public var maxLearningRate: Double
    /// The base optimizer's state.
    public var base: Base.State
    /// z, the base optimizer's iterate.
    public var z: ParameterSet<Scalar>

    /// x = (y − (1 − β)·z)/β, the averaged parameters to evaluate the model at, from the
    /// stored parameters y (Optax's `schedule_free_eval_params`).
    public func evaluationParameters(from parameters: ParameterSet<Scalar>) -> ParameterSet<Scalar> {
      var x = parameters
      x.interpolateScheduleFree(z: z, beta: Scalar(beta1))
      return x
    }
  }

  public init(_ base: Base, learningRate: Schedule, beta1: Double = 0.9, weightLRPower: Double = 2) {
    precondition(beta1 > 0 && beta1 < 1, "beta1 must be in (0, 1), got \(beta1)")
    (self.base, self.learningRate, self.beta1, self.weightLRPower) = (base, learningRate, beta1, weightLRPower)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(beta1: beta1, weightSum: 0, count: 1, maxLearningRate: 0, base: base.initialState(for: parameters), z: parameters)
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>) {
    state.maxLearningRate = max(state.maxLearningRate, learningRate(state.count))
    state.count += 1
    let weight = Double.pow(state.maxLearningRate, weightLRPower)
    state.weightSum += weight
    let c = weight.isNaN || state.weightSum.isNaN ? .nan : (state.weightSum == 0 ? 0 : weight / state.weightSum)
    base.update(&updates, state: &state.base, parameters: parameters)
    updates.setToScheduleFreeUpdate(parameters: parameters, z: &state.z, beta: Scalar(beta1), average: Scalar(c))
  }
}

/// η, or a linear warmup from 0 to η.
func scheduleFreeLearningRate(_ rate: Double, warmupSteps: Int?) -> Schedule {
  guard let warmupSteps else { return .constant(rate) }
  return .warmupConstant(initialValue: 0, peakValue: rate, warmupSteps: warmupSteps)
}

extension ParameterSet {
  /// y ← (y − (1 − β)·z)/β in place.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  fileprivate mutating func interpolateScheduleFree(z: ParameterSet, beta: Scalar) {
    for i in 0..<count {
      z.withReadBuffer(at: i) { z in
        withBuffer(at: i) { y in
          for j in y.indices { y[j] = (y[j] - (1 - beta) * z[j]) / beta }
        }
      }
    }
  }

  /// With `self` holding the base update: z ← z + u; x = (1 − c)·x_prev + c·z;
  /// u = β·x + (1 − β)·z − y.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  fileprivate mutating func setToScheduleFreeUpdate(parameters: ParameterSet, z: inout ParameterSet, beta: Scalar, average c: Scalar) {
    for i in 0..<count {
      parameters.withReadBuffer(at: i) { y in
      z.withBuffer(at: i) { z in
        withBuffer(at: i) { u in
          for j in u.indices {
            let previous = (y[j] - (1 - beta) * z[j]) / beta
            let zj = z[j] + u[j]
            z[j] = zj
            let x = (1 - c) * previous + c * zj
            u[j] = beta * x + (1 - beta) * zj - y[j]
          }
        }
      }
      }
    }
  }
}

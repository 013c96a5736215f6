/// Scales updates down by a factor when the loss stops improving: reduce-on-plateau as a
/// loss-aware transformation (place it after an optimizer with
/// ``GradientTransformation/followed(by:)``).
///
/// The loss is averaged over `accumulationSize` calls; after each full window, with f̄ the
/// window's mean and f_best the best mean so far:
///
///     improved = f̄ < (1 − rtol)·f_best − atol
///     plateau ← improved ? 0 : plateau + 1
///     when plateau reaches `patience` (outside a cooldown):
///         scale ← max(factor·scale, minScale), plateau ← 0, cooldown ← `cooldown`
///     u ← scale·u
///
/// During a cooldown the plateau count stays 0 and the cooldown counts down.
///
/// - Parameter factor: the reduction factor, in (0, 1). Default `0.1`.
/// - Parameter patience: windows without improvement before a reduction. Default `10`.
/// - Parameter rtol: relative improvement threshold, in [0, 1]. Default `1e-4`.
/// - Parameter atol: absolute improvement threshold. Default `0`.
/// - Parameter cooldown: windows to wait after a reduction. Default `0`.
/// - Parameter accumulationSize: calls averaged per window. Default `1`.
/// - Parameter minScale: the smallest scale. Default `0`.
/// - Note: The best value starts as "none" (`nil` in the state) where Optax uses +∞, which
///   JSON cannot hold.
/// - SeeAlso: PyTorch's `ReduceLROnPlateau`; Optax's `contrib.reduce_on_plateau`.
public struct ReduceOnPlateau<Scalar: TensorScalar>: LossAwareTransformation {
  public var factor: Double
  public var patience: Int
  public var rtol: Double
  public var atol: Double
  public var cooldown: Int
  public var accumulationSize: Int
  public var minScale: Double

  public struct State: Codable, Sendable, Equatable {
    /// The factor applied to the updates.
    public var scale: Double
    /// The best window mean so far (`nil` before the first window).
    public var bestValue: Double?
    /// Windows without improvement.
    public var plateauCount: Int
    /// Windows left in the cooldown.
    public var cooldownCount: Int
    /// Calls in the current window.
    public var count: Int
    /// The mean loss of the current window.
    public var averageValue: Double
  }

  public init(
    factor: Double = 0.1, patience: Int = 10, rtol: Double = 1e-4, atol: Double = 0, cooldown: Int = 0, accumulationSize: Int = 1,
    minScale: Double = 0
  ) {
    precondition(factor > 0 && factor < 1, "factor must be in (0, 1), got \(factor)")
    precondition(rtol >= 0 && atol >= 0 && rtol + atol > 0, "rtol and atol must be non-negative and not both 0, got \(rtol) and \(atol)")
    precondition(rtol <= 1, "rtol must be at most 1, got \(rtol)")
    precondition(patience >= 1 && cooldown >= 0 && accumulationSize >= 1, "patience and accumulationSize must be positive and cooldown non-negative")
    (self.factor, self.patience, self.rtol, self.atol) = (factor, patience, rtol, atol)
    (self.cooldown, self.accumulationSize, self.minScale) = (cooldown, accumulationSize, minScale)
  }

  public func initialState(for parameters: ParameterSet<Scalar>) -> State {
    State(scale: 1, bestValue: nil, plateauCount: 0, cooldownCount: 0, count: 0, averageValue: 0)
  }

  public func update(_ updates: inout ParameterSet<Scalar>, state: inout State, parameters: ParameterSet<Scalar>, loss: Double) {
    state.averageValue = (Double(state.count) * state.averageValue + loss) / Double(state.count + 1)
    state.count += 1
    if state.count == accumulationSize { closeWindow(&state) }
    updates.scale(by: Scalar(state.scale))
  }

  private func closeWindow(_ state: inout State) {
    let mean = state.averageValue
    let improved = state.bestValue.map { mean < (1 - rtol) * $0 - atol } ?? true
    if improved { state.bestValue = mean }
    let plateau = improved ? 0 : state.plateauCount + 1
    if state.cooldownCount > 0 {
      state.plateauCount = 0
      state.cooldownCount -= 1
    } else {
      let reduce = plateau == patience
      state.plateauCount = reduce ? 0 : plateau
      state.scale = max(reduce ? state.scale * factor : state.scale, minScale)
      state.cooldownCount = reduce ? cooldown : 0
    }
    state.count = 0
    state.averageValue = 0
  }
}

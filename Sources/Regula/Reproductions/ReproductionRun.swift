import Foundation

/// One arm of a reproduction: a starting point, an optimizer, and an objective trained for
/// a number of steps, evaluated every `evaluationInterval` steps.
public struct ReproductionArm<Scalar: TensorScalar> {
  public var name: String
  public var optimizer: AnyGradientTransformation<Scalar>
  public var initialParameters: ParameterSet<Scalar>
  public var steps: Int
  public var evaluationInterval: Int
  /// Seeds the arm's generator (minibatch order, dropout).
  public var seed: UInt64
  /// The training loss and its gradient at a step; may draw from the generator.
  public var lossAndGradient: (ParameterSet<Scalar>, inout RandomGenerator) -> (loss: Double, gradient: ParameterSet<Scalar>)
  /// The metrics recorded at an evaluation (accuracies, losses, diagnostics).
  public var evaluate: (ParameterSet<Scalar>) -> [String: Double]

  public init(
    name: String, optimizer: AnyGradientTransformation<Scalar>, initialParameters: ParameterSet<Scalar>, steps: Int,
    evaluationInterval: Int, seed: UInt64,
    lossAndGradient: @escaping (ParameterSet<Scalar>, inout RandomGenerator) -> (loss: Double, gradient: ParameterSet<Scalar>),
    evaluate: @escaping (ParameterSet<Scalar>) -> [String: Double]
  ) {
    precondition(steps >= 1 && evaluationInterval >= 1, "\(name): steps and evaluationInterval must be positive")
    (self.name, self.optimizer, self.initialParameters, self.steps) = (name, optimizer, initialParameters, steps)
    (self.evaluationInterval, self.seed, self.lossAndGradient, self.evaluate) = (evaluationInterval, seed, lossAndGradient, evaluate)
  }
}

/// Everything a reproduction needs to continue after an interruption: the finished arms'
/// histories and the arm in progress with its parameters, optimizer state and generator.
public struct ReproductionCheckpoint<Scalar: TensorScalar>: Codable, Sendable {
  /// Identifies the run (command and seed): a checkpoint resumes only its own run.
  public var configuration: String
  public var finished: [ArmHistory]
  public var current: Progress?

  /// An arm part-way through.
  public struct Progress: Codable, Sendable {
    public var history: ArmHistory
    public var step: Int
    public var parameters: ParameterSet<Scalar>
    public var optimizerState: AnyGradientTransformation<Scalar>.State
    public var random: RandomGenerator
    /// Training time so far (evaluations excluded), in seconds.
    public var seconds: Double
  }

  public init(configuration: String) { (self.configuration, finished, current) = (configuration, [], nil) }
}

/// What a reproduction reports while it runs.
public enum ReproductionEvent: Sendable {
  /// An arm started (or resumed) at `step`.
  case armStarted(name: String, index: Int, of: Int, step: Int)
  /// An evaluation of the arm `name` at `step` of `steps`.
  case evaluated(name: String, step: Int, of: Int, metrics: [String: Double])
}

/// How a reproduction run ended.
public enum ReproductionOutcome: Sendable {
  case completed([ArmHistory])
  /// Stopped on request; the last saved checkpoint holds `step` of arm `name`.
  case interrupted(name: String, step: Int)
}

/// Runs the arms one after the other, evaluating each at step 0, every
/// `evaluationInterval` steps and at its last step, and saving a checkpoint after every
/// evaluation. From a checkpoint, it skips the finished arms and continues the current one
/// where it was saved: a resumed run computes the same parameters as an uninterrupted one.
///
/// Every history also records `seconds`, the arm's training time up to that step.
public func runReproduction<Scalar: TensorScalar>(
  _ arms: [ReproductionArm<Scalar>], configuration: String, from checkpoint: ReproductionCheckpoint<Scalar>? = nil,
  save: (ReproductionCheckpoint<Scalar>) throws -> Void = { _ in },
  observe: (ReproductionEvent) -> Void = { _ in },
  shouldStop: () -> Bool = { false }
) rethrows -> ReproductionOutcome {
  var state = checkpoint ?? ReproductionCheckpoint(configuration: configuration)
  precondition(state.configuration == configuration, "checkpoint of \(state.configuration), not \(configuration)")
  precondition(zip(state.finished, arms).allSatisfy { $0.name == $1.name }, "the checkpoint's arms differ from this run's")
  for index in state.finished.count..<arms.count {
    let arm = arms[index]
    var progress: ReproductionCheckpoint<Scalar>.Progress
    if let current = state.current {
      precondition(current.history.name == arm.name, "checkpoint holds arm \(current.history.name), expected \(arm.name)")
      progress = current
    } else {
      var history = ArmHistory(name: arm.name)
      history.record(step: 0, arm.evaluate(arm.initialParameters).merging(["seconds": 0]) { a, _ in a })
      progress = .init(
        history: history, step: 0, parameters: arm.initialParameters,
        optimizerState: arm.optimizer.initialState(for: arm.initialParameters), random: RandomGenerator(seed: arm.seed), seconds: 0)
    }
    observe(.armStarted(name: arm.name, index: index, of: arms.count, step: progress.step))
    while progress.step < arm.steps {
      let began = Date()
      let (_, gradient) = arm.lossAndGradient(progress.parameters, &progress.random)
      arm.optimizer.step(&progress.parameters, gradient: gradient, state: &progress.optimizerState)
      progress.step += 1
      progress.seconds += Date().timeIntervalSince(began)
      if progress.step % arm.evaluationInterval == 0 || progress.step == arm.steps {
        let metrics = arm.evaluate(progress.parameters).merging(["seconds": progress.seconds]) { a, _ in a }
        progress.history.record(step: progress.step, metrics)
        state.current = progress
        try save(state)
        observe(.evaluated(name: arm.name, step: progress.step, of: arm.steps, metrics: metrics))
        if shouldStop() { return .interrupted(name: arm.name, step: progress.step) }
      }
    }
    state.finished.append(progress.history)
    state.current = nil
    try save(state)
  }
  return .completed(state.finished)
}

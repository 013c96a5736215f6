import Foundation
import _Differentiation

/// Minibatch training of a classifier with softmax cross-entropy.
///
/// Each epoch visits the training examples in a fresh seeded order in minibatches of
/// `batchSize` (the last one may be smaller; see ``MinibatchIterator``), takes one optimizer
/// step per minibatch, then measures loss and accuracy on the held-out examples. The
/// minibatch order and the stream that seeds dropout are part of the checkpoint, so a run
/// is a pure function of its seed and configuration, interrupted or not.
public struct ClassifierTrainer<Model: Layer, Optimizer: GradientTransformation>: Sendable
where Model.Scalar == Optimizer.Scalar {
  public typealias Scalar = Model.Scalar
  public typealias Checkpoint = TrainingCheckpoint<Scalar, Optimizer.State>

  public var model: Model
  public var optimizer: Optimizer
  public var epochs: Int
  public var batchSize: Int
  public var seed: UInt64
  /// A description of the configuration, stored in checkpoints to refuse a mismatched resume.
  public var configuration: String
  /// How each step's loss and gradient are computed (SAM, ELR, mixup, …). Default `.none`.
  public var wrapper: TrainingWrapper<Scalar>
  /// Penalty terms added to the objective: cross-entropy + Σ λ(t)·R(θ), with t the step.
  /// The wrapper sees the whole objective; their values after each epoch are in
  /// ``EpochMetrics/penalties``.
  public var penalties: [PenaltyTerm<Scalar>] = []
  /// Terms the optimizer applies by their prox (``ProximalUpdates``): not differentiated,
  /// but reported in ``EpochMetrics/penalties`` after ``penalties``.
  public var proximalPenalties: [PenaltyTerm<Scalar>] = []
  /// Penalties of the whole model (path-norm, the Jacobian penalty), added to the objective
  /// with the step's minibatch inputs (before any input rule) and reported after the others,
  /// evaluated on the first 256 training examples.
  public var modelPenalties: [ModelPenaltyTerm<Scalar>] = []
  /// Whether each epoch also records the weight diagnostics of every matrix parameter
  /// (``EpochMetrics/diagnostics``). Default `false`.
  public var recordsDiagnostics = false
  /// For an optimizer that reads the objective (``AnyLossAwareTransformation``): the
  /// transformation of one step given that step's ``Objective`` — the minibatch loss (with
  /// the penalties, under the step's dropout) as a function of the parameters, and its value.
  /// `nil` (the default): every step uses ``optimizer``.
  public var stepOptimizer: (@Sendable (Objective<Scalar>) -> Optimizer)? = nil

  /// Progress reported while training.
  public enum Event: Sendable {
    /// After each step: the epoch's running mean loss and accuracy, and its throughput so far.
    case step(epoch: Int, batch: Int, batchesPerEpoch: Int, loss: Double, accuracy: Double, examplesPerSecond: Double)
    case epochEnded(EpochMetrics)
  }

  /// How a run ended.
  public enum Outcome: Sendable {
    case completed(parameters: ParameterSet<Scalar>, history: [EpochMetrics])
    /// Stopped by `shouldStop` during epoch `epoch`; the last checkpoint holds `epochsCompleted`.
    case interrupted(epoch: Int, epochsCompleted: Int)
  }

  public init(
    model: Model, optimizer: Optimizer, epochs: Int, batchSize: Int, seed: UInt64, configuration: String,
    wrapper: TrainingWrapper<Scalar> = .none
  ) {
    precondition(epochs > 0 && batchSize > 0, "epochs and batchSize must be positive")
    (self.model, self.optimizer, self.epochs, self.batchSize, self.seed) = (model, optimizer, epochs, batchSize, seed)
    (self.configuration, self.wrapper) = (configuration, wrapper)
  }

  /// The checkpoint a run over `count` training examples starts from: fresh parameters,
  /// optimizer state and random streams, all derived from the seed.
  public func initialCheckpoint(count: Int) -> Checkpoint {
    var random = RandomGenerator(seed: seed)
    let parameters = model.initialParameters(seed: random.next())
    let batches = MinibatchIterator(count: count, batchSize: batchSize, seed: random.next())
    return Checkpoint(
      configuration: configuration, epochsCompleted: 0, parameters: parameters,
      optimizerState: optimizer.initialState(for: parameters), batches: batches, random: random, history: [])
  }

  /// Trains from `checkpoint` (a fresh one by default) to `epochs`.
  ///
  /// - Parameters:
  ///   - train, test: features [n, d] and labels in 0..<classes.
  ///   - save: called with a checkpoint after every epoch; it should write atomically.
  ///   - observe: progress events.
  ///   - shouldStop: polled after every step; returning true ends the run as `.interrupted`
  ///     without saving the partial epoch.
  public func run(
    train: (features: Tensor<Scalar>, labels: [Int]), test: (features: Tensor<Scalar>, labels: [Int]),
    from checkpoint: Checkpoint? = nil,
    save: (Checkpoint) throws -> Void = { _ in },
    observe: (Event) -> Void = { _ in },
    shouldStop: () -> Bool = { false }
  ) rethrows -> Outcome {
    let n = train.labels.count
    var state = checkpoint ?? initialCheckpoint(count: n)
    precondition(state.configuration == configuration, "checkpoint configuration differs: \(state.configuration) vs \(configuration)")
    precondition(state.batches.count == n, "checkpoint is for \(state.batches.count) training examples, not \(n)")
    let batchesPerEpoch = state.batches.batchesPerEpoch
    let classes = n == 0 ? 0 : model(train.features.slice(0..<1), parameters: state.parameters).shape[1]
    if wrapper.keepsState && state.wrapperState == nil {
      state.wrapperState = wrapper.initialState(labels: train.labels, classes: classes)
    }
    while state.epochsCompleted < epochs {
      let epoch = state.epochsCompleted + 1
      let start = Date()
      var lossSum = 0.0, correct = 0, seen = 0
      for batch in 0..<batchesPerEpoch {
        let indices = state.batches.next()
        let labels = indices.map { train.labels[$0] }
        let step = (epoch - 1) * batchesPerEpoch + batch
        let context = ForwardContext(isTraining: true, seed: state.random.next())
        let inputs = train.features.gathering(atIndices: indices)
        let minibatch = wrapper.prepare(
          inputs: inputs, labels: labels, indices: indices, classes: classes,
          epoch: epoch - 1, of: epochs, state: state.wrapperState, random: &state.random)
        var logitsAtStart: Tensor<Scalar>? = nil
        let objective = { (p: ParameterSet<Scalar>) -> (value: Scalar, gradient: ParameterSet<Scalar>) in
          let (logits, pullback) = valueWithPullback(at: p) { p in model(minibatch.inputs, parameters: p, context: context) }
          if logitsAtStart == nil { logitsAtStart = logits }
          let (loss, logitsGradient) = valueWithGradient(at: logits) { z in minibatch.loss(z).scalarized() }
          guard !penalties.isEmpty || !modelPenalties.isEmpty else { return (loss, pullback(logitsGradient)) }
          return (loss, pullback(logitsGradient) + penaltyGradient(at: p, inputs: inputs, step: step))
        }
        let (loss, gradient) = wrapper.gradientRule.lossAndGradient(at: state.parameters, of: objective)
        wrapper.record(logitsAtStart!, of: minibatch, indices: indices, state: &state.wrapperState)
        let stepper = stepOptimizer.map { bind in
          bind(Objective(value: Double(loss)) { p in
            let (value, gradient) = objective(p)
            return (Double(value), gradient.aligned(with: p))
          })
        }
        (stepper ?? optimizer).step(&state.parameters, gradient: gradient, state: &state.optimizerState)
        lossSum += Double(loss) * Double(indices.count)
        correct += correctPredictions(logits: minibatch.predictions(logitsAtStart!), labels: labels)
        seen += indices.count
        observe(.step(
          epoch: epoch, batch: batch + 1, batchesPerEpoch: batchesPerEpoch, loss: lossSum / Double(seen),
          accuracy: Double(correct) / Double(seen), examplesPerSecond: Double(seen) / max(Date().timeIntervalSince(start), 1e-9)))
        if shouldStop() { return .interrupted(epoch: epoch, epochsCompleted: state.epochsCompleted) }
      }
      let trainSeconds = Date().timeIntervalSince(start)
      let (testLoss, testAccuracy) = evaluate(state.parameters, on: test)
      let metrics = EpochMetrics(
        epoch: epoch, trainLoss: lossSum / Double(n), trainAccuracy: Double(correct) / Double(n),
        testLoss: testLoss, testAccuracy: testAccuracy, examplesPerSecond: Double(n) / max(trainSeconds, 1e-9),
        seconds: Date().timeIntervalSince(start),
        penalties: penaltyValues(state.parameters, inputs: train.features.slice(0..<min(n, 256)), step: epoch * batchesPerEpoch - 1),
        diagnostics: recordsDiagnostics ? Self.diagnostics(of: state.parameters) : nil)
      state.history.append(metrics)
      state.epochsCompleted = epoch
      try save(state)
      observe(.epochEnded(metrics))
    }
    return .completed(parameters: state.parameters, history: state.history)
  }

  /// Mean loss and accuracy of `parameters` on labelled examples (inference mode).
  public func evaluate(_ parameters: ParameterSet<Scalar>, on data: (features: Tensor<Scalar>, labels: [Int])) -> (loss: Double, accuracy: Double) {
    let n = data.labels.count
    guard n > 0 else { return (.nan, .nan) }
    var lossSum = 0.0, correct = 0
    for start in stride(from: 0, to: n, by: 1024) {
      let range = start..<min(n, start + 1024)
      let logits = model(data.features.slice(range), parameters: parameters)
      let labels = Array(data.labels[range])
      lossSum += Double(softmaxCrossEntropy(logits: logits, labels: labels, reduction: .sum).scalar)
      correct += correctPredictions(logits: logits, labels: labels)
    }
    return (lossSum / Double(n), Double(correct) / Double(n))
  }

  /// ∇ Σ λ(t)·R(θ) over the penalty terms.
  private func penaltyGradient(at parameters: ParameterSet<Scalar>, inputs: Tensor<Scalar>, step: Int) -> ParameterSet<Scalar> {
    var total = ParameterSet<Scalar>()
    for term in penalties { total = total + gradient(at: parameters) { term.value($0, step: step).scalarized() } }
    for term in modelPenalties { total = total + gradient(at: parameters) { term.value($0, inputs: inputs, step: step).scalarized() } }
    return total
  }

  /// σ₁ (exact and by power iteration), effective rank, sparsity and orthogonality error of
  /// every matrix parameter, in path order.
  static func diagnostics(of parameters: ParameterSet<Scalar>) -> [EpochMetrics.NamedValue] {
    parameters.entries.filter { $0.tensor.rank == 2 }.flatMap { path, w -> [EpochMetrics.NamedValue] in
      let d = WeightDiagnostics(w)
      return [("sigma1", d.spectralNorm), ("sigma1_power", d.powerIterationEstimate), ("effective_rank", d.effectiveRank),
              ("sparsity", d.sparsity), ("orthogonality_error", d.orthogonalityError)]
        .map { .init(name: "\(path).\($0)", value: $1 ?? .nan) }
    }
  }

  /// Each term's λ(t)·R(θ), or nil without penalties.
  private func penaltyValues(_ parameters: ParameterSet<Scalar>, inputs: Tensor<Scalar>, step: Int) -> [EpochMetrics.NamedValue]? {
    let reported = (penalties + proximalPenalties).map { EpochMetrics.NamedValue(name: $0.name, value: Double($0.value(parameters, step: step).scalar)) }
      + modelPenalties.map { .init(name: $0.name, value: Double($0.value(parameters, inputs: inputs, step: step).scalar)) }
    return reported.isEmpty ? nil : reported
  }
}

extension ClassifierTrainer where Optimizer == AnyGradientTransformation<Model.Scalar> {
  /// A trainer whose optimizer may read each minibatch's objective: its loss (Polyak's step
  /// size, MoMo, reduce-on-plateau), the loss at other parameters (L-BFGS's line search) or
  /// Hessian–vector products, by central differences of minibatch gradients (Sophia).
  public init(
    model: Model, optimizer: AnyLossAwareTransformation<Model.Scalar>, epochs: Int, batchSize: Int, seed: UInt64, configuration: String,
    wrapper: TrainingWrapper<Model.Scalar> = .none
  ) {
    self.init(
      model: model, optimizer: optimizer.unbound, epochs: epochs, batchSize: batchSize, seed: seed, configuration: configuration,
      wrapper: wrapper)
    stepOptimizer = optimizer.binding
  }
}

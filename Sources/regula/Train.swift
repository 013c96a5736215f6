import ArgumentParser
import Foundation
import Regula

/// `regula train`: an MLP classifier on the embedded digits or on a data file.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train an MLP classifier (default: the embedded 8×8 digits).",
    discussion: """
      Shows live progress on stderr, prints a summary on stdout, and writes metrics.csv and \
      checkpoint.json to --output. Interrupt with Ctrl-C and continue with --resume.
      """)

  @Option(help: "Training data (.csv, .libsvm/.svm, .npy). Default: the embedded digits.")
  var data: String?

  @Option(help: "Format of --data, overriding its extension (csv, libsvm, npy).")
  var format: DataFormat?

  @Option(help: "CSV target column: a name or a 0-based index. Default: the last column.")
  var target: String?

  @Option(help: "Hidden layer sizes, comma-separated.")
  var hidden: String = "128"

  @Option(help: "Activation of the hidden layers (\(Activation<Float>.Kind.allCases.map(\.rawValue).joined(separator: ", "))).")
  var activation: Activation<Float>.Kind = .relu

  @Option(help: "Epochs to train.")
  var epochs: Int = 30

  @Option(help: "Minibatch size.")
  var batchSize: Int = 32

  @Option(help: ArgumentHelp(
    "Optimizer: sgd, adam or adamw, or a spec string such as \"lion(lr=1e-4, weight_decay=0.1)\".",
    discussion: "With a bare name, --learning-rate, --weight-decay and --momentum apply; a spec with arguments carries its own (names: \(OptimizerRegistry.allNames.joined(separator: ", "))). Optimizers that read the objective (\(OptimizerRegistry.lossAwareNames.joined(separator: ", ")); lbfgs without lr has a line search) see each minibatch's loss; sophia takes its Hessian-vector products by central differences of minibatch gradients."))
  var optimizer: String = "adam"

  @Option(name: .customLong("wrapper"), help: ArgumentHelp(
    "Training wrapper: how each step's loss and gradient are computed, e.g. \"sam(rho=0.05)\" or \"elr(lambda=3, beta=0.7)\".",
    discussion: "Repeatable: one gradient rule (sam, asam, gam, amp, gradient_regularization) composes with one target or input rule, the rule evaluating that rule's objective (--wrapper sam --wrapper mixup). Names: \(TrainingWrapper<Float>.names.joined(separator: ", "))."))
  var wrappers: [String] = []

  @Option(help: "Learning rate (with a bare optimizer name).")
  var learningRate: Double = 1e-3

  @Option(help: "Decoupled weight decay (adamw) or its coefficient for sgd/adam (added to the update before the learning rate).")
  var weightDecay: Double = 0

  @Option(help: "Momentum for sgd (0 for none).")
  var momentum: Double = 0.9

  @Option(name: .customLong("penalty"), help: ArgumentHelp(
    "A penalty added to the objective, e.g. \"nuclear(1e-3)\" or \"l1(1e-5, on: dense1)\" (repeatable).",
    discussion: """
      The strength comes first; on: selects parameters by layer name or by a quoted glob such as on: \"dense*.bias\" (default: every weight). \
      prox: true applies a penalty that has a proximal operator by that operator after each optimizer step, with step = learning rate × strength, \
      instead of adding it to the objective (e.g. \"l1(1e-4, prox: true)\" gives exact zeros). \
      l2sp(α) and ewc(λ) pull towards the initial parameters (default on: every parameter; EWC weighs each by the diagonal Fisher of the training set at the start). \
      path_norm(λ, exponent=1) and jacobian(λ, sigma=0.01, samples=1) penalize the whole model (the latter by its denoising estimate on each minibatch). \
      Names: \(PenaltyRegistry.names.joined(separator: ", ")), l2sp, ewc, path_norm, jacobian.
      """))
  var penalties: [String] = []

  @Flag(help: "Record weight diagnostics after every epoch (σ₁ exact and by power iteration, effective rank, sparsity, orthogonality error of each weight matrix) as metrics columns.")
  var diagnostics = false

  @Option(help: "Fraction of the examples held out for testing.")
  var testFraction: Double = 0.2

  @Option(help: "Seed of every random choice (split, initialization, order, dropout).")
  var seed: UInt64 = 0

  @Option(help: "Directory for metrics.csv and checkpoint.json.")
  var output: String = "runs/train"

  @Option(help: "Checkpoint file. Default: <output>/checkpoint.json.")
  var checkpoint: String?

  @Flag(help: "Continue from the checkpoint instead of starting over.")
  var resume = false

  @Flag(help: "Also write <output>/report.html: loss and accuracy curves, the summary, the command.")
  var report = false

  @Flag(help: "Print the summary as one JSON object.")
  var json = false

  @Flag(help: "No progress display.")
  var quiet = false

  /// The optimizer as a parsed spec; a bare name gets `lr` (and `weight_decay`) from the flags.
  var optimizerSpec: MethodSpec {
    get throws {
      var spec: MethodSpec
      do { spec = try MethodSpec(parsing: optimizer) } catch { throw ValidationError("--optimizer: \(error.message)") }
      // Optimizers that read the objective keep their own defaults (bare lbfgs is the line search).
      if spec.arguments.isEmpty && !OptimizerRegistry.lossAwareNames.contains(spec.name) { spec.arguments = [.init("lr", .number(learningRate))] }
      return spec
    }
  }

  /// sgd, adam or adamw without arguments: built from --learning-rate, --weight-decay and
  /// --momentum, with the weight decay of issue 2's definition.
  /// The training wrapper `--wrapper` names.
  var trainingWrapper: TrainingWrapper<Float> {
    get throws {
      do {
        var parsed: [TrainingWrapper<Float>] = []
        for text in wrappers { parsed.append(try TrainingWrapper.make(MethodSpec(parsing: text))) }
        return try TrainingWrapper.combining(parsed)
      } catch { throw ValidationError("--wrapper: \(error.message)") }
    }
  }

  /// The wrapper as the configuration and summary name it.
  var wrapperDescription: String {
    wrappers.isEmpty ? "none" : wrappers.map { (try? MethodSpec(parsing: $0).description) ?? $0 }.joined(separator: " + ")
  }

  /// Whether `--wrapper` names one (the configuration of a run without stays as before).
  var usesWrapper: Bool { wrapperDescription != "none" }

  var usesBuiltInOptimizer: Bool { ["sgd", "adam", "adamw"].contains(optimizer.trimmingCharacters(in: .whitespaces)) }

  var hiddenSizes: [Int] {
    get throws {
      let sizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
        throw ValidationError("--hidden: expected positive integers separated by commas, got \"\(hidden)\"")
      }
      return sizes.map { $0! }
    }
  }

  func validate() throws {
    _ = try hiddenSizes
    guard epochs > 0 else { throw ValidationError("--epochs must be positive, got \(epochs)") }
    guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
    guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--learning-rate must be positive, got \(learningRate)") }
    guard weightDecay >= 0 else { throw ValidationError("--weight-decay must be non-negative, got \(weightDecay)") }
    guard momentum >= 0, momentum < 1 else { throw ValidationError("--momentum must be in [0, 1), got \(momentum)") }
    guard testFraction > 0, testFraction < 1 else { throw ValidationError("--test-fraction must be in (0, 1), got \(testFraction)") }
    if format != nil && data == nil { throw ValidationError("--format needs --data") }
    let spec = try optimizerSpec
    do { _ = try OptimizerRegistry.makeLossAware(spec) as AnyLossAwareTransformation<Float> } catch {
      throw ValidationError("--optimizer: \(error.message)")
    }
    _ = try trainingWrapper
    let choices = try penaltyChoices
    if choices.contains(where: \.proximal) { _ = try proximalStepSize }
    for choice in choices {
      if case .pathNorm = choice.kind, activation != .relu {
        throw ValidationError("--penalty \"\(choice.text)\": the path-norm is defined for ReLU networks; use --activation relu (got \(activation.rawValue))")
      }
    }
  }

  /// The --penalty options, parsed.
  var penaltyChoices: [PenaltyChoice] {
    get throws {
      var choices: [PenaltyChoice] = []
      for text in penalties {
        do { choices.append(try PenaltyChoice(parsing: text)) } catch { throw ValidationError("--penalty \"\(text)\": \(error.message)") }
      }
      return choices
    }
  }

  /// The step of `prox: true` penalties: the optimizer's learning rate, which must be a number.
  var proximalStepSize: Double {
    get throws {
      if usesBuiltInOptimizer { return learningRate }
      let spec = try optimizerSpec
      if let lr = spec.arguments.first(where: { ["lr", "learning_rate"].contains($0.name) }), case .number(let x) = lr.value { return x }
      throw ValidationError("--penalty with prox: true steps by the learning rate, but --optimizer \"\(optimizer)\" gives none as a number (lr=…)")
    }
  }

  /// Checks every --penalty against the model's parameters (targets and ranks).
  func validatePenalties(_ choices: [PenaltyChoice], for model: some Layer<Float>) throws {
    let parameters = model.initialParameters(seed: 0)
    for choice in choices {
      do { try choice.validate(against: parameters) } catch { throw ValidationError("--penalty \"\(choice.text)\": \(error.message)") }
    }
  }

  func run() throws {
    let (dataset, name) = try loadData()
    let (labels, classes) = dataset.encodedClassLabels()
    guard classes.count >= 2 else { throw InputError("\(name): the target has \(classes.count) class; a classifier needs at least 2") }
    let labelled = Dataset(features: dataset.features, targets: labels.map(Double.init))
    let (train, test) = labelled.split(testFraction: testFraction, seed: seed)
    let standardization = Standardization(fitting: train.features)
    let trainData = (standardization.apply(to: train.features), try train.classLabels())
    let testData = (standardization.apply(to: test.features), try test.classLabels())

    let wrapping = try trainingWrapper
    var inputRule = wrapping
    if case .withGradientRule(_, let inner) = wrapping { inputRule = inner }
    if case .cutout(_, let height, let width) = inputRule,
      TrainingWrapper<Float>.imageSize(featureCount: dataset.featureCount, height: height, width: width) == nil
    {
      throw ValidationError("--wrapper: cutout cannot read \(dataset.featureCount) features as a \(height.map(String.init) ?? "?")×\(width.map(String.init) ?? "?") image; give height and width")
    }
    let sizes = try hiddenSizes
    let model = Sequential<Float>.multilayerPerceptron(
      inputSize: dataset.featureCount, hiddenSizes: sizes, outputSize: classes.count, activation: activation)
    let shape = ([dataset.featureCount] + sizes + [classes.count]).map(String.init).joined(separator: "-")
    let terms = try penaltyChoices
    try validatePenalties(terms, for: model)
    let configuration = """
      data \(name) (\(dataset.count)×\(dataset.featureCount)), test fraction \(testFraction); mlp \(shape) \(activation); \
      \(optimizerDescription); \
      \(usesWrapper ? "wrapper \(wrapperDescription); " : "")\
      batch \(batchSize); seed \(seed)
      """ + terms.map { "; penalty \($0.name)\($0.proximal ? " by its prox" : "")" }.joined() + (diagnostics ? "; diagnostics" : "")
    let run = TrainRun(
      command: self, datasetName: name, modelShape: shape, configuration: configuration,
      train: trainData, test: testData, classes: classes.count, wrapper: wrapping, penalties: terms)
    let spec = try optimizerSpec
    switch (spec.name, usesBuiltInOptimizer) {
    case ("sgd", true):
      try run.train(model: model, optimizer: chain {
        AddDecayedWeights<Float>(weightDecay)
        sgd(learningRate: .constant(learningRate), momentum: momentum > 0 ? momentum : nil) as Chained<Trace<Float>, ScaleByLearningRate<Float>>
      })
    case ("adam", true):
      try run.train(model: model, optimizer: chain {
        AddDecayedWeights<Float>(weightDecay)
        adam(learningRate: .constant(learningRate)) as Chained<ScaleByAdam<Float>, ScaleByLearningRate<Float>>
      })
    case ("adamw", true):
      try run.train(model: model, optimizer: adamw(learningRate: .constant(learningRate), weightDecay: weightDecay) as AdamW<Float>)
    default:
      let optimizer: AnyLossAwareTransformation<Float> = try OptimizerRegistry.makeLossAware(spec)
      try run.train(model: model, optimizer: optimizer.unbound, stepOptimizer: optimizer.binding)
    }
  }

  /// The optimizer as the configuration and summary name it.
  var optimizerDescription: String {
    guard let spec = try? optimizerSpec else { return optimizer }
    guard usesBuiltInOptimizer else { return spec.description }
    return "\(spec.name)(lr=\(learningRate), weight_decay=\(weightDecay)\(spec.name == "sgd" ? ", momentum=\(momentum)" : ""))"
  }

  func loadData() throws -> (Dataset<Float>, String) {
    guard let data else { return (Digits.load(), "digits") }
    let column: TargetColumn = target.map { Int($0).map(TargetColumn.index) ?? .name($0) } ?? .last
    return (try loadDataset(path: data, format: format, target: column), data)
  }
}

extension Activation.Kind: ExpressibleByArgument {}
extension DataFormat: ExpressibleByArgument {}

/// One training run of `regula train`: checkpoints, metrics, progress and summary.
struct TrainRun {
  let command: Train
  let datasetName: String
  let modelShape: String
  let configuration: String
  let train: (features: Tensor<Float>, labels: [Int])
  let test: (features: Tensor<Float>, labels: [Int])
  let classes: Int
  let wrapper: TrainingWrapper<Float>
  let penalties: [PenaltyChoice]

  /// Trains with the --penalty options resolved: terms of the objective, and `prox: true`
  /// ones applied by ``ProximalUpdates`` after each step of `optimizer`.
  /// `stepOptimizer`, for optimizers that read the objective, binds each minibatch's
  /// objective to `optimizer` (see ``ClassifierTrainer/stepOptimizer``).
  func train<Model: Layer, Optimizer: GradientTransformation>(
    model: Model, optimizer: Optimizer, stepOptimizer: (@Sendable (Objective<Float>) -> Optimizer)? = nil
  ) throws where Model.Scalar == Float, Optimizer.Scalar == Float {
    var objective: [PenaltyTerm<Float>] = [], proximal: [PenaltyTerm<Float>] = []
    // The parameters the run starts from (the trainer's, from the seed), for l2sp and ewc.
    let initial = {
      ClassifierTrainer(model: model, optimizer: optimizer, epochs: 1, batchSize: 1, seed: command.seed, configuration: "")
        .initialCheckpoint(count: train.labels.count).parameters
    }
    var whole: [ModelPenaltyTerm<Float>] = []
    for choice in penalties {
      let terms = choice.terms(model: model, initial: initial, train: train)
      if choice.proximal { proximal += terms } else { objective += terms }
      if let term = choice.modelTerm(model: model, inputSize: train.features.shape[1], seed: command.seed) { whole.append(term) }
    }
    if proximal.isEmpty {
      try train(model: model, optimizer: optimizer, stepOptimizer: stepOptimizer, penalties: objective, proximal: [], model: whole)
    } else {
      let updates = ProximalUpdates(proximal, learningRate: .constant(try command.proximalStepSize))
      var boundChain: (@Sendable (Objective<Float>) -> Chained<Optimizer, ProximalUpdates<Float>>)? = nil
      if let stepOptimizer { boundChain = { objective in Chained(stepOptimizer(objective), updates) } }
      try train(
        model: model, optimizer: Chained(optimizer, updates), stepOptimizer: boundChain, penalties: objective,
        proximal: proximal, model: whole)
    }
  }

  func train<Model: Layer, Optimizer: GradientTransformation>(
    model: Model, optimizer: Optimizer, stepOptimizer: (@Sendable (Objective<Float>) -> Optimizer)?,
    penalties: [PenaltyTerm<Float>], proximal: [PenaltyTerm<Float>], model modelTerms: [ModelPenaltyTerm<Float>]
  ) throws where Model.Scalar == Float, Optimizer.Scalar == Float {
    let outputURL = URL(fileURLWithPath: command.output)
    let checkpointURL = command.checkpoint.map { URL(fileURLWithPath: $0) } ?? outputURL.appendingPathComponent("checkpoint.json")
    let metricsURL = outputURL.appendingPathComponent("metrics.csv")
    var trainer = ClassifierTrainer(
      model: model, optimizer: optimizer, epochs: command.epochs, batchSize: command.batchSize,
      seed: command.seed, configuration: configuration, wrapper: wrapper)
    trainer.penalties = penalties
    trainer.proximalPenalties = proximal
    trainer.modelPenalties = modelTerms
    trainer.recordsDiagnostics = command.diagnostics
    trainer.stepOptimizer = stepOptimizer
    typealias Checkpoint = ClassifierTrainer<Model, Optimizer>.Checkpoint

    var start: Checkpoint? = nil
    if command.resume {
      start = try loadCheckpoint(Checkpoint.self, at: checkpointURL, for: configuration) { $0.configuration }
    }
    do {
      try FileManager.default.createDirectory(at: outputURL, withIntermediateDirectories: true)
      try FileManager.default.createDirectory(at: checkpointURL.deletingLastPathComponent(), withIntermediateDirectories: true)
    } catch {
      throw DataError.unwritable(path: outputURL.path, reason: "cannot create the directory: \(error.localizedDescription)")
    }

    var progress = ProgressDisplay(quiet: command.quiet)
    progress.log("training \(modelShape) on \(datasetName): \(train.labels.count) train / \(test.labels.count) test examples"
      + (start.map { ", resuming after epoch \($0.epochsCompleted)" } ?? ""))
    Interrupt.install()
    let began = Date()
    let outcome = try trainer.run(
      train: train, test: test, from: start,
      save: { checkpoint in
        try writeAtomically(JSONEncoder().encode(checkpoint), to: checkpointURL)
        let header = EpochMetrics.csvHeader(
          penaltyNames: (penalties + proximal).map(\.name) + modelTerms.map(\.name), diagnosticNames: checkpoint.history.first?.diagnostics?.map(\.name) ?? [])
        let csv = ([header] + checkpoint.history.map(\.csvRow)).joined(separator: "\n") + "\n"
        try writeAtomically(Data(csv.utf8), to: metricsURL)
      },
      observe: { event in
        switch event {
        case .step(let epoch, let batch, let batches, let loss, let accuracy, let rate):
          progress.update(String(
            format: "epoch %d/%d %@ batch %d/%d  loss %.4f  acc %.4f  %.0f ex/s", epoch, command.epochs,
            ProgressDisplay.bar(Double(batch) / Double(batches)), batch, batches, loss, accuracy, rate))
        case .epochEnded(let m):
          progress.log(String(
            format: "epoch %d/%d  train loss %.4f  train acc %.4f  test loss %.4f  test acc %.4f  %.0f ex/s",
            m.epoch, command.epochs, m.trainLoss, m.trainAccuracy, m.testLoss, m.testAccuracy, m.examplesPerSecond))
        }
      },
      shouldStop: { Interrupt.requested })

    switch outcome {
    case .interrupted(let epoch, let completed):
      progress.notice("interrupted during epoch \(epoch); \(checkpointURL.path) holds epoch \(completed); continue with --resume")
      throw ExitCode(130)
    case .completed(_, let history):
      let last = history.last!
      var summary = Summary()
      summary.add("dataset", datasetName)
      summary.add("model", modelShape)
      summary.add("optimizer", command.optimizerDescription)
      if command.usesWrapper { summary.add("wrapper", command.wrapperDescription) }
      summary.add("epochs", last.epoch)
      summary.add("train_loss", last.trainLoss)
      summary.add("train_accuracy", last.trainAccuracy, digits: 4)
      summary.add("test_loss", last.testLoss)
      summary.add("test_accuracy", last.testAccuracy, digits: 4)
      let penaltyValues = last.penalties ?? []
      for (column, penalty) in zip(EpochMetrics.penaltyColumns(penaltyValues.map(\.name)), penaltyValues) {
        summary.add(column, penalty.value)
      }
      for diagnostic in last.diagnostics ?? [] { summary.add(diagnostic.name, diagnostic.value) }
      summary.add("time", seconds: Date().timeIntervalSince(began))
      summary.add("metrics", metricsURL.path)
      summary.add("checkpoint", checkpointURL.path)
      if command.report {
        let reportURL = outputURL.appendingPathComponent("report.html")
        try writeAtomically(Data(trainingReport(history, summary: summary).html().utf8), to: reportURL)
        summary.add("report", reportURL.path)
      }
      print(summary.render(json: command.json))
    }
  }
}

extension TrainRun {
  /// The HTML report of a finished run: curves per epoch, the summary, the exact command.
  func trainingReport(_ history: [EpochMetrics], summary: Summary) -> HTMLReport {
    var report = HTMLReport(title: "regula train: \(modelShape) on \(datasetName)")
    report.add(.paragraph(configuration))
    var loss = LineChart(title: "Loss", xLabel: "epoch", yLabel: "cross-entropy (nats)", logarithmicY: true)
    loss.add("train", points: history.map { (Double($0.epoch), $0.trainLoss) })
    loss.add("test", points: history.map { (Double($0.epoch), $0.testLoss) })
    var accuracy = LineChart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy (fraction correct)")
    accuracy.add("train", points: history.map { (Double($0.epoch), $0.trainAccuracy) })
    accuracy.add("test", points: history.map { (Double($0.epoch), $0.testAccuracy) })
    report.add(.chart(loss))
    report.add(.chart(accuracy))
    report.add(.heading("Summary"))
    report.add(.table(header: ["key", "value"], rows: summary.render(json: false).split(separator: "\n").map {
      let parts = $0.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      return [parts[0], parts.count > 1 ? parts[1] : ""]
    }))
    report.add(.heading("Command"))
    report.add(.code((["regula"] + CommandLine.arguments.dropFirst()).joined(separator: " ") + "\n(seed \(command.seed))"))
    return report
  }
}

/// One `--penalty`, parsed: a registry penalty of single tensors, or L2-SP / EWC anchored at
/// the run's initial parameters; added to the objective, or applied by its prox after each
/// optimizer step (`prox: true`).
struct PenaltyChoice {
  enum Kind {
    case term(PenaltyTerm<Float>)
    /// L2-SP (`ewc` false) or EWC towards the initial parameters that `target` selects.
    case anchored(ewc: Bool, weight: Schedule, target: PathPattern)
    /// A penalty of the whole model (``ModelPenaltyTerm``).
    case pathNorm(weight: Schedule, exponent: Int)
    case jacobian(weight: Schedule, sigma: Double, samples: Int)
  }

  /// The option as given.
  var text: String
  /// The spec as written back, without `prox`: what the configuration calls it.
  var name: String
  var kind: Kind
  var proximal: Bool

  /// The strength λ: first, or `weight=`; a number or a schedule.
  static func weight(_ a: inout MethodSpec.Arguments, _ name: String, default d: Double) throws(MethodSpecError) -> Schedule {
    switch a.value("weight", aliases: ["lambda"], position: 0) {
    case nil: return .constant(d)
    case .number(let x)?:
      guard x >= 0, x.isFinite else { throw MethodSpecError("penalty \(name): weight must be non-negative and finite, got \(x)") }
      return .constant(x)
    case .spec(let s)?: return try Schedule.make(s)
    case let v?: throw a.wrongKind("weight", "a number or a schedule", v)
    }
  }

  init(parsing text: String) throws(MethodSpecError) {
    var spec = try MethodSpec(parsing: text)
    proximal = false
    if let i = spec.arguments.firstIndex(where: { $0.name == "prox" }) {
      guard case .bool(let b) = spec.arguments[i].value else {
        throw MethodSpecError("penalty \(spec.name): prox must be true or false, got \(spec.arguments[i].value)")
      }
      proximal = b
      spec.arguments.remove(at: i)
    }
    (self.text, name) = (text, spec.description)
    switch spec.name {
    case "l2sp", "ewc":
      var a = spec.reader(for: "penalty")
      let weight = try Self.weight(&a, spec.name, default: spec.name == "l2sp" ? 0.1 : 1)
      let target = PathPattern(try a.string("on", aliases: ["target"], default: "*"))
      try a.finish()
      kind = .anchored(ewc: spec.name == "ewc", weight: weight, target: target)
    case "path_norm", "jacobian":
      guard !proximal else { throw MethodSpecError("penalty \(spec.name) has no proximal operator; drop prox: true to add it to the objective") }
      var a = spec.reader(for: "penalty")
      let weight = try Self.weight(&a, spec.name, default: 1)
      if spec.name == "path_norm" {
        let exponent = try a.int("exponent", default: 1)
        guard exponent == 1 || exponent == 2 else { throw MethodSpecError("penalty path_norm: exponent must be 1 or 2, got \(exponent)") }
        kind = .pathNorm(weight: weight, exponent: exponent)
      } else {
        let sigma = try a.double("sigma", default: 0.01), samples = try a.int("samples", default: 1)
        guard sigma > 0, sigma.isFinite, samples >= 1 else {
          throw MethodSpecError("penalty jacobian: sigma must be positive and samples at least 1, got \(sigma), \(samples)")
        }
        kind = .jacobian(weight: weight, sigma: sigma, samples: samples)
      }
      try a.finish()
    case "flops":
      throw MethodSpecError(
        "penalty flops acts on a layer's activations, and regula train's MLP exposes none to penalize; in code apply FLOPsRegularizer to your embeddings")
    default:
      let term: PenaltyTerm<Float> = try PenaltyRegistry.make(spec)
      if proximal && !term.isProximal {
        throw MethodSpecError("penalty \(spec.name) has no proximal operator; drop prox: true to add it to the objective")
      }
      kind = .term(term)
    }
  }

  /// Checks targets and ranks against the model's parameters.
  func validate(against parameters: ParameterSet<Float>) throws(PenaltyError) {
    switch kind {
    case .term(let term): try term.validate(against: parameters)
    case .anchored(_, _, let target):
      if !parameters.paths.contains(where: target.matches) {
        throw PenaltyError("penalty \(name): target \"\(target)\" matches no parameter; parameters are \(parameters.paths.joined(separator: ", "))")
      }
    case .pathNorm, .jacobian: break
    }
  }

  /// The whole-model term, or nil for a penalty of tensors.
  func modelTerm<Model: Layer>(model: Model, inputSize: Int, seed: UInt64) -> ModelPenaltyTerm<Float>? where Model.Scalar == Float {
    switch kind {
    case .pathNorm(let weight, let exponent):
      return .pathNorm(of: model, inputSize: inputSize, exponent: exponent, weight: weight, name: name)
    case .jacobian(let weight, let sigma, let samples):
      return .jacobian(of: model, sigma: sigma, samples: samples, seed: seed, weight: weight, name: name)
    case .term, .anchored: return nil
    }
  }

  /// The penalty terms, with anchors at `initial()` (and EWC's Fisher on `train` there).
  func terms<Model: Layer>(model: Model, initial: () -> ParameterSet<Float>, train: (features: Tensor<Float>, labels: [Int])) -> [PenaltyTerm<Float>]
  where Model.Scalar == Float {
    switch kind {
    case .term(let term): return [term]
    case .pathNorm, .jacobian: return []
    case .anchored(let ewc, let weight, let target):
      let start = initial()
      let anchors = ParameterSet(start.entries.filter { target.matches($0.path) })
      guard ewc else { return PenaltyTerm.anchored(to: anchors, weight: weight) }
      let fisher = diagonalFisher(of: model, parameters: start, features: train.features, labels: train.labels)
      return PenaltyTerm.elasticWeightConsolidation(anchors: anchors, fisher: fisher, weight: weight)
    }
  }
}

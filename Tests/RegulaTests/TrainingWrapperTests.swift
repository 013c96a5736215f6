import Foundation
@testable import Regula
import Testing
import _Differentiation
import _RegulaTestSupport

/// `TrainingWrapper`: the spec registry, its integration into `ClassifierTrainer` (one step
/// checked against the same update computed by hand), and exact resumption of runs whose
/// wrapper keeps state or draws random numbers.
struct TrainingWrapperTests {
  typealias Trainer = ClassifierTrainer<Sequential<Double>, Chained<Trace<Double>, ScaleByLearningRate<Double>>>

  static let learningRate = 0.5

  static func data(_ n: Int, seed: UInt64) -> (features: Tensor<Double>, labels: [Int]) {
    let (x, labels) = ClassifierTrainerTests.blobs(n, seed: seed)
    return (Tensor(shape: x.shape, scalars: x.scalars.map(Double.init)), labels)
  }

  static func trainer(_ wrapper: String, epochs: Int, batchSize: Int, dropout: Double = 0) throws -> Trainer {
    let model = Sequential<Double>.multilayerPerceptron(inputSize: 5, hiddenSizes: [8], outputSize: 3, dropoutRate: dropout)
    return ClassifierTrainer(
      model: model, optimizer: sgd(learningRate: .constant(learningRate)), epochs: epochs, batchSize: batchSize, seed: 4,
      configuration: wrapper, wrapper: try TrainingWrapper.make(MethodSpec(parsing: wrapper)))
  }

  /// Runs to the end and returns the last checkpoint.
  static func finalCheckpoint(_ trainer: Trainer, train: (features: Tensor<Double>, labels: [Int])) throws -> Trainer.Checkpoint {
    var last: Trainer.Checkpoint? = nil
    _ = try trainer.run(train: train, test: train, save: { last = $0 })
    return try #require(last)
  }

  // MARK: Registry

  @Test func everyNameBuildsWithItsDefaults() throws {
    for name in TrainingWrapper<Float>.names {
      let spec = name == "cutout" ? "cutout(size=2)" : name
      _ = try TrainingWrapper<Float>.make(MethodSpec(parsing: spec))
    }
    guard case .gradient(let rule) = try TrainingWrapper<Double>.make(MethodSpec(parsing: "sam")), let sam = rule as? SAM<Double> else {
      Issue.record("sam is not a gradient rule"); return
    }
    #expect(sam.rho == 0.05 && !sam.adaptive)
    guard case .gradient(let asamRule) = try TrainingWrapper<Double>.make(MethodSpec(parsing: "asam")), let asam = asamRule as? SAM<Double> else {
      Issue.record("asam is not a gradient rule"); return
    }
    #expect(asam.rho == 2 && asam.adaptive)
    guard case .elr(let elr) = try TrainingWrapper<Double>.make(MethodSpec(parsing: "elr(lambda=7, beta=0.9)")) else {
      Issue.record("elr"); return
    }
    #expect(elr.lambda == 7 && elr.beta == 0.9)
  }

  @Test(arguments: [
    ("samm", "unknown wrapper \"samm\"; valid wrappers: amp, asam, cutout, elle, elr, gam"),
    ("sam(rho=-0.1)", "wrapper sam: rho must be non-negative, got -0.1"),
    ("sam(radius=1)", "unknown argument \"radius\" for wrapper sam; valid arguments: rho"),
    ("asam(rho=inf)", "wrapper asam: rho must be non-negative, got inf"),
    ("gam(norm_rho=-1)", "wrapper gam: norm_rho must be non-negative"),
    ("amp(inner_iter=-1)", "wrapper amp: inner_iter must be non-negative, got -1"),
    ("amp(inner_lr=0)", "wrapper amp: inner_lr must be positive, got 0.0"),
    ("gradient_regularization(epsilon=0)", "wrapper gradient_regularization: epsilon must be positive"),
    ("label_smoothing(alpha=1)", "wrapper label_smoothing: alpha must be in [0, 1), got 1.0"),
    ("mixup(alpha=0)", "wrapper mixup: alpha must be positive"),
    ("cutout", "wrapper cutout: missing required argument size"),
    ("cutout(size=0)", "wrapper cutout: size must be a positive integer, got 0"),
    ("elr(beta=1)", "wrapper elr: beta must be in [0, 1), got 1.0"),
    ("elr(lambda=\"big\")", "wrapper elr: argument lambda must be a number"),
    ("pskd(alpha=1.5)", "wrapper pskd: alpha must be in [0, 1], got 1.5"),
    ("elle(epsilon=-1)", "wrapper elle: epsilon must be non-negative"),
  ])
  func badSpecsThrowErrorsNamingTheArgument(_ spec: String, _ message: String) throws {
    let error = #expect(throws: MethodSpecError.self) { try TrainingWrapper<Float>.make(MethodSpec(parsing: spec)) }
    #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
  }

  // MARK: Integration

  @Test func samWithZeroRadiusIsPlainTrainingAndAPositiveRadiusIsNot() throws {
    let train = Self.data(60, seed: 1)
    let plain = try Self.finalCheckpoint(Self.trainer("none", epochs: 2, batchSize: 16, dropout: 0.1), train: train)
    let zero = try Self.finalCheckpoint(Self.trainer("sam(rho=0)", epochs: 2, batchSize: 16, dropout: 0.1), train: train)
    let sam = try Self.finalCheckpoint(Self.trainer("sam(rho=0.05)", epochs: 2, batchSize: 16, dropout: 0.1), train: train)
    #expect(zero.parameters == plain.parameters)
    #expect(sam.parameters != plain.parameters)
  }

  /// One full-batch epoch of SAM: θ₁ = θ₀ − η·∇L(θ₀ + ρ·g/‖g‖), computed here with the
  /// model and loss directly.
  @Test func samStepInTheTrainerIsTheGradientAtThePerturbedParameters() throws {
    let train = Self.data(40, seed: 2)
    let trainer = try Self.trainer("sam(rho=0.3)", epochs: 1, batchSize: 40)
    let theta0 = trainer.initialCheckpoint(count: 40).parameters
    func loss(_ p: ParameterSet<Double>) -> Double {
      softmaxCrossEntropy(logits: trainer.model(train.features, parameters: p), labels: train.labels).scalarized()
    }
    let g = gradient(at: theta0, of: loss).aligned(with: theta0)
    let norm = g.tensors.reduce(0) { $0 + ($1 * $1).sum().scalar }.squareRoot()
    let perturbed = theta0.mapTensors { path, t in t + (0.3 / (norm + 1e-12)) * g[path] }
    let gSAM = gradient(at: perturbed, of: loss).aligned(with: theta0)
    let expected = theta0.mapTensors { path, t in t - Self.learningRate * gSAM[path] }
    let theta1 = try Self.finalCheckpoint(trainer, train: train).parameters
    for path in theta0.paths {
      #expect(maxRelativeDifference(theta1[path], expected[path], floor: 1e-3) < 1e-10, "\(path)")
    }
  }

  /// Two full-batch epochs of ELR: the stored targets and the parameters follow the
  /// reference's update (targets first, from the same forward pass; then the loss).
  @Test func elrStepsInTheTrainerFollowTheReferenceUpdate() throws {
    let train = Self.data(30, seed: 3)
    let trainer = try Self.trainer("elr(beta=0.7, lambda=3)", epochs: 2, batchSize: 30)
    let elr = EarlyLearningRegularization<Double>(beta: 0.7, lambda: 3)
    var theta = trainer.initialCheckpoint(count: 30).parameters
    var targets = Tensor<Double>(zeros: [30, 3])
    for _ in 0..<2 {
      let logits = trainer.model(train.features, parameters: theta)
      targets = elr.updatedTargets(targets, logits: logits)
      let t = targets
      let g = gradient(at: theta) { p in
        elr.loss(logits: trainer.model(train.features, parameters: p), labels: train.labels, targets: t).scalarized()
      }.aligned(with: theta)
      theta = theta.mapTensors { path, w in w - Self.learningRate * g[path] }
    }
    let checkpoint = try Self.finalCheckpoint(trainer, train: train)
    let stored = try #require(checkpoint.wrapperState?.targets)
    #expect(maxRelativeDifference(stored.values, targets, floor: 1e-6) < 1e-10)
    for path in theta.paths {
      #expect(maxRelativeDifference(checkpoint.parameters[path], theta[path], floor: 1e-3) < 1e-10, "\(path)")
    }
  }

  /// Three full-batch epochs of PS-KD (E = 3): epoch e trains on
  /// (1 − αₑ)·onehot + αₑ·softmax(logits of epoch e − 1).
  @Test func pskdStepsInTheTrainerFollowTheReferenceUpdate() throws {
    let train = Self.data(30, seed: 4)
    let trainer = try Self.trainer("pskd(alpha=0.6)", epochs: 3, batchSize: 30)
    var theta = trainer.initialCheckpoint(count: 30).parameters
    let oneHot = Tensor<Double>.oneHot(train.labels, depth: 3)
    var previous = oneHot
    for epoch in 0..<3 {
      let alpha = 0.6 * Double(epoch + 1) / 3
      let targets = (1 - alpha) * oneHot + alpha * previous
      previous = softmax(trainer.model(train.features, parameters: theta))
      let g = gradient(at: theta) { p in
        softmaxCrossEntropy(logits: trainer.model(train.features, parameters: p), probabilities: targets).scalarized()
      }.aligned(with: theta)
      theta = theta.mapTensors { path, w in w - Self.learningRate * g[path] }
    }
    let checkpoint = try Self.finalCheckpoint(trainer, train: train)
    #expect(maxRelativeDifference(try #require(checkpoint.wrapperState?.targets).values, previous, floor: 1e-6) < 1e-10)
    for path in theta.paths {
      #expect(maxRelativeDifference(checkpoint.parameters[path], theta[path], floor: 1e-3) < 1e-10, "\(path)")
    }
  }

  @Test func labelSmoothingBatchUsesTheSmoothedCrossEntropy() throws {
    var random = RandomGenerator(seed: 1)
    let x = randomTensor([4, 5], seed: 2)
    let batch = try TrainingWrapper<Double>.make(MethodSpec(parsing: "label_smoothing(alpha=0.2)")).prepare(
      inputs: x, labels: [0, 2, 1, 1], indices: [0, 1, 2, 3], classes: 3, epoch: 0, of: 1, state: nil, random: &random)
    #expect(random == RandomGenerator(seed: 1), "label smoothing draws no random numbers")
    let z = randomTensor([4, 3], seed: 3)
    let smoothed = 0.8 * Tensor<Double>.oneHot([0, 2, 1, 1], depth: 3) + 0.2 / 3
    #expect(Swift.abs(batch.loss(z).scalar - softmaxCrossEntropy(logits: z, probabilities: smoothed).scalar) < 1e-14)
  }

  @Test func mixupAndElleBatchesAndTheirGradients() throws {
    var random = RandomGenerator(seed: 1)
    let x = randomTensor([4, 5], seed: 2)
    let labels = [0, 2, 1, 1]
    let mixup = try TrainingWrapper<Double>.make(MethodSpec(parsing: "mixup(alpha=0.5)")).prepare(
      inputs: x, labels: labels, indices: [0, 1, 2, 3], classes: 3, epoch: 0, of: 1, state: nil, random: &random)
    guard case .probabilities(let targets) = mixup.objective else { Issue.record("mixup targets"); return }
    #expect(targets.shape == [4, 3] && mixup.inputs.shape == [4, 5] && mixup.inputs != x)
    #expect(targets.sum(alongAxes: [1]).scalars.allSatisfy { Swift.abs($0 - 1) < 1e-14 })

    let elle = try TrainingWrapper<Double>.make(MethodSpec(parsing: "elle(epsilon=0.2, lambda=2)")).prepare(
      inputs: x, labels: labels, indices: [0, 1, 2, 3], classes: 3, epoch: 0, of: 1, state: nil, random: &random)
    #expect(elle.inputs.shape == [16, 5] && elle.inputs.slice(0..<4) == x)
    let z = randomTensor([16, 3], seed: 5)
    guard case .elle(_, _, let alpha) = elle.objective else { Issue.record("elle objective"); return }
    let perExample = softmaxCrossEntropy(logits: z.slice(4..<16), labels: labels + labels + labels, reduction: .none)
    let expected = softmaxCrossEntropy(logits: z.slice(0..<4), labels: labels).scalar
      + 2 * ELLE.linearityError(losses: perExample, alpha: alpha).scalar
    #expect(Swift.abs(elle.loss(z).scalar - expected) < 1e-14)
    #expect(gradientError(at: z) { elle.loss($0) } < 1e-6)
    #expect(gradientError(at: randomTensor([4, 3], seed: 6)) { mixup.loss($0) } < 1e-6)
  }

  @Test(arguments: ["elr(lambda=3, beta=0.7)", "pskd", "mixup(alpha=0.4)", "elle(epsilon=0.3, adaptive=true, lambda=5)", "cutout(size=2, height=1, width=5)", "gam"])
  func resumedRunEndsWithTheSameParametersAsAnUninterruptedOne(_ wrapper: String) throws {
    let train = Self.data(48, seed: 1), test = Self.data(20, seed: 2)
    let trainer = try Self.trainer(wrapper, epochs: 3, batchSize: 16, dropout: 0.1)
    guard case .completed(let straight, _) = try trainer.run(train: train, test: test) else { Issue.record("did not complete"); return }
    var saved: Data? = nil
    var steps = 0
    let outcome = try trainer.run(
      train: train, test: test, save: { saved = try JSONEncoder().encode($0) }, shouldStop: { steps += 1; return steps == 3 + 2 })
    guard case .interrupted(_, let completed) = outcome else { Issue.record("was not interrupted"); return }
    #expect(completed == 1)
    let checkpoint = try JSONDecoder().decode(Trainer.Checkpoint.self, from: try #require(saved))
    #expect((checkpoint.wrapperState != nil) == (try TrainingWrapper<Double>.make(MethodSpec(parsing: wrapper))).keepsState)
    guard case .completed(let resumed, _) = try trainer.run(train: train, test: test, from: checkpoint) else {
      Issue.record("resume did not complete"); return
    }
    #expect(resumed == straight)
  }
}

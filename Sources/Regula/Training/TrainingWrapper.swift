/// How ``ClassifierTrainer`` turns a minibatch into a loss and a gradient: the `--wrapper`
/// of `regula train`.
///
/// A wrapper is one of three kinds:
/// - a **gradient rule** (SAM, ASAM, GAM, AMP, finite-difference gradient regularization):
///   the objective, cross-entropy plus penalties, is unchanged, and the rule decides at which
///   parameters it is evaluated and how the gradients combine (``GradientWrapper``);
/// - a **target rule** (label smoothing, ELR, PS-KD): the loss on the logits changes; ELR
///   and PS-KD keep one distribution per training example in the checkpoint
///   (``TrainingWrapperState``);
/// - an **input rule** (mixup, Cutout, ELLE): the minibatch fed to the model changes, drawn
///   from the run's random stream, which the checkpoint carries.
///
/// Built from spec strings by ``make(_:)``: `sam(rho=0.05)`, `elr(lambda=3, beta=0.7)`.
public enum TrainingWrapper<Scalar: TensorScalar>: Sendable {
  /// Plain cross-entropy and its gradient.
  case none
  /// A gradient rule: ``SAM`` (and ASAM), ``GAM``, ``AMP``, ``FiniteDifferenceGradientRegularization``.
  case gradient(any GradientWrapper<Scalar>)
  /// Softmax cross-entropy with label smoothing α (``softmaxCrossEntropy(logits:labels:labelSmoothing:reduction:mask:)``).
  case labelSmoothing(Double)
  /// ``Mixup`` of the minibatch's inputs and one-hot targets.
  case mixup(Mixup)
  /// Cutout on rows reshaped to `height × width` images (a square when nil).
  case cutout(Cutout, height: Int?, width: Int?)
  /// ``EarlyLearningRegularization``, its targets in the checkpoint.
  case elr(EarlyLearningRegularization<Scalar>)
  /// PS-KD with α_T; the number of epochs is the trainer's.
  case pskd(finalAlpha: Double)
  /// ELLE; with `adaptive`, ELLE-A's weight (its starting λ and maximum is the state's).
  case elle(ELLE, adaptive: AdaptiveLinearityWeight?)
  /// A gradient rule around a target or input rule's objective (``combining(_:)``): the
  /// inner wrapper prepares the minibatch and its loss, and the rule decides where that
  /// objective is evaluated.
  indirect case withGradientRule(any GradientWrapper<Scalar>, around: TrainingWrapper)

  /// Whether the wrapper keeps per-example state in the checkpoint.
  var keepsState: Bool {
    switch self {
    case .elr, .pskd: return true
    case .elle(_, let adaptive): return adaptive != nil
    case .withGradientRule(_, let inner): return inner.keepsState
    default: return false
    }
  }

  /// The gradient rule; the plain gradient unless the wrapper is one.
  var gradientRule: any GradientWrapper<Scalar> {
    switch self {
    case .gradient(let rule), .withGradientRule(let rule, _): return rule
    default: return PlainGradient<Scalar>()
    }
  }

  /// The state before the first step, for training labels `labels` over `classes` classes.
  func initialState(labels: [Int], classes: Int) -> TrainingWrapperState<Scalar> {
    switch self {
    case .elr: return TrainingWrapperState(targets: ExampleTargets(count: labels.count, classes: classes))
    case .pskd: return TrainingWrapperState(targets: ExampleTargets(oneHot: labels, classes: classes))
    case .elle(_, let adaptive): return TrainingWrapperState(linearityWeight: adaptive)
    case .withGradientRule(_, let inner): return inner.initialState(labels: labels, classes: classes)
    default: return TrainingWrapperState()
    }
  }
}

/// What a wrapper remembers between steps (in the checkpoint, so a resumed run is exact).
public struct TrainingWrapperState<Scalar: TensorScalar>: Codable, Sendable, Equatable {
  /// ELR's running targets or PS-KD's last predictions, one row per training example.
  public var targets: ExampleTargets<Scalar>?
  /// ELLE-A's adaptive weight.
  public var linearityWeight: AdaptiveLinearityWeight?

  public init(targets: ExampleTargets<Scalar>? = nil, linearityWeight: AdaptiveLinearityWeight? = nil) {
    (self.targets, self.linearityWeight) = (targets, linearityWeight)
  }
}

extension TrainingWrapper {
  /// The wrapper names ``make(_:)`` accepts, sorted.
  public static var names: [String] {
    ["amp", "asam", "cutout", "elle", "elr", "gam", "gradient_regularization", "label_smoothing", "mixup", "none", "pskd", "sam"]
  }

  /// Several wrappers as one: at most one gradient rule (SAM, ASAM, GAM, AMP, gradient
  /// regularization) around at most one target or input rule, in either order
  /// (`[sam, mixup]` is SAM on mixup's minibatch and loss). `none` entries are dropped.
  ///
  /// Two gradient rules do not compose (each needs the plain objective's gradients; nesting
  /// them is a different method), nor do two target or input rules (each defines the
  /// minibatch's targets or inputs): those throw a ``MethodSpecError`` naming them.
  public static func combining(_ wrappers: [TrainingWrapper]) throws(MethodSpecError) -> TrainingWrapper {
    var rules: [any GradientWrapper<Scalar>] = [], others: [TrainingWrapper] = []
    for wrapper in wrappers {
      switch wrapper {
      case .none: continue
      case .gradient(let rule): rules.append(rule)
      case .withGradientRule(let rule, let inner): rules.append(rule); others.append(inner)
      default: others.append(wrapper)
      }
    }
    guard rules.count <= 1 else { throw MethodSpecError("wrappers: \(rules.count) gradient rules do not compose; give at most one of sam, asam, gam, amp, gradient_regularization") }
    guard others.count <= 1 else { throw MethodSpecError("wrappers: \(others.count) target or input rules do not compose; give at most one besides a gradient rule") }
    switch (rules.first, others.first) {
    case let (rule?, inner?): return .withGradientRule(rule, around: inner)
    case let (rule?, nil): return .gradient(rule)
    case let (nil, inner?): return inner
    case (nil, nil): return .none
    }
  }

  /// The wrapper a spec names, e.g. `sam(rho=0.05)`, `asam(rho=2)`,
  /// `gam(rho=0.02, norm_rho=0.2, beta1=1, beta2=-1, beta3=1, gamma=0.03, adaptive=false)`,
  /// `amp(epsilon=0.5, inner_lr=1, inner_iter=1)`, `gradient_regularization(gamma=0.1, epsilon=0.01)`,
  /// `label_smoothing(alpha=0.1)`, `mixup(alpha=1)`, `cutout(size=4, height=8, width=8)`,
  /// `elr(beta=0.7, lambda=3)`, `pskd(alpha=0.8)`,
  /// `elle(epsilon=0.1, lambda=1, adaptive=false, sensitivity=2, decay=0.99)`.
  ///
  /// An unknown wrapper or argument, a value of the wrong kind or out of range throws a
  /// ``MethodSpecError`` naming it and listing what is valid.
  public static func make(_ spec: MethodSpec) throws(MethodSpecError) -> TrainingWrapper {
    var a = spec.reader(for: "wrapper")
    func number(_ name: String, default d: Double, _ valid: (Double) -> Bool, _ range: String) throws(MethodSpecError) -> Double {
      let x = try a.double(name, default: d)
      guard x.isFinite, valid(x) else { throw MethodSpecError("wrapper \(spec.name): \(name) must be \(range), got \(x)") }
      return x
    }
    func nonNegative(_ name: String, default d: Double) throws(MethodSpecError) -> Double {
      try number(name, default: d, { $0 >= 0 }, "non-negative")
    }
    func positive(_ name: String, default d: Double) throws(MethodSpecError) -> Double {
      try number(name, default: d, { $0 > 0 }, "positive")
    }
    func positiveInt(_ name: String) throws(MethodSpecError) -> Int? {
      guard a.value(name) != nil else { return nil }
      let x = try a.int(name, default: 0)
      guard x > 0 else { throw MethodSpecError("wrapper \(spec.name): \(name) must be a positive integer, got \(x)") }
      return x
    }
    let result: TrainingWrapper
    switch spec.name {
    case "none":
      result = .none
    case "sam":
      result = .gradient(SAM<Scalar>(rho: try nonNegative("rho", default: 0.05)))
    case "asam":
      result = .gradient(SAM<Scalar>.adaptive(rho: try nonNegative("rho", default: 2)))
    case "gam":
      result = .gradient(GAM<Scalar>(
        rho: try nonNegative("rho", default: 0.02), normRho: try nonNegative("norm_rho", default: 0.2),
        beta1: try a.double("beta1", default: 1), beta2: try a.double("beta2", default: -1), beta3: try a.double("beta3", default: 1),
        gamma: try a.double("gamma", default: 0.03), adaptive: try a.bool("adaptive", default: false)))
    case "amp":
      let iterations = try a.int("inner_iter", default: 1)
      guard iterations >= 0 else { throw MethodSpecError("wrapper amp: inner_iter must be non-negative, got \(iterations)") }
      result = .gradient(AMP<Scalar>(
        epsilon: try nonNegative("epsilon", default: 0.5), innerLearningRate: try positive("inner_lr", default: 1),
        innerIterations: iterations))
    case "gradient_regularization":
      result = .gradient(FiniteDifferenceGradientRegularization<Scalar>(
        gamma: try nonNegative("gamma", default: 0.1), epsilon: try positive("epsilon", default: 0.01)))
    case "label_smoothing":
      result = .labelSmoothing(try number("alpha", default: 0.1, { $0 >= 0 && $0 < 1 }, "in [0, 1)"))
    case "mixup":
      result = .mixup(Mixup(alpha: try positive("alpha", default: 1)))
    case "cutout":
      guard let size = try positiveInt("size") else { throw MethodSpecError("wrapper cutout: missing required argument size") }
      result = .cutout(Cutout(size: size), height: try positiveInt("height"), width: try positiveInt("width"))
    case "elr":
      result = .elr(EarlyLearningRegularization<Scalar>(
        beta: try number("beta", default: 0.7, { $0 >= 0 && $0 < 1 }, "in [0, 1)"), lambda: try nonNegative("lambda", default: 3)))
    case "pskd":
      result = .pskd(finalAlpha: try number("alpha", default: 0.8, { $0 >= 0 && $0 <= 1 }, "in [0, 1]"))
    case "elle":
      let epsilon = try nonNegative("epsilon", default: 0.1)
      let lambda = try nonNegative("lambda", default: 1)
      let adaptive = try a.bool("adaptive", default: false)
      let sensitivity = try a.double("sensitivity", default: 2)
      let decay = try number("decay", default: 0.99, { $0 >= 0 && $0 <= 1 }, "in [0, 1]")
      result = .elle(ELLE(epsilon: epsilon, lambda: lambda),
        adaptive: adaptive ? AdaptiveLinearityWeight(maximum: lambda, sensitivity: sensitivity, decay: decay) : nil)
    default:
      throw MethodSpecError("unknown wrapper \"\(spec.name)\"; valid wrappers: \(names.joined(separator: ", "))")
    }
    try a.finish()
    return result
  }
}

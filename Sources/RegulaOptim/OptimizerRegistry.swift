/// Optimizers and schedules by name, built from spec strings such as
/// `adamw(lr=1e-3, weight_decay=0.1)` or `sgd(lr=cosine(init=0.1, decay_steps=1000), momentum=0.9)`
/// (the syntax is ``MethodSpec``'s).
///
/// Argument names follow Optax (`lr` or `learning_rate`, `b1`, `b2`, `eps`, `eps_root`,
/// `weight_decay`, …) and default to the Swift functions' defaults. An unknown optimizer, an
/// unknown argument or a value of the wrong kind throws a ``MethodSpecError`` whose message
/// lists what is valid.
public enum OptimizerRegistry {
  /// The optimizer names `make` accepts, sorted.
  public static let names: [String] = [
    "acprop", "adabelief", "adadelta", "adafactor", "adagrad", "adam", "ademamix", "adamax", "adamaxw", "adamw", "adan", "adopt",
    "amsgrad", "cautious_adamw", "cautious_lion", "cocob", "dadapt_adamw", "dog", "dowg", "fromage", "galore", "lamb", "lars",
    "lbfgs", "lion", "madgrad", "mechanize", "muon", "nadam", "nadamw", "noisy_sgd", "novograd", "optimistic_adam",
    "optimistic_gradient_descent", "prodigy", "radam", "rmsprop", "rprop", "sam", "schedule_free_adamw", "schedule_free_sgd",
    "sgd", "shampoo", "sign_sgd", "signum", "sm3", "soap", "yogi",
  ]

  /// The optimizer a spec string names.
  public static func make<Scalar: TensorScalar>(_ text: String) throws(MethodSpecError) -> AnyGradientTransformation<Scalar> {
    try make(MethodSpec(parsing: text))
  }

  /// The optimizer a parsed spec names.
  public static func make<Scalar: TensorScalar>(_ spec: MethodSpec) throws(MethodSpecError) -> AnyGradientTransformation<Scalar> {
    if readsObjective(spec) {
      throw MethodSpecError("optimizer \(spec.name) reads the objective beyond its gradient\(spec.name == "lbfgs" ? " (without lr it takes a line search)" : ""); build it with OptimizerRegistry.makeLossAware")
    }
    var a = spec.reader(for: "optimizer")
    let result: AnyGradientTransformation<Scalar>
    func lr() throws(MethodSpecError) -> Schedule { try schedule(&a, "lr", aliases: ["learning_rate"]) }
    func b1(_ d: Double = 0.9) throws(MethodSpecError) -> Double { try a.double("b1", aliases: ["beta1"], default: d) }
    func b2(_ d: Double = 0.999) throws(MethodSpecError) -> Double { try a.double("b2", aliases: ["beta2"], default: d) }
    func eps(_ d: Double) throws(MethodSpecError) -> Double { try a.double("eps", aliases: ["epsilon"], default: d) }
    func epsRoot(_ d: Double = 0) throws(MethodSpecError) -> Double { try a.double("eps_root", default: d) }
    func wd(_ d: Double) throws(MethodSpecError) -> Double { try nonNegative(a.double("weight_decay", default: d), "weight_decay") }
    func nesterov(_ d: Bool = false) throws(MethodSpecError) -> Bool { try a.bool("nesterov", default: d) }
    func unit(_ x: Double, _ name: String, closed: Bool = false) throws(MethodSpecError) -> Double {
      guard x >= 0 && (closed ? x <= 1 : x < 1) else {
        throw MethodSpecError("optimizer \(spec.name): \(name) must be in [0, 1\(closed ? "]" : ")"), got \(x)")
      }
      return x
    }
    func base() throws(MethodSpecError) -> AnyGradientTransformation<Scalar> {
      guard let v = a.value("base") else { throw MethodSpecError("optimizer \(spec.name): missing required argument base") }
      guard case .spec(let inner) = v else { throw a.wrongKind("base", "an optimizer such as adam(lr=1e-3)", v) }
      return try make(inner)
    }
    func nonNegative(_ x: Double, _ name: String) throws(MethodSpecError) -> Double {
      guard x >= 0 else { throw MethodSpecError("optimizer \(spec.name): \(name) must be non-negative, got \(x)") }
      return x
    }

    switch spec.name {
    case "adabelief":
      result = .init(adabelief(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"),
        epsilon: try eps(1e-16), epsilonRoot: try epsRoot(1e-16), nesterov: try nesterov()))
    case "adadelta":
      result = .init(adadelta(learningRate: try lr(), rho: try unit(a.double("rho", default: 0.9), "rho"),
        epsilon: try eps(1e-6), weightDecay: try wd(0)))
    case "adafactor":
      let rate: Schedule? = a.value("lr", aliases: ["learning_rate"]) == nil ? nil : try lr()
      result = .init(adafactor(
        learningRate: rate, minDimSizeToFactor: try a.int("min_dim_size_to_factor", default: 128),
        decayRate: try a.double("decay_rate", default: 0.8), decayOffset: try a.int("decay_offset", default: 0),
        multiplyByParameterScale: try a.bool("multiply_by_parameter_scale", default: true),
        clippingThreshold: try a.optionalDouble("clipping_threshold") ?? (a.spec.arguments.contains { $0.name == "clipping_threshold" } ? nil : 1),
        momentum: try a.optionalDouble("momentum"), weightDecayRate: try a.optionalDouble("weight_decay_rate"),
        epsilon: try eps(1e-30), factored: try a.bool("factored", default: true)))
    case "adagrad":
      result = .init(adagrad(learningRate: try lr(), initialAccumulatorValue: try nonNegative(a.double("initial_accumulator_value", default: 0.1), "initial_accumulator_value"),
        epsilon: try eps(1e-7)))
    case "adam", "nadam":
      let adam = ScaleByAdam<Scalar>(
        beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-8), epsilonRoot: try epsRoot(),
        nesterov: try nesterov(spec.name == "nadam"))
      result = .init(Chained(adam, ScaleByLearningRate<Scalar>(try lr())))
    case "adamw", "nadamw":
      let (beta1, beta2, epsilon) = (try unit(b1(), "b1"), try unit(b2(), "b2"), try eps(1e-8))
      let (epsilonRoot, isNesterov, decay) = (try epsRoot(), try nesterov(spec.name == "nadamw"), try wd(1e-4))
      result = .init(AdamW<Scalar>(
        learningRate: try lr(), beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: isNesterov,
        weightDecay: decay))
    case "adamax":
      result = .init(adamax(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-8)))
    case "adamaxw":
      result = .init(adamaxw(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-8),
        weightDecay: try wd(1e-4)))
    case "adan":
      result = .init(adan(learningRate: try lr(), beta1: try unit(b1(0.98), "b1"), beta2: try unit(b2(0.92), "b2"),
        beta3: try unit(a.double("b3", aliases: ["beta3"], default: 0.99), "b3"), epsilon: try eps(1e-8), epsilonRoot: try epsRoot(1e-8),
        weightDecay: try wd(0)))
    case "ademamix":
      result = .init(ademamix(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"),
        beta3: try schedule(&a, "b3", default: 0.9999), alpha: try schedule(&a, "alpha", default: 5), epsilon: try eps(1e-8),
        epsilonRoot: try epsRoot(), weightDecay: try wd(0)))
    case "adopt":
      result = .init(adopt(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(0.9999), "b2"), epsilon: try eps(1e-6),
        nesterov: try nesterov(), clipping: try a.bool("use_clipping", default: true)))
    case "amsgrad":
      result = .init(amsgrad(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-8),
        epsilonRoot: try epsRoot()))
    case "fromage":
      result = .init(fromage(learningRate: try lr(), minNorm: try a.double("min_norm", default: 1e-6)))
    case "lamb":
      result = .init(lamb(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-6),
        epsilonRoot: try epsRoot(), weightDecay: try wd(0)))
    case "lars":
      result = .init(lars(learningRate: try lr(), weightDecay: try wd(0), trustCoefficient: try a.double("trust_coefficient", default: 0.001),
        epsilon: try eps(0), momentum: try unit(a.double("momentum", default: 0.9), "momentum"), nesterov: try nesterov()))
    case "cautious_adamw":
      let adam = Cautious(ScaleByAdam<Scalar>(beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-8), epsilonRoot: try epsRoot()))
      let decay = AddDecayedWeights<Scalar>(try wd(1e-4))
      result = .init(Chained(Chained(adam, decay), ScaleByLearningRate<Scalar>(try lr())))
    case "cautious_lion":
      let lion = Cautious(ScaleByLion<Scalar>(beta1: try unit(b1(), "b1", closed: true), beta2: try unit(b2(0.99), "b2")))
      let decay = AddDecayedWeights<Scalar>(try wd(1e-3))
      result = .init(Chained(Chained(lion, decay), ScaleByLearningRate<Scalar>(try lr())))
    case "lion":
      let kappaName = try a.string("kappa", default: "l1", choices: ["l1", "l2", "huber"])
      let delta = try a.double("delta", default: 1)
      guard delta > 0 else { throw MethodSpecError("optimizer lion: delta must be positive, got \(delta)") }
      let kappa: LionKappa = kappaName == "l2" ? .l2 : kappaName == "huber" ? .huber(delta: delta) : .l1
      result = .init(lion(learningRate: try lr(), beta1: try unit(b1(), "b1", closed: true), beta2: try unit(b2(0.99), "b2"),
        weightDecay: try wd(1e-3), kappa: kappa))
    case "muon":
      result = .init(muon(learningRate: try lr(), beta: try unit(a.double("beta", default: 0.95), "beta"), nesterov: try nesterov(true),
        steps: try a.int("ns_steps", default: 5), epsilon: try eps(1e-8), weightDecay: try wd(0),
        consistentRMS: try a.optionalDouble("consistent_rms"), adamBeta1: try unit(a.double("adam_b1", default: 0.9), "adam_b1"),
        adamBeta2: try unit(a.double("adam_b2", default: 0.999), "adam_b2"),
        adamWeightDecay: try nonNegative(a.double("adam_weight_decay", default: 0), "adam_weight_decay"),
        adamLearningRate: a.value("adam_lr") == nil ? nil : try schedule(&a, "adam_lr")))
    case "novograd":
      result = .init(novograd(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(0.25), "b2"), epsilon: try eps(1e-6),
        epsilonRoot: try epsRoot(), weightDecay: try wd(0)))
    case "optimistic_adam":
      result = .init(optimisticAdam(learningRate: try lr(), alpha: try schedule(&a, "alpha", default: 1), beta: try schedule(&a, "beta", default: 1),
        beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-8), epsilonRoot: try epsRoot(),
        nesterov: try nesterov(true)))
    case "optimistic_gradient_descent":
      result = .init(optimisticGradientDescent(learningRate: try lr(), alpha: try schedule(&a, "alpha", default: 1),
        beta: try schedule(&a, "beta", default: 1)))
    case "radam":
      result = .init(radam(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-8),
        epsilonRoot: try epsRoot(), threshold: try a.double("threshold", default: 5), nesterov: try nesterov()))
    case "rmsprop":
      let momentum = try a.optionalDouble("momentum")
      result = .init(rmsprop(learningRate: try lr(), decay: try unit(a.double("decay", default: 0.9), "decay"), epsilon: try eps(1e-8),
        initialScale: try a.double("initial_scale", default: 0), epsilonInSquareRoot: try a.bool("eps_in_sqrt", default: true),
        centered: try a.bool("centered", default: false), momentum: try momentum.map { x throws(MethodSpecError) in try unit(x, "momentum") },
        nesterov: try nesterov(), biasCorrection: try a.bool("bias_correction", default: false)))
    case "rprop":
      let rate = try a.double("lr", aliases: ["learning_rate"])
      guard rate > 0 else { throw MethodSpecError("optimizer rprop: lr must be positive, got \(rate)") }
      result = .init(rprop(learningRate: rate, etaMinus: try a.double("eta_minus", default: 0.5), etaPlus: try a.double("eta_plus", default: 1.2),
        minStepSize: try a.double("min_step_size", default: 1e-6), maxStepSize: try a.double("max_step_size", default: 50)))
    case "sgd":
      let momentum = try a.optionalDouble("momentum")
      result = .init(sgd(learningRate: try lr(), momentum: try momentum.map { x throws(MethodSpecError) in try unit(x, "momentum") },
        nesterov: try nesterov()) as Chained<Trace<Scalar>, ScaleByLearningRate<Scalar>>)
    case "shampoo":
      let grafting = try a.string("grafting", default: "adagrad", choices: ["adagrad", "rmsprop", "none"])
      let graftingEps = try a.double("grafting_eps", default: 1e-10)
      let graft: ShampooGrafting = grafting == "none" ? .none
        : grafting == "rmsprop" ? .rmsprop(beta2: try unit(a.double("grafting_b2", default: 0.999), "grafting_b2"), epsilon: graftingEps)
        : .adagrad(epsilon: graftingEps)
      let root = try a.string("root", default: "eigh", choices: ["eigh", "newton"])
      result = .init(shampoo(learningRate: try lr(), momentum: try unit(a.double("momentum", default: 0.9), "momentum"), nesterov: try nesterov(),
        beta2: try unit(b2(1), "b2", closed: true), epsilon: try eps(1e-12), blockSize: try a.int("block_size", default: 1024),
        preconditionFrequency: try a.int("precondition_frequency", default: 1),
        startPreconditioningStep: try a.int("start_preconditioning_step", default: 1), grafting: graft,
        inverseRootMethod: root == "eigh" ? .eigendecomposition : .coupledNewton(), weightDecay: try wd(0)))
    case "sign_sgd":
      result = .init(signSGD(learningRate: try lr()))
    case "signum":
      result = .init(signum(learningRate: try lr(), beta: try unit(a.double("beta", aliases: ["momentum"], default: 0.9), "beta")))
    case "sm3":
      result = .init(sm3(learningRate: try lr(), momentum: try unit(a.double("momentum", default: 0.9), "momentum")))
    case "soap":
      let shampooBeta = try a.optionalDouble("shampoo_beta")
      result = .init(soap(learningRate: try lr(), beta1: try unit(b1(0.95), "b1"), beta2: try unit(b2(0.95), "b2"),
        shampooBeta: try shampooBeta.map { x throws(MethodSpecError) in try unit(x, "shampoo_beta") }, epsilon: try eps(1e-8),
        weightDecay: try wd(0.01), preconditionFrequency: try a.int("precondition_frequency", default: 10),
        maxPreconditionerDimension: try a.int("max_precond_dim", default: 10000)))
    case "galore":
      let rank = try a.int("rank", default: 128), gap = try a.int("update_proj_gap", default: 200)
      guard rank >= 1 && gap >= 1 else { throw MethodSpecError("optimizer galore: rank and update_proj_gap must be positive, got \(rank), \(gap)") }
      result = .init(galore(learningRate: try lr(), rank: rank, updateProjectionGap: gap, scale: try a.double("scale", default: 1),
        weightDecay: try wd(0)))
    case "lbfgs":
      let memory = try a.int("memory_size", default: 10)
      guard memory >= 1 else { throw MethodSpecError("optimizer lbfgs: memory_size must be at least 1, got \(memory)") }
      result = .init(lbfgs(learningRate: try lr(), memorySize: memory,
        scaleInitialPreconditioner: try a.bool("scale_init_precond", default: true)) as Chained<ScaleByLBFGS<Scalar>, ScaleByLearningRate<Scalar>>)
    case "noisy_sgd":
      let seed = try a.int("seed", aliases: ["key"], default: 0)
      guard seed >= 0 else { throw MethodSpecError("optimizer noisy_sgd: seed must be non-negative, got \(seed)") }
      result = .init(noisySGD(learningRate: try lr(), eta: try nonNegative(a.double("eta", default: 0.01), "eta"),
        gamma: try a.double("gamma", default: 0.55), seed: UInt64(seed)) as Chained<AddNoise<Scalar>, ScaleByLearningRate<Scalar>>)
    case "yogi":
      result = .init(yogi(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-3)))
    // optax.contrib
    case "acprop":
      result = .init(acprop(learningRate: try lr(), beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-16),
        epsilonRoot: try epsRoot(1e-16), weightDecay: try wd(0)))
    case "cocob":
      result = .init(cocob(learningRate: try schedule(&a, "lr", aliases: ["learning_rate"], default: 1),
        alpha: try a.double("alpha", default: 100), epsilon: try eps(1e-8), weightDecay: try wd(0)))
    case "dadapt_adamw":
      result = .init(dadaptAdamW(learningRate: try schedule(&a, "lr", aliases: ["learning_rate"], default: 1),
        beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), epsilon: try eps(1e-8),
        initialEstimate: try a.double("estim_lr0", default: 1e-6), weightDecay: try wd(0)))
    case "dog":
      let kind = try a.string("init_step", default: "heuristic", choices: ["heuristic", "distance", "learning_rate"])
      let value = try a.double("init_value", default: 1e-6)
      let step: ScaleByDoG<Scalar>.InitialStep = kind == "distance" ? .distance(value) : kind == "learning_rate" ? .learningRate(value) : .heuristic(value)
      result = .init(dog(learningRate: try schedule(&a, "lr", aliases: ["learning_rate"], default: 1), initialStep: step,
        epsilon: try eps(1e-8), weightDecay: try wd(0)))
    case "dowg":
      result = .init(dowg(learningRate: try schedule(&a, "lr", aliases: ["learning_rate"], default: 1),
        initialSquaredDistance: try a.optionalDouble("init_estim_sq_dist"), epsilon: try eps(1e-4), weightDecay: try wd(0)))
    case "madgrad":
      result = .init(madgrad(learningRate: try lr(), momentum: try unit(a.double("momentum", default: 0.9), "momentum"),
        weightDecay: try wd(0), epsilon: try eps(1e-6)))
    case "mechanize":
      result = .init(Mechanize(try base(), weightDecay: try wd(0.01), epsilon: try eps(1e-8),
        initialScale: try a.double("s_init", default: 1e-6), betaCount: try a.int("num_betas", default: 6)))
    case "prodigy":
      result = .init(prodigy(learningRate: try schedule(&a, "lr", aliases: ["learning_rate"], default: 1),
        beta1: try unit(b1(), "b1"), beta2: try unit(b2(), "b2"), beta3: try a.optionalDouble("b3", aliases: ["beta3"]),
        epsilon: try eps(1e-8), initialEstimate: try a.double("estim_lr0", default: 1e-6),
        estimateCoefficient: try a.double("estim_lr_coef", default: 1), weightDecay: try wd(0),
        safeguardWarmup: try a.bool("safeguard_warmup", default: false)))
    case "sam":
      result = .init(sam(try base(), rho: try a.double("rho", default: 0.05), syncPeriod: try a.int("sync_period", default: 2)))
    case "schedule_free_adamw":
      result = .init(scheduleFreeAdamW(learningRate: try a.double("lr", aliases: ["learning_rate"], default: 0.0025),
        warmupSteps: a.value("warmup_steps") == nil ? nil : try a.int("warmup_steps", default: 0), beta1: try unit(b1(), "b1"),
        beta2: try unit(b2(), "b2"), epsilon: try eps(1e-8), weightDecay: try wd(0),
        weightLRPower: try a.double("weight_lr_power", default: 2)))
    case "schedule_free_sgd":
      result = .init(scheduleFreeSGD(learningRate: try a.double("lr", aliases: ["learning_rate"], default: 1),
        warmupSteps: a.value("warmup_steps") == nil ? nil : try a.int("warmup_steps", default: 0), beta1: try unit(b1(), "b1"),
        weightDecay: try wd(0), weightLRPower: try a.double("weight_lr_power", default: 2)))
    default:
      throw MethodSpecError("unknown optimizer \"\(spec.name)\"; valid optimizers: \(names.joined(separator: ", "))")
    }
    try a.finish()
    return result
  }

  /// Reads a hyperparameter that is a number (a constant) or a schedule spec.
  static func schedule(_ a: inout MethodSpec.Arguments, _ name: String, aliases: [String] = [], default d: Double? = nil) throws(MethodSpecError) -> Schedule {
    guard let v = a.value(name, aliases: aliases) else {
      if let d { return .constant(d) }
      throw MethodSpecError("\(a.family) \(a.spec.name): missing required argument \(name)")
    }
    switch v {
    case .number(let x): return .constant(x)
    case .spec(let s): return try Schedule.make(s)
    default: throw a.wrongKind(name, "a number or a schedule such as cosine(init=0.1, decay_steps=1000)", v)
    }
  }
}

extension Schedule {
  /// The schedule names ``make(_:)`` accepts.
  public static let names = [
    "constant", "cosine", "cosine_onecycle", "exponential", "linear", "onecycle", "polynomial", "warmup_constant",
    "warmup_cosine", "warmup_exponential", "wsd",
  ]

  /// The schedule a spec names, e.g. `cosine(init=0.1, decay_steps=1000, alpha=0.01)` or
  /// `wsd(peak=1e-3, warmup_steps=100, stable_steps=800, decay_steps=100)`; arguments follow
  /// Optax's names (`init` for `init_value`, `end` for `end_value`, `peak` for `peak_value`).
  public static func make(_ spec: MethodSpec) throws(MethodSpecError) -> Schedule {
    var a = spec.reader(for: "schedule")
    func steps(_ name: String) throws(MethodSpecError) -> Int {
      let x = try a.int(name, default: -1)
      guard x >= 0 else { throw MethodSpecError("schedule \(spec.name): missing or negative \(name)") }
      return x
    }
    let result: Schedule
    switch spec.name {
    case "constant":
      result = .constant(try a.double("value"))
    case "linear":
      result = .linear(from: try a.double("init"), to: try a.double("end"), transitionSteps: try steps("transition_steps"),
        transitionBegin: try a.int("transition_begin", default: 0))
    case "polynomial":
      result = .polynomial(from: try a.double("init"), to: try a.double("end"), power: try a.double("power"),
        transitionSteps: try steps("transition_steps"), transitionBegin: try a.int("transition_begin", default: 0))
    case "cosine":
      let decay = try steps("decay_steps")
      guard decay > 0 else { throw MethodSpecError("schedule cosine: decay_steps must be positive") }
      result = .cosineDecay(initialValue: try a.double("init"), decaySteps: decay, alpha: try a.double("alpha", default: 0),
        exponent: try a.double("exponent", default: 1))
    case "exponential":
      result = .exponentialDecay(initialValue: try a.double("init"), transitionSteps: try steps("transition_steps"),
        decayRate: try a.double("decay_rate"), transitionBegin: try a.int("transition_begin", default: 0),
        staircase: try a.bool("staircase", default: false), endValue: try a.optionalDouble("end"))
    case "warmup_constant":
      result = .warmupConstant(initialValue: try a.double("init", default: 0), peakValue: try a.double("peak"), warmupSteps: try steps("warmup_steps"))
    case "warmup_cosine":
      let (w, d) = (try steps("warmup_steps"), try steps("decay_steps"))
      guard d > w else { throw MethodSpecError("schedule warmup_cosine: decay_steps (\(d)) must exceed warmup_steps (\(w))") }
      result = .warmupCosineDecay(initialValue: try a.double("init", default: 0), peakValue: try a.double("peak"), warmupSteps: w,
        decaySteps: d, endValue: try a.double("end", default: 0), exponent: try a.double("exponent", default: 1))
    case "warmup_exponential":
      result = .warmupExponentialDecay(initialValue: try a.double("init", default: 0), peakValue: try a.double("peak"),
        warmupSteps: try steps("warmup_steps"), transitionSteps: try steps("transition_steps"), decayRate: try a.double("decay_rate"),
        transitionBegin: try a.int("transition_begin", default: 0), staircase: try a.bool("staircase", default: false),
        endValue: try a.optionalDouble("end"))
    case "wsd":
      result = .warmupStableDecay(initialValue: try a.double("init", default: 0), peakValue: try a.double("peak"),
        warmupSteps: try steps("warmup_steps"), stableSteps: try steps("stable_steps"), decaySteps: try steps("decay_steps"),
        endValue: try a.double("end", default: 0))
    case "onecycle":
      let t = try steps("transition_steps")
      guard t > 0 else { throw MethodSpecError("schedule onecycle: transition_steps must be positive") }
      result = .linearOneCycle(transitionSteps: t, peakValue: try a.double("peak"), pctStart: try a.double("pct_start", default: 0.3),
        pctFinal: try a.double("pct_final", default: 0.85), divFactor: try a.double("div_factor", default: 25),
        finalDivFactor: try a.double("final_div_factor", default: 1e4))
    case "cosine_onecycle":
      let t = try steps("transition_steps")
      guard t > 0 else { throw MethodSpecError("schedule cosine_onecycle: transition_steps must be positive") }
      result = .cosineOneCycle(transitionSteps: t, peakValue: try a.double("peak"), pctStart: try a.double("pct_start", default: 0.3),
        divFactor: try a.double("div_factor", default: 25), finalDivFactor: try a.double("final_div_factor", default: 1e4))
    default:
      throw MethodSpecError("unknown schedule \"\(spec.name)\"; valid schedules: \(names.joined(separator: ", "))")
    }
    try a.finish()
    return result
  }
}

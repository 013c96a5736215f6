extension OptimizerRegistry {
  /// The optimizers that read the objective beyond its gradient, which only
  /// ``makeLossAware(_:)-(String)`` builds: `lbfgs` without `lr` (with Optax's zoom line
  /// search), `momo`, `momo_adam`, `polyak_sgd`, `reduce_on_plateau` (after a `base`
  /// optimizer) and `sophia`.
  public static let lossAwareNames: [String] = ["lbfgs", "momo", "momo_adam", "polyak_sgd", "reduce_on_plateau", "sophia"]

  /// Every name ``makeLossAware(_:)-(String)`` accepts, sorted.
  public static let allNames: [String] = Array(Set(names + lossAwareNames)).sorted()

  /// Whether `spec` names an optimizer that reads the objective (`lbfgs` does without `lr`,
  /// `sam` with `opaque=true`).
  static func readsObjective(_ spec: MethodSpec) -> Bool {
    if spec.name == "sam" { return spec.arguments.contains { $0.name == "opaque" && $0.value == .bool(true) } }
    guard lossAwareNames.contains(spec.name) else { return false }
    return spec.name != "lbfgs" || !spec.arguments.contains { $0.name == "lr" || $0.name == "learning_rate" }
  }

  /// Any optimizer by name, including those that read the objective (``lossAwareNames``);
  /// the others are ``make(_:)-(String)``'s, wrapped.
  ///
  ///     let optimizer: AnyLossAwareTransformation<Double> = try OptimizerRegistry.makeLossAware("lbfgs(memory_size=5)")
  ///
  /// Arguments follow Optax's names and defaults:
  /// - `lbfgs(memory_size=10, scale_init_precond=true, max_linesearch_steps=20,
  ///   max_learning_rate=none, tol=0, increase_factor=2, slope_rtol=1e-4 (c1),
  ///   curv_rtol=0.9 (c2), approx_dec_rtol=1e-6 (none: Armijo only), stepsize_precision=1e-5,
  ///   initial_guess=one|keep)`; with `lr` it is the fixed-step L-BFGS of ``make(_:)-(String)``.
  /// - `polyak_sgd(max_learning_rate=1, scaling=1, f_min=0, eps=0, variant=sps|"sps+")`.
  /// - `momo(lr=1, beta=0.9, lower_bound=0, weight_decay=0, adapt_lower_bound=false)`.
  /// - `momo_adam(lr=0.01, b1=0.9, b2=0.999, eps=1e-8, lower_bound=0, weight_decay=0, adapt_lower_bound=false)`.
  /// - `reduce_on_plateau(base=OPTIMIZER, factor=0.1, patience=10, rtol=1e-4, atol=0,
  ///   cooldown=0, accumulation_size=1, min_scale=0)`: `base`'s updates, scaled down when
  ///   the loss stops improving.
  /// - `sophia(lr, b1=0.965, b2=0.99, eps=1e-8, weight_decay=1e-4, gamma=0.01,
  ///   clip_threshold=1, update_interval=10, seed=0)`.
  /// - `sam(base=OPTIMIZER, rho=0.05, sync_period=2, opaque=true)`: SAM in Optax's opaque mode
  ///   (``OpaqueSharpnessAwareOptimizer``), one real step per call; without `opaque` it is the
  ///   transparent `sam` of ``make(_:)-(String)``.
  public static func makeLossAware<Scalar: TensorScalar>(_ text: String) throws(MethodSpecError) -> AnyLossAwareTransformation<Scalar> {
    try makeLossAware(MethodSpec(parsing: text))
  }

  /// Any optimizer by parsed spec, including those that read the objective.
  public static func makeLossAware<Scalar: TensorScalar>(_ spec: MethodSpec) throws(MethodSpecError) -> AnyLossAwareTransformation<Scalar> {
    guard allNames.contains(spec.name) else {
      throw MethodSpecError("unknown optimizer \"\(spec.name)\"; valid optimizers: \(allNames.joined(separator: ", "))")
    }
    guard readsObjective(spec) else { return AnyLossAwareTransformation(try make(spec) as AnyGradientTransformation<Scalar>) }
    var a = spec.reader(for: "optimizer")
    func check(_ valid: Bool, _ message: String) throws(MethodSpecError) {
      if !valid { throw MethodSpecError("optimizer \(spec.name): \(message)") }
    }
    func beta(_ name: String, aliases: [String] = [], _ d: Double) throws(MethodSpecError) -> Double {
      let x = try a.double(name, aliases: aliases, default: d)
      try check(x >= 0 && x < 1, "\(name) must be in [0, 1), got \(x)")
      return x
    }
    func nonNegative(_ name: String, _ d: Double) throws(MethodSpecError) -> Double {
      let x = try a.double(name, default: d)
      try check(x >= 0, "\(name) must be non-negative, got \(x)")
      return x
    }
    func base() throws(MethodSpecError) -> AnyGradientTransformation<Scalar> {
      guard let v = a.value("base") else { throw MethodSpecError("optimizer \(spec.name): missing required argument base") }
      guard case .spec(let inner) = v else { throw a.wrongKind("base", "an optimizer such as adam(lr=1e-3)", v) }
      return try make(inner)
    }
    let result: AnyLossAwareTransformation<Scalar>
    switch spec.name {
    case "lbfgs":
      let memory = try a.int("memory_size", default: 10), steps = try a.int("max_linesearch_steps", default: 20)
      try check(memory >= 1 && steps >= 1, "memory_size and max_linesearch_steps must be at least 1, got \(memory) and \(steps)")
      let maxRate = try a.optionalDouble("max_learning_rate"), factor = try a.double("increase_factor", default: 2)
      try check(maxRate.map { $0 > 0 } ?? true, "max_learning_rate must be positive")
      try check(factor > 1, "increase_factor must exceed 1, got \(factor)")
      let approximate = try a.optionalDouble("approx_dec_rtol") ?? (spec.arguments.contains { $0.name == "approx_dec_rtol" } ? nil : 1e-6)
      let search = ZoomLineSearch(
        maxSteps: steps, maxStepSize: maxRate, tolerance: try nonNegative("tol", 0), increaseFactor: factor,
        sufficientDecrease: try a.double("slope_rtol", aliases: ["c1"], default: 1e-4), curvature: try a.double("curv_rtol", aliases: ["c2"], default: 0.9),
        approximateDecrease: approximate, stepSizePrecision: try nonNegative("stepsize_precision", 1e-5),
        initialGuess: ZoomLineSearch.InitialGuess(rawValue: try a.string("initial_guess", default: "one", choices: ["one", "keep"]))!)
      result = .init(lbfgs(memorySize: memory, scaleInitialPreconditioner: try a.bool("scale_init_precond", default: true), lineSearch: search) as LBFGS<Scalar>)
    case "polyak_sgd":
      let variant = try a.string("variant", default: "sps", choices: PolyakVariant.allCases.map(\.rawValue))
      result = .init(polyakSGD(
        maxLearningRate: try nonNegative("max_learning_rate", 1), scaling: try schedule(&a, "scaling", default: 1),
        minimumValue: try a.double("f_min", default: 0), epsilon: try nonNegative("eps", 0), variant: PolyakVariant(rawValue: variant)!) as PolyakSGD<Scalar>)
    case "momo":
      result = .init(momo(
        learningRate: try schedule(&a, "lr", aliases: ["learning_rate"], default: 1), beta: try beta("beta", 0.9),
        lowerBound: try a.double("lower_bound", default: 0), weightDecay: try nonNegative("weight_decay", 0),
        adaptLowerBound: try a.bool("adapt_lower_bound", default: false)) as ScaleByMomo<Scalar>)
    case "momo_adam":
      result = .init(momoAdam(
        learningRate: try schedule(&a, "lr", aliases: ["learning_rate"], default: 0.01), beta1: try beta("b1", aliases: ["beta1"], 0.9),
        beta2: try beta("b2", aliases: ["beta2"], 0.999), epsilon: try a.double("eps", aliases: ["epsilon"], default: 1e-8),
        lowerBound: try a.double("lower_bound", default: 0), weightDecay: try nonNegative("weight_decay", 0),
        adaptLowerBound: try a.bool("adapt_lower_bound", default: false)) as ScaleByMomoAdam<Scalar>)
    case "sam":
      _ = try a.bool("opaque", default: true)
      let period = try a.int("sync_period", default: 2)
      try check(period >= 1, "sync_period must be at least 1, got \(period)")
      result = .init(opaqueSAM(try base(), rho: try a.double("rho", default: 0.05), syncPeriod: period))
    case "reduce_on_plateau":
      let base = try base()
      let factor = try a.double("factor", default: 0.1), rtol = try nonNegative("rtol", 1e-4), atol = try nonNegative("atol", 0)
      let patience = try a.int("patience", default: 10), cooldown = try a.int("cooldown", default: 0)
      let window = try a.int("accumulation_size", default: 1)
      try check(factor > 0 && factor < 1, "factor must be in (0, 1), got \(factor)")
      try check(rtol <= 1 && rtol + atol > 0, "rtol must be at most 1, and rtol and atol not both 0")
      try check(patience >= 1 && window >= 1 && cooldown >= 0, "patience and accumulation_size must be positive and cooldown non-negative")
      result = .init(base.followed(by: ReduceOnPlateau<Scalar>(
        factor: factor, patience: patience, rtol: rtol, atol: atol, cooldown: cooldown, accumulationSize: window,
        minScale: try nonNegative("min_scale", 0))))
    default:  // sophia
      let interval = try a.int("update_interval", default: 10), seed = try a.int("seed", default: 0)
      try check(interval >= 1 && seed >= 0, "update_interval must be positive and seed non-negative, got \(interval) and \(seed)")
      result = .init(sophia(
        learningRate: try schedule(&a, "lr", aliases: ["learning_rate"]), beta1: try beta("b1", aliases: ["beta1"], 0.965),
        beta2: try beta("b2", aliases: ["beta2"], 0.99), epsilon: try a.double("eps", aliases: ["epsilon"], default: 1e-8),
        weightDecay: try nonNegative("weight_decay", 1e-4), gamma: try nonNegative("gamma", 0.01),
        clipThreshold: try a.optionalDouble("clip_threshold") ?? (spec.arguments.contains { $0.name == "clip_threshold" } ? nil : 1),
        updateInterval: interval, seed: UInt64(seed)) as ScaleBySophia<Scalar>)
    }
    try a.finish()
    return result
  }
}

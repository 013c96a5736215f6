import Foundation
import RegulaOptim
import Testing
import _RegulaTestSupport

/// Optimizers that read the objective, by name: ``OptimizerRegistry/makeLossAware(_:)-(String)``
/// and ``AnyLossAwareTransformation``.
struct LossAwareRegistryTests {
  static let start = OptimizerRegistryTests.start

  /// f(p) = Σ 0.75p⁴ − 0.5p² + 0.1p (the gradient of ``OptimizerRegistryTests``).
  static func valueAndGradient<S: TensorScalar>(_ p: ParameterSet<S>) -> (value: Double, gradient: ParameterSet<S>) {
    let value = p.tensors.reduce(0.0) { sum, t in t.scalars.reduce(sum) { s, x in let x = Double(x); return s + 0.75 * x * x * x * x - 0.5 * x * x + 0.1 * x } }
    return (value, OptimizerRegistryTests.gradient(p))
  }

  static func objective<S: TensorScalar>(at p: ParameterSet<S>) -> Objective<S> {
    Objective(value: valueAndGradient(p).value, valueAndGradient: valueAndGradient)
  }

  /// The iterates of `steps` steps of `optimizer`.
  static func run(_ optimizer: AnyLossAwareTransformation<Double>, steps: Int) -> ParameterSet<Double> {
    var (p, state) = (start, optimizer.initialState(for: start))
    for _ in 0..<steps { optimizer.step(&p, gradient: valueAndGradient(p).gradient, objective: objective(at: p), state: &state) }
    return p
  }

  static let specs = [
    "lbfgs", "lbfgs(memory_size=3)", "momo", "momo_adam", "polyak_sgd", "reduce_on_plateau(base=adam(lr=0.01))", "sophia(lr=0.01)",
  ]

  /// Every loss-aware name builds, runs in Float and Double, decreases f, and resumes bit for
  /// bit from a JSON checkpoint of its state.
  @Test(arguments: specs)
  func everyLossAwareOptimizerBuildsRunsAndResumesFromJSON(_ spec: String) throws {
    let optimizer: AnyLossAwareTransformation<Double> = try OptimizerRegistry.makeLossAware(spec)
    #expect(optimizer.readsObjective)
    var (p1, s1) = (Self.start, optimizer.initialState(for: Self.start))
    func step(_ p: inout ParameterSet<Double>, _ s: inout AnyLossAwareTransformation<Double>.State) {
      optimizer.step(&p, gradient: Self.valueAndGradient(p).gradient, objective: Self.objective(at: p), state: &s)
    }
    for _ in 0..<3 { step(&p1, &s1) }
    var s2 = try JSONDecoder().decode(AnyLossAwareTransformation<Double>.State.self, from: JSONEncoder().encode(s1))
    var p2 = p1
    for _ in 0..<4 {
      step(&p1, &s1)
      step(&p2, &s2)
    }
    #expect(p1 == p2 && s1 == s2, "\(spec): resumed run differs")
    #expect(Self.valueAndGradient(p1).value < Self.valueAndGradient(Self.start).value, "\(spec): f did not decrease")
    let float: AnyLossAwareTransformation<Float> = try OptimizerRegistry.makeLossAware(spec)
    var pf = ParameterSet(Self.start.entries.map { (path: $0.path, tensor: Tensor<Float>($0.tensor)) }), sf = float.initialState(for: pf)
    for _ in 0..<3 { float.step(&pf, gradient: Self.valueAndGradient(pf).gradient, objective: Self.objective(at: pf), state: &sf) }
    #expect(pf.tensors.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
  }

  /// A spec's arguments reach the optimizer: its run equals the directly built optimizer's.
  @Test func specsBuildTheSameOptimizersAsTheFunctions() throws {
    func expectSame(_ spec: String, _ direct: AnyLossAwareTransformation<Double>) throws {
      #expect(Self.run(try OptimizerRegistry.makeLossAware(spec), steps: 12) == Self.run(direct, steps: 12), "\(spec)")
    }
    try expectSame(
      "lbfgs(memory_size=3, scale_init_precond=false, max_linesearch_steps=4, c1=1e-3, curv_rtol=0.5, initial_guess=keep, max_learning_rate=2)",
      AnyLossAwareTransformation(lbfgs(memorySize: 3, scaleInitialPreconditioner: false, lineSearch: ZoomLineSearch(
        maxSteps: 4, maxStepSize: 2, sufficientDecrease: 1e-3, curvature: 0.5, initialGuess: .keep)) as LBFGS<Double>))
    try expectSame("lbfgs(approx_dec_rtol=none, increase_factor=3)", AnyLossAwareTransformation(
      lbfgs(lineSearch: ZoomLineSearch(maxSteps: 20, increaseFactor: 3, approximateDecrease: nil, initialGuess: .one)) as LBFGS<Double>))
    try expectSame("polyak_sgd(max_learning_rate=0.3, f_min=-1, variant=\"sps+\")",
      AnyLossAwareTransformation(polyakSGD(maxLearningRate: 0.3, minimumValue: -1, variant: .spsPlus) as PolyakSGD<Double>))
    try expectSame("momo(lr=0.5, beta=0.8, weight_decay=0.01, adapt_lower_bound=true)",
      AnyLossAwareTransformation(momo(learningRate: 0.5, beta: 0.8, weightDecay: 0.01, adaptLowerBound: true) as ScaleByMomo<Double>))
    try expectSame("momo_adam(lr=0.1, b2=0.99, lower_bound=-2)",
      AnyLossAwareTransformation(momoAdam(learningRate: 0.1, beta2: 0.99, lowerBound: -2) as ScaleByMomoAdam<Double>))
    try expectSame("reduce_on_plateau(base=sgd(lr=0.05), factor=0.5, patience=2, rtol=0, atol=1e-3)",
      AnyLossAwareTransformation((sgd(learningRate: 0.05) as Chained<Trace<Double>, ScaleByLearningRate<Double>>)
        .followed(by: ReduceOnPlateau<Double>(factor: 0.5, patience: 2, rtol: 0, atol: 1e-3))))
    try expectSame("sophia(lr=0.05, update_interval=2, gamma=0.5, clip_threshold=2, seed=3)",
      AnyLossAwareTransformation(sophia(learningRate: 0.05, gamma: 0.5, clipThreshold: 2, updateInterval: 2, seed: 3) as ScaleBySophia<Double>))
    // With lr, lbfgs is the fixed step of `make`.
    let fixed: AnyLossAwareTransformation<Double> = try OptimizerRegistry.makeLossAware("lbfgs(lr=0.1)")
    #expect(!fixed.readsObjective)
    #expect(Self.run(fixed, steps: 5) == OptimizerRegistryTests.run(
      lbfgs(learningRate: 0.1) as Chained<ScaleByLBFGS<Double>, ScaleByLearningRate<Double>>, steps: 5, from: Self.start))
  }

  /// Sophia without Hessian–vector products in the objective takes central differences of
  /// its gradient; on this separable objective they equal the exact diagonal 9p² − 1 to 1e-6.
  @Test func sophiaFallsBackToFiniteDifferences() throws {
    let optimizer: AnyLossAwareTransformation<Double> = try OptimizerRegistry.makeLossAware("sophia(lr=0.05, update_interval=1)")
    let exact = { (p: ParameterSet<Double>) -> (ParameterSet<Double>) -> ParameterSet<Double> in
      { v in ParameterSet(p.entries.map { e in (path: e.path, tensor: (9 * e.tensor * e.tensor - 1) * v[e.path]) }) }
    }
    var (p, q) = (Self.start, Self.start)
    var (s, t) = (optimizer.initialState(for: p), optimizer.initialState(for: q))
    for _ in 0..<5 {
      optimizer.step(&p, gradient: Self.valueAndGradient(p).gradient, objective: Self.objective(at: p), state: &s)
      var withProducts = Self.objective(at: q)
      withProducts.hessianVectorProduct = exact(q)
      optimizer.step(&q, gradient: Self.valueAndGradient(q).gradient, objective: withProducts, state: &t)
    }
    for (a, b) in zip(p.tensors, q.tensors) { #expect(maxRelativeDifference(a, b, floor: 1) < 1e-6) }
  }

  @Test(arguments: [
    ("adamwx(lr=1)", "unknown optimizer \"adamwx\"; valid optimizers: acprop, adabelief"),
    ("polyak_sgd(lr=1)", "unknown argument \"lr\" for optimizer polyak_sgd; valid arguments: variant, max_learning_rate, scaling, f_min, eps"),
    ("reduce_on_plateau(factor=0.5)", "optimizer reduce_on_plateau: missing required argument base"),
    ("reduce_on_plateau(base=sgd(lr=0.1), factor=2)", "optimizer reduce_on_plateau: factor must be in (0, 1), got 2"),
    ("lbfgs(initial_guess=zero)", "initial_guess must be one of one, keep, got zero"),
    ("lbfgs(max_linesearch_steps=0)", "memory_size and max_linesearch_steps must be at least 1"),
    ("sophia(b1=0.9)", "optimizer sophia: missing required argument lr"),
    ("momo(beta=1)", "optimizer momo: beta must be in [0, 1), got 1"),
  ])
  func badSpecsListWhatIsValid(_ text: String, _ expected: String) {
    do {
      let _: AnyLossAwareTransformation<Float> = try OptimizerRegistry.makeLossAware(text)
      Issue.record("\(text) was accepted")
    } catch {
      #expect(error.message.contains(expected), "\(error.message)")
    }
  }

  /// The unknown-name message lists every name, and `make` sends loss-aware names to
  /// `makeLossAware`.
  @Test func namesAreListedAndLossAwareNamesNeedTheObjective() {
    do {
      let _: AnyLossAwareTransformation<Float> = try OptimizerRegistry.makeLossAware("nope")
    } catch {
      for name in OptimizerRegistry.allNames { #expect(error.message.contains(name)) }
    }
    #expect(OptimizerRegistry.allNames.contains("polyak_sgd") && OptimizerRegistry.allNames.contains("adamw"))
    for spec in ["polyak_sgd", "lbfgs", "lbfgs(memory_size=3)", "sophia(lr=0.1)"] {
      do {
        let _: AnyGradientTransformation<Float> = try OptimizerRegistry.make(spec)
        Issue.record("\(spec) was accepted by make")
      } catch {
        #expect(error.message.contains("reads the objective") && error.message.contains("makeLossAware"), "\(error.message)")
      }
    }
  }
}

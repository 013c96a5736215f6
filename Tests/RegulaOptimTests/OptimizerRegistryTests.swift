import Foundation
import RegulaOptim
import Testing
import _RegulaTestSupport

/// Spec strings, the registry and the type-erased transformation.
struct OptimizerRegistryTests {
  static let start = ParameterSet([
    ("dense.weight", Tensor<Double>(shape: [2, 3], scalars: [0.5, -1, 2, 0.3, 0.1, -0.7])),
    ("dense.bias", Tensor<Double>([0.2, -0.4, 1])),
  ])

  static func gradient<S: TensorScalar>(_ p: ParameterSet<S>) -> ParameterSet<S> {
    p.mapTensors { _, t in Tensor(shape: t.shape, scalars: t.scalars.map { 3 * $0 * $0 * $0 - $0 + 0.1 }) }
  }

  static func run<T: GradientTransformation>(_ t: T, steps: Int, from start: ParameterSet<T.Scalar>) -> ParameterSet<T.Scalar> {
    var p = start
    var s = t.initialState(for: p)
    for _ in 0..<steps { t.step(&p, gradient: gradient(p), state: &s) }
    return p
  }

  /// Optimizers that wrap a base optimizer, given as `base=`.
  static let wrapperSpecs = ["mechanize": "mechanize(base=adam(lr=0.01))", "sam": "sam(base=sgd(lr=0.01, momentum=0.9), rho=0.05)"]

  /// Every registered optimizer builds from `name(lr=…)`, runs in Float and Double, and
  /// resumes bit for bit from a JSON checkpoint of its type-erased state.
  @Test(arguments: OptimizerRegistry.names)
  func everyOptimizerBuildsRunsAndResumesFromJSON(_ name: String) throws {
    let spec = Self.wrapperSpecs[name] ?? "\(name)(lr=0.01)"
    let optimizer: AnyGradientTransformation<Double> = try OptimizerRegistry.make(spec)
    var (p1, s1) = (Self.start, optimizer.initialState(for: Self.start))
    for _ in 0..<3 { optimizer.step(&p1, gradient: Self.gradient(p1), state: &s1) }
    let data = try JSONEncoder().encode(s1)
    var s2 = try JSONDecoder().decode(AnyGradientTransformation<Double>.State.self, from: data)
    #expect(s2 == s1, "\(name): decoded state differs")
    var p2 = p1
    for _ in 0..<4 {
      optimizer.step(&p1, gradient: Self.gradient(p1), state: &s1)
      optimizer.step(&p2, gradient: Self.gradient(p2), state: &s2)
    }
    #expect(p1 == p2, "\(name): resumed run differs")
    #expect(s1 == s2)
    #expect(p1 != Self.start, "\(name): did not move")
    #expect(p1.tensors.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
    let float: AnyGradientTransformation<Float> = try OptimizerRegistry.make(spec)
    let startFloat = ParameterSet(Self.start.entries.map { (path: $0.path, tensor: Tensor<Float>($0.tensor)) })
    let pf = Self.run(float, steps: 3, from: startFloat)
    #expect(pf.tensors.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
  }

  @Test func specBuildsTheSameOptimizerAsTheFunction() throws {
    let fromSpec: AnyGradientTransformation<Double> = try OptimizerRegistry.make("adamw(lr=1e-3, weight_decay=0.1, b2=0.99)")
    let direct: AdamW<Double> =
      adamw(learningRate: 1e-3, beta2: 0.99, weightDecay: 0.1)
    #expect(Self.run(fromSpec, steps: 10, from: Self.start) == Self.run(direct, steps: 10, from: Self.start))

    let scheduled: AnyGradientTransformation<Double> = try OptimizerRegistry.make(
      "sgd(learning_rate=warmup_cosine(peak=0.1, warmup_steps=3, decay_steps=10), momentum=0.9, nesterov=true)")
    let directScheduled: Chained<Trace<Double>, ScaleByLearningRate<Double>> = sgd(
      learningRate: .warmupCosineDecay(peakValue: 0.1, warmupSteps: 3, decaySteps: 10), momentum: 0.9, nesterov: true)
    #expect(Self.run(scheduled, steps: 12, from: Self.start) == Self.run(directScheduled, steps: 12, from: Self.start))
  }

  @Test func contribSpecsBuildTheSameOptimizersAsTheFunctions() throws {
    let dogSpec: AnyGradientTransformation<Double> = try OptimizerRegistry.make("dog(init_step=distance, init_value=0.1, weight_decay=0.01)")
    #expect(Self.run(dogSpec, steps: 10, from: Self.start) == Self.run(dog(initialStep: .distance(0.1), weightDecay: 0.01), steps: 10, from: Self.start))
    let mechanic: AnyGradientTransformation<Double> = try OptimizerRegistry.make("mechanize(base=adam(lr=0.1), num_betas=3)")
    let direct = Mechanize(adam(learningRate: 0.1) as Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>, betaCount: 3)
    #expect(Self.run(mechanic, steps: 10, from: Self.start) == Self.run(direct, steps: 10, from: Self.start))
    let free: AnyGradientTransformation<Double> = try OptimizerRegistry.make("schedule_free_adamw(lr=0.01, warmup_steps=5, weight_decay=0.1)")
    #expect(Self.run(free, steps: 10, from: Self.start) == Self.run(scheduleFreeAdamW(learningRate: 0.01, warmupSteps: 5, weightDecay: 0.1), steps: 10, from: Self.start))
  }

  @Test(arguments: [
    ("adamwx(lr=1)", "unknown optimizer \"adamwx\"; valid optimizers: acprop, adabelief, adadelta"),
    ("mechanize(weight_decay=0.1)", "optimizer mechanize: missing required argument base"),
    ("sam(base=0.1)", "optimizer sam: argument base must be an optimizer such as adam(lr=1e-3), got 0.1"),
    ("dog(init_step=linear)", "init_step must be one of heuristic, distance, learning_rate, got linear"),
    ("adamw(lr=1, wd=0.1)", "unknown argument \"wd\" for optimizer adamw; valid arguments: b1, beta1, b2, beta2, eps, epsilon, eps_root, nesterov, weight_decay, lr, learning_rate"),
    ("adamw(weight_decay=0.1)", "optimizer adamw: missing required argument lr"),
    ("adamw(lr=fast)", "unknown schedule \"fast\"; valid schedules: constant, cosine"),
    ("adamw(lr=1, b1=1.5)", "optimizer adamw: b1 must be in [0, 1), got 1.5"),
    ("adamw(lr=1, nesterov=1)", "argument nesterov must be true or false"),
    ("sgd(lr=cosine(init=0.1))", "schedule cosine: missing or negative decay_steps"),
    ("sgd(lr=cosine(init=0.1, decay_steps=10, warmup=3))", "unknown argument \"warmup\" for schedule cosine; valid arguments: decay_steps, init, alpha, exponent"),
    ("shampoo(lr=0.1, grafting=adam)", "grafting must be one of adagrad, rmsprop, none, got adam"),
    ("adamw(lr=1e-3", "expected \")\", found the end"),
  ])
  func badSpecsListWhatIsValid(_ text: String, _ expected: String) {
    do {
      let _: AnyGradientTransformation<Float> = try OptimizerRegistry.make(text)
      Issue.record("\(text) was accepted")
    } catch {
      #expect(error.message.contains(expected), "\(error.message)")
    }
  }

  @Test func typeErasedStateExposesTheConcreteState() throws {
    let t = AnyGradientTransformation(adam(learningRate: 0.1) as Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>)
    var p = Self.start
    var s = t.initialState(for: p)
    t.step(&p, gradient: Self.gradient(p), state: &s)
    let concrete = try #require(s.value(as: Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>.State.self))
    #expect(concrete.first.count == 1)
    #expect(t.base(as: Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>.self) != nil)
  }
}

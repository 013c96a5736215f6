import Foundation
import RegulaOptim
import Testing
import _Differentiation
import _RegulaTestSupport

/// Trajectories against Optax for the methods that need more than a gradient (fixtures from
/// Tools/fixtures/optimizers_more.py, float64), and the random parts checked against a
/// replay of the generator and statistically.
struct OptaxMoreParityTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var name: String
      var steps: [String: [String: [Double]]]
      var slow: [String: [String: [Double]]]?
    }
    struct PerExampleClip: Decodable {
      var max_norm: Double
      var gradients: [String: [Double]]
      var sum: [String: [Double]]
      var clipped_count: Int
    }
    var problem: [String: [Double]]
    var cases: [Case]
    var per_example_clip: PerExampleClip
  }

  static let fixture = try! loadFixture(Fixture.self, "optimizers_more.json")

  static let problem = OptaxParityProblem(fixture.problem)
  static var start: ParameterSet<Double> { problem.start }
  static func valueAndGradient(_ p: ParameterSet<Double>) -> (value: Double, gradient: ParameterSet<Double>) { problem.valueAndGradient(p) }

  typealias Snapshots = (fast: [Int: ParameterSet<Double>], slow: [Int: ParameterSet<Double>])

  /// The set with w transposed (the generator's "_transposed" cases store w as 3×2).
  static func transposingW(_ p: ParameterSet<Double>) -> ParameterSet<Double> { p.replacing("w", with: p["w"].transposed()) }

  static func run<T: GradientTransformation>(
    _ optimizer: T, transposed: Bool = false, slow: ((T.State) -> ParameterSet<Double>)? = nil
  ) -> Snapshots where T.Scalar == Double {
    var p = transposed ? transposingW(start) : start
    var state = optimizer.initialState(for: p)
    var snapshots: Snapshots = ([:], [:])
    for step in 1...100 {
      let gradient = transposed ? transposingW(valueAndGradient(transposingW(p)).gradient) : valueAndGradient(p).gradient
      optimizer.step(&p, gradient: gradient, state: &state)
      snapshots.fast[step] = p
      snapshots.slow[step] = slow?(state)
    }
    return snapshots
  }

  static func run<T: LossAwareTransformation>(valueAware optimizer: T) -> Snapshots where T.Scalar == Double {
    var p = start
    var state = optimizer.initialState(for: p)
    var snapshots: Snapshots = ([:], [:])
    for step in 1...100 {
      let (value, gradient) = valueAndGradient(p)
      optimizer.step(&p, gradient: gradient, loss: value, state: &state)
      snapshots.fast[step] = p
    }
    return snapshots
  }

  static let optimizers: [String: @Sendable () -> Snapshots] = [
    "polyak_sgd": { run(valueAware: polyakSGD(maxLearningRate: 0.1, minimumValue: 3.7) as PolyakSGD<Double>) },
    "polyak_sgd_plus": {
      run(valueAware: polyakSGD(maxLearningRate: 0.3, minimumValue: 3.8, epsilon: 1e-3, variant: .spsPlus) as PolyakSGD<Double>)
    },
    "polyak_sgd_scaled_capped": { run(valueAware: polyakSGD(maxLearningRate: 0.02, scaling: 0.5) as PolyakSGD<Double>) },
    "noisy_sgd_without_noise": { run(noisySGD(learningRate: 0.05, eta: 0)) },
    "lookahead_adam": { run(Lookahead(adam(learningRate: 0.1), syncPeriod: 6, slowStepSize: 0.5)) { $0.slow } },
    "lookahead_sgd_momentum_reset": {
      run(Lookahead(sgd(learningRate: 0.02, momentum: 0.9), syncPeriod: 3, slowStepSize: 0.3, resetState: true)) { $0.slow }
    },
    "galore_rank_1": { run(galore(learningRate: 0.1, rank: 1, updateProjectionGap: 7, scale: 0.5, weightDecay: 0.01)) },
    "galore_rank_1_transposed": {
      run(galore(learningRate: 0.05, rank: 1, updateProjectionGap: 4), transposed: true)
    },
    "galore_full_rank": { run(galore(learningRate: 0.1, rank: 5, updateProjectionGap: 10)) },
    "inject_sgd_momentum_schedule": {
      let momentum = Schedule.linear(from: 0.5, to: 0.95, transitionSteps: 50)
      return run(Scheduled { t in sgd(learningRate: 0.02, momentum: momentum(t)) as Chained<Trace<Double>, ScaleByLearningRate<Double>> })
    },
    "inject_adam_b1_schedule": {
      let beta1 = Schedule.cosineDecay(initialValue: 0.9, decaySteps: 40, alpha: 0.5)
      return run(Scheduled { t in chain { ScaleByAdam<Double>(beta1: beta1(t)); Scale<Double>(-0.05) } })
    },
    "lbfgs_fixed_step": { run(lbfgs(learningRate: 0.5)) },
    "lbfgs_memory_2_unscaled": { run(lbfgs(learningRate: 0.05, memorySize: 2, scaleInitialPreconditioner: false)) },
  ]

  @Test(arguments: fixture.cases.map(\.name))
  func matchesOptaxTrajectory(_ name: String) throws {
    let golden = try #require(Self.fixture.cases.first { $0.name == name })
    let optimizer = try #require(Self.optimizers[name], "no Swift optimizer for fixture case \(name)")
    let run = optimizer()
    try OptaxParityProblem.expectTrajectory(run.fast, golden.steps, name)
    try OptaxParityProblem.expectTrajectory(run.slow, golden.slow ?? [:], "\(name) slow weights")
  }

  @Test func everyOptimizerHasAFixture() {
    #expect(Set(Self.optimizers.keys) == Set(Self.fixture.cases.map(\.name)))
  }

  @Test func scheduledWithConstantHyperparametersIsTheInnerTransformation() throws {
    let inner = chain { ScaleByAdam<Double>(beta1: 0.8); Scale<Double>(-0.05) }
    let plain = Self.run(inner).fast
    let scheduled = Scheduled { _ in chain { ScaleByAdam<Double>(beta1: 0.8); Scale<Double>(-0.05) } }
    let wrapped = Self.run(scheduled).fast
    #expect(plain[100] == wrapped[100])
    var p = Self.start
    var state = scheduled.initialState(for: p)
    for _ in 0..<3 { scheduled.step(&p, gradient: Self.valueAndGradient(p).gradient, state: &state) }
    let restored = try JSONDecoder().decode(type(of: state), from: JSONEncoder().encode(state))
    #expect(restored == state && restored.count == 3)
  }

  // MARK: Polyak

  @Test func polyakStepIsTheDocumentedFormula() {
    // g = (3, 4): ‖g‖² = 25; f = 10, f* = 2.5: η = min(7.5/25, 1) = 0.3; scaling 0.5.
    let p = ParameterSet([("x", Tensor<Double>([1, 1]))])
    let g = ParameterSet([("x", Tensor<Double>([3, 4]))])
    let optimizer: PolyakSGD<Double> = polyakSGD(scaling: 0.5, minimumValue: 2.5)
    var (q, state) = (p, optimizer.initialState(for: p))
    optimizer.step(&q, gradient: g, loss: 10, state: &state)
    #expect(q["x"].scalars == [1 - 0.5 * 0.3 * 3, 1 - 0.5 * 0.3 * 4])
    // Below f*, sps steps uphill and sps+ does not move; a zero gradient never moves.
    let plain = ScaleByPolyak<Double>(minimumValue: 2.5), plus = ScaleByPolyak<Double>(minimumValue: 2.5, variant: .spsPlus)
    #expect(plain.stepSize(value: 0, squaredNorm: 25) == -0.1)
    #expect(plus.stepSize(value: 0, squaredNorm: 25) == 0)
    #expect(plain.stepSize(value: 10, squaredNorm: 0) == 0)
    #expect(plain.stepSize(value: 1e6, squaredNorm: 25) == 1)
  }

  // MARK: Noise

  @Test func noisySGDIsSGDPlusTheGeneratorsNoise() {
    let eta = 0.3, gamma = 0.55, rate = 0.05
    let optimizer: Chained<AddNoise<Double>, ScaleByLearningRate<Double>> = noisySGD(learningRate: 0.05, eta: eta, gamma: gamma, seed: 11)
    var p = Self.start
    var state = optimizer.initialState(for: p)
    var replay = RandomGenerator(seed: 11)
    for t in 1...5 {
      let before = p, g = Self.valueAndGradient(p).gradient
      optimizer.step(&p, gradient: g, state: &state)
      let sigma = (eta / Foundation.pow(Double(t), gamma)).squareRoot()
      for path in ["w", "b"] {
        let expected = zip(before[path].scalars, g[path].scalars).map { x, g in x + -rate * (g + sigma * replay.nextNormal()) }
        #expect(p[path].scalars == expected, "step \(t) \(path)")
      }
    }
    #expect(state.first.count == 5)
  }

  @Test func noiseVarianceFollowsTheSchedule() {
    // 40,000 zero gradients: the sample variance of the noise has relative standard error
    // √(2/n) ≈ 0.7%, so 4% is more than five standard errors.
    let n = 40_000, eta = 0.5, gamma = 0.55
    let noise = AddNoise<Double>(eta: eta, gamma: gamma, seed: 3)
    let zeros = ParameterSet([("x", Tensor<Double>(zeros: [n]))])
    var state = noise.initialState(for: zeros)
    for t in [1, 2, 3, 10, 50] {
      while state.count < t - 1 {
        var u = zeros
        noise.update(&u, state: &state, parameters: zeros)
      }
      var u = zeros
      noise.update(&u, state: &state, parameters: zeros)
      let x = u["x"].scalars
      let mean = x.reduce(0, +) / Double(n)
      let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
      let expected = eta / Foundation.pow(Double(t), gamma)
      #expect(abs(variance / expected - 1) < 0.04, "step \(t): variance \(variance), expected \(expected)")
      #expect(abs(mean) < 5 * (expected / Double(n)).squareRoot(), "step \(t): mean \(mean)")
    }
  }

  @Test func noiseResumesFromASavedState() throws {
    let optimizer: Chained<AddNoise<Float>, ScaleByLearningRate<Float>> = noisySGD(learningRate: 0.1, seed: 5)
    let g = ParameterSet([("x", Tensor<Float>([1, -2, 3]))])
    var p = ParameterSet([("x", Tensor<Float>(zeros: [3]))])
    var state = optimizer.initialState(for: p)
    for _ in 0..<3 { optimizer.step(&p, gradient: g, state: &state) }
    var (p2, s2) = (p, try JSONDecoder().decode(type(of: state), from: JSONEncoder().encode(state)))
    for _ in 0..<3 {
      optimizer.step(&p, gradient: g, state: &state)
      optimizer.step(&p2, gradient: g, state: &s2)
    }
    #expect(p == p2 && state == s2)
  }

  // MARK: Lookahead

  @Test func lookaheadWithFullSlowStepIsTheInnerOptimizer() {
    let inner: AdamW<Double> = adamw(learningRate: 0.05)
    let wrapped = Lookahead(inner, syncPeriod: 4, slowStepSize: 1)
    var (p1, s1) = (Self.start, inner.initialState(for: Self.start))
    var (p2, s2) = (Self.start, wrapped.initialState(for: Self.start))
    for _ in 0..<12 {
      inner.step(&p1, gradient: Self.valueAndGradient(p1).gradient, state: &s1)
      wrapped.step(&p2, gradient: Self.valueAndGradient(p2).gradient, state: &s2)
    }
    // After a synchronization the slow weights are the fast ones.
    #expect(maxRelativeDifference(p1["w"], p2["w"], floor: 1e-3) < 1e-12)
    #expect(maxRelativeDifference(s2.slow["b"], p2["b"], floor: 1e-3) < 1e-12)
  }

  @Test func lookaheadWithZeroSlowStepReturnsToTheStart() {
    let wrapped = Lookahead(sgd(learningRate: 0.05) as Chained<Trace<Double>, ScaleByLearningRate<Double>>, syncPeriod: 3, slowStepSize: 0)
    var (p, s) = (Self.start, wrapped.initialState(for: Self.start))
    for step in 1...6 {
      wrapped.step(&p, gradient: Self.valueAndGradient(p).gradient, state: &s)
      let distance = maxRelativeDifference(p["w"], Self.start["w"], floor: 1)
      #expect((distance < 1e-14) == (step % 3 == 0), "step \(step): distance \(distance) from the start")
    }
  }

  // MARK: Per-example clipping

  static var perExampleGradients: [ParameterSet<Double>] {
    let c = fixture.per_example_clip
    return (0..<5).map { e in
      ParameterSet([
        ("w", Tensor(shape: [2, 3], scalars: Array(c.gradients["w"]![(6 * e)..<(6 * e + 6)]))),
        ("b", Tensor(Array(c.gradients["b"]![(3 * e)..<(3 * e + 3)]))),
      ])
    }
  }

  @Test func perExampleClipMatchesOptax() {
    let c = Self.fixture.per_example_clip
    let (sum, clipped) = perExampleGlobalNormClip(Self.perExampleGradients, maxNorm: c.max_norm)
    #expect(clipped == c.clipped_count)
    for path in ["w", "b"] {
      let error = maxRelativeDifference(sum[path], Tensor(shape: sum[path].shape, scalars: c.sum[path]!), floor: 1e-3)
      #expect(error <= 1e-12, "\(path): relative error \(error)")
    }
  }

  @Test func differentiallyPrivateAggregateIsTheNoisedMeanOfClippedGradients() {
    let c = Self.fixture.per_example_clip
    let aggregate = DifferentiallyPrivateAggregate<Double>(maxNorm: c.max_norm, noiseMultiplier: 0.7, seed: 9)
    var state = aggregate.initialState()
    let noised = aggregate.aggregate(Self.perExampleGradients, state: &state)
    var replay = RandomGenerator(seed: 9)
    for path in ["b", "w"].sorted(by: { Self.start.paths.firstIndex(of: $0)! < Self.start.paths.firstIndex(of: $1)! }) {
      let expected = c.sum[path]!.map { ($0 + c.max_norm * 0.7 * replay.nextNormal()) / 5 }
      let error = maxRelativeDifference(noised[path], Tensor(shape: noised[path].shape, scalars: expected), floor: 1e-3)
      #expect(error <= 1e-12, "\(path): relative error \(error)")
    }
  }
}

import Foundation
import RegulaOptim
import Testing
import _RegulaTestSupport

/// SAM in Optax's opaque mode against Optax (fixtures from
/// Tools/fixtures/optimizers_opaque_sam.py, float64), on the problem of ``OptaxParityTests``.
struct OpaqueSAMParityTests {
  static let fixture = try! loadFixture(OptaxTrajectoryFixture.self, "optimizers_opaque_sam.json")
  static let problem = OptaxParityProblem(fixture.problem)

  static func run<O, A>(_ optimizer: OpaqueSharpnessAwareOptimizer<O, A>) -> [Int: ParameterSet<Double>] where O.Scalar == Double {
    var p = problem.start, state = optimizer.initialState(for: p), result: [Int: ParameterSet<Double>] = [:]
    for step in 1...100 {
      let (value, gradient) = problem.valueAndGradient(p)
      optimizer.step(&p, gradient: gradient, objective: Objective(value: value, valueAndGradient: problem.valueAndGradient), state: &state)
      result[step] = p
    }
    return result
  }

  static func run(_ name: String) -> [Int: ParameterSet<Double>]? {
    switch name {
    case "sam_sgd_opaque":
      return run(opaqueSAM(sgd(learningRate: 0.05) as Chained<Trace<Double>, ScaleByLearningRate<Double>>, rho: 0.05))
    case "sam_adam_sync3_opaque":
      return run(OpaqueSharpnessAwareOptimizer(
        adam(learningRate: 0.05) as Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>>,
        adversary: chain { Normalize<Double>(); adam(learningRate: 0.01) as Chained<ScaleByAdam<Double>, ScaleByLearningRate<Double>> },
        syncPeriod: 3, resetAdversary: false))
    default: return nil
    }
  }

  @Test(arguments: fixture.cases.map(\.name))
  func matchesOptax(_ name: String) throws {
    let golden = try #require(Self.fixture.cases.first { $0.name == name })
    try OptaxParityProblem.expectTrajectory(try #require(Self.run(name)), golden.steps, name)
  }

  /// With one ascent step, opaque SAM's step at θ is the transparent form's second call
  /// after its first call at θ: the same point, from the same gradient at θ + ρ·g/‖g‖.
  @Test func oneStepEqualsTwoTransparentCalls() {
    let base = sgd(learningRate: 0.05) as Chained<Trace<Double>, ScaleByLearningRate<Double>>
    let (opaque, transparent) = (opaqueSAM(base), sam(base))
    var (p, q) = (Self.problem.start, Self.problem.start)
    var (s, t) = (opaque.initialState(for: p), transparent.initialState(for: q))
    for _ in 0..<5 {
      let (value, gradient) = Self.problem.valueAndGradient(p)
      opaque.step(&p, gradient: gradient, objective: Objective(value: value, valueAndGradient: Self.problem.valueAndGradient), state: &s)
      for _ in 0..<2 { transparent.step(&q, gradient: Self.problem.valueAndGradient(q).gradient, state: &t) }
      #expect(maxRelativeDifference(p["w"], q["w"], floor: 1e-3) < 1e-12 && maxRelativeDifference(p["b"], q["b"], floor: 1e-3) < 1e-12)
    }
  }

  /// `sam(…, opaque=true)` by name is ``opaqueSAM(_:rho:syncPeriod:)``; without the objective's
  /// function it cannot run, and `make` refuses it.
  @Test func specBuildsTheOpaqueForm() throws {
    let fromSpec: AnyLossAwareTransformation<Double> = try OptimizerRegistry.makeLossAware("sam(base=sgd(lr=0.05), rho=0.1, sync_period=3, opaque=true)")
    let direct = AnyLossAwareTransformation(opaqueSAM(sgd(learningRate: 0.05) as Chained<Trace<Double>, ScaleByLearningRate<Double>>, rho: 0.1, syncPeriod: 3))
    func run(_ o: AnyLossAwareTransformation<Double>) -> ParameterSet<Double> {
      var p = Self.problem.start, s = o.initialState(for: p)
      for _ in 0..<10 {
        let (value, gradient) = Self.problem.valueAndGradient(p)
        o.step(&p, gradient: gradient, objective: Objective(value: value, valueAndGradient: Self.problem.valueAndGradient), state: &s)
      }
      return p
    }
    #expect(run(fromSpec) == run(direct) && run(direct) != Self.problem.start)
    #expect(throws: MethodSpecError.self) { let _: AnyGradientTransformation<Double> = try OptimizerRegistry.make("sam(base=sgd(lr=0.05), opaque=true)") }
  }
}

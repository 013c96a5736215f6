import Foundation
import RegulaOptim
import Testing
import _RegulaTestSupport

/// Every schedule against Optax's values at steps 0..<130 (Tools/fixtures/optimizers.py).
struct ScheduleTests {
  struct Fixture: Decodable {
    var schedules: [String: [Double]]
  }

  static let fixture = try! loadFixture(Fixture.self, "optimizers.json")

  static let schedules: [String: Schedule] = [
    "constant": .constant(0.3),
    "linear": .linear(from: 1, to: 0.1, transitionSteps: 50, transitionBegin: 10),
    "polynomial": .polynomial(from: 1, to: 0.01, power: 2.5, transitionSteps: 80, transitionBegin: 5),
    "piecewise_constant": .piecewiseConstant(initialValue: 0.5, boundariesAndScales: [10: 0.5, 40: 0.1, 41: 2]),
    "exponential": .exponentialDecay(initialValue: 1, transitionSteps: 7, decayRate: 0.8, transitionBegin: 3),
    "exponential_staircase_floor": .exponentialDecay(
      initialValue: 2, transitionSteps: 10, decayRate: 0.5, staircase: true, endValue: 0.3),
    "exponential_growth_ceiling": .exponentialDecay(initialValue: 0.1, transitionSteps: 10, decayRate: 1.5, endValue: 1),
    "cosine_decay": .cosineDecay(initialValue: 0.7, decaySteps: 90, alpha: 0.1, exponent: 1.5),
    "linear_onecycle": .linearOneCycle(transitionSteps: 100, peakValue: 0.9),
    "cosine_onecycle": .cosineOneCycle(transitionSteps: 110, peakValue: 1.2, pctStart: 0.25),
    "warmup_constant": .warmupConstant(initialValue: 0.01, peakValue: 0.5, warmupSteps: 15),
    "warmup_cosine_decay": .warmupCosineDecay(peakValue: 1, warmupSteps: 20, decaySteps: 100, endValue: 0.05),
    "warmup_exponential_decay": .warmupExponentialDecay(
      peakValue: 1, warmupSteps: 10, transitionSteps: 5, decayRate: 0.9, endValue: 0.2),
    "sgdr": .sgdr([
      .init(peakValue: 1, warmupSteps: 5, decaySteps: 40),
      .init(initialValue: 0.1, peakValue: 0.5, warmupSteps: 10, decaySteps: 50, endValue: 0.01),
    ]),
    "join": .join(
      [.constant(0.2), .linear(from: 1, to: 0, transitionSteps: 30), .cosineDecay(initialValue: 0.5, decaySteps: 20)],
      boundaries: [25, 60]),
  ]

  @Test(arguments: fixture.schedules.keys.sorted())
  func matchesOptax(_ name: String) throws {
    let schedule = try #require(Self.schedules[name], "no Swift schedule for fixture \(name)")
    let expected = try #require(Self.fixture.schedules[name])
    for (step, value) in expected.enumerated() {
      let actual = schedule(step)
      #expect(Swift.abs(actual - value) <= 1e-12 * Swift.max(1, Swift.abs(value)), "\(name) at step \(step): \(actual) vs \(value)")
    }
  }

  @Test func everyScheduleHasAFixture() {
    #expect(Set(Self.schedules.keys) == Set(Self.fixture.schedules.keys))
  }

  @Test func warmupStableDecayIsTrapezoidal() {
    let s = Schedule.warmupStableDecay(initialValue: 0.1, peakValue: 1, warmupSteps: 10, stableSteps: 20, decaySteps: 10, endValue: 0)
    #expect(s(0) == 0.1 && s(5) == 0.55 && s(10) == 1 && s(29) == 1 && s(30) == 1)
    #expect(Swift.abs(s(35) - 0.5) < 1e-15 && s(40) == 0 && s(1000) == 0)
  }

  /// A schedule injected as the learning rate is read at the optimizer's own step count, so
  /// it resumes correctly from a saved state.
  @Test func injectedScheduleReadsTheStateCount() throws {
    let optimizer = ScaleByLearningRate<Double>(.linear(from: 1, to: 0, transitionSteps: 4))
    var state = optimizer.initialState(for: ParameterSet([("x", Tensor([0.0]))]))
    var seen: [Double] = []
    for _ in 0..<3 {
      var u = ParameterSet([("x", Tensor([1.0]))])
      optimizer.update(&u, state: &state, parameters: u)
      seen.append(-u["x"].scalars[0])
    }
    state = try JSONDecoder().decode(CountState.self, from: JSONEncoder().encode(state))
    var u = ParameterSet([("x", Tensor([1.0]))])
    optimizer.update(&u, state: &state, parameters: u)
    seen.append(-u["x"].scalars[0])
    #expect(seen == [1, 0.75, 0.5, 0.25])
  }
}

import Foundation
import RegulaOptim
import Testing
import _RegulaTestSupport

/// L-BFGS with the zoom line search, and the zoom line search after SGD, against Optax
/// (fixtures from Tools/fixtures/optimizers_linesearch.py, float64): parameters, accepted step
/// sizes and search lengths after 1, 2, 5, 20 and 100 steps on the two-tensor problem and on
/// Rosenbrock's function (Optax run op by op, so that XLA's fused multiply-adds do not round
/// differently from Regula's separate operations; see the generator).
struct LineSearchParityTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var name: String
      var problem: String
      var steps: [String: [String: [Double]]]
      var learning_rate: [String: Double]
      var linesearch_steps: [String: Int]
      /// Checkpoints whose step changed f by rounding only.
      var converged: [String]
    }
    var problem: [String: [Double]]
    var cases: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "optimizers_linesearch.json")
  static let twoTensor = OptaxParityProblem(fixture.problem)

  /// A problem: its start and its value and gradient.
  struct Problem {
    var start: ParameterSet<Double>
    var valueAndGradient: (ParameterSet<Double>) -> (value: Double, gradient: ParameterSet<Double>)
  }

  static func problem(_ name: String) -> Problem {
    switch name {
    case "two_tensor": return Problem(start: twoTensor.start, valueAndGradient: twoTensor.valueAndGradient)
    default: return Problem(start: ParameterSet([("x", Tensor([-1.2, 1]))]), valueAndGradient: rosenbrock)
    }
  }

  /// (1 − x₀)² + 100(x₁ − x₀²)² and its gradient, with the roundings of JAX's
  /// `value_and_grad` of the generator's formula (products grouped as JAX's rules group them).
  static func rosenbrock<Scalar: TensorScalar>(_ p: ParameterSet<Scalar>) -> (value: Double, gradient: ParameterSet<Scalar>) {
    let x = p["x"].scalars.map { Double($0) }
    let r = x[1] - x[0] * x[0]
    let gradient = [-(2 * (1 - x[0])) - (200 * r) * (2 * x[0]), 200 * r].map { Scalar($0) }
    return ((1 - x[0]) * (1 - x[0]) + 100 * (r * r), ParameterSet([("x", Tensor(gradient))]))
  }

  /// Parameters, step sizes and search lengths after every step.
  struct Run {
    var parameters: [Int: ParameterSet<Double>] = [:]
    var stepSizes: [Int: Double] = [:]
    var searchSteps: [Int: Int] = [:]
  }

  static func run<D>(_ optimizer: LineSearchStep<D>, on problem: Problem, steps: Int = 100) -> Run where D.Scalar == Double {
    var p = problem.start, state = optimizer.initialState(for: p), result = Run()
    for step in 1...steps {
      let (value, gradient) = problem.valueAndGradient(p)
      optimizer.step(&p, gradient: gradient, objective: Objective(value: value, valueAndGradient: problem.valueAndGradient), state: &state)
      result.parameters[step] = p
      result.stepSizes[step] = state.lineSearch.stepSize
      result.searchSteps[step] = state.lineSearch.searchSteps
    }
    return result
  }

  /// The fixture case `name`, run on `problem`.
  static func run(_ name: String, on problem: Problem) -> Run? {
    let sgd = ScaleByLearningRate<Double>(1)
    switch name {
    case "lbfgs": return run(lbfgs(), on: problem)
    case "lbfgs_memory_3_unscaled":
      return run(lbfgs(memorySize: 3, scaleInitialPreconditioner: false,
        lineSearch: ZoomLineSearch(maxSteps: 15, sufficientDecrease: 1e-3, curvature: 0.5, initialGuess: .one)), on: problem)
    case "lbfgs_2_linesearch_steps":
      return run(lbfgs(scaleInitialPreconditioner: false, lineSearch: ZoomLineSearch(maxSteps: 2, initialGuess: .one)), on: problem)
    case "sgd_zoom": return run(LineSearchStep(sgd, lineSearch: ZoomLineSearch(maxSteps: 15)), on: problem)
    case "sgd_zoom_capped":
      return run(LineSearchStep(sgd, lineSearch: ZoomLineSearch(
        maxSteps: 15, maxStepSize: 0.01, increaseFactor: 3, approximateDecrease: nil, stepSizePrecision: 1e-3)), on: problem)
    default: return nil
    }
  }

  @Test(arguments: fixture.cases.map { "\($0.name)/\($0.problem)" })
  func matchesOptax(_ label: String) throws {
    let golden = try #require(Self.fixture.cases.first { "\($0.name)/\($0.problem)" == label })
    let run = try #require(Self.run(golden.name, on: Self.problem(golden.problem)), "no optimizer for \(golden.name)")
    for (step, expected) in golden.steps {
      let actual = try #require(run.parameters[Int(step)!])
      // Once f stops changing, the search's choices turn on f's last bits, which Regula and
      // XLA round differently (sums in another order), and the minimizer is determined only
      // to about √ε.
      let converged = golden.converged.contains(step)
      for (path, scalars) in expected {
        let a = actual[path]
        let error = maxRelativeDifference(a, Tensor(shape: a.shape, scalars: scalars), floor: 1e-3)
        #expect(error <= (converged ? 1e-7 : 1e-9), "\(label) step \(step) \(path): relative error \(error)")
      }
      if converged { continue }
      let rate = try #require(run.stepSizes[Int(step)!]), expectedRate = golden.learning_rate[step]!
      #expect(abs(rate - expectedRate) <= 1e-9 * max(abs(expectedRate), 1e-3), "\(label) step \(step): η \(rate), Optax \(expectedRate)")
      #expect(run.searchSteps[Int(step)!] == golden.linesearch_steps[step], "\(label) step \(step): search length")
    }
  }

  /// A run saved to JSON and restored after 7 steps ends bit for bit where the uninterrupted run does.
  @Test func savedStateContinuesBitForBit() throws {
    let optimizer: LBFGS<Double> = lbfgs(memorySize: 3)
    let problem = Self.problem("rosenbrock")
    func step(_ p: inout ParameterSet<Double>, _ state: inout LBFGS<Double>.State) {
      let (value, gradient) = problem.valueAndGradient(p)
      optimizer.step(&p, gradient: gradient, objective: Objective(value: value, valueAndGradient: problem.valueAndGradient), state: &state)
    }
    var (p, state) = (problem.start, optimizer.initialState(for: problem.start))
    var (q, other) = (p, state)
    for _ in 0..<7 { step(&p, &state) }
    for _ in 0..<7 { step(&q, &other) }
    let restored = try JSONDecoder().decode(LBFGS<Double>.State.self, from: JSONEncoder().encode(other))
    #expect(restored == other)
    other = restored
    for _ in 0..<13 {
      step(&p, &state)
      step(&q, &other)
    }
    #expect(p == q && state == other)
    #expect(p["x"].scalars != [1, 1] && state.lineSearch.searchSteps >= 1, "the run should still be moving at step 20")
  }

  /// In Float, L-BFGS with the line search still solves Rosenbrock's problem.
  @Test func convergesInFloat() {
    let optimizer: LBFGS<Float> = lbfgs()
    var p = ParameterSet([("x", Tensor<Float>([-1.2, 1]))]), state = optimizer.initialState(for: p)
    for _ in 0..<60 {
      let (value, gradient) = Self.rosenbrock(p)
      optimizer.step(&p, gradient: gradient, objective: Objective(value: value, valueAndGradient: Self.rosenbrock), state: &state)
    }
    #expect(maxRelativeDifference(p["x"], Tensor([1, 1]), floor: 1) < 1e-3, "reached \(p["x"])")
  }

  /// A search that gives up takes its safe step if it has one, else its last trial if that
  /// trial's value is finite, else no step (Optax's fallback). Here u = 1 is an ascent
  /// direction of f(x) = −log(1 − x) (+∞ for x ≥ 1) from x = 0.5: trials η = 1, 0.5, 0.25.
  @Test(arguments: [(2, 0.0), (3, 0.25)])
  func failedSearchFallsBack(maxSteps: Int, expectedStepSize: Double) {
    let start = ParameterSet([("x", Tensor<Double>([0.5]))])
    let f: (ParameterSet<Double>) -> (value: Double, gradient: ParameterSet<Double>) = { p in
      let x = p["x"].scalars[0]
      return x < 1 ? (-Foundation.log(1 - x), ParameterSet([("x", Tensor([1 / (1 - x)]))])) : (.infinity, ParameterSet([("x", Tensor([Double.nan]))]))
    }
    let (value, gradient) = f(start)
    let result = ZoomLineSearch(maxSteps: maxSteps).search(
      along: ParameterSet([("x", Tensor([1.0]))]), from: start, value: value, gradient: gradient, initialStepSize: 1, valueAndGradient: f)
    #expect(result.stepSize == expectedStepSize && result.steps == maxSteps)
    #expect(result.value == (expectedStepSize == 0 ? value : -Foundation.log(0.25)))
    #expect(result.decreaseError.isInfinite == (expectedStepSize == 0))
  }
}

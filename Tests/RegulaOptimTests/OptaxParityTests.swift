import Foundation
import RegulaOptim
import Testing
import _Differentiation
import _RegulaTestSupport

/// Trajectories against Optax (fixtures from Tools/fixtures/optimizers.py, float64).
struct OptaxParityTests {
  struct Fixture: Decodable {
    struct Case: Decodable {
      var name: String
      var steps: [String: [String: [Double]]]
    }
    var problem: [String: [Double]]
    var cases: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "optimizers.json")

  /// f(w, b) = Σ c_w (w − t_w)² + Σ c_b (b − t_b)² + 0.1 (Σ w⁴ + Σ b⁴), as in the generator.
  static func gradient(_ p: ParameterSet<Double>) -> ParameterSet<Double> {
    let q = fixture.problem
    let cw = Tensor(shape: [2, 3], scalars: q["cw"]!), tw = Tensor(shape: [2, 3], scalars: q["tw"]!)
    let cb = Tensor(q["cb"]!), tb = Tensor(q["tb"]!)
    return _Differentiation.gradient(at: p) { p in
      let w = p["w"], b = p["b"]
      let fit = (cw * square(w - tw)).sum() + (cb * square(b - tb)).sum()
      return (fit + 0.1 * (pow(w, 4).sum() + pow(b, 4).sum())).scalarized()
    }
  }

  static func run<T: GradientTransformation>(_ optimizer: T, steps: Int) -> [Int: ParameterSet<Double>] where T.Scalar == Double {
    let q = fixture.problem
    var p = ParameterSet([("w", Tensor(shape: [2, 3], scalars: q["w0"]!)), ("b", Tensor(q["b0"]!))])
    var state = optimizer.initialState(for: p)
    var snapshots: [Int: ParameterSet<Double>] = [:]
    for step in 1...steps {
      optimizer.step(&p, gradient: gradient(p), state: &state)
      snapshots[step] = p
    }
    return snapshots
  }

  static let optimizers: [String: @Sendable () -> [Int: ParameterSet<Double>]] = [
    "sgd": { run(sgd(learningRate: 0.05), steps: 100) },
    "sgd_momentum": { run(sgd(learningRate: 0.02, momentum: 0.9), steps: 100) },
    "sgd_nesterov": { run(sgd(learningRate: 0.02, momentum: 0.9, nesterov: true), steps: 100) },
    "adam": { run(adam(learningRate: 0.1), steps: 100) },
    "adam_eps_root": { run(adam(learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, epsilonRoot: 1e-8), steps: 100) },
    "adamw": { run(adamw(learningRate: 0.1, weightDecay: 0.05), steps: 100) },
    "adamw_default_decay": { run(adamw(learningRate: 0.01), steps: 100) },
    "adamw_cosine": {
      run(adamw(learningRate: .cosineDecay(initialValue: 0.1, decaySteps: 50, alpha: 0.1), weightDecay: 0.01), steps: 100)
    },
  ]

  @Test(arguments: fixture.cases.map(\.name))
  func matchesOptaxTrajectory(_ name: String) throws {
    let golden = try #require(Self.fixture.cases.first { $0.name == name })
    let optimizer = try #require(Self.optimizers[name], "no Swift optimizer for fixture case \(name)")
    let run = optimizer()
    for (step, expected) in golden.steps {
      let p = try #require(run[Int(step)!])
      for path in ["w", "b"] {
        let error = maxRelativeDifference(p[path], Tensor(shape: p[path].shape, scalars: expected[path]!), floor: 1e-3)
        #expect(error <= 1e-9, "\(name) step \(step) \(path): relative error \(error)")
      }
    }
  }

  @Test func everyOptimizerHasAFixture() {
    #expect(Set(Self.optimizers.keys) == Set(Self.fixture.cases.map(\.name)))
  }
}

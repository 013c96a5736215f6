import Foundation
@testable import Regula
import Testing

/// `regula optimize` with optimizers that read the objective.
struct LossAwareOptimizeTests {
  /// The written-out ∇²f·v of the quadratic, Rosenbrock and Rastrigin equal central
  /// differences of their gradients.
  @Test(arguments: [TestProblem.rosenbrock, .rastrigin, .quadratic(conditionNumber: 50), .quadratic(conditionNumber: 10, dimension: 5)])
  func hessianVectorProductsMatchFiniteDifferences(_ problem: TestProblem) throws {
    let product = try #require(problem.hessianVectorProduct)
    var rng = RandomGenerator(seed: 7)
    for _ in 0..<5 {
      let x = (0..<problem.dimension).map { _ in Double(rng.next() % 4001) / 1000 - 2 }
      let v = (0..<problem.dimension).map { _ in Double(rng.next() % 2001) / 1000 - 1 }
      let h = 1e-6
      let plus = problem.valueAndGradient(at: zip(x, v).map { $0 + h * $1 }).gradient
      let minus = problem.valueAndGradient(at: zip(x, v).map { $0 - h * $1 }).gradient
      for (exact, (p, m)) in zip(product(x, v), zip(plus, minus)) {
        let numerical = (p - m) / (2 * h)
        #expect(abs(exact - numerical) <= 1e-5 * max(1, abs(numerical)), "\(problem.name) at \(x)")
      }
    }
  }

  /// A spec's trajectory is the directly built optimizer's, and L-BFGS with its line search
  /// solves Rosenbrock's problem in a few dozen steps.
  @Test func lossAwareSpecRunsLikeTheDirectOptimizer() throws {
    let fromSpec = OptimizerTrajectory(try OptimizerRegistry.makeLossAware("lbfgs(memory_size=5)"), on: .rosenbrock, steps: 60)
    let direct = OptimizerTrajectory(AnyLossAwareTransformation(lbfgs(memorySize: 5) as LBFGS<Double>), on: .rosenbrock, steps: 60)
    #expect(fromSpec.points == direct.points)
    #expect(try #require(fromSpec.firstStep(within: 1e-12, of: 0)) < 60)
    let polyak = OptimizerTrajectory(try OptimizerRegistry.makeLossAware("polyak_sgd(max_learning_rate=0.5)"), on: .quadratic(conditionNumber: 10), steps: 30)
    let literal = OptimizerTrajectory(AnyLossAwareTransformation(polyakSGD(maxLearningRate: 0.5) as PolyakSGD<Double>), on: .quadratic(conditionNumber: 10), steps: 30)
    #expect(polyak.points == literal.points && polyak.losses.last! < polyak.losses.first!)
  }

  /// Sophia reads the problem's exact Hessian–vector products. On f = ½x₀² + 2x₁², whose
  /// Hessian is diagonal, v ⊙ Hv = (1, 4) exactly; with β₁ = β₂ = 0 and γ = 1 every step
  /// after the first (a clipped sign step) is θ ← θ − η·g/h = (1 − η)θ. The run with the
  /// products differs in the last bits from the run by central differences, and the two
  /// agree to 1e-6.
  @Test func sophiaUsesTheProblemsProducts() throws {
    let f: @Sendable ([Double]) -> (value: Double, gradient: [Double]) = { x in (0.5 * x[0] * x[0] + 2 * x[1] * x[1], [x[0], 4 * x[1]]) }
    let exactProducts = TestProblem(name: "separable", start: [1, 1], hessianVectorProduct: { _, v in [v[0], 4 * v[1]] }, valueAndGradient: f)
    let noProducts = TestProblem(name: "separable", start: [1, 1], valueAndGradient: f)
    let spec = "sophia(lr=0.5, b1=0, b2=0, gamma=1, update_interval=1, weight_decay=0)"
    let exact = OptimizerTrajectory(try OptimizerRegistry.makeLossAware(spec), on: exactProducts, steps: 20)
    let differenced = OptimizerTrajectory(try OptimizerRegistry.makeLossAware(spec), on: noProducts, steps: 20)
    #expect(exact.points != differenced.points, "exact products differ in the last bits from differences")
    for (a, b) in zip(exact.points.joined(), differenced.points.joined()) { #expect(abs(a - b) < 1e-6) }
    #expect(exact.points[1] == [0.5, 0.5])
    for t in 2...20 { #expect(exact.points[t] == exact.points[t - 1].map { $0 * 0.5 }) }
  }
}

extension CommandLineTests {
  /// `regula optimize` runs L-BFGS with its line search and Polyak's step size from specs.
  @Test func optimizeRunsOptimizersThatReadTheObjective() throws {
    let dir = try Self.temporaryDirectory()
    let result = try Self.run([
      "optimize", "--function", "rosenbrock", "--steps", "60", "--optimizer", "lbfgs", "--optimizer", "polyak_sgd(max_learning_rate=0.01)",
      "--optimizer", "sophia(lr=0.01)", "--output", dir.path, "--json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
    #expect(json.map { $0["optimizer"] as? String } == ["lbfgs", "polyak_sgd(max_learning_rate=0.01)", "sophia(lr=0.01)"])
    #expect((json[0]["final_loss"] as! Double) < 1e-12, "L-BFGS with a line search solves Rosenbrock in 60 steps")
    #expect((json[1]["final_loss"] as! Double) < 24.2 && (json[2]["final_loss"] as! Double) < 24.2)
    let rows = try String(contentsOf: dir.appendingPathComponent("trajectories.csv"), encoding: .utf8).split(separator: "\n")
    #expect(rows.count == 1 + 3 * 61)
    let bad = try Self.run(["optimize", "--optimizer", "polyak_sgd(lr=1)"])
    #expect(bad.status == 2 && bad.stderr.contains("unknown argument \"lr\" for optimizer polyak_sgd; valid arguments: "))
    let unknown = try Self.run(["optimize", "--optimizer", "polyak"])
    #expect(unknown.status == 2 && unknown.stderr.contains("polyak_sgd") && unknown.stderr.contains("adamw"))
  }

  /// `regula train` takes the same specs; the training loop passes each minibatch's loss.
  @Test func trainRunsOptimizersThatReadTheObjective() throws {
    let dir = try Self.temporaryDirectory()
    for spec in ["polyak_sgd(max_learning_rate=0.5)", "lbfgs"] {
      let result = try Self.run(["train", "--hidden", "16", "--epochs", "1", "--optimizer", spec, "--quiet", "--json", "--output", dir.path])
      #expect(result.status == 0, "\(spec): \(result.stderr)")
      let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
      #expect(summary?["optimizer"] as? String == spec)
      #expect((summary?["test_accuracy"] as? Double ?? 0) > 0.5, "\(spec): \(result.stdout)")
    }
  }
}

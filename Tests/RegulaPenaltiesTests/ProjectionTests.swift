import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// Projections against optax.projections (Tools/fixtures/projections.py), and their
/// defining properties: the result is in the set, projecting twice changes nothing, and
/// no point of the set is closer.
struct ProjectionTests {
  struct Fixture: Decodable {
    struct Arguments: Decodable {
      var lower: Double?, upper: Double?, scale: Double?, radius: Double?, normal: [Double]?, offset: Double?
    }
    struct Case: Decodable {
      var name: String, arguments: Arguments, shape: [Int], input: [Double], output: [Double]
    }
    var cases: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "projections.json")

  static func projection(_ c: Fixture.Case) -> Projection<Double> {
    let a = c.arguments
    switch c.name {
    case "nonNegative": return .nonNegative
    case "box": return .box(lower: a.lower!, upper: a.upper!)
    case "hypercube": return .hypercube(scale: a.scale!)
    case "simplex": return .simplex(scale: a.scale!)
    case "l1Sphere": return .l1Sphere(radius: a.radius!)
    case "l1Ball": return .l1Ball(radius: a.radius!)
    case "l2Sphere": return .l2Sphere(radius: a.radius!)
    case "l2Ball": return .l2Ball(radius: a.radius!)
    case "lInfinityBall": return .lInfinityBall(radius: a.radius!)
    case "hyperplane": return .hyperplane(normal: Tensor(shape: c.shape, scalars: a.normal!), offset: a.offset!)
    case "halfspace": return .halfspace(normal: Tensor(shape: c.shape, scalars: a.normal!), offset: a.offset!)
    default: fatalError("no projection named \(c.name) in the test table")
    }
  }

  @Test(arguments: fixture.cases.indices)
  func matchesOptaxAndIsAProjection(_ index: Int) {
    let c = Self.fixture.cases[index]
    let p = Self.projection(c)
    let x = Tensor(shape: c.shape, scalars: c.input)
    let y = p.project(x)
    #expect(maxRelativeDifference(y, Tensor(shape: c.shape, scalars: c.output), floor: 1e-12) < 1e-12, "\(c.name) \(index)")
    #expect(p.contains(y, tolerance: 1e-10), "\(c.name): result not in the set")
    #expect(maxRelativeDifference(p.project(y), y, floor: 1) < 1e-12, "\(c.name): not idempotent")
    // No point of the set is closer: project random points and compare distances.
    let distance = (x - y).l2Norm().scalar
    for seed in 0..<20 {
      let z = p.project(randomTensor(c.shape, seed: UInt64(seed), scale: 2))
      #expect(distance <= (x - z).l2Norm().scalar + 1e-12 || c.name == "l1Sphere" || c.name == "l2Sphere",
        "\(c.name): a point of the set is closer")
    }
  }

  @Test func everyProjectionIsCoveredByTheFixture() {
    #expect(Set(Self.fixture.cases.map(\.name)) == [
      "nonNegative", "box", "hypercube", "simplex", "l1Sphere", "l1Ball", "l2Sphere", "l2Ball", "lInfinityBall", "hyperplane", "halfspace",
    ])
  }

  @Test func projectedUpdatesKeepParametersInTheSet() {
    var parameters = ParameterSet([("weights", Tensor<Double>([0.2, 0.3, 0.5])), ("free", Tensor<Double>([1, 2]))])
    let optimizer = chain {
      sgd(learningRate: 0.5) as Chained<Trace<Double>, ScaleByLearningRate<Double>>
      ProjectedUpdates<Double>(.simplex(scale: 1), appliesTo: { $0 == "weights" })
    }
    var state = optimizer.initialState(for: parameters)
    let target = Tensor<Double>([1, 0, 3])
    for _ in 0..<200 {
      let g = gradient(at: parameters) { p in (square(p["weights"] - target).sum() + p["free"].sum()).scalarized() }
      optimizer.step(&parameters, gradient: g, state: &state)
      #expect(Projection<Double>.simplex(scale: 1).contains(parameters["weights"], tolerance: 1e-12))
    }
    // The minimizer of ‖w − (1, 0, 3)‖² on the simplex is (0, 0, 1); "free" is not projected.
    #expect(maxRelativeDifference(parameters["weights"], Tensor([0, 0, 1]), floor: 1) < 1e-9)
    #expect(parameters["free"].scalars == [1 - 100, 2 - 100])
  }
}

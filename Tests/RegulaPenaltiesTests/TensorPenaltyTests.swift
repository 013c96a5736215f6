import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// Tensor penalties: values and proxes against skglm and NumPy
/// (Tools/fixtures/penalties.py), values against slow literal formulas, and gradients
/// against finite differences.
struct TensorPenaltyTests {
  struct Fixture: Decodable {
    struct Arguments: Decodable { var l1Ratio: Double?, alpha: Double?, gamma: Double?, groups: String? }
    struct Case: Decodable {
      var name: String, arguments: Arguments, stepSize: Double, shape: [Int], input: [Double], value: Double, prox: [Double]
    }
    var cases: [Case]
  }

  static let fixture = try! loadFixture(Fixture.self, "penalties.json")

  static func penalty(_ c: Fixture.Case) -> any ProximalTensorPenalty<Double> {
    let a = c.arguments
    switch c.name {
    case "l1": return L1Regularizer<Double>()
    case "l2": return L2Regularizer<Double>()
    case "elasticNet": return ElasticNetRegularizer<Double>(l1Ratio: a.l1Ratio!)
    case "scad": return SCADRegularizer<Double>(alpha: a.alpha!, gamma: a.gamma!)
    case "mcp": return MCPRegularizer<Double>(alpha: a.alpha!, gamma: a.gamma!)
    case "groupLasso": return GroupLassoRegularizer<Double>(groups: .init(rawValue: a.groups!)!)
    case "nuclear": return NuclearNormRegularizer<Double>()
    case "spectral": return SpectralNormRegularizer<Double>(iterations: 500)
    default: fatalError("no penalty named \(c.name) in the test table")
    }
  }

  @Test(arguments: fixture.cases.indices)
  func matchesSkglmAndNumPy(_ index: Int) {
    let c = Self.fixture.cases[index]
    let p = Self.penalty(c)
    let w = Tensor(shape: c.shape, scalars: c.input)
    #expect(Swift.abs(p(w).scalar - c.value) <= 1e-10 * Swift.max(1, Swift.abs(c.value)), "\(c.name) \(index): value \(p(w).scalar) vs \(c.value)")
    let prox = p.prox(w, stepSize: c.stepSize)
    #expect(maxRelativeDifference(prox, Tensor(shape: c.shape, scalars: c.prox), floor: 1) < 1e-10, "\(c.name) \(index): prox")
  }

  @Test func fixtureCoversEveryProximalPenalty() {
    #expect(Set(Self.fixture.cases.map(\.name)) == ["l1", "l2", "elasticNet", "scad", "mcp", "groupLasso", "nuclear", "spectral"])
  }

  // MARK: - Literal formulas

  static let w = randomTensor([5, 3], seed: 3)

  /// Element (i, j) of a matrix.
  static func at(_ w: Tensor<Double>, _ i: Int, _ j: Int) -> Double { w.scalars[i * w.shape[1] + j] }

  @Test func valuesMatchLiteralFormulas() {
    let w = Self.w
    let (m, n) = (w.shape[0], w.shape[1])
    var l1 = 0.0, l2 = 0.0
    for x in w.scalars { l1 += Swift.abs(x); l2 += x * x / 2 }
    #expect(Swift.abs(L1Regularizer<Double>()(w).scalar - l1) < 1e-12)
    #expect(Swift.abs(L2Regularizer<Double>()(w).scalar - l2) < 1e-12)
    #expect(Swift.abs(ElasticNetRegularizer<Double>(l1Ratio: 0.25)(w).scalar - (0.25 * l1 + 0.75 * l2)) < 1e-12)
    var rows = 0.0, columns = 0.0
    for i in 0..<m { var s = 0.0; for j in 0..<n { s += Self.at(w, i, j) * Self.at(w, i, j) }; rows += s.squareRoot() }
    for j in 0..<n { var s = 0.0; for i in 0..<m { s += Self.at(w, i, j) * Self.at(w, i, j) }; columns += s.squareRoot() }
    #expect(Swift.abs(GroupLassoRegularizer<Double>(groups: .rows)(w).scalar - rows) < 1e-12)
    #expect(Swift.abs(GroupLassoRegularizer<Double>(groups: .columns)(w).scalar - columns) < 1e-12)
    // Singular values as square roots of the eigenvalues of WᵀW, formed entry by entry.
    var gram = [Double](repeating: 0, count: n * n)
    for a in 0..<n { for b in 0..<n { for i in 0..<m { gram[a * n + b] += Self.at(w, i, a) * Self.at(w, i, b) } } }
    let eigenvalues = symmetricEigendecomposition(Tensor(shape: [n, n], scalars: gram)).eigenvalues.scalars
    let sigma = eigenvalues.map { Swift.max($0, 0).squareRoot() }
    #expect(Swift.abs(NuclearNormRegularizer<Double>()(w).scalar - sigma.reduce(0, +)) < 1e-10)
    #expect(Swift.abs(SpectralNormRegularizer<Double>(iterations: 300)(w).scalar - sigma.max()!) < 1e-10)
    // ‖WᵀW − I‖²_F from the same Gram matrix; a wide matrix uses WWᵀ (its transpose's WᵀW).
    var defect = 0.0
    for a in 0..<n { for b in 0..<n { let d = gram[a * n + b] - (a == b ? 1 : 0); defect += d * d } }
    #expect(Swift.abs(SoftOrthogonalityRegularizer<Double>()(w).scalar - defect) < 1e-10)
    #expect(Swift.abs(SoftOrthogonalityRegularizer<Double>()(w.transposed()).scalar - defect) < 1e-10)
  }

  @Test func scadAndMCPMatchTheirScalarPenalties() {
    let w = randomTensor([4, 6], seed: 9, scale: 2)
    let scad = SCADPenalty(alpha: 0.5, gamma: 3.7), mcp = MCPenalty(alpha: 0.5, gamma: 3)
    #expect(Swift.abs(SCADRegularizer<Double>(alpha: 0.5)(w).scalar - scad.value(w.scalars)) < 1e-12)
    #expect(Swift.abs(MCPRegularizer<Double>(alpha: 0.5)(w).scalar - mcp.value(w.scalars)) < 1e-12)
  }

  // MARK: - Gradients

  struct GradientCase: CustomTestStringConvertible, Sendable {
    let name: String
    let shape: [Int]
    let f: @differentiable(reverse) @Sendable (Tensor<Double>) -> Tensor<Double>
    var testDescription: String { name }
  }

  static let gradientCases: [GradientCase] = [
    .init(name: "l1", shape: [4, 3]) { L1Regularizer<Double>()($0) },
    .init(name: "l2", shape: [4, 3]) { L2Regularizer<Double>()($0) },
    .init(name: "elastic net", shape: [4, 3]) { ElasticNetRegularizer<Double>(l1Ratio: 0.3)($0) },
    .init(name: "group rows", shape: [4, 3]) { GroupLassoRegularizer<Double>(groups: .rows)($0) },
    .init(name: "group columns", shape: [4, 3]) { GroupLassoRegularizer<Double>(groups: .columns)($0) },
    .init(name: "scad", shape: [4, 3]) { SCADRegularizer<Double>(alpha: 0.6, gamma: 3.7)($0) },
    .init(name: "mcp", shape: [4, 3]) { MCPRegularizer<Double>(alpha: 0.6, gamma: 3)($0) },
    .init(name: "nuclear", shape: [4, 3]) { NuclearNormRegularizer<Double>()($0) },
    .init(name: "spectral", shape: [4, 3]) { SpectralNormRegularizer<Double>(iterations: 500)($0) },
    .init(name: "gram bound n=3", shape: [4, 3]) { GramIterationRegularizer<Double>(iterations: 3)($0) },
    .init(name: "gram bound wide", shape: [2, 5]) { GramIterationRegularizer<Double>(iterations: 5)($0) },
    .init(name: "soft orthogonality", shape: [4, 3]) { SoftOrthogonalityRegularizer<Double>()($0) },
    .init(name: "soft orthogonality wide", shape: [2, 5]) { SoftOrthogonalityRegularizer<Double>()($0) },
  ]

  @Test(arguments: gradientCases)
  func gradientMatchesFiniteDifferences(_ c: GradientCase) {
    // Entries of magnitude in (0.2, 2.2) keep every elementwise kink (0, α, αγ) a step away.
    var w = randomTensor(c.shape, seed: 21)
    w = w.map { ($0 < 0 ? -1 : 1) * (0.2 + Swift.abs($0)) }
    #expect(gradientError(at: w, of: c.f) < 1e-6, "\(c.name)")
  }
}

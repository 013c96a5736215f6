import RegulaPenalties
import Testing

/// One row per penalty: the tests below run on every row (skglm's `test_penalties.py`).
struct PenaltyCase: CustomTestStringConvertible, Sendable {
  let name: String
  let penalty: any SeparablePenalty
  var testDescription: String { name }
}

let everyPenalty: [PenaltyCase] = [
  .init(name: "L1", penalty: L1Penalty(alpha: 0.7)),
  .init(name: "weighted L1", penalty: WeightedL1Penalty(alpha: 0.7, weights: [1.5, 0, 0.2])),
  .init(name: "elastic net ρ=0.5", penalty: ElasticNetPenalty(alpha: 0.7, l1Ratio: 0.5)),
  .init(name: "elastic net ρ=1", penalty: ElasticNetPenalty(alpha: 0.7, l1Ratio: 1)),
  .init(name: "elastic net ρ=0", penalty: ElasticNetPenalty(alpha: 0.7, l1Ratio: 0)),
  .init(name: "MCP γ=3", penalty: MCPenalty(alpha: 0.7, gamma: 3)),
  .init(name: "MCP γ=0.5", penalty: MCPenalty(alpha: 0.7, gamma: 0.5)),
  .init(name: "SCAD γ=3.7", penalty: SCADPenalty(alpha: 0.7, gamma: 3.7)),
  .init(name: "SCAD γ=2.5", penalty: SCADPenalty(alpha: 0.7, gamma: 2.5)),
]

let stepSizes: [Double] = [0.1, 1, 10]
let inputs = Array(stride(from: -4.0, through: 4.0, by: 0.125)) + [0.07, -0.7, 0.7 * 1.1, 2.1, 2.59]
let fineGrid = Array(stride(from: -6.0, through: 6.0, by: 0.0005))

@Test("prox minimizes its own objective over a grid", arguments: everyPenalty, stepSizes)
func proxMinimizesItsObjective(_ c: PenaltyCase, stepSize s: Double) {
  for j in 0..<3 {
    for x in inputs {
      let z = c.penalty.prox(x, stepSize: s, coordinate: j)
      let h = { (t: Double) in 0.5 * (t - x) * (t - x) + s * c.penalty.value(t, coordinate: j) }
      let best = fineGrid.map(h).min()!
      #expect(h(z) <= best + 1e-12, "\(c.name): prox(\(x), \(s), j=\(j)) = \(z), h = \(h(z)) > grid minimum \(best)")
    }
  }
}

@Test("prox satisfies 0 ∈ z − x + s∂g(z)", arguments: everyPenalty, stepSizes)
func proxIsStationary(_ c: PenaltyCase, stepSize s: Double) {
  for j in 0..<3 {
    for x in inputs {
      let z = c.penalty.prox(x, stepSize: s, coordinate: j)
      // The datafit ½(z − x)²/s has derivative (z − x)/s.
      let distance = c.penalty.subdifferentialDistance(z, gradient: (z - x) / s, coordinate: j)
      #expect(distance * s <= 1e-10, "\(c.name): prox(\(x), \(s), j=\(j)) = \(z), distance \(distance)")
    }
  }
}

@Test("prox with step 0 is the identity", arguments: everyPenalty)
func proxWithZeroStepIsIdentity(_ c: PenaltyCase) {
  for j in 0..<3 {
    for x in inputs { #expect(c.penalty.prox(x, stepSize: 0, coordinate: j) == x, "\(c.name): prox(\(x), 0)") }
  }
}

@Test("prox with α = 0 is the identity")
func proxWithZeroAlphaIsIdentity() {
  let zero: [any SeparablePenalty] = [
    L1Penalty(alpha: 0), WeightedL1Penalty(alpha: 0, weights: [1, 2, 3]), ElasticNetPenalty(alpha: 0, l1Ratio: 0.3),
    MCPenalty(alpha: 0, gamma: 3), SCADPenalty(alpha: 0, gamma: 3.7),
  ]
  for penalty in zero {
    for x in inputs { #expect(penalty.prox(x, stepSize: 1, coordinate: 1) == x, "\(penalty): prox(\(x))") }
  }
}

@Test("values match the formulas")
func penaltyValues() {
  #expect(L1Penalty(alpha: 2).value([1, -3, 0]) == 8)
  #expect(WeightedL1Penalty(alpha: 2, weights: [1, 0, 3]).value([1, -3, -1]) == 8)
  #expect(abs(ElasticNetPenalty(alpha: 2, l1Ratio: 0.25).value([2, -1]) - 2 * (0.25 * 3 + 0.375 * 5)) < 1e-15)
  let mcp = MCPenalty(alpha: 1, gamma: 3)
  #expect(mcp.value(1, coordinate: 0) == 1 - 1.0 / 6)
  #expect(mcp.value(-5, coordinate: 0) == 1.5)
  let scad = SCADPenalty(alpha: 1, gamma: 3.7)
  #expect(scad.value(0.5, coordinate: 0) == 0.5)
  #expect(abs(scad.value(2, coordinate: 0) - (2 * 3.7 * 2 - 4 - 1) / (2 * 2.7)) < 1e-15)
  #expect(abs(scad.value(-9, coordinate: 0) - 4.7 / 2) < 1e-15)
  // Continuity at the knots.
  #expect(abs(mcp.value(3 - 1e-12, coordinate: 0) - mcp.value(3 + 1e-12, coordinate: 0)) < 1e-11)
  #expect(abs(scad.value(3.7 - 1e-12, coordinate: 0) - scad.value(3.7 + 1e-12, coordinate: 0)) < 1e-11)
}

@Test("at α_max, w = 0 satisfies the optimality condition; just below, it does not")
func alphaMaxIsTheThreshold() {
  let gradient = [0.3, -1.7, 0.9]
  let penalties: [any PathPenalty] = [
    L1Penalty(alpha: 1), ElasticNetPenalty(alpha: 1, l1Ratio: 0.4), MCPenalty(alpha: 1), SCADPenalty(alpha: 1),
    WeightedL1Penalty(alpha: 1, weights: [1, 2, 0.5]),
  ]
  for penalty in penalties {
    let alphaMax = penalty.alphaMax(gradientAtZero: gradient)
    func violation(_ p: any SeparablePenalty) -> Double {
      gradient.indices.map { p.subdifferentialDistance(0, gradient: gradient[$0], coordinate: $0) }.max()!
    }
    #expect(violation(penalty.withAlpha(alphaMax)) <= 1e-15, "\(penalty)")
    #expect(violation(penalty.withAlpha(alphaMax * 0.99)) > 0, "\(penalty)")
  }
}

@Test("the conjugate is finite exactly on the scaled dual points")
func conjugateAndDualScale() {
  let penalties: [any ConvexSeparablePenalty] = [
    L1Penalty(alpha: 0.5), WeightedL1Penalty(alpha: 0.5, weights: [2, 1, 3]), ElasticNetPenalty(alpha: 0.5, l1Ratio: 1),
    ElasticNetPenalty(alpha: 0.5, l1Ratio: 0.5),
  ]
  for penalty in penalties {
    for u in [-3.0, -0.2, 0, 0.4, 7] {
      let s = penalty.dualScale(u, coordinate: 1)
      #expect(s > 0 && s <= 1)
      #expect(penalty.conjugate(s * u, coordinate: 1).isFinite, "\(penalty): g*(\(s * u))")
      // Fenchel–Young: g(z) + g*(u) ≥ uz, with equality at z = prox-type points.
      for z in [-2.0, 0, 0.3, 1.5] {
        let gap = penalty.value(z, coordinate: 1) + penalty.conjugate(s * u, coordinate: 1) - s * u * z
        #expect(gap >= -1e-12, "\(penalty): Fenchel–Young at u=\(s * u), z=\(z)")
      }
    }
  }
  // The elastic net's conjugate in closed form: (|u| − αρ)₊² / (2α(1 − ρ)).
  let en = ElasticNetPenalty(alpha: 2, l1Ratio: 0.25)
  #expect(abs(en.conjugate(1.5, coordinate: 0) - 1.0 / 3) < 1e-15)
  #expect(en.conjugate(0.4, coordinate: 0) == 0)
}

@Test("soft thresholding")
func softThresholding() {
  #expect(softThreshold(3, 1) == 2)
  #expect(softThreshold(-3, 1) == -2)
  #expect(softThreshold(0.5, 1) == 0)
  #expect(softThreshold(-1, 1) == 0)
}

import RegulaPenalties
import Testing

@Test("sparse-group prox minimizes its own objective", arguments: [0.1, 1.0, 10.0])
func sparseGroupProxMinimizes(stepSize s: Double) {
  expectProxMinimizes(
    SparseGroupLassoPenalty(alpha: 0.6, l1Ratio: 0.4, groups: [[0, 2], [1, 3, 4], [5]], weights: [1, 2, 0.5]), stepSize: s, seed: 5)
}

@Test("sparse-group penalty: value, the extremes τ = 0 and τ = 1, and α_max")
func sparseGroupBasics() {
  let groups = [[0, 1], [2, 3, 4]]
  let w = [3.0, -4, 0, 1, 0]
  let sgl = SparseGroupLassoPenalty(alpha: 2, l1Ratio: 0.25, groups: groups)
  // α(τ‖w‖₁ + (1 − τ)Σ√|g|‖w_g‖) = 2(0.25·8 + 0.75(√2·5 + √3·1)).
  #expect(abs(sgl.value(w) - 2 * (2 + 0.75 * (5 * Double(2).squareRoot() + Double(3).squareRoot()))) < 1e-12)
  // τ = 0 is the group Lasso, τ = 1 the Lasso.
  let group = GroupL21Penalty(alpha: 2, groups: groups)
  let asGroup = SparseGroupLassoPenalty(alpha: 2, l1Ratio: 0, groups: groups)
  let asLasso = SparseGroupLassoPenalty(alpha: 2, l1Ratio: 1, groups: groups)
  var a = [1.5, -0.5], b = a, c = a
  group.prox(&a, stepSize: 0.3, group: 0)
  asGroup.prox(&b, stepSize: 0.3, group: 0)
  asLasso.prox(&c, stepSize: 0.3, group: 0)
  #expect(a == b)
  #expect(c == [0.9, 0])
  // α_max: the smallest α with 0 optimal for each group, and 0 is not optimal just below.
  let gradient = [0.3, -0.4, 1, 0, 0.2]
  let alphaMax = sgl.alphaMax(gradientAtZero: gradient)
  let atMax = sgl.withAlpha(alphaMax), below = sgl.withAlpha(alphaMax * (1 - 1e-9))
  var worstBelow = 0.0
  for g in 0..<2 {
    let idx = groups[g]
    let zero = idx.map { _ in 0.0 }
    #expect(atMax.subdifferentialDistance(zero, gradient: idx.map { gradient[$0] }, group: g) <= 1e-14)
    worstBelow = max(worstBelow, below.subdifferentialDistance(zero, gradient: idx.map { gradient[$0] }, group: g))
  }
  #expect(worstBelow > 0)
  #expect(abs(asGroup.alphaMax(gradientAtZero: gradient) - group.withAlpha(1).alphaMax(gradientAtZero: gradient)) < 1e-15)
  #expect(abs(asLasso.alphaMax(gradientAtZero: gradient) - 1) < 1e-14)
}

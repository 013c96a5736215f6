import RegulaPenalties
import Testing

@Test("group prox minimizes its own objective against perturbations", arguments: [0.1, 1.0, 10.0])
func groupProxMinimizes(stepSize s: Double) {
  expectProxMinimizes(GroupL21Penalty(alpha: 0.8, groups: [[0, 2], [1, 3, 4], [5]]), stepSize: s, seed: 3)
}

/// Checks a block penalty's prox z = prox(v) on random v: z beats random perturbations (of
/// every coordinate or of some, so that zeros stay zero) and 0, satisfies
/// 0 ∈ z − v + s∂g(z), and a step of 0 is the identity.
func expectProxMinimizes<P: BlockPenalty>(_ penalty: P, stepSize s: Double, seed: UInt64) {
  var rng = SplitMix(seed: seed)
  for g in 0..<penalty.groupCount {
    for _ in 0..<50 {
      let v = penalty.indices(ofGroup: g).map { _ in rng.uniform() * 6 - 3 }
      var z = v
      penalty.prox(&z, stepSize: s, group: g)
      func h(_ t: [Double]) -> Double {
        zip(t, v).reduce(0) { $0 + 0.5 * ($1.0 - $1.1) * ($1.0 - $1.1) } + s * penalty.value(t, group: g)
      }
      for trial in 0..<200 {
        let scale = rng.uniform() < 0.5 ? 1e-3 : 0.3
        let t = z.map { trial % 2 == 0 || rng.uniform() < 0.5 ? $0 + (rng.uniform() * 2 - 1) * scale : $0 }
        #expect(h(z) <= h(t) + 1e-12)
      }
      #expect(h(z) <= h(z.map { _ in 0 }) + 1e-12)
      // 0 ∈ z − v + s∂g(z).
      let gradient = zip(z, v).map { ($0 - $1) / s }
      #expect(penalty.subdifferentialDistance(z, gradient: gradient, group: g) * s <= 1e-10)
      // Step 0 is the identity.
      var same = v
      penalty.prox(&same, stepSize: 0, group: g)
      #expect(same == v)
    }
  }
}

@Test("group penalty value, default weights and α_max")
func groupPenaltyBasics() {
  let penalty = GroupL21Penalty(alpha: 2, featureCount: 5, groupSize: 2)
  #expect(penalty.groups == [[0, 1], [2, 3], [4]])
  #expect(penalty.weights == [Double(2).squareRoot(), Double(2).squareRoot(), 1])
  let w = [3.0, 4, 0, 0, -1]
  #expect(abs(penalty.value(w) - 2 * (5 * Double(2).squareRoot() + 1)) < 1e-12)
  let gradient = [0.3, 0.4, 1, 0, 0.2]
  let alphaMax = penalty.alphaMax(gradientAtZero: gradient)
  #expect(abs(alphaMax - 1 / Double(2).squareRoot()) < 1e-15)
  let atMax = penalty.withAlpha(alphaMax)
  for g in 0..<3 {
    let idx = atMax.indices(ofGroup: g)
    #expect(atMax.subdifferentialDistance(idx.map { _ in 0 }, gradient: idx.map { gradient[$0] }, group: g) <= 1e-15)
  }
}

/// SplitMix64, a small seeded generator for repeatable tests.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

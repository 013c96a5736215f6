import Foundation
import RegulaLosses
import Testing
import _Differentiation
import _RegulaTestSupport

/// Self-supervised losses against Optax (triplet, NT-Xent) and wgcban/mix-bt's formulas
/// restated in Tools/fixtures/classification_regression_losses.py, and their properties.
struct SelfSupervisedLossesTests {
  static let fixture = ClassificationLossesTests.fixture
  static let families: Set<String> = ["triplet_margin_loss", "ntxent", "barlow_twins", "mixed_barlow_twins"]

  @Test(arguments: fixture.cases.filter { families.contains($0.family) }.map(\.name))
  func matchesGoldenValues(_ name: String) throws {
    let c = try #require(Self.fixture.cases.first { $0.name == name })
    switch c.family {
    case "triplet_margin_loss":
      let (a, p, n, margin) = (c.tensor("anchors"), c.tensor("positives"), c.tensor("negatives"), c.param("margin"))
      c.expectMatches(wrt: "anchors") { tripletMarginLoss(anchors: $0, positives: p, negatives: n, margin: margin, reduction: .none) }
      c.expectMatches(wrt: "positives") { tripletMarginLoss(anchors: a, positives: $0, negatives: n, margin: margin, reduction: .none) }
      c.expectMatches(wrt: "negatives") { tripletMarginLoss(anchors: a, positives: p, negatives: $0, margin: margin, reduction: .none) }
    case "ntxent":
      let (labels, t) = (try #require(c.labels), c.param("temperature"))
      c.expectMatches(wrt: "embeddings") { ntXentLoss(embeddings: $0, labels: labels, temperature: t).reshaped(to: [1]) }
    case "barlow_twins":
      let (a, b) = (c.tensor("view_a"), c.tensor("view_b"))
      c.expectMatches(wrt: "view_a") { barlowTwinsLoss(viewA: $0, viewB: b).reshaped(to: [1]) }
      c.expectMatches(wrt: "view_b") { barlowTwinsLoss(viewA: a, viewB: $0).reshaped(to: [1]) }
    case "mixed_barlow_twins":
      let (a, b, m) = (c.tensor("view_a"), c.tensor("view_b"), c.tensor("mixed"))
      let (perm, alpha) = (try #require(c.labels), c.param("alpha"))
      c.expectMatches(wrt: "view_a") { mixedBarlowTwinsLoss(viewA: $0, viewB: b, mixed: m, mixingCoefficient: alpha, permutation: perm).reshaped(to: [1]) }
      c.expectMatches(wrt: "view_b") { mixedBarlowTwinsLoss(viewA: a, viewB: $0, mixed: m, mixingCoefficient: alpha, permutation: perm).reshaped(to: [1]) }
      c.expectMatches(wrt: "mixed") { mixedBarlowTwinsLoss(viewA: a, viewB: b, mixed: $0, mixingCoefficient: alpha, permutation: perm).reshaped(to: [1]) }
    default:
      Issue.record("no test for \(name)")
    }
  }

  @Test func barlowTwinsIsZeroAtIdentityCorrelation() {
    #expect(barlowTwinsLoss(crossCorrelation: Tensor<Double>.oneHot([0, 1, 2], depth: 3)).scalar == 0)
    // Identical views with orthogonal ±1 columns: C = I exactly with the biased standardisation.
    let z = Tensor<Double>(rows: [[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]]) * 3 + 2
    #expect(abs(barlowTwinsLoss(viewA: z, viewB: z, standardization: .biased()).scalar) < 1e-24)
    // With mix-bt's unbiased std the diagonal is (N − 1)/N: loss D/N².
    #expect(abs(barlowTwinsLoss(viewA: z, viewB: z).scalar - 3.0 / 16) < 1e-14)
    #expect(barlowTwinsLoss(crossCorrelation: Tensor<Double>(rows: [[1, 0.5], [0, 1]]), lambda: 0.1).scalar == 0.025)
  }

  @Test func ntXentShares() {
    // Per-anchor shares average to the batch value; a SimCLR batch (one positive each) gives
    // each anchor its own loss.
    let e = randomTensor([6, 3], seed: 4)
    let labels = [0, 1, 2, 0, 1, 2]
    let per = ntXentLoss(embeddings: e, labels: labels, temperature: 0.5, reduction: .none)
    #expect(abs(per.mean().scalar - ntXentLoss(embeddings: e, labels: labels, temperature: 0.5).scalar) < 1e-14)
  }

  @Test func gradientsAndStability() {
    let z = randomTensor([5, 3], seed: 21)
    let other = randomTensor([5, 3], seed: 22)
    let checks: [(String, @differentiable(reverse) (Tensor<Double>) -> Tensor<Double>)] = [
      ("triplet", { tripletMarginLoss(anchors: $0, positives: other, negatives: other * 0.5, margin: 2) }),
      ("triplet3", { tripletMarginLoss(anchors: $0, positives: other, negatives: other * 0.5, margin: 2, normDegree: 3) }),
      ("ntxent", { ntXentLoss(embeddings: $0, labels: [0, 0, 1, 1, 2], temperature: 0.3) }),
      ("bt", { barlowTwinsLoss(viewA: $0, viewB: other, lambda: 0.1) }),
      ("mbt", { mixedBarlowTwinsLoss(viewA: other, viewB: $0, mixed: $0 * 0.3 + other, mixingCoefficient: 0.6, permutation: [4, 3, 2, 0, 1]) }),
    ]
    for (name, f) in checks { #expect(gradientError(at: z, of: f) < 1e-6, "\(name)") }
    func check<S: TensorScalar>(_: S.Type) {
      let big = Tensor<S>(shape: [4, 2], scalars: [1e4, -1e4, 1e4, 1e4, -1e4, 3, 0.5, -1e4].map { S($0) })
      let fs: [(String, @differentiable(reverse) (Tensor<S>) -> Tensor<S>)] = [
        ("ntxent", { ntXentLoss(embeddings: $0, labels: [0, 0, 1, 1], temperature: 0.07) }),
        ("triplet", { tripletMarginLoss(anchors: $0, positives: $0 * 0.5, negatives: -$0) }),
        ("bt", { barlowTwinsLoss(viewA: $0, viewB: $0 * 2 + 1) }),
      ]
      for (name, f) in fs {
        let (v, pullback) = valueWithPullback(at: big, of: f)
        #expect(v.isFinite && pullback(Tensor(1)).isFinite, "\(name) in \(S.self)")
      }
    }
    check(Float.self)
    check(Double.self)
  }
}

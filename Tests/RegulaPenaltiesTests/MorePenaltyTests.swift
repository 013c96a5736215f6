import Foundation
import RegulaNN
import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// ℓp, fused L1 / TV, Norm Loss, Cauchy–Schwarz, group orthogonality, HyperSparse + ART,
/// L2-SP, EWC and the diagonal Fisher: literal formulas, gradients, proxes.
struct MorePenaltyTests {
  static let w = randomTensor([4, 6], seed: 8).map { ($0 < 0 ? -1 : 1) * (0.2 + Swift.abs($0)) }
  static let anchor = randomTensor([4, 6], seed: 9)
  static let fisher = abs(randomTensor([4, 6], seed: 10))

  static func row(_ w: Tensor<Double>, _ i: Int) -> [Double] { Array(w.scalars[(i * w.shape[1])..<((i + 1) * w.shape[1])]) }
  static func column(_ w: Tensor<Double>, _ j: Int) -> [Double] { (0..<w.shape[0]).map { w.scalars[$0 * w.shape[1] + j] } }
  static func close(_ a: Double, _ b: Double) -> Bool { Swift.abs(a - b) <= 1e-11 * Swift.max(1, Swift.abs(b)) }

  @Test func valuesMatchLiteralFormulas() {
    let w = Self.w
    let (m, n) = (w.shape[0], w.shape[1])
    #expect(Self.close(LpRegularizer<Double>(p: 0.5)(w).scalar, w.scalars.map { Swift.abs($0).squareRoot() }.reduce(0, +)))
    var fused = 0.0
    for i in 1..<m { for j in 0..<n { fused += Swift.abs(w.scalars[i * n + j] - w.scalars[(i - 1) * n + j]) } }
    #expect(Self.close(FusedL1Regularizer<Double>()(w).scalar, fused))
    var normLoss = 0.0
    for j in 0..<n {
      var squares = 0.0
      for x in Self.column(w, j) { squares += x * x }
      normLoss += (1 - squares.squareRoot()) * (1 - squares.squareRoot())
    }
    #expect(Self.close(NormLossRegularizer<Double>()(w).scalar, normLoss))
    func power(_ x: [Double], _ p: Double) -> Double { x.map { Foundation.pow(Swift.abs($0), p) }.reduce(0, +) }
    let binary = (0..<m).map { i in let x = Self.row(w, i); return Double(n).squareRoot() * power(x, 4).squareRoot() - power(x, 2) }.reduce(0, +) / Double(m * n)
    let ternary = (0..<m).map { i in let x = Self.row(w, i); return power(x, 2) * power(x, 6) - power(x, 4) * power(x, 4) }.reduce(0, +) / Double(m * n)
    #expect(Self.close(CauchySchwarzRegularizer<Double>(kind: .binary)(w).scalar, binary))
    #expect(Self.close(CauchySchwarzRegularizer<Double>(kind: .ternary)(w).scalar, ternary))
    // GOR with 2 groups of 3 columns: Σ_g ‖W_gᵀW_g − I‖²_F, entry by entry.
    var gor = 0.0
    for g in 0..<2 {
      for a in 0..<3 {
        for b in 0..<3 {
          let dot = zip(Self.column(w, 3 * g + a), Self.column(w, 3 * g + b)).map(*).reduce(0, +)
          gor += (dot - (a == b ? 1 : 0)) * (dot - (a == b ? 1 : 0))
        }
      }
    }
    #expect(Self.close(GroupOrthogonalityRegularizer<Double>(groups: 2)(w).scalar, gor))
    // Across groups: the pairs of columns (k, 3 + k), a 2×2 Gram each.
    var across = 0.0
    for k in 0..<3 {
      let set = [Self.column(w, k), Self.column(w, 3 + k)]
      for a in 0..<2 {
        for b in 0..<2 {
          let d = zip(set[a], set[b]).map(*).reduce(0, +) - (a == b ? 1 : 0)
          across += d * d
        }
      }
    }
    #expect(Self.close(GroupOrthogonalityRegularizer<Double>(groups: 2, sets: .acrossGroups)(w).scalar, across))
    let l2sp = zip(w.scalars, Self.anchor.scalars).map { ($0 - $1) * ($0 - $1) / 2 }.reduce(0, +)
    #expect(Self.close(AnchoredL2Regularizer(anchor: Self.anchor)(w).scalar, l2sp))
    let ewc = (0..<w.scalarCount).map { Self.fisher.scalars[$0] * Foundation.pow(w.scalars[$0] - Self.anchor.scalars[$0], 2) / 2 }.reduce(0, +)
    #expect(Self.close(ElasticWeightConsolidationRegularizer(anchor: Self.anchor, fisher: Self.fisher)(w).scalar, ewc))
  }

  @Test func cauchySchwarzVanishesExactlyOnQuantizedRows() {
    let binary = Tensor<Double>(rows: [[0.3, -0.3, 0.3, 0.3], [-2, 2, 2, -2]])
    let ternary = Tensor<Double>(rows: [[0.3, 0, -0.3, 0], [0, 0, 5, 0]])
    #expect(Swift.abs(CauchySchwarzRegularizer<Double>(kind: .binary)(binary).scalar) < 1e-14)
    #expect(Swift.abs(CauchySchwarzRegularizer<Double>(kind: .ternary)(ternary).scalar) < 1e-14)
    #expect(CauchySchwarzRegularizer<Double>(kind: .binary)(ternary).scalar > 0.01)
  }

  struct GradientCase: CustomTestStringConvertible, Sendable {
    let name: String
    let f: @differentiable(reverse) @Sendable (Tensor<Double>) -> Tensor<Double>
    var testDescription: String { name }
  }

  static let gradientCases: [GradientCase] = [
    .init(name: "lp 0.5") { LpRegularizer<Double>(p: 0.5)($0) },
    .init(name: "lp 1.5") { LpRegularizer<Double>(p: 1.5)($0) },
    .init(name: "fused l1") { FusedL1Regularizer<Double>()($0) },
    .init(name: "norm loss") { NormLossRegularizer<Double>()($0) },
    .init(name: "norm loss rows") { NormLossRegularizer<Double>(units: .rows)($0) },
    .init(name: "cauchy-schwarz binary") { CauchySchwarzRegularizer<Double>(kind: .binary)($0) },
    .init(name: "cauchy-schwarz ternary") { CauchySchwarzRegularizer<Double>(kind: .ternary)($0) },
    .init(name: "group orthogonality") { GroupOrthogonalityRegularizer<Double>(groups: 2)($0) },
    .init(name: "group orthogonality across") { GroupOrthogonalityRegularizer<Double>(groups: 3, sets: .acrossGroups)($0) },
    .init(name: "l2-sp") { AnchoredL2Regularizer(anchor: MorePenaltyTests.anchor)($0) },
    .init(name: "ewc") { ElasticWeightConsolidationRegularizer(anchor: MorePenaltyTests.anchor, fisher: MorePenaltyTests.fisher)($0) },
  ]

  @Test(arguments: gradientCases)
  func gradientMatchesFiniteDifferences(_ c: GradientCase) {
    #expect(gradientError(at: Self.w, of: c.f) < 1e-6, "\(c.name)")
  }

  @Test func hyperSparseGradientIsTheClosedForm() {
    let w = randomTensor([50], seed: 12)
    let h = HyperSparseRegularizer<Double>(pruneRate: 0.9)
    let sorted = w.scalars.map { Swift.abs($0) }.sorted()
    let s = 0.6585 / sorted[45]
    #expect(Self.close(h.scale(w), s))
    let t = w.scalars.map { Foundation.tanh(s * Swift.abs($0)) }.reduce(0, +)
    let l1 = w.scalars.map { Swift.abs($0) }.reduce(0, +)
    let expected = w.scalars.map { x in (x > 0 ? 1.0 : -1.0) * s * Foundation.pow(1 / Foundation.cosh(s * Swift.abs(x)), 2) * l1 / t }
    let g = gradient(at: w) { h($0).scalarized() }
    #expect(maxRelativeDifference(g, Tensor(expected), floor: 1e-12) < 1e-10)
    #expect(Swift.abs(h(w).scalar) < 1e-12)
    // The pressure |∂R/∂wᵢ| decreases as |wᵢ| grows: small weights are pushed hardest.
    let order = w.scalars.indices.sorted { Swift.abs(w.scalars[$0]) < Swift.abs(w.scalars[$1]) }
    for (a, b) in zip(order, order.dropFirst()) { #expect(Swift.abs(g.scalars[a]) >= Swift.abs(g.scalars[b])) }
  }

  @Test func artScheduleIsZeroInTheWarmupThenGrowsGeometrically() {
    let art = Schedule.adaptiveRegularization(initialValue: 5e-4, growth: 1.05, warmupEpochs: 60, stepsPerEpoch: 10)
    #expect(art(0) == 0 && art(599) == 0)
    #expect(art(600) == 5e-4 && art(609) == 5e-4)
    #expect(Self.close(art(620), 5e-4 * 1.05 * 1.05))
  }

  @Test(arguments: [0.0, 0.05, 0.3, 1, 5])
  func totalVariationProxIsOptimal(_ lambda: Double) {
    for seed in UInt64(0)..<20 {
      var rng = RandomGenerator(seed: seed)
      let n = 1 + Int(rng.next() % 40)
      // Piecewise-constant signal plus noise, so that both fused and free pieces occur.
      var y: [Double] = []
      for i in 0..<n {
        let level = Double((i / 7) % 3)
        let noise = Double(rng.next() % 1000) / 1000 - 0.5
        y.append(level + noise)
      }
      let x = totalVariationDenoised(y, lambda: lambda)
      // 0 ∈ x − y + λDᵀs with s_k ∈ sign(x_{k+1} − x_k) and (Dᵀs)_j = s_{j−1} − s_j, so
      // u_k = Σ_{j≤k}(y_j − x_j) = −λs_k: |u_k| ≤ λ, u_k = −λ·sign(x_{k+1} − x_k) on jumps,
      // and u_{n−1} = 0.
      var u = 0.0
      for k in 0..<(n - 1) {
        u += y[k] - x[k]
        let d = x[k + 1] - x[k]
        #expect(Swift.abs(u) <= lambda + 1e-10, "λ=\(lambda) seed \(seed) k=\(k): |u| = \(Swift.abs(u))")
        if Swift.abs(d) > 1e-9 { #expect(Swift.abs(u + lambda * (d > 0 ? 1 : -1)) < 1e-10, "λ=\(lambda) seed \(seed) k=\(k)") }
      }
      #expect(Swift.abs(u + y[n - 1] - x[n - 1]) < 1e-10, "the mean is kept")
      if lambda == 0 { #expect(x == y) }
    }
    // Large λ gives the mean.
    let y = [1.0, 4, 2, 7]
    #expect(totalVariationDenoised(y, lambda: 100).allSatisfy { Swift.abs($0 - 3.5) < 1e-12 })
  }

  @Test func smoothProxesSatisfyTheirStationarity() {
    let v = randomTensor([4, 6], seed: 14, scale: 2)
    for s in [0.0, 0.1, 2.0] {
      let l2sp = AnchoredL2Regularizer(anchor: Self.anchor)
      let x = l2sp.prox(v, stepSize: s)
      #expect((x - v + (x - Self.anchor) * s).lInfinityNorm().scalar < 1e-12)
      let ewc = ElasticWeightConsolidationRegularizer(anchor: Self.anchor, fisher: Self.fisher)
      let y = ewc.prox(v, stepSize: s)
      #expect((y - v + Self.fisher * (y - Self.anchor) * s).lInfinityNorm().scalar < 1e-12)
      // The fused prox of a matrix denoises each column.
      let f = FusedL1Regularizer<Double>().prox(v, stepSize: s)
      for j in 0..<6 { #expect(Self.column(f, j) == totalVariationDenoised(Self.column(v, j), lambda: s)) }
    }
  }

  @Test func diagonalFisherMatchesSquaredFiniteDifferences() {
    let model = Sequential<Double>.multilayerPerceptron(inputSize: 3, hiddenSizes: [], outputSize: 3)
    let parameters = model.initialParameters(seed: 2)
    let x = randomTensor([5, 3], seed: 3)
    let labels = [0, 2, 1, 1, 0]
    let fisher = diagonalFisher(of: model, parameters: parameters, features: x, labels: labels)
    func logLikelihood(_ p: ParameterSet<Double>, _ k: Int) -> Double {
      logSoftmax(model(x.slice(k..<k + 1), parameters: p)).scalars[labels[k]]
    }
    for (path, tensor) in parameters.entries {
      for i in 0..<tensor.scalarCount {
        var sum = 0.0
        for k in 0..<labels.count {
          var plus = tensor, minus = tensor
          plus.scalars[i] += 1e-6
          minus.scalars[i] -= 1e-6
          let up: Double = logLikelihood(parameters.replacing(path, with: plus), k)
          let down: Double = logLikelihood(parameters.replacing(path, with: minus), k)
          let d: Double = (up - down) / 2e-6
          sum += d * d
        }
        #expect(Swift.abs(fisher[path].scalars[i] - sum / 5) < 1e-7, "\(path)[\(i)]")
      }
    }
  }
}

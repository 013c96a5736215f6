import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// Every tensor prox satisfies its optimality condition 0 ∈ x − v + s·∂R(x) at its output
/// (to 1e-10, in Double, on random inputs), and a step of 0 is the identity.
struct ProximalOperatorTests {
  static let steps: [Double] = [0.05, 0.4, 1.3]
  static let seeds: [UInt64] = [1, 2, 3, 4]

  /// v of shape [5, 4] with entries of several scales, so that some are thresholded and some not.
  static func input(_ seed: UInt64) -> Tensor<Double> { randomTensor([5, 4], seed: seed, scale: [0.3, 1, 3, 0.8][Int(seed % 4)]) }

  /// The largest distance, over elements, from −(x − v)/s to ∂r(x) for a separable r
  /// (the scalar penalty's own optimality check), times s.
  static func separableViolation(_ x: Tensor<Double>, _ v: Tensor<Double>, _ s: Double, _ r: any SeparablePenalty) -> Double {
    zip(x.scalars, v.scalars).map { xi, vi in s * r.subdifferentialDistance(xi, gradient: (xi - vi) / s, coordinate: 0) }.max()!
  }

  @Test(arguments: steps)
  func separableProxesAreStationary(_ s: Double) {
    for seed in Self.seeds {
      let v = Self.input(seed)
      let cases: [(String, any ProximalTensorPenalty<Double>, any SeparablePenalty)] = [
        ("l1", L1Regularizer<Double>(), L1Penalty(alpha: 1)),
        ("l2", L2Regularizer<Double>(), ElasticNetPenalty(alpha: 1, l1Ratio: 0)),
        ("elastic net", ElasticNetRegularizer<Double>(l1Ratio: 0.3), ElasticNetPenalty(alpha: 1, l1Ratio: 0.3)),
        ("scad", SCADRegularizer<Double>(alpha: 0.5, gamma: 3.7), SCADPenalty(alpha: 0.5, gamma: 3.7)),
        ("mcp", MCPRegularizer<Double>(alpha: 0.5, gamma: 3), MCPenalty(alpha: 0.5, gamma: 3)),
      ]
      for (name, p, r) in cases {
        let x = p.prox(v, stepSize: s)
        #expect(Self.separableViolation(x, v, s, r) < 1e-10, "\(name) s=\(s) seed \(seed)")
        #expect(p.prox(v, stepSize: 0) == v, "\(name): prox with step 0 is not the identity")
      }
    }
  }

  @Test(arguments: steps)
  func groupProxIsStationary(_ s: Double) {
    for seed in Self.seeds {
      let v = Self.input(seed)
      for groups in GroupLassoRegularizer<Double>.Groups.allCases {
        let p = GroupLassoRegularizer<Double>(groups: groups)
        let x = p.prox(v, stepSize: s)
        // Per group: x_g ≠ 0 ⇒ x_g − v_g + s·x_g/‖x_g‖ = 0; x_g = 0 ⇒ ‖v_g‖ ≤ s.
        let axis = groups == .rows ? 1 : 0
        let count = v.shape[1 - axis]
        for g in 0..<count {
          let xg = x.slice(alongAxis: 1 - axis, g..<g + 1), vg = v.slice(alongAxis: 1 - axis, g..<g + 1)
          let norm = xg.l2Norm().scalar
          if norm == 0 {
            #expect(vg.l2Norm().scalar <= s + 1e-10, "\(groups) group \(g) zeroed although ‖v_g‖ > s")
          } else {
            #expect((xg - vg + xg * (s / norm)).lInfinityNorm().scalar < 1e-10, "\(groups) group \(g)")
          }
        }
        #expect(p.prox(v, stepSize: 0) == v)
      }
    }
  }

  /// For a norm ‖·‖ with dual ‖·‖°: G ∈ ∂‖X‖ ⇔ ‖G‖° ≤ 1 and ⟨G, X⟩ = ‖X‖.
  @Test(arguments: steps)
  func nuclearAndSpectralProxesAreStationary(_ s: Double) {
    for seed in Self.seeds {
      let v = Self.input(seed)
      // Nuclear norm (dual: spectral norm).
      let x = NuclearNormRegularizer<Double>().prox(v, stepSize: s)
      let g = (v - x) / s
      #expect(spectralNorm(g) <= 1 + 1e-10, "nuclear s=\(s) seed \(seed): ‖G‖₂ = \(spectralNorm(g))")
      #expect(Swift.abs((g * x).sum().scalar - singularValues(x).sum().scalar) < 1e-10, "nuclear s=\(s) seed \(seed)")
      // Spectral norm (dual: nuclear norm).
      let y = SpectralNormRegularizer<Double>().prox(v, stepSize: s)
      let h = (v - y) / s
      #expect(singularValues(h).sum().scalar <= 1 + 1e-10, "spectral s=\(s) seed \(seed)")
      #expect(Swift.abs((h * y).sum().scalar - spectralNorm(y)) < 1e-10, "spectral s=\(s) seed \(seed)")
      #expect(NuclearNormRegularizer<Double>().prox(v, stepSize: 0) == v)
      #expect(SpectralNormRegularizer<Double>().prox(v, stepSize: 0) == v)
    }
  }

  @Test func singularValueThresholdingRecoversALowRankMatrix() {
    // A rank-2 matrix plus small noise: thresholding above the noise's singular values
    // leaves exactly rank 2.
    let a = matmul(randomTensor([8, 2], seed: 5), randomTensor([2, 6], seed: 6))
    let noisy = a + randomTensor([8, 6], seed: 7, scale: 1e-3)
    let x = singularValueThresholded(noisy, 0.05)
    let sigma = singularValues(x).scalars
    #expect(sigma.filter { $0 > 1e-12 }.count == 2)
  }
}

import RegulaOptim
import Testing
import _RegulaTestSupport

/// Cautious and ⊥Grad against literal implementations of the papers' rules.
struct WrapperTests {
  static let start = ParameterSet([
    ("w", Tensor<Double>(shape: [2, 3], scalars: [0.5, -1, 2, 0.3, 0.1, -0.7])),
    ("b", Tensor<Double>([0.2, -0.4, 1])),
  ])

  /// A gradient whose sign changes between steps, so the mask is not all ones.
  static func gradient(_ p: ParameterSet<Double>, _ step: Int) -> ParameterSet<Double> {
    p.mapTensors { _, t in
      Tensor(shape: t.shape, scalars: t.scalars.enumerated().map { j, x in 3 * x * x * x - x + (step % 2 == 0 ? 0.3 : -0.4) * Double(j % 3 - 1) })
    }
  }

  /// C-AdamW, literally: m, v as Adam; φ = 1[m ⊙ g > 0]; θ ← θ − η(m̂ ⊙ φ/max(mean φ, 1e-3)/(√v̂ + ε) + λθ).
  @Test func cautiousAdamWMatchesTheLiteralRule() {
    let (lr, b1, b2, eps, wd) = (0.05, 0.9, 0.999, 1e-8, 0.01)
    let optimizer = chain {
      Cautious(ScaleByAdam<Double>(beta1: b1, beta2: b2, epsilon: eps))
      AddDecayedWeights<Double>(wd)
      ScaleByLearningRate<Double>(.constant(lr))
    }
    var p = Self.start
    var state = optimizer.initialState(for: p)
    var literal = Self.start.entries.map(\.tensor)
    var m = literal.map { Tensor<Double>(zeros: $0.shape) }, v = m
    var masked = false
    for step in 1...8 {
      let g = Self.gradient(p, step)
      optimizer.step(&p, gradient: g, state: &state)
      for k in 0..<2 {
        let gk = g.tensors[k]
        m[k] = b1 * m[k] + (1 - b1) * gk
        v[k] = b2 * v[k] + (1 - b2) * gk * gk
        let phi = Tensor(shape: gk.shape, scalars: zip(m[k].scalars, gk.scalars).map { $0 * $1 > 0 ? 1.0 : 0.0 })
        if phi.scalars.contains(0) { masked = true }
        let mean = phi.scalars.reduce(0, +) / Double(phi.scalarCount)
        let mHat = m[k] / (1 - Double.pow(b1, Double(step))), vHat = v[k] / (1 - Double.pow(b2, Double(step)))
        let direction = mHat * phi / Swift.max(mean, 1e-3) / (sqrt(vHat) + eps)
        literal[k] = literal[k] - lr * (direction + wd * literal[k])
      }
      #expect(maxRelativeDifference(p["w"], literal[0], floor: 1e-3) < 1e-12, "step \(step)")
      #expect(maxRelativeDifference(p["b"], literal[1], floor: 1e-3) < 1e-12, "step \(step)")
    }
    #expect(masked, "the test gradient never disagreed with the momentum")
  }

  /// The registry's cautious_adamw and cautious_lion are Cautious around the direction only.
  @Test func cautiousSpecsAreTheChains() throws {
    let adamw: AnyGradientTransformation<Double> = try OptimizerRegistry.make("cautious_adamw(lr=0.05, weight_decay=0.01)")
    let lion: AnyGradientTransformation<Double> = try OptimizerRegistry.make("cautious_lion(lr=0.01)")
    let chains: [AnyGradientTransformation<Double>] = [
      AnyGradientTransformation(chain {
        Cautious(ScaleByAdam<Double>())
        AddDecayedWeights<Double>(0.01)
        ScaleByLearningRate<Double>(.constant(0.05))
      }),
      AnyGradientTransformation(chain {
        Cautious(ScaleByLion<Double>())
        AddDecayedWeights<Double>(1e-3)
        ScaleByLearningRate<Double>(.constant(0.01))
      }),
    ]
    for (fromSpec, direct) in zip([adamw, lion], chains) {
      var (p, q) = (Self.start, Self.start)
      var (s, t) = (fromSpec.initialState(for: p), direct.initialState(for: q))
      for step in 1...5 {
        fromSpec.step(&p, gradient: Self.gradient(p, step), state: &s)
        direct.step(&q, gradient: Self.gradient(q, step), state: &t)
      }
      #expect(p == q)
    }
  }

  @Test func cautiousWithAgreeingSignsIsTheInnerTransformation() {
    let plain = ScaleByAdam<Double>(), cautious = Cautious(ScaleByAdam<Double>())
    var (s1, s2) = (plain.initialState(for: Self.start), cautious.initialState(for: Self.start))
    var u1 = Self.start, u2 = Self.start   // first step: m = (1 − β₁)g agrees with g everywhere
    plain.update(&u1, state: &s1, parameters: Self.start)
    cautious.update(&u2, state: &s2, parameters: Self.start)
    #expect(u1 == u2 && s1 == s2)
  }

  @Test func orthogonalGradientMatchesTheReference() {
    let t = OrthogonalGradient<Double>()
    var state = EmptyState()
    var u = Self.gradient(Self.start, 1)
    let g = u
    t.update(&u, state: &state, parameters: Self.start)
    for k in 0..<2 {
      let (w, gk) = (Self.start.tensors[k], g.tensors[k])
      let dot = zip(w.scalars, gk.scalars).map(*).reduce(0, +), ww = w.scalars.map { $0 * $0 }.reduce(0, +)
      let perpendicular = gk - (dot / (ww + 1e-30)) * w
      let norm = { (x: Tensor<Double>) in x.scalars.map { $0 * $0 }.reduce(0, +).squareRoot() }
      let expected = perpendicular * Tensor(norm(gk) / (norm(perpendicular) + 1e-30))
      #expect(maxRelativeDifference(u.tensors[k], expected, floor: 1e-6) < 1e-12)
      // Orthogonal to the weights, with the gradient's norm.
      #expect(Swift.abs(zip(u.tensors[k].scalars, w.scalars).map(*).reduce(0, +)) < 1e-12)
      #expect(Swift.abs(norm(u.tensors[k]) - norm(gk)) < 1e-12)
    }
  }
}

/// Per-layer steepest descent against the LMO formulas.
struct SteepestDescentTests {
  @Test func eachNormGivesItsOracleDirection() {
    let w = randomTensor([3, 5], seed: 21), b = Tensor<Double>([0.5, -2, 0])
    let parameters = ParameterSet([("w", w), ("b", b)])
    for norm in SteepestDescentNorm.allCases {
      let t = ScaleByLMO<Double>(norm)
      var state = EmptyState()
      var u = parameters
      t.update(&u, state: &state, parameters: parameters)
      let frobenius = { (x: Tensor<Double>) in x.scalars.map { $0 * $0 }.reduce(0, +).squareRoot() }
      switch norm {
      case .sign:
        #expect(u["w"].scalars == w.scalars.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
        #expect(u["b"].scalars == [1, -1, 0])
      case .euclidean:
        #expect(maxRelativeDifference(u["w"], w / Tensor(frobenius(w)), floor: 1e-6) < 1e-14)
      case .spectral:
        let expected = newtonSchulzOrthogonalize(w) * Tensor((5.0 / 3).squareRoot())
        #expect(maxRelativeDifference(u["w"], expected, floor: 1e-6) < 1e-14)
        // Vectors fall back to the Euclidean direction.
        #expect(maxRelativeDifference(u["b"], b / Tensor(frobenius(b)), floor: 1e-6) < 1e-14)
      }
    }
  }

  @Test func perLayerNormsFollowThePredicate() {
    let parameters = ParameterSet([("w", randomTensor([2, 2], seed: 1)), ("b", Tensor<Double>([3, -4]))])
    let t = ScaleByLMO<Double> { path, _ in path == "b" ? .euclidean : .sign }
    var state = EmptyState()
    var u = parameters
    t.update(&u, state: &state, parameters: parameters)
    #expect(maxRelativeDifference(u["b"], Tensor([0.6, -0.8])) < 1e-15)
    #expect(u["w"].scalars.allSatisfy { Swift.abs($0) == 1 })
  }
}

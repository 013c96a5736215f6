import Foundation
import RegulaOptim
import Testing
import _Differentiation
import _RegulaTestSupport

/// Methods no reference library has: each against a slow, literal implementation of the
/// paper's update, and the property its paper claims.
struct BeyondOptaxTests {
  static let start = ParameterSet([
    ("w", Tensor<Double>(shape: [2, 3], scalars: [0.5, -1, 2, 0.3, 0.1, -0.7])),
    ("b", Tensor<Double>([0.2, -0.4, 1])),
  ])

  /// ∇ of Σ ((x − 3)²/2 + x⁴/20), elementwise: minimizer ≈ 1.9 outside a box of radius 1.
  static func gradient(_ p: ParameterSet<Double>) -> ParameterSet<Double> {
    p.mapTensors { _, t in Tensor(shape: t.shape, scalars: t.scalars.map { ($0 - 3) + $0 * $0 * $0 / 5 }) }
  }

  // MARK: Lion-κ

  /// Lion-κ written out per element: c = β₁m + (1 − β₁)g; θ ← θ − η(∇κ(c) + λθ); m ← β₂m + (1 − β₂)g.
  static func literalLionKappa(_ kappa: LionKappa, steps: Int, rate: Double, decay: Double) -> ParameterSet<Double> {
    var p = start
    var m = start.mapTensors { _, t in Tensor(zeros: t.shape) }
    for _ in 0..<steps {
      let g = gradient(p)
      var next: [(String, Tensor<Double>)] = [], momenta: [(String, Tensor<Double>)] = []
      for path in p.paths {
        let (x, gx, mx) = (p[path].scalars, g[path].scalars, m[path].scalars)
        let c = (0..<x.count).map { 0.9 * mx[$0] + 0.1 * gx[$0] }
        let direction: [Double]
        switch kappa {
        case .l1: direction = c.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        case .l2:
          let norm = c.map { $0 * $0 }.reduce(0, +).squareRoot()
          direction = c.map { norm > 0 ? $0 / norm : 0 }
        case .huber(let delta): direction = c.map { min(max($0 / delta, -1), 1) }
        }
        next.append((path, Tensor(shape: p[path].shape, scalars: (0..<x.count).map { x[$0] - rate * (direction[$0] + decay * x[$0]) })))
        momenta.append((path, Tensor(shape: p[path].shape, scalars: (0..<x.count).map { 0.99 * mx[$0] + 0.01 * gx[$0] })))
      }
      p = ParameterSet(next)
      m = ParameterSet(momenta)
    }
    return p
  }

  @Test(arguments: [LionKappa.l1, .l2, .huber(delta: 0.3)])
  func lionKappaMatchesTheLiteralUpdate(_ kappa: LionKappa) {
    let optimizer: some GradientTransformation<Double> = lion(learningRate: 0.01, weightDecay: 0.5, kappa: kappa)
    var p = Self.start
    var state = optimizer.initialState(for: p)
    for _ in 0..<200 { optimizer.step(&p, gradient: Self.gradient(p), state: &state) }
    let expected = Self.literalLionKappa(kappa, steps: 200, rate: 0.01, decay: 0.5)
    for path in p.paths {
      #expect(maxRelativeDifference(p[path], expected[path], floor: 1e-3) < 1e-12, "\(kappa) \(path)")
    }
  }

  /// Lion with weight decay λ solves min f subject to ‖θ‖_∞ ≤ 1/λ: the minimizer (≈ 1.9 in
  /// every coordinate) is outside the box of radius 1/λ = 1. From inside, the iterates never
  /// leave the box; from outside, their distance to it shrinks at every step and vanishes;
  /// both end at the corner (1, …, 1), where projected gradient descent goes.
  @Test(arguments: [0.4, 3.0])
  func lionEntersTheBoxAndStaysThere(_ startScale: Double) {
    let lambda = 1.0
    let optimizer: some GradientTransformation<Double> = lion(learningRate: 0.01, weightDecay: lambda)
    var p = Self.start.mapTensors { _, t in t * startScale }
    var state = optimizer.initialState(for: p)
    func excess() -> Double { max(p.tensors.map { $0.scalars.map(abs).max()! }.max()! - 1 / lambda, 0) }
    let startedInside = excess() == 0
    var previous = excess()
    for step in 0..<3000 {
      optimizer.step(&p, gradient: Self.gradient(p), state: &state)
      if startedInside { #expect(excess() <= 1e-12, "step \(step) left the box by \(excess())") }
      #expect(excess() <= previous, "step \(step): distance to the box grew from \(previous) to \(excess())")
      previous = excess()
    }
    #expect(excess() < 1e-9)
    for t in p.tensors { #expect(t.scalars.allSatisfy { abs($0 - 1 / lambda) < 1e-6 }, "\(t.scalars)") }
  }

  @Test func lionKappaSpecBuildsTheSameOptimizer() throws {
    let fromSpec: AnyGradientTransformation<Double> = try OptimizerRegistry.make("lion(lr=0.01, weight_decay=0.5, kappa=huber, delta=0.3)")
    let direct: some GradientTransformation<Double> = lion(learningRate: 0.01, weightDecay: 0.5, kappa: .huber(delta: 0.3))
    #expect(Self.run(fromSpec, steps: 20).0 == Self.run(direct, steps: 20).0)
  }

  // MARK: Error feedback

  static func run<T: GradientTransformation>(_ t: T, steps: Int) -> (ParameterSet<Double>, T.State) where T.Scalar == Double {
    var p = start
    var s = t.initialState(for: p)
    for _ in 0..<steps { t.step(&p, gradient: gradient(p), state: &s) }
    return (p, s)
  }

  @Test func errorFeedbackWithIdentityIsTheInnerOptimizerBitForBit() {
    let inner: some GradientTransformation<Double> = adam(learningRate: 0.05)
    let (plain, _) = Self.run(inner, steps: 50)
    let (wrapped, state) = Self.run(ErrorFeedback(inner, compressor: .identity), steps: 50)
    #expect(plain == wrapped)
    #expect(state.error.tensors.allSatisfy { $0.scalars.allSatisfy { $0 == 0 } })
  }

  /// Top-k with error memory written out on one flat vector per tensor.
  @Test func topKErrorFeedbackMatchesTheLiteralRule() {
    let optimizer = ErrorFeedback(sgd(learningRate: 0.05) as Chained<Trace<Double>, ScaleByLearningRate<Double>>, compressor: .topK(fraction: 0.34))
    var p = Self.start, q = Self.start
    var state = optimizer.initialState(for: p)
    var error = [String: [Double]]()
    for _ in 0..<30 {
      let g = Self.gradient(q)
      var next: [(String, Tensor<Double>)] = []
      for path in q.paths {
        let a = zip(g[path].scalars, error[path] ?? Array(repeating: 0, count: g[path].scalarCount)).map { $0 + $1 }
        let k = Int((0.34 * Double(a.count)).rounded(.up))
        let kept = Set(a.indices.sorted { abs(a[$0]) > abs(a[$1]) }.prefix(k))
        let c = a.indices.map { kept.contains($0) ? a[$0] : 0 }
        error[path] = a.indices.map { a[$0] - c[$0] }
        next.append((path, Tensor(shape: q[path].shape, scalars: zip(q[path].scalars, c).map { $0 - 0.05 * $1 })))
      }
      q = ParameterSet(next)
      optimizer.step(&p, gradient: Self.gradient(p), state: &state)
    }
    #expect(p == q)
    for path in p.paths { #expect(state.error[path].scalars == error[path]!) }
  }

  /// Nothing is lost: the compressed gradients sum to the gradients minus the final error.
  @Test(arguments: [Compressor.topK(fraction: 0.2), .randomK(fraction: 0.5), .scaledSign])
  func compressedGradientsSumToTheGradientsLessTheError(_ compressor: Compressor) throws {
    // The inner transformation is the identity (scale 1) so updates are the compressed gradients.
    let optimizer = ErrorFeedback(Scale<Double>(1), compressor: compressor, seed: 4)
    var p = Self.start
    var state = optimizer.initialState(for: p)
    var sent = Self.start.mapTensors { _, t in Tensor(zeros: t.shape) }, total = sent
    for _ in 0..<25 {
      let g = Self.gradient(p)
      var u = g
      optimizer.update(&u, state: &state, parameters: p)
      sent = sent + u
      total = total + g
      p.applyUpdates(u.mapTensors { _, t in t * -0.02 })
      if case .topK = compressor {
        for t in u.tensors { #expect(t.scalars.filter { $0 != 0 }.count <= Int((0.2 * Double(t.scalarCount)).rounded(.up))) }
      }
    }
    for path in p.paths {
      #expect(maxRelativeDifference(sent[path] + state.error[path], total[path], floor: 1) < 1e-12, "\(compressor) \(path)")
    }
    let restored = try JSONDecoder().decode(type(of: state), from: JSONEncoder().encode(state))
    #expect(restored == state)
  }

  // MARK: ScaledGD(λ)

  /// f(X) = ¼‖XXᵀ − M‖²_F for M = U diag(1, κ^-½, 1/κ) Uᵀ (n = 20, rank 3): the iterations
  /// until ‖XXᵀ − M‖_F ≤ 1e-6‖M‖_F, or nil after `cap`.
  static func iterationsToRecover<T: GradientTransformation>(_ optimizer: T, kappa: Double, cap: Int) -> Int? where T.Scalar == Double {
    var rng = RandomGenerator(seed: 12)
    let (n, r) = (20, 3)
    let u = qrDecomposition(Tensor<Double>.randomNormal(shape: [n, r], using: &rng)).q
    let spectrum = Tensor<Double>([1, 1 / kappa.squareRoot(), 1 / kappa])
    let target = matmul(u * spectrum, transposed: false, u, transposed: true)
    let targetNorm = target.scalars.map { $0 * $0 }.reduce(0, +).squareRoot()
    var p = ParameterSet([("x", Tensor<Double>.randomNormal(shape: [n, r], using: &rng) * 0.1)])
    var state = optimizer.initialState(for: p)
    for t in 1...cap {
      let x = p["x"]
      let residual = matmul(x, transposed: false, x, transposed: true) - target
      optimizer.step(&p, gradient: ParameterSet([("x", matmul(residual, x))]), state: &state)
      let y = p["x"], e = matmul(y, transposed: false, y, transposed: true) - target
      if e.scalars.map({ $0 * $0 }).reduce(0, +).squareRoot() <= 1e-6 * targetNorm { return t }
    }
    return nil
  }

  @Test func scaledGDIterationsDoNotGrowWithTheConditionNumber() throws {
    let scaled = scaledGD(learningRate: 0.5, damping: 1e-6, partners: ["x": "x"]) as Chained<ScaleByScaledGD<Double>, ScaleByLearningRate<Double>>
    let counts = try [10.0, 100, 1000].map { try #require(Self.iterationsToRecover(scaled, kappa: $0, cap: 200)) }
    #expect(counts.max()! - counts.min()! <= 3, "ScaledGD iterations \(counts)")
    let plain = sgd(learningRate: 0.3) as Chained<Trace<Double>, ScaleByLearningRate<Double>>
    let gd10 = try #require(Self.iterationsToRecover(plain, kappa: 10, cap: 4000))
    let gd100 = try #require(Self.iterationsToRecover(plain, kappa: 100, cap: 4000))
    #expect(gd10 > 10 * counts.max()! && gd100 > 5 * gd10, "GD iterations \(gd10), \(gd100)")
    #expect(Self.iterationsToRecover(plain, kappa: 1000, cap: 4000) == nil)
  }

  /// One step against X − η∇f(X)(XᵀX + λI)⁻¹ with the inverse by Gauss–Jordan, and an
  /// asymmetric pair (L, R), each preconditioned by the other's Gram.
  @Test func scaledGDStepMatchesTheLiteralFormula() {
    var rng = RandomGenerator(seed: 3)
    let l = Tensor<Double>.randomNormal(shape: [4, 2], using: &rng), r = Tensor<Double>.randomNormal(shape: [5, 2], using: &rng)
    let gl = Tensor<Double>.randomNormal(shape: [4, 2], using: &rng), gr = Tensor<Double>.randomNormal(shape: [5, 2], using: &rng)
    let lambda = 0.3, eta = 0.1
    func literal(_ x: Tensor<Double>, _ g: Tensor<Double>, partner y: Tensor<Double>) -> [Double] {
      let (n, k) = (y.shape[0], y.shape[1])
      // [YᵀY + λI | I] reduced to [I | (YᵀY + λI)⁻¹].
      var a = (0..<k).map { i in (0..<(2 * k)).map { j in
        j < k ? (0..<n).map { y[$0, i] * y[$0, j] }.reduce(0, +) + (i == j ? lambda : 0) : (j - k == i ? 1.0 : 0) } }
      for c in 0..<k {
        let pivot = a[c][c]
        a[c] = a[c].map { $0 / pivot }
        for row in 0..<k where row != c { let f = a[row][c]; a[row] = zip(a[row], a[c]).map { $0 - f * $1 } }
      }
      return (0..<x.shape[0]).flatMap { i in (0..<k).map { j in x[i, j] - eta * (0..<k).map { g[i, $0] * a[$0][k + j] }.reduce(0, +) } }
    }
    let optimizer = scaledGD(learningRate: .constant(eta), damping: lambda, partners: ["L": "R", "R": "L"]) as Chained<ScaleByScaledGD<Double>, ScaleByLearningRate<Double>>
    var p = ParameterSet([("L", l), ("R", r)])
    var state = optimizer.initialState(for: p)
    optimizer.step(&p, gradient: ParameterSet([("L", gl), ("R", gr)]), state: &state)
    #expect(maxRelativeDifference(p["L"], Tensor(shape: [4, 2], scalars: literal(l, gl, partner: r)), floor: 1e-3) < 1e-12)
    #expect(maxRelativeDifference(p["R"], Tensor(shape: [5, 2], scalars: literal(r, gr, partner: l)), floor: 1e-3) < 1e-12)
  }
}

import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// A fixed tiny problem written on plain arrays: θ ∈ ℝ⁶, stored as the tensors w [2, 2]
/// (θ₀…θ₃) and b [2] (θ₄, θ₅), with
///
///     L(θ) = Σⱼ cⱼ·θⱼ⁴/4 + ½·θᵀAθ + dᵀθ,   ∇L(θ)ⱼ = cⱼ·θⱼ³ + (Aθ)ⱼ + dⱼ
///
/// The wrappers see it only through `objective`; the literal formulas below see it only
/// through `gradient`.
enum TinyProblem {
  static let c: [Double] = [0.5, 1.0, 0.3, 0.8, 1.2, 0.4]
  static let a: [[Double]] = [
    [2.0, 0.3, 0.0, 0.1, 0.2, 0.0],
    [0.3, 1.5, 0.2, 0.0, 0.0, 0.1],
    [0.0, 0.2, 1.0, 0.4, 0.0, 0.0],
    [0.1, 0.0, 0.4, 2.5, 0.3, 0.0],
    [0.2, 0.0, 0.0, 0.3, 1.2, 0.5],
    [0.0, 0.1, 0.0, 0.0, 0.5, 0.8],
  ]
  static let d: [Double] = [0.3, -0.2, 0.5, 0.1, -0.4, 0.2]
  static let theta: [Double] = [0.7, -1.1, 0.4, 0.9, -0.3, 1.3]
  /// The tensors of θ: indices 0..<4 are w, 4..<6 are b.
  static let groups = [0..<4, 4..<6]

  static func loss(_ x: [Double]) -> Double {
    var s = 0.0
    for j in 0..<6 {
      let x2: Double = x[j] * x[j]
      s += c[j] * x2 * x2 / 4 + d[j] * x[j]
      for k in 0..<6 { s += 0.5 * x[j] * a[j][k] * x[k] }
    }
    return s
  }

  static func gradient(_ x: [Double]) -> [Double] {
    (0..<6).map { (j: Int) -> Double in
      let cubic: Double = c[j] * x[j] * x[j] * x[j]
      return cubic + dot(a[j], x) + d[j]
    }
  }

  static func parameters(_ x: [Double]) -> ParameterSet<Double> {
    ParameterSet([("w", Tensor(shape: [2, 2], scalars: Array(x[0..<4]))), ("b", Tensor(Array(x[4..<6])))])
  }

  static func flat(_ p: ParameterSet<Double>) -> [Double] { p["w"].scalars + p["b"].scalars }

  static func objective(_ p: ParameterSet<Double>) -> (value: Double, gradient: ParameterSet<Double>) {
    let x = flat(p)
    return (loss(x), parameters(gradient(x)))
  }
}

// Plain vector arithmetic for the literal formulas.
func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
/// x + s·y.
func axpy(_ x: [Double], _ s: Double, _ y: [Double]) -> [Double] { zip(x, y).map { $0 + s * $1 } }
func scale(_ s: Double, _ x: [Double]) -> [Double] { x.map { s * $0 } }
func largestDifference(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).map { Swift.abs($0 - $1) }.max()! }

struct GradientWrapperTests {
  typealias P = TinyProblem

  /// Runs `wrapper` on the tiny problem at θ and counts the objective's evaluations.
  static func run(_ wrapper: some GradientWrapper<Double>, at theta: [Double] = P.theta) -> (loss: Double, gradient: [Double], evaluations: Int) {
    var evaluations = 0
    let (loss, g) = wrapper.lossAndGradient(at: P.parameters(theta)) { p in
      evaluations += 1
      return P.objective(p)
    }
    #expect(g.paths == ["w", "b"])
    return (loss, P.flat(g), evaluations)
  }

  @Test func samIsTheGradientAtTheExplicitlyPerturbedPoint() {
    for rho in [0.05, 0.5] {
      let (loss, g, evaluations) = Self.run(SAM<Double>(rho: rho))
      let g0 = P.gradient(P.theta)
      let perturbed = axpy(P.theta, rho / (norm(g0) + 1e-12), g0)
      #expect(largestDifference(g, P.gradient(perturbed)) < 1e-12)
      #expect(loss == P.loss(P.theta))
      #expect(evaluations == 2)
      #expect(largestDifference(g, g0) > 1e-3, "the perturbation must change the gradient")
    }
    // ρ = 0 is the plain gradient.
    #expect(largestDifference(Self.run(SAM<Double>(rho: 0)).gradient, P.gradient(P.theta)) < 1e-15)
  }

  /// SAM as in davda54/sam, step by step on the tiny problem: first step computes e_w and
  /// moves θ, second step restores θ and takes an SGD step with the gradient at θ + e_w.
  @Test func samStepsMatchTheReferenceUpdate() {
    let (rho, lr) = (0.05, 0.1)
    var literal = P.theta
    var parameters = P.parameters(P.theta)
    let sam = SAM<Double>(rho: rho)
    for _ in 0..<5 {
      let g = P.gradient(literal)
      let s = rho / (norm(g) + 1e-12)
      let ew = scale(s, g)
      let gAdversarial = P.gradient(axpy(literal, 1, ew))
      literal = axpy(literal, -lr, gAdversarial)

      let (_, gradient) = sam.lossAndGradient(at: parameters, of: P.objective)
      parameters = parameters.mapTensors { path, t in t - lr * gradient[path] }
    }
    #expect(largestDifference(P.flat(parameters), literal) < 1e-12)
  }

  @Test func samTreatsMissingGradientPathsAsZeros() {
    let (_, g) = SAM<Double>(rho: 0.1).lossAndGradient(at: P.parameters(P.theta)) { p in
      let x = P.flat(p)
      return (P.loss(x), ParameterSet([("w", Tensor(shape: [2, 2], scalars: Array(P.gradient(x)[0..<4])))]))
    }
    var g0 = P.gradient(P.theta)
    (g0[4], g0[5]) = (0, 0)
    var expected = P.gradient(axpy(P.theta, 0.1 / norm(g0), g0))
    (expected[4], expected[5]) = (0, 0)
    #expect(largestDifference(P.flat(g), expected) < 1e-12)
  }

  @Test func asamScalesThePerturbationByTheParameters() {
    let rho = 2.0
    let (loss, g, evaluations) = Self.run(SAM<Double>.adaptive(rho: rho))
    let g0 = P.gradient(P.theta)
    let scaled = zip(P.theta, g0).map { Swift.abs($0) * $1 }
    let epsilon = zip(P.theta, g0).map { $0 * $0 * $1 * rho / (norm(scaled) + 1e-12) }
    #expect(largestDifference(g, P.gradient(axpy(P.theta, 1, epsilon))) < 1e-13)
    #expect(loss == P.loss(P.theta) && evaluations == 2)
    // The normalization: the perturbation has norm ρ in the |θ|-scaled coordinates.
    #expect(Swift.abs(norm(zip(epsilon, P.theta).map { $0 / Swift.abs($1) }) - rho) < 1e-12)

    // On L = ½‖θ‖² the gradient is θ itself, so g_ASAM − g = ε is visible directly.
    let quadratic = { (p: ParameterSet<Double>) -> (value: Double, gradient: ParameterSet<Double>) in
      (0.5 * P.flat(p).reduce(0) { $0 + $1 * $1 }, p)
    }
    let (_, gq) = SAM<Double>.adaptive(rho: rho).lossAndGradient(at: P.parameters(P.theta), of: quadratic)
    let e = axpy(P.flat(gq), -1, P.theta)
    let expected = P.theta.map { $0 * $0 * $0 * rho / norm(P.theta.map { $0 * $0 }) }
    #expect(largestDifference(e, expected) < 1e-11)
  }

  /// GAM's official step (xxgege/GAM), written out on arrays.
  static func literalGAM(
    rhoG: Double, rhoN: Double, beta1: Double, beta2: Double, beta3: Double, gamma: Double
  ) -> [Double] {
    let theta = P.theta
    let g0 = P.gradient(theta)
    let theta1 = axpy(theta, rhoG / (norm(g0) + 1e-12), g0)
    let g1 = P.gradient(theta1)
    let h = axpy(g1, -1, g0)
    let theta2 = axpy(theta, rhoN / (norm(h) + 1e-12), h)
    let g2 = P.gradient(theta2)
    let theta3 = axpy(theta2, rhoG / (norm(g2) + 1e-12), g2)
    let g3 = P.gradient(theta3)
    let p = axpy(g0, Swift.abs(beta2), g2)
    let d = axpy(scale(beta1, g1), beta3, g3)
    let cosine = dot(p, d) / (norm(p) * norm(d) + 1e-12)
    let v = axpy(p, -cosine * norm(p) / (norm(d) + 1e-12), d)
    return axpy(d, -gamma, v)
  }

  @Test func gamMatchesTheLiteralFourGradientStep() {
    for (rho, normRho, b1, b2, b3, gamma) in [(0.02, 0.2, 1.0, -1.0, 1.0, 0.03), (0.1, 0.5, 0.7, 0.4, 1.3, 0.5)] {
      let (loss, g, evaluations) = Self.run(GAM<Double>(rho: rho, normRho: normRho, beta1: b1, beta2: b2, beta3: b3, gamma: gamma))
      let expected = Self.literalGAM(rhoG: rho, rhoN: normRho, beta1: b1, beta2: b2, beta3: b3, gamma: gamma)
      #expect(largestDifference(g, expected) < 1e-13, "rho \(rho)")
      #expect(loss == P.loss(P.theta) && evaluations == 4)
    }
  }

  /// AMP (hiyouga/AMP-Regularizer) on arrays: ascent steps on Δ, each tensor's Δ projected
  /// on its own ε-ball.
  static func literalAMP(epsilon: Double, innerLR: Double, iterations: Int) -> [Double] {
    var delta = [Double](repeating: 0, count: 6)
    var g = P.gradient(P.theta)
    for _ in 0..<iterations {
      delta = axpy(delta, innerLR, g)
      for group in P.groups {
        let clip = epsilon / (norm(Array(delta[group])) + 1e-12)
        if clip < 1 { for j in group { delta[j] *= clip } }
      }
      g = P.gradient(axpy(P.theta, 1, delta))
    }
    return g
  }

  @Test func ampMatchesTheLiteralPerTensorProjectedAscent() {
    // ε = 2 clips w's first ascent step (‖g_w‖ ≈ 4.5) but not b's (‖g_b‖ ≈ 1.9); ε = 10
    // clips neither; ε = 0.5 clips both.
    let g0 = P.gradient(P.theta)
    #expect(norm(Array(g0[0..<4])) > 2 && norm(Array(g0[4..<6])) < 2)
    for (epsilon, lr, k) in [(2.0, 1.0, 1), (0.5, 0.3, 3), (10.0, 0.1, 2), (2.0, 1.0, 0)] {
      let (loss, g, evaluations) = Self.run(AMP<Double>(epsilon: epsilon, innerLearningRate: lr, innerIterations: k))
      #expect(largestDifference(g, Self.literalAMP(epsilon: epsilon, innerLR: lr, iterations: k)) < 1e-13, "ε \(epsilon) k \(k)")
      #expect(loss == P.loss(P.theta) && evaluations == k + 1)
    }
  }

  @Test func finiteDifferenceRegularizationMatchesTheLiteralFormula() {
    let (gamma, epsilon0) = (0.1, 0.01)
    let (loss, g, evaluations) = Self.run(FiniteDifferenceGradientRegularization<Double>(gamma: gamma, epsilon: epsilon0))
    let g0 = P.gradient(P.theta)
    let step = epsilon0 / norm(g0)
    let expected = axpy(scale(1 - gamma / step, g0), gamma / step, P.gradient(axpy(P.theta, step, g0)))
    #expect(largestDifference(g, expected) < 1e-12)
    #expect(loss == P.loss(P.theta) && evaluations == 2)
    // It approximates the gradient of L + (γ/2)‖∇L‖², g + γ·H·g, to O(ε₀).
    let hessianTimesG = (0..<6).map { (j: Int) -> Double in
      let curvature: Double = 3 * P.c[j] * P.theta[j] * P.theta[j]
      return curvature * g0[j] + dot(P.a[j], g0)
    }
    let exact = axpy(g0, gamma, hessianTimesG)
    #expect(largestDifference(g, exact) < 0.01 * norm(exact))
    #expect(largestDifference(g, g0) > 0.05, "the regularizer must change the gradient")
  }

  @Test func finiteDifferenceRegularizationIsExactOnAQuadratic() {
    // L = ½θᵀAθ: ∇L(θ + εg) − ∇L(θ) = εAg exactly, so the result is g + γAg.
    let quadratic = { (p: ParameterSet<Double>) -> (value: Double, gradient: ParameterSet<Double>) in
      let x = P.flat(p)
      let g = P.a.map { dot($0, x) }
      return (0.5 * dot(x, g), P.parameters(g))
    }
    let gamma = 0.3
    let (_, g) = FiniteDifferenceGradientRegularization<Double>(gamma: gamma, epsilon: 0.01)
      .lossAndGradient(at: P.parameters(P.theta), of: quadratic)
    let g0 = P.flat(quadratic(P.parameters(P.theta)).gradient)
    let ag = P.a.map { dot($0, g0) }
    #expect(largestDifference(P.flat(g), axpy(g0, gamma, ag)) < 1e-10)
  }

  @Test func zeroGradientStaysZero() {
    let zero = { (p: ParameterSet<Double>) -> (value: Double, gradient: ParameterSet<Double>) in
      (1, p.mapTensors { _, t in Tensor(zeros: t.shape) })
    }
    let wrappers: [any GradientWrapper<Double>] = [
      SAM<Double>(), SAM<Double>.adaptive(), GAM<Double>(), AMP<Double>(), FiniteDifferenceGradientRegularization<Double>(),
    ]
    for w in wrappers {
      let (_, g) = w.lossAndGradient(at: P.parameters(P.theta), of: zero)
      #expect(P.flat(g).allSatisfy { $0 == 0 }, "\(type(of: w))")
    }
  }
}

import Foundation
import RegulaOptim
import Testing
import _RegulaTestSupport

/// Shampoo against a slow, literal implementation of the paper's update (Gupta, Koren &
/// Singer 2018, Algorithm 1, with AdaGrad grafting as in Anil et al. 2020).
struct ShampooTests {
  /// A^(−1/p) through the SVD of the symmetric PSD matrix A + εI (a different LAPACK path
  /// from the library's eigendecomposition).
  static func literalInverseRoot(_ a: Tensor<Double>, _ p: Double, _ epsilon: Double) -> Tensor<Double> {
    let n = a.shape[0]
    var shifted = a
    for i in 0..<n { shifted.scalars[i * n + i] += epsilon }
    let svd = singularValueDecomposition(shifted)
    var result = Tensor<Double>(zeros: [n, n])
    for k in 0..<n {
      let s = Double.pow(svd.singularValues.scalars[k], -1 / p)
      for i in 0..<n { for j in 0..<n { result.scalars[i * n + j] += s * svd.u.scalars[i * n + k] * svd.u.scalars[j * n + k] } }
    }
    return result
  }

  static func gradient(_ w: Tensor<Double>, _ b: Tensor<Double>) -> (Tensor<Double>, Tensor<Double>) {
    // f = Σ c ⊙ (w − t)² + ‖b − s‖², with different curvatures per element.
    let c = Tensor<Double>(shape: [3, 4], scalars: (0..<12).map { 0.5 + Double($0) / 4 })
    let t = Tensor<Double>(shape: [3, 4], scalars: (0..<12).map { Double($0 % 5) - 2 })
    return (2 * c * (w - t), 2 * (b - Tensor([1, -1, 0.5])))
  }

  /// θ ← θ − η·graft(L^(−1/4) G R^(−1/4)) for the matrix, θ ← θ − η·graft(L^(−1/2) g) for the vector.
  @Test(arguments: [false, true])
  func matchesTheLiteralAlgorithm(_ withGrafting: Bool) {
    let (eta, eps) = (0.05, 1e-3)
    var w = randomTensor([3, 4], seed: 2), b = Tensor<Double>([0.3, 0.2, -0.1])
    var parameters = ParameterSet([("w", w), ("b", b)])
    let optimizer: some GradientTransformation<Double> = shampoo(
      learningRate: .constant(eta), momentum: 0, epsilon: eps, grafting: withGrafting ? .adagrad(epsilon: 1e-10) : .none)
    var state = optimizer.initialState(for: parameters)
    var (L, R, Lb) = (Tensor<Double>(zeros: [3, 3]), Tensor<Double>(zeros: [4, 4]), Tensor<Double>(zeros: [3, 3]))
    var (aw, ab) = (Tensor<Double>(zeros: [3, 4]), Tensor<Double>(zeros: [3]))
    for _ in 0..<8 {
      let (gw, gb) = Self.gradient(w, b)
      optimizer.step(&parameters, gradient: ParameterSet([("w", gw), ("b", gb)]), state: &state)
      L = L + matmul(gw, transposed: false, gw, transposed: true)
      R = R + matmul(gw, transposed: true, gw, transposed: false)
      let gbColumn = gb.reshaped(to: [3, 1])
      Lb = Lb + matmul(gbColumn, transposed: false, gbColumn, transposed: true)
      var dw = matmul(matmul(Self.literalInverseRoot(L, 4, eps), gw), Self.literalInverseRoot(R, 4, eps))
      var db = matmul(Self.literalInverseRoot(Lb, 2, eps), gbColumn).reshaped(to: [3])
      if withGrafting {
        aw = aw + gw * gw
        ab = ab + gb * gb
        let graftW = gw / (sqrt(aw) + 1e-10), graftB = gb / (sqrt(ab) + 1e-10)
        func norm(_ t: Tensor<Double>) -> Double { t.scalars.map { $0 * $0 }.reduce(0, +).squareRoot() }
        dw = dw * Tensor(norm(graftW) / norm(dw))
        db = db * Tensor(norm(graftB) / norm(db))
      }
      w = w - eta * dw
      b = b - eta * db
      #expect(maxRelativeDifference(parameters["w"], w, floor: 1e-3) < 1e-9)
      #expect(maxRelativeDifference(parameters["b"], b, floor: 1e-3) < 1e-9)
    }
  }

  /// Meta's test: before `startPreconditioningStep`, Shampoo is its grafted optimizer.
  @Test func beforePreconditioningItIsTheGraftedOptimizer() {
    let start = ParameterSet([("w", randomTensor([3, 4], seed: 4)), ("b", Tensor<Double>([0.3, 0.2, -0.1]))])
    let s: some GradientTransformation<Double> = shampoo(learningRate: 0.1, momentum: 0, startPreconditioningStep: .max)
    let a = chain {
      ScaleByRSS<Double>(initialAccumulatorValue: 0, epsilon: 0)
      ScaleByLearningRate<Double>(0.1)
    }
    var (p1, s1) = (start, s.initialState(for: start))
    var (p2, s2) = (start, a.initialState(for: start))
    for _ in 0..<5 {
      let g1 = Self.gradient(p1["w"], p1["b"]), g2 = Self.gradient(p2["w"], p2["b"])
      s.step(&p1, gradient: ParameterSet([("w", g1.0), ("b", g1.1)]), state: &s1)
      a.step(&p2, gradient: ParameterSet([("w", g2.0), ("b", g2.1)]), state: &s2)
    }
    // AdaGrad grafting uses g/(√a + 1e-10), ScaleByRSS g/√a: equal to ~1e-10.
    #expect(maxRelativeDifference(p1["w"], p2["w"], floor: 1e-3) < 1e-8)
  }

  /// Blocks of at most 2 rows/columns: each block is preconditioned on its own.
  @Test func blockingPreconditionsEachBlockSeparately() {
    let g = randomTensor([3, 4], seed: 8)
    let t = ScaleByShampoo<Double>(epsilon: 1e-6, blockSize: 2, grafting: .none)
    let p = ParameterSet([("w", Tensor<Double>(zeros: [3, 4]))])
    var state = t.initialState(for: p)
    #expect(state.blocks[0].count == 4)
    var u = ParameterSet([("w", g)])
    t.update(&u, state: &state, parameters: p)
    // The top-left 2×2 block: L = GGᵀ, R = GᵀG of that block alone.
    let G = Tensor<Double>(shape: [2, 2], scalars: [g.scalars[0], g.scalars[1], g.scalars[4], g.scalars[5]])
    let expected = matmul(
      matmul(Self.literalInverseRoot(matmul(G, transposed: false, G, transposed: true), 4, 1e-6), G),
      Self.literalInverseRoot(matmul(G, transposed: true, G, transposed: false), 4, 1e-6))
    let actual = Tensor<Double>(shape: [2, 2], scalars: [u["w"].scalars[0], u["w"].scalars[1], u["w"].scalars[4], u["w"].scalars[5]])
    #expect(maxRelativeDifference(actual, expected, floor: 1e-3) < 1e-8)
  }

  @Test func coupledNewtonRootsGiveTheSameSteps() {
    let start = ParameterSet([("w", randomTensor([3, 4], seed: 6))])
    let exact: some GradientTransformation<Double> = shampoo(learningRate: 0.05, epsilon: 1e-4)
    let newton: some GradientTransformation<Double> = shampoo(
      learningRate: 0.05, epsilon: 1e-4, inverseRootMethod: .coupledNewton(maxIterations: 200, tolerance: 1e-12))
    var (p1, s1) = (start, exact.initialState(for: start))
    var (p2, s2) = (start, newton.initialState(for: start))
    for _ in 0..<5 {
      exact.step(&p1, gradient: ParameterSet([("w", Self.gradient(p1["w"], Tensor<Double>([0, 0, 0])).0)]), state: &s1)
      newton.step(&p2, gradient: ParameterSet([("w", Self.gradient(p2["w"], Tensor<Double>([0, 0, 0])).0)]), state: &s2)
    }
    #expect(maxRelativeDifference(p1["w"], p2["w"], floor: 1e-3) < 1e-6)
  }
}

import RegulaOptim
import Testing
import _RegulaTestSupport

/// Newton–Schulz orthogonalization and inverse p-th roots.
struct MatrixFunctionsTests {
  /// A symmetric positive definite matrix with eigenvalues spread over [0.1, 10].
  static func spd(_ n: Int, seed: UInt64) -> Tensor<Double> {
    let q = qrDecomposition(randomTensor([n, n], seed: seed)).q
    var d = Tensor<Double>(zeros: [n, n])
    for i in 0..<n { d.scalars[i * n + i] = 0.1 * Double.pow(100, Double(i) / Double(n - 1)) }
    return matmul(matmul(q, d), transposed: false, q, transposed: true)
  }

  @Test(arguments: [[6, 4], [4, 6], [5, 5]])
  func newtonSchulzSingularValuesLieNearOne(_ shape: [Int]) {
    let g = randomTensor(shape, seed: 11)
    let o = newtonSchulzOrthogonalize(g)
    #expect(o.shape == shape)
    let s = singularValueDecomposition(o).singularValues.scalars
    #expect(s.allSatisfy { $0 > 0.5 && $0 < 1.5 }, "singular values \(s)")
    // The singular vectors are those of g: o·gᵀ... ≈ U S′ Uᵀ is symmetric PSD for square inputs.
    let svdG = singularValueDecomposition(g)
    let projected = matmul(matmul(svdG.u, transposed: true, o, transposed: false), transposed: false, svdG.vTransposed, transposed: true)
    let k = s.count
    for i in 0..<k { for j in 0..<k where i != j { #expect(Swift.abs(projected.scalars[i * k + j]) < 1e-6) } }
  }

  @Test func cubicNewtonSchulzConvergesToThePolarFactor() {
    let g = randomTensor([5, 3], seed: 3)
    let o = newtonSchulzOrthogonalize(g, steps: 60, coefficients: .cubic)
    let svd = singularValueDecomposition(g)
    let polar = matmul(svd.u, svd.vTransposed)
    #expect(maxRelativeDifference(o, polar, floor: 1) < 1e-9)
  }

  /// The slow, literal definition: one step is X ← aX + bXXᵀX + cXXᵀXXᵀX.
  @Test func newtonSchulzMatchesTheLiteralIteration() {
    let g = randomTensor([3, 4], seed: 5)
    var x = g / Tensor(g.scalars.map { $0 * $0 }.reduce(0, +).squareRoot() + 1e-8)
    let c = NewtonSchulzCoefficients.muon
    for _ in 0..<5 {
      let xxt = matmul(x, transposed: false, x, transposed: true)
      x = c.a * x + c.b * matmul(xxt, x) + c.c * matmul(xxt, matmul(xxt, x))
    }
    #expect(maxRelativeDifference(newtonSchulzOrthogonalize(g), x, floor: 1) < 1e-12)
  }

  @Test(arguments: [1, 2, 4, 6])
  func inverseRootByEigendecompositionInvertsThePower(_ p: Int) {
    let a = Self.spd(5, seed: UInt64(p))
    let x = inverseRoot(a, p: p)
    var power = x
    for _ in 1..<p { power = matmul(power, x) }
    let product = matmul(power, a)
    var eye = Tensor<Double>(zeros: [5, 5])
    for i in 0..<5 { eye.scalars[i * 5 + i] = 1 }
    #expect(maxRelativeDifference(product, eye, floor: 1) < 1e-10)
  }

  @Test(arguments: [2, 4])
  func coupledNewtonAgreesWithEigendecomposition(_ p: Int) {
    let a = Self.spd(6, seed: 9)
    let exact = inverseRoot(a, p: p, epsilon: 1e-6)
    let newton = inverseRoot(a, p: p, epsilon: 1e-6, method: .coupledNewton(maxIterations: 200, tolerance: 1e-12))
    #expect(maxRelativeDifference(newton, exact, floor: 1) < 1e-8)
  }

  @Test func inverseRootOfASingularMatrixUsesEpsilon() {
    // A = vvᵀ has eigenvalues (‖v‖², 0): the root along v is (‖v‖² + ε)^(−1/2), elsewhere ε^(−1/2).
    let v = Tensor<Double>(shape: [2, 1], scalars: [3, 4])
    let a = matmul(v, transposed: false, v, transposed: true)
    let x = inverseRoot(a, p: 2, epsilon: 1e-4)
    let u = Tensor<Double>(shape: [2, 1], scalars: [0.6, 0.8]), w = Tensor<Double>(shape: [2, 1], scalars: [-0.8, 0.6])
    let expected = Double.pow(25 + 1e-4, -0.5) * matmul(u, transposed: false, u, transposed: true)
      + 100 * matmul(w, transposed: false, w, transposed: true)
    #expect(maxRelativeDifference(x, expected, floor: 1) < 1e-10)
  }
}

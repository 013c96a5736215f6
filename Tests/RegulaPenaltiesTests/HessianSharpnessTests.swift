import RegulaPenalties
import Testing

/// Power iteration on finite-difference Hessian–vector products, on losses whose Hessian is
/// known.
struct HessianSharpnessTests {
  /// L(θ) = ½ θᵀAθ over two tensors, with A block-diagonal and known eigenvalues.
  @Test func findsTheLargestEigenvalueOfAQuadratic() {
    // Block 1 (2×2): [[3, 1], [1, 3]], eigenvalues 4 and 2. Block 2 (3,): diag(1, 7.5, 0.5).
    let gradient = { (p: ParameterSet<Double>) -> ParameterSet<Double> in
      let w = p["w"].scalars, b = p["b"].scalars
      return ParameterSet([
        ("w", Tensor<Double>([3 * w[0] + w[1], w[0] + 3 * w[1]])),
        ("b", Tensor<Double>([b[0], 7.5 * b[1], 0.5 * b[2]])),
      ])
    }
    let theta = ParameterSet([("w", Tensor<Double>([0.3, -1])), ("b", Tensor<Double>([2, 0.1, -0.4]))])
    let lambda = largestHessianEigenvalue(of: gradient, at: theta, iterations: 200)
    #expect(abs(lambda - 7.5) < 1e-6)
  }

  /// On a non-quadratic loss, the estimate matches the exact Hessian's eigenvalue.
  @Test func matchesTheExactHessianOfASmoothLoss() {
    // L(x, y) = x⁴/4 + x·y + y²: H = [[3x², 1], [1, 2]].
    let gradient = { (p: ParameterSet<Double>) -> ParameterSet<Double> in
      let (x, y) = (p["v"].scalars[0], p["v"].scalars[1])
      return ParameterSet([("v", Tensor<Double>([x * x * x + y, x + 2 * y]))])
    }
    let (x, y) = (1.5, -0.5)
    let (a, c) = (3 * x * x, 2.0)
    let exact = (a + c) / 2 + (((a - c) / 2) * ((a - c) / 2) + 1).squareRoot()
    let lambda = largestHessianEigenvalue(of: gradient, at: ParameterSet([("v", Tensor<Double>([x, y]))]), iterations: 100)
    #expect(abs(lambda - exact) < 1e-6)
  }
}

import RegulaNN
import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// ‖J − Jᵀ‖²_F: the exact value against finite-difference Jacobians, the estimator against
/// its formula written out and against the exact value on average.
struct JacobianAsymmetryTests {
  /// A map ℝ³ → ℝ³, so its Jacobian is square.
  static let mlp = Sequential<Double>.multilayerPerceptron(inputSize: 3, hiddenSizes: [5], outputSize: 3, activation: .tanh)
  static let parameters = mlp.initialParameters(seed: 11)
  static let linear = Sequential<Double>.multilayerPerceptron(inputSize: 3, hiddenSizes: [], outputSize: 3, activation: .tanh)
  static let linearParameters = linear.initialParameters(seed: 12)

  /// (1/N) Σᵢ ‖Jᵢ − Jᵢᵀ‖²_F with Jᵢ by central differences of the model in example i's input.
  static func finiteDifferenceAsymmetry(_ x: Tensor<Double>) -> Double {
    let (n, d) = (x.shape[0], x.shape[1])
    var jacobians = [[Double]](repeating: [Double](repeating: 0, count: d * d), count: n)  // [i][k·d + j]
    for i in 0..<n {
      for j in 0..<d {
        var plus = x, minus = x
        plus.scalars[i * d + j] += 1e-6
        minus.scalars[i * d + j] -= 1e-6
        let column = (mlp(plus, parameters: parameters) - mlp(minus, parameters: parameters)) / 2e-6
        for k in 0..<d { jacobians[i][k * d + j] = column.scalars[i * d + k] }
      }
    }
    var total = 0.0
    for J in jacobians {
      for k in 0..<d { for j in 0..<d { total += (J[k * d + j] - J[j * d + k]) * (J[k * d + j] - J[j * d + k]) } }
    }
    return total / Double(n)
  }

  @Test func exactValueMatchesFiniteDifferenceJacobians() {
    let x = randomTensor([4, 3], seed: 2)
    let exact = jacobianAsymmetry(of: Self.mlp, parameters: Self.parameters, at: x)
    let literal = Self.finiteDifferenceAsymmetry(x)
    #expect(exact > 0.01)
    #expect(Swift.abs(exact - literal) < 1e-7 * exact, "\(exact) vs \(literal)")
  }

  @Test func aLinearMapsAsymmetryIsThatOfItsMatrix() {
    // y = xW + b: J = Wᵀ, the same for every example.
    let w = Self.linearParameters["dense1.weight"]
    var expected = 0.0
    for k in 0..<3 {
      for j in 0..<3 {
        let d = w.scalars[k * 3 + j] - w.scalars[j * 3 + k]
        expected += d * d
      }
    }
    #expect(Swift.abs(jacobianAsymmetry(of: Self.linear, parameters: Self.linearParameters, at: randomTensor([5, 3], seed: 3)) - expected) < 1e-13)
    let symmetric = Self.linearParameters.replacing("dense1.weight", with: w + w.transposed())
    #expect(jacobianAsymmetry(of: Self.linear, parameters: symmetric, at: randomTensor([2, 3], seed: 3)) < 1e-28)
  }

  @Test func estimatorIsItsFormulaAndUnbiasedForALinearMap() {
    // For y = xW + b with a direction v (a row): Jv = vW, J(Jv) = vW², so one sample is
    // 2‖vW‖² − 2⟨v, vW²⟩, whose mean is ‖W − Wᵀ‖²_F.
    let w = Self.linearParameters["dense1.weight"]
    let x = randomTensor([1, 3], seed: 4)
    let count = 4000
    var random = RandomGenerator(seed: 9)
    var samples: [Double] = []
    for _ in 0..<count {
      let v = Tensor<Double>.randomNormal(shape: [1, 3], standardDeviation: 1, using: &random)
      let a = matmul(v, w), b = matmul(a, w)
      samples.append(2 * square(a).sum().scalar - 2 * (v * b).sum().scalar)
    }
    let mean = samples.reduce(0, +) / Double(count)
    let estimate = jacobianAsymmetryEstimate(of: Self.linear, parameters: Self.linearParameters, at: x, sigma: 0.5, samples: count, seed: 9).scalar
    #expect(Swift.abs(estimate - mean) < 1e-10 * Swift.abs(mean))
    let exact = jacobianAsymmetry(of: Self.linear, parameters: Self.linearParameters, at: x)
    let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count - 1)
    #expect(Swift.abs(mean - exact) < 4 * (variance / Double(count)).squareRoot(), "mean \(mean), exact \(exact)")
  }

  @Test func estimatorApproachesTheExactValueAndHasGradients() {
    let x = randomTensor([3, 3], seed: 5)
    let exact = jacobianAsymmetry(of: Self.mlp, parameters: Self.parameters, at: x)
    let estimate = jacobianAsymmetryEstimate(of: Self.mlp, parameters: Self.parameters, at: x, sigma: 1e-4, samples: 4000, seed: 1).scalar
    #expect(Swift.abs(estimate - exact) < 0.1 * exact, "estimate \(estimate), exact \(exact)")
    let error = gradientError(at: Self.parameters["dense1.weight"]) { w in
      jacobianAsymmetryEstimate(of: Self.mlp, parameters: Self.parameters.replacing("dense1.weight", with: w), at: x, sigma: 0.05, samples: 2, seed: 3)
    }
    #expect(error < 1e-6)
  }
}

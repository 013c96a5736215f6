import RegulaNN
import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// Penalties of a whole model or of activations: FLOPs, path-norm, Jacobian norms — against
/// literal sums and finite differences.
struct ModelPenaltyTests {
  static let mlp = Sequential<Double>.multilayerPerceptron(inputSize: 3, hiddenSizes: [4], outputSize: 2, activation: .relu)
  static let parameters = mlp.initialParameters(seed: 5)

  static func at(_ t: Tensor<Double>, _ i: Int, _ j: Int) -> Double { t.scalars[i * t.shape[1] + j] }

  @Test func flopsMatchesItsDefinitionAndGradient() {
    let a = randomTensor([5, 3], seed: 2)
    var expected = 0.0
    for j in 0..<3 {
      var mean = 0.0
      for i in 0..<5 { mean += Swift.abs(Self.at(a, i, j)) / 5 }
      expected += mean * mean
    }
    #expect(Swift.abs(FLOPsRegularizer<Double>()(a).scalar - expected) < 1e-14)
    #expect(gradientError(at: a) { FLOPsRegularizer<Double>()($0) } < 1e-6)
  }

  @Test(arguments: [1, 2])
  func pathNormIsTheSumOverPaths(_ exponent: Int) {
    let p = Self.parameters
    let (w1, b1, w2, b2) = (p["dense1.weight"], p["dense1.bias"], p["dense2.weight"], p["dense2.bias"])
    func f(_ x: Double) -> Double { exponent == 1 ? Swift.abs(x) : x * x }
    var total = 0.0
    for o in 0..<2 {
      total += f(b2.scalars[o])
      for h in 0..<4 {
        var into = f(b1.scalars[h])
        for i in 0..<3 { into += f(Self.at(w1, i, h)) }
        total += f(Self.at(w2, h, o)) * into
      }
    }
    let expected = exponent == 1 ? total : total.squareRoot()
    #expect(Swift.abs(pathNorm(of: Self.mlp, parameters: p, inputSize: 3, exponent: exponent).scalar - expected) < 1e-12)
    let error = gradientError(at: w1) { w in pathNorm(of: Self.mlp, parameters: Self.parameters.replacing("dense1.weight", with: w), inputSize: 3, exponent: exponent) }
    #expect(error < 1e-6)
  }

  /// ‖J‖²_F by central differences of the model in its input, averaged over the batch.
  static func finiteDifferenceJacobianNorm(_ x: Tensor<Double>) -> Double {
    var total = 0.0
    for i in 0..<x.scalarCount {
      var plus = x, minus = x
      plus.scalars[i] += 1e-6
      minus.scalars[i] -= 1e-6
      let d = (mlp(plus, parameters: parameters) - mlp(minus, parameters: parameters)) / 2e-6
      total += square(d).sum().scalar
    }
    return total / Double(x.shape[0])
  }

  @Test func exactJacobianNormMatchesFiniteDifferences() {
    let x = randomTensor([6, 3], seed: 7)
    let exact = jacobianFrobeniusNormSquared(of: Self.mlp, parameters: Self.parameters, at: x)
    #expect(Swift.abs(exact - Self.finiteDifferenceJacobianNorm(x)) < 1e-7 * Swift.max(1, exact))
  }

  @Test func denoisingEstimateApproachesTheExactNormAndHasGradients() {
    let x = randomTensor([6, 3], seed: 7)
    let exact = jacobianFrobeniusNormSquared(of: Self.mlp, parameters: Self.parameters, at: x)
    let estimate = denoisingJacobianPenalty(of: Self.mlp, parameters: Self.parameters, at: x, sigma: 1e-4, samples: 3000, seed: 1).scalar
    #expect(Swift.abs(estimate - exact) < 0.05 * exact, "estimate \(estimate), exact \(exact)")
    let error = gradientError(at: Self.parameters["dense2.weight"]) { w in
      denoisingJacobianPenalty(of: Self.mlp, parameters: Self.parameters.replacing("dense2.weight", with: w), at: x, sigma: 0.1, samples: 2, seed: 3)
    }
    #expect(error < 1e-6)
  }

  @Test func penaltiesWorkInFloat() {
    // The same values in Float as in Double, to Float precision.
    let w = randomTensor([5, 4], seed: 1)
    let f = Tensor<Float>(w)
    #expect(Swift.abs(Double(NuclearNormRegularizer<Float>()(f).scalar) - NuclearNormRegularizer<Double>()(w).scalar) < 1e-5)
    #expect(Swift.abs(Double(GramIterationRegularizer<Float>()(f).scalar) - GramIterationRegularizer<Double>()(w).scalar) < 1e-5)
    #expect(Swift.abs(Double(SoftOrthogonalityRegularizer<Float>()(f).scalar) - SoftOrthogonalityRegularizer<Double>()(w).scalar) < 1e-4)
    let g = gradient(at: f) { ElasticNetRegularizer<Float>()($0).scalarized() }
    #expect(maxRelativeDifference(Tensor<Double>(g), gradient(at: w) { ElasticNetRegularizer<Double>()($0).scalarized() }, floor: 1) < 1e-6)
    #expect(maxRelativeDifference(Tensor<Double>(L1Regularizer<Float>().prox(f, stepSize: 0.3)), L1Regularizer<Double>().prox(w, stepSize: 0.3), floor: 1) < 1e-6)
  }
}

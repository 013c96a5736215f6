import RegulaNN
import RegulaPenalties
import Testing
import _Differentiation
import _RegulaTestSupport

/// ModelPenaltyTerm: λ times its penalty, with the penalty's gradient.
struct ModelPenaltyTermTests {
  @Test func pathNormAndJacobianTermsScaleTheirPenalties() {
    let mlp = Sequential<Double>.multilayerPerceptron(inputSize: 3, hiddenSizes: [4], outputSize: 2)
    let p = mlp.initialParameters(seed: 1)
    let x = randomTensor([5, 3], seed: 2)
    let path = ModelPenaltyTerm<Double>.pathNorm(of: mlp, inputSize: 3, weight: 0.5)
    #expect(Swift.abs(path.value(p, inputs: x).scalar - 0.5 * pathNorm(of: mlp, parameters: p, inputSize: 3).scalar) < 1e-14)
    let jacobian = ModelPenaltyTerm<Double>.jacobian(of: mlp, sigma: 0.1, seed: 4, weight: 2)
    #expect(Swift.abs(jacobian.value(p, inputs: x, step: 3).scalar
      - 2 * denoisingJacobianPenalty(of: mlp, parameters: p, at: x, sigma: 0.1, seed: 7).scalar) < 1e-12)
    #expect(gradientError(at: p["dense2.weight"]) { w in jacobian.value(p.replacing("dense2.weight", with: w), inputs: x, step: 1) } < 1e-6)
  }
}

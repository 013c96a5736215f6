import Foundation
import RegulaLosses
import Testing
import _Differentiation
import _RegulaTestSupport

/// Token-level preference losses (SparsePO, T-REG) against literal formulas, and their
/// reductions to sequence-level DPO.
struct TokenPreferenceLossesTests {
  static let chosen = randomTensor([3, 4], seed: 51) - 0.5
  static let rejected = randomTensor([3, 4], seed: 52) - 0.5
  static let chosenMask = Tensor<Double>(shape: [3, 4], scalars: [1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0])
  static let rejectedMask = Tensor<Double>(shape: [3, 4], scalars: [1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0])
  static let chosenKL = -abs(randomTensor([3, 4], seed: 53))
  static let rejectedKL = -abs(randomTensor([3, 4], seed: 54))

  static func batch(_ c: Tensor<Double> = chosen, _ r: Tensor<Double> = rejected) -> TokenPreferenceBatch<Double> {
    TokenPreferenceBatch(chosenLogRatios: c, rejectedLogRatios: r, chosenMask: chosenMask, rejectedMask: rejectedMask)
  }

  static func maskedSum(_ x: Tensor<Double>, _ m: Tensor<Double>, row: Int) -> Double {
    (0..<4).reduce(0.0) { $0 + x.scalars[row * 4 + $1] * m.scalars[row * 4 + $1] }
  }

  @Test func sparsePOMatchesTheLiteralFormula() {
    let rewardMasks = (chosen: abs(randomTensor([3, 4], seed: 55)), rejected: abs(randomTensor([3, 4], seed: 56)))
    let klMasks = (chosen: abs(randomTensor([3, 4], seed: 57)), rejected: abs(randomTensor([3, 4], seed: 58)))
    let beta = 0.4
    let out = sparsePOLoss(Self.batch(), chosenTokenKL: Self.chosenKL, rejectedTokenKL: Self.rejectedKL, rewardMasks: rewardMasks,
                           klMasks: klMasks, beta: beta, reduction: .none)
    var literal = [Double](), literalChosenRewards = [Double]()
    for i in 0..<3 {
      let uw = Self.maskedSum(Self.chosen * rewardMasks.chosen, Self.chosenMask, row: i)
      let ul = Self.maskedSum(Self.rejected * rewardMasks.rejected, Self.rejectedMask, row: i)
      let dw = Self.maskedSum(Self.chosenKL * klMasks.chosen, Self.chosenMask, row: i)
      let dl = Self.maskedSum(Self.rejectedKL * klMasks.rejected, Self.rejectedMask, row: i)
      literal.append(Foundation.log(1 + Foundation.exp(-beta * ((uw - ul) - (dw - dl)))))
      literalChosenRewards.append(beta * (uw + dw))
    }
    #expect(maxRelativeDifference(out.loss, Tensor(literal)) < 1e-14)
    #expect(maxRelativeDifference(out.chosenRewards, Tensor(literalChosenRewards)) < 1e-14)
    #expect(gradientError(at: Self.chosen) {
      sparsePOLoss(Self.batch($0), chosenTokenKL: Self.chosenKL, rejectedTokenKL: Self.rejectedKL, rewardMasks: rewardMasks, klMasks: klMasks, beta: beta).loss
    } < 1e-6)
    #expect(gradientError(at: Self.rejectedKL) {
      sparsePOLoss(Self.batch(), chosenTokenKL: Self.chosenKL, rejectedTokenKL: $0, rewardMasks: rewardMasks, klMasks: klMasks, beta: beta).loss
    } < 1e-6)
    // KL masks 0 and reward masks 1: DPO on the summed log-ratios.
    let zeros = (chosen: Tensor<Double>(zeros: [3, 4]), rejected: Tensor<Double>(zeros: [3, 4]))
    let noKL = sparsePOLoss(Self.batch(), chosenTokenKL: Self.chosenKL, rejectedTokenKL: Self.rejectedKL, klMasks: zeros, beta: beta, reduction: .none)
    let sums = PreferenceBatch(policyChosenLogProbabilities: Tensor((0..<3).map { Self.maskedSum(Self.chosen, Self.chosenMask, row: $0) }),
                               policyRejectedLogProbabilities: Tensor((0..<3).map { Self.maskedSum(Self.rejected, Self.rejectedMask, row: $0) }))
    #expect(maxRelativeDifference(noKL.loss, dpoLoss(sums, beta: beta, reduction: .none).loss) < 1e-14)
    // Policy = reference: log-ratios and κ are 0, the loss is log 2.
    let same = sparsePOLoss(Self.batch(Tensor(zeros: [3, 4]), Tensor(zeros: [3, 4])), chosenTokenKL: Tensor(zeros: [3, 4]),
                            rejectedTokenKL: Tensor(zeros: [3, 4]))
    #expect(abs(same.loss.scalar - Foundation.log(2)) < 1e-15)
  }

  @Test func referenceWeightedTokenLogRatiosMatchTheLiteralSum() {
    let policy = randomTensor([2, 3, 5], seed: 61, scale: 2)
    let reference = randomTensor([2, 3, 5], seed: 62, scale: 2)
    let kappa = referenceWeightedTokenLogRatios(policyLogits: policy, referenceLogits: reference)
    for position in 0..<6 {
      let z = (0..<5).map { policy.scalars[position * 5 + $0] }, w = (0..<5).map { reference.scalars[position * 5 + $0] }
      let (zTotal, wTotal) = (z.map { Foundation.exp($0) }.reduce(0, +), w.map { Foundation.exp($0) }.reduce(0, +))
      let literal = (0..<5).reduce(0.0) { sum, v in
        sum + Foundation.exp(w[v]) / wTotal * (Foundation.log(Foundation.exp(z[v]) / zTotal) - Foundation.log(Foundation.exp(w[v]) / wTotal))
      }
      #expect(abs(kappa.scalars[position] - literal) < 1e-13)
      #expect(kappa.scalars[position] <= 0)
    }
    #expect(referenceWeightedTokenLogRatios(policyLogits: reference, referenceLogits: reference).scalars.allSatisfy { abs($0) < 1e-15 })
    #expect(gradientError(at: policy) { referenceWeightedTokenLogRatios(policyLogits: $0, referenceLogits: reference).sum() } < 1e-6)
  }

  @Test func tregMatchesTheLiteralFormula() {
    let chosenRewards = randomTensor([3, 4], seed: 63, scale: 0.2)
    let rejectedRewards = randomTensor([3, 4], seed: 64, scale: 0.2)
    let (alpha, beta) = (0.7, 0.3)
    let out = tregLoss(Self.batch(), chosenTokenRewards: chosenRewards, rejectedTokenRewards: rejectedRewards, alpha: alpha, beta: beta, reduction: .none)
    let literal = (0..<3).map { i -> Double in
      let margin = Self.maskedSum(Self.chosen, Self.chosenMask, row: i) - Self.maskedSum(Self.rejected, Self.rejectedMask, row: i)
      var regulariser = 0.0
      for t in 0..<4 {
        regulariser += Self.chosenMask.scalars[i * 4 + t] * Foundation.pow(beta * Self.chosen.scalars[i * 4 + t] - chosenRewards.scalars[i * 4 + t], 2)
        regulariser += Self.rejectedMask.scalars[i * 4 + t] * Foundation.pow(beta * Self.rejected.scalars[i * 4 + t] - rejectedRewards.scalars[i * 4 + t], 2)
      }
      return Foundation.log(1 + Foundation.exp(-beta * margin)) + alpha * regulariser
    }
    #expect(maxRelativeDifference(out.loss, Tensor(literal)) < 1e-14)
    #expect(gradientError(at: Self.chosen) {
      tregLoss(Self.batch($0), chosenTokenRewards: chosenRewards, rejectedTokenRewards: rejectedRewards, alpha: alpha, beta: beta).loss
    } < 1e-6)
    #expect(gradientError(at: Self.rejected) {
      tregLoss(Self.batch(Self.chosen, $0), chosenTokenRewards: chosenRewards, rejectedTokenRewards: rejectedRewards, alpha: alpha, beta: beta).loss
    } < 1e-6)
  }

  /// Token log-ratios near ±1e4 give finite values and gradients, Float and Double.
  @Test func extremeTokenLogRatiosAreFinite() {
    func check<S: TensorScalar>(_: S.Type) {
      let big = Tensor<S>(shape: [1, 3], scalars: [-1e4, 1e4, -1e-6].map { S($0) })
      let ones = Tensor<S>(ones: [1, 3])
      let (v, pullback) = valueWithPullback(at: big) { x in
        sparsePOLoss(TokenPreferenceBatch(chosenLogRatios: x, rejectedLogRatios: -x, chosenMask: ones, rejectedMask: ones),
                     chosenTokenKL: x, rejectedTokenKL: -x).loss
          + tregLoss(TokenPreferenceBatch(chosenLogRatios: -x, rejectedLogRatios: x, chosenMask: ones, rejectedMask: ones),
                     chosenTokenRewards: ones, rejectedTokenRewards: ones, alpha: 0.1).loss
      }
      #expect(v.isFinite && pullback(Tensor(1)).isFinite, "\(S.self)")
    }
    check(Float.self)
    check(Double.self)
  }

  @Test func mismatchedTokenShapesStop() async {
    await #expect(processExitsWith: .failure) {
      _ = TokenPreferenceBatch(chosenLogRatios: Tensor<Double>(zeros: [2, 3]), rejectedLogRatios: Tensor<Double>(zeros: [2, 4]),
                               chosenMask: Tensor(ones: [2, 3]), rejectedMask: Tensor(ones: [2, 3]))
    }
  }
}

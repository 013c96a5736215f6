import Foundation
import RegulaLosses
import Testing
import _Differentiation
import _RegulaTestSupport

/// RL objectives against TRL's GRPO formulas and BEER's reference code restated in
/// Tools/fixtures/rl_losses.py, and their properties.
struct RLLossesTests {
  static let fixture = try! loadFixture(LossFixture.self, "rl_losses.json")

  @Test(arguments: fixture.cases.map(\.name))
  func matchesReferenceFormulas(_ name: String) throws {
    let c = try #require(Self.fixture.cases.first { $0.name == name })
    let parts = name.split(separator: "/").map(String.init)
    let expected = Tensor(c.values)
    switch parts[0] {
    case "advantages":
      let scaling: AdvantageScaling = parts[2] == "group" ? .group : parts[2] == "batch" ? .batch : .none
      let g = Int(c.param("group_size"))
      let a: Tensor<Double>
      if parts[1] == "normalize_then_sum" {
        var rewards = c.tensor("rewards")
        for (i, isNaN) in c.tensor("nan_mask").scalars.enumerated() where isNaN == 1 { rewards.scalars[i] = .nan }
        a = groupRelativeAdvantages(rewards: rewards, weights: [c.param("weight0"), c.param("weight1"), c.param("weight2")],
                                    groupSize: g, aggregation: .normalizeThenSum)
      } else if parts[1] == "multi" {
        var rewards = c.tensor("rewards")
        rewards.scalars[Int(c.param("nan_row")) * 2 + Int(c.param("nan_column"))] = .nan
        a = groupRelativeAdvantages(rewards: rewards, weights: [c.param("weight0"), c.param("weight1")], groupSize: g, scaling: scaling)
      } else {
        a = groupRelativeAdvantages(rewards: c.tensor("rewards"), groupSize: g, scaling: scaling)
      }
      #expect(maxRelativeDifference(a, expected, floor: 1e-3) < 1e-12)
    case "quantile":
      let a = quantileAdvantages(rewards: c.tensor("rewards"), groupSize: Int(c.param("group_size")), quantile: c.param("quantile"))
      #expect(maxRelativeDifference(a, expected, floor: 1e-3) < 1e-12)
    case "noisy_verifier":
      let r = correctedVerifierRewards(observed: c.tensor("observed"), falsePositiveRate: c.param("rho0"), falseNegativeRate: c.param("rho1"))
      #expect(maxRelativeDifference(r, expected, floor: 1e-3) < 1e-14)
    case "surrogate":
      let (old, reference, advantages, mask) = (c.tensor("old"), c.tensor("reference"), c.tensor("advantages"), c.tensor("mask"))
      let (low, high, beta) = (c.param("epsilon_low"), c.param("epsilon_high"), c.param("beta"))
      let aggregation: PolicyLossAggregation = switch parts[1] {
      case "grpo": .grpo
      case "bnpo": .bnpo
      case "dr_grpo": .drGRPO(maxCompletionLength: Int(c.param("max_length")))
      case "dapo_global": .dapo(activeTokenCount: Int(c.param("count")))
      default: .dapo()
      }
      c.expectMatches(wrt: "log_probabilities") {
        clippedSurrogateLoss(logProbabilities: $0, oldLogProbabilities: old, advantages: advantages, completionMask: mask,
                             epsilonLow: low, epsilonHigh: high, aggregation: aggregation, klBeta: beta,
                             referenceLogProbabilities: reference).reshaped(to: [1])
      }
    case "k3":
      let reference = c.tensor("reference")
      c.expectMatches(wrt: "log_probabilities") { k3KLEstimate(logProbabilities: $0, referenceLogProbabilities: reference) }
    case "beer":
      let (next, target, rewards) = (c.tensor("next"), c.tensor("target"), c.tensor("rewards"))
      let (w2, gamma, beta) = (c.param("w2"), c.param("gamma"), c.param("beta"))
      c.expectMatches(wrt: "features") {
        beerPenalty(features: $0, nextFeatures: next, targetNextFeatures: target, rewards: rewards, outputWeightSquaredNorm: w2,
                    discount: gamma, beta: beta, reduction: .none)
      }
    default:
      Issue.record("no test for \(name)")
    }
  }

  @Test func advantageProperties() {
    let rewards = Tensor<Double>([1, 0, 0, 1, 3, 3, 3, 3])
    let a = groupRelativeAdvantages(rewards: rewards, groupSize: 4)
    // Each group's advantages sum to 0; a constant group gets 0, not NaN.
    #expect(abs(a.slice(0..<4).sum().scalar) < 1e-12 && a.slice(4..<8).scalars.allSatisfy { $0 == 0 })
    let dr = groupRelativeAdvantages(rewards: rewards, groupSize: 4, scaling: .none)
    #expect(dr.scalars == [0.5, -0.5, -0.5, 0.5, 0, 0, 0, 0])
    // QAE on binary rewards with success rate 1/4 and K = 0.5: only the success gets credit.
    let q = quantileAdvantages(rewards: Tensor<Double>([1, 0, 0, 0]), groupSize: 4, quantile: 0.5)
    #expect(q.scalars == [1, 0, 0, 0])
    // The backward correction is unbiased: E[r̂ | r] = r.
    let (rho0, rho1) = (0.1, 0.3)
    let r = correctedVerifierRewards(observed: Tensor<Double>([0, 1]), falsePositiveRate: rho0, falseNegativeRate: rho1)
    #expect(abs((1 - rho0) * r.scalars[0] + rho0 * r.scalars[1]) < 1e-15)
    #expect(abs(rho1 * r.scalars[0] + (1 - rho1) * r.scalars[1] - 1) < 1e-15)
  }

  @Test func surrogateGradientAndStability() {
    let old = randomTensor([3, 4], seed: 5, scale: 0.3) - 2
    let reference = randomTensor([3, 4], seed: 6, scale: 0.3) - 2
    let advantages = Tensor<Double>([1, -2, 0.5])
    let mask = Tensor<Double>(shape: [3, 4], scalars: [1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0])
    for aggregation in [PolicyLossAggregation.grpo, .bnpo, .drGRPO(maxCompletionLength: 6), .dapo()] {
      let error = gradientError(at: old + randomTensor([3, 4], seed: 7, scale: 0.05)) {
        clippedSurrogateLoss(logProbabilities: $0, oldLogProbabilities: old, advantages: advantages, completionMask: mask,
                             aggregation: aggregation, klBeta: 0.1, referenceLogProbabilities: reference)
      }
      #expect(error < 1e-6, "\(aggregation)")
    }
    #expect(gradientError(at: randomTensor([3, 4], seed: 8)) { k3KLEstimate(logProbabilities: $0, referenceLogProbabilities: reference) } < 1e-6)
    // On-policy with equal reference: the loss is −mean advantage over active tokens and k3 = 0.
    let onPolicy = clippedSurrogateLoss(logProbabilities: old, oldLogProbabilities: old, advantages: advantages, completionMask: mask,
                                        aggregation: .bnpo, klBeta: 0.5, referenceLogProbabilities: old)
    #expect(abs(onPolicy.scalar - -(3 * 1 + 4 * -2 + 1 * 0.5) / 8) < 1e-14)
    // Log-probabilities near −1e4 and near 0 (policy close to the sampler), Float and Double.
    func check<S: TensorScalar>(_: S.Type) {
      let lp = Tensor<S>(shape: [2, 2], scalars: [-1e4, -1e-6, -9999.5, -2e-6].map { S($0) })
      let oldLp = Tensor<S>(shape: [2, 2], scalars: [-1e4 + 0.3, -1e-7, -1e4, -1e-6].map { S($0) })
      let refLp = Tensor<S>(shape: [2, 2], scalars: [-1e4 + 1, -1e-3, -1e4, 0].map { S($0) })
      let (v, pullback) = valueWithPullback(at: lp) {
        clippedSurrogateLoss(logProbabilities: $0, oldLogProbabilities: oldLp, advantages: Tensor([1, -1]),
                             completionMask: Tensor(ones: [2, 2]), klBeta: 0.04, referenceLogProbabilities: refLp)
      }
      #expect(v.isFinite && pullback(Tensor(1)).isFinite, "\(S.self)")
    }
    check(Float.self)
    check(Double.self)
  }

  @Test func beerGradientAndZeroBelowTheBound() {
    let phi = abs(randomTensor([4, 3], seed: 9))
    let next = abs(randomTensor([4, 3], seed: 10))
    let target = abs(randomTensor([4, 3], seed: 11)) + 0.5
    let rewards = randomTensor([4], seed: 12)
    #expect(gradientError(at: phi) { beerPenalty(features: $0, nextFeatures: next, targetNextFeatures: target, rewards: rewards, outputWeightSquaredNorm: 50, beta: 1) } < 1e-6)
    // A huge ‖w‖ makes the bound large: no penalty.
    let zero = beerPenalty(features: phi, nextFeatures: next * 100, targetNextFeatures: target, rewards: rewards, outputWeightSquaredNorm: 1e6)
    #expect(zero.scalar == 0)
  }

  @Test func badGroupsStop() async {
    await #expect(processExitsWith: .failure) {
      _ = groupRelativeAdvantages(rewards: Tensor<Double>([1, 2, 3]), groupSize: 2)
    }
    await #expect(processExitsWith: .failure) {
      _ = correctedVerifierRewards(observed: Tensor<Double>([1]), falsePositiveRate: 0.5, falseNegativeRate: 0.5)
    }
  }
}

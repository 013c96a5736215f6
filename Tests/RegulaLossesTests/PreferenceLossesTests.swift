import Foundation
import RegulaLosses
import Testing
import _Differentiation
import _RegulaTestSupport

/// Preference losses against TRL's formulas restated in Tools/fixtures/preference_losses.py,
/// and their properties.
struct PreferenceLossesTests {
  static let fixture = try! loadFixture(LossFixture.self, "preference_losses.json")

  static func dpoType(_ name: String, smoothing: Double) -> DPOLossType {
    switch name {
    case "sigmoid": return .sigmoid(labelSmoothing: smoothing)
    case "hinge": return .hinge
    case "ipo": return .ipo
    case "exo_pair": return .exoPair(epsilon: smoothing)
    case "nca_pair": return .ncaPair
    case "robust": return .robust(epsilon: smoothing)
    case "bco_pair": return .bcoPair
    case "sppo_hard": return .sppoHard
    case "aot": return .aot(labelSmoothing: smoothing)
    case "aot_unpaired": return .aotUnpaired(labelSmoothing: smoothing)
    case "apo_zero": return .apoZero
    case "apo_down": return .apoDown
    case "discopop": return .discoPOP()
    case "sft": return .sft
    case "sigmoid_norm": return .sigmoidNorm
    default: fatalError("unknown DPO loss type \(name)")
    }
  }

  /// Checks a paired loss against the case, differentiating with respect to each policy tensor.
  static func checkPaired(
    _ c: LossFixture.Case,
    _ loss: @escaping @differentiable(reverse) (PreferenceBatch<Double>) -> Tensor<Double>,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let (pc, pr) = (c.tensor("policy_chosen"), c.tensor("policy_rejected"))
    let (rc, rr) = (c.tensor("reference_chosen"), c.tensor("reference_rejected"))
    let (cl, rl) = (c.tensor("chosen_lengths"), c.tensor("rejected_lengths"))
    c.expectMatches(wrt: "policy_chosen", sourceLocation: sourceLocation) { x in
      loss(PreferenceBatch(policyChosenLogProbabilities: x, policyRejectedLogProbabilities: pr, referenceChosenLogProbabilities: rc,
                           referenceRejectedLogProbabilities: rr, chosenLengths: cl, rejectedLengths: rl))
    }
    c.expectMatches(wrt: "policy_rejected", sourceLocation: sourceLocation) { x in
      loss(PreferenceBatch(policyChosenLogProbabilities: pc, policyRejectedLogProbabilities: x, referenceChosenLogProbabilities: rc,
                           referenceRejectedLogProbabilities: rr, chosenLengths: cl, rejectedLengths: rl))
    }
  }

  @Test(arguments: fixture.cases.map(\.name))
  func matchesTRLFormulas(_ name: String) throws {
    let c = try #require(Self.fixture.cases.first { $0.name == name })
    let parts = name.split(separator: "/").map(String.init)
    switch parts[0] {
    case "dpo" where parts[1] == "mpo":
      Self.checkPaired(c) { dpoLoss($0, types: [.sigmoid(), .bcoPair, .sft], weights: [0.8, 0.2, 1], reduction: .none).loss }
    case "dpo":
      let type = Self.dpoType(parts[1], smoothing: c.param("smoothing"))
      let beta = c.param("beta")
      Self.checkPaired(c) { dpoLoss($0, type: type, beta: beta, reduction: .none).loss }
    case "fdpo":
      let type = Self.dpoType(parts[1], smoothing: 0)
      let divergence: FDivergence = parts[2] == "forward_kl" ? .forwardKL : parts[2] == "js_divergence" ? .jensenShannon : .alpha(c.param("alpha"))
      let beta = c.param("beta")
      Self.checkPaired(c) { dpoLoss($0, type: type, beta: beta, divergence: divergence, reduction: .none).loss }
    case "cpo":
      let (beta, ls, cpoAlpha, alpha, gamma) = (c.param("beta"), c.param("smoothing"), c.param("cpo_alpha"), c.param("alpha"), c.param("gamma"))
      let type: CPOLossType = switch parts[1] {
      case "sigmoid": .sigmoid(labelSmoothing: ls)
      case "hinge": .hinge
      case "ipo": .ipo
      default: .simPO(gamma: gamma, labelSmoothing: ls)
      }
      Self.checkPaired(c) { cpoLoss($0, type: type, beta: beta, cpoAlpha: cpoAlpha, alphaPO: alpha, reduction: .none).loss }
      if parts[1] == "simpo" && ls == 0 && alpha == 0 {
        Self.checkPaired(c) { simPOLoss($0, beta: beta, gamma: gamma, reduction: .none).loss }
      }
    case "orpo":
      let beta = c.param("beta")
      Self.checkPaired(c) { orpoLoss($0, beta: beta, reduction: .none).loss }
    case "kto":
      let desirable = try #require(c.desirable)
      let (beta, wd, wu) = (c.param("beta"), c.param("desirable_weight"), c.param("undesirable_weight"))
      let useKL = c.param("use_kl") != 0
      let (reference, pkl, rkl) = (c.tensor("reference"), c.tensor("policy_kl"), c.tensor("reference_kl"))
      c.expectMatches(wrt: "policy") { x in
        ktoLoss(UnpairedPreferenceBatch(policyLogProbabilities: x, referenceLogProbabilities: reference, desirable: desirable),
                policyKLLogProbabilities: useKL ? pkl : nil, referenceKLLogProbabilities: useKL ? rkl : nil,
                beta: beta, desirableWeight: wd, undesirableWeight: wu, reduction: .none).loss
      }
    case "bco":
      let desirable = try #require(c.desirable)
      let (beta, delta, reference) = (c.param("beta"), c.param("delta"), c.tensor("reference"))
      c.expectMatches(wrt: "policy") { x in
        bcoLoss(UnpairedPreferenceBatch(policyLogProbabilities: x, referenceLogProbabilities: reference, desirable: desirable),
                rewardShift: delta, beta: beta, reduction: .none).loss
      }
    case "odpo":
      let (w, l) = (try #require(c.chosen_scores), try #require(c.rejected_scores))
      let offset: ODPOOffset = parts[1] == "ratio" ? .ratio : .difference
      Self.checkPaired(c) { odpoLoss($0, chosenScores: w, rejectedScores: l, alpha: 1, offset: offset, beta: 0.1, reduction: .none).loss }
    case "cream":
      let consistency = try #require(c.consistency)
      Self.checkPaired(c) { creamLoss($0, consistency: consistency, beta: 0.1, reduction: .none).loss }
    case "inpo":
      let (previousChosen, previousRejected) = (c.tensor("previous_chosen"), c.tensor("previous_rejected"))
      let (eta, tau) = (c.param("eta"), c.param("tau"))
      Self.checkPaired(c) {
        inpoLoss($0, previousChosenLogProbabilities: previousChosen, previousRejectedLogProbabilities: previousRejected,
                 eta: eta, tau: tau, reduction: .none).loss
      }
    case "poft":
      let (lengths, aligned, beta) = (c.tensor("lengths"), c.tensor("aligned"), c.param("beta"))
      c.expectMatches(wrt: "policy") { poftLoss(policyLogProbabilities: $0, lengths: lengths, alignedLogProbabilities: aligned, beta: beta, reduction: .none).loss }
    case "cpl":
      let (preferred, rejected) = (c.tensor("preferred"), c.tensor("rejected"))
      let (alpha, gamma, lambda) = (c.param("alpha"), c.param("gamma"), c.param("lambda"))
      c.expectMatches(wrt: "preferred") { cplLoss(preferredLogProbabilities: $0, rejectedLogProbabilities: rejected, alpha: alpha, discount: gamma, conservativeBias: lambda, reduction: .none).loss }
      c.expectMatches(wrt: "rejected") { cplLoss(preferredLogProbabilities: preferred, rejectedLogProbabilities: $0, alpha: alpha, discount: gamma, conservativeBias: lambda, reduction: .none).loss }
    case "hypo":
      let (onlinePolicy, onlineReference) = (c.tensor("online_policy"), c.tensor("online_reference"))
      let (lambda, beta) = (c.param("lambda"), c.param("beta"))
      Self.checkPaired(c) { hypoLoss($0, onlinePolicyLogProbabilities: onlinePolicy, onlineReferenceLogProbabilities: onlineReference, lambda: lambda, beta: beta, reduction: .none).loss }
      let batch = PreferenceBatch(
        policyChosenLogProbabilities: c.tensor("policy_chosen"), policyRejectedLogProbabilities: c.tensor("policy_rejected"),
        referenceChosenLogProbabilities: c.tensor("reference_chosen"), referenceRejectedLogProbabilities: c.tensor("reference_rejected"))
      c.expectMatches(wrt: "online_policy") { hypoLoss(batch, onlinePolicyLogProbabilities: $0, onlineReferenceLogProbabilities: onlineReference, lambda: lambda, beta: beta, reduction: .none).loss }
    default:
      Issue.record("no test for \(name)")
    }
  }

  static func agreeingBatch<S: TensorScalar>(_: S.Type, n: Int = 5) -> PreferenceBatch<S> {
    let pc = Tensor<S>((0..<n).map { S(-3 - Double($0)) })
    let pr = Tensor<S>((0..<n).map { S(-7 + Double($0)) })
    return PreferenceBatch(policyChosenLogProbabilities: pc, policyRejectedLogProbabilities: pr,
                           referenceChosenLogProbabilities: pc, referenceRejectedLogProbabilities: pr,
                           chosenLengths: Tensor(repeating: 4, shape: [n]), rejectedLengths: Tensor(repeating: 6, shape: [n]))
  }

  @Test func dpoIsLog2WhenPolicyAndReferenceAgree() {
    for divergence in [FDivergence.reverseKL, .forwardKL, .jensenShannon, .alpha(0.5)] {
      let out = dpoLoss(Self.agreeingBatch(Double.self), divergence: divergence)
      #expect(abs(out.loss.scalar - Foundation.log(2)) < 1e-14, "\(divergence)")
      #expect(out.rewardMargins.scalars.allSatisfy { $0 == 0 })
      #expect(out.rankingAccuracy == 0)
    }
    let float = dpoLoss(Self.agreeingBatch(Float.self))
    #expect(abs(float.loss.scalar - Float(Foundation.log(2.0))) < 1e-6)
  }

  @Test func diagnosticsAndRewards() {
    let batch = PreferenceBatch<Double>(
      policyChosenLogProbabilities: Tensor([-1, -2, -3, -4]), policyRejectedLogProbabilities: Tensor([-5, -1, -6, -2]),
      referenceChosenLogProbabilities: Tensor([-2, -2, -2, -2]), referenceRejectedLogProbabilities: Tensor([-2, -2, -2, -2]))
    let out = dpoLoss(batch, beta: 0.5)
    #expect(maxRelativeDifference(out.chosenRewards, Tensor([0.5, 0, -0.5, -1])) < 1e-15)
    #expect(maxRelativeDifference(out.rejectedRewards, Tensor([-1.5, 0.5, -2, 0])) < 1e-15)
    #expect(maxRelativeDifference(out.rewardMargins, Tensor([2, -0.5, 1.5, -1])) < 1e-15)
    #expect(out.rankingAccuracy == 0.5)
    // Masked mean = weighted mean of the per-pair values.
    let per = dpoLoss(batch, beta: 0.5, reduction: .none).loss
    let masked = dpoLoss(batch, beta: 0.5, mask: Tensor([1, 1, 0, 0])).loss.scalar
    #expect(abs(masked - (per.scalars[0] + per.scalars[1]) / 2) < 1e-15)
    // RPO is sigmoid + α·SFT.
    let lengths = PreferenceBatch(policyChosenLogProbabilities: batch.policyChosenLogProbabilities,
                                  policyRejectedLogProbabilities: batch.policyRejectedLogProbabilities,
                                  referenceChosenLogProbabilities: batch.referenceChosenLogProbabilities,
                                  referenceRejectedLogProbabilities: batch.referenceRejectedLogProbabilities,
                                  chosenLengths: Tensor([2, 3, 4, 5]), rejectedLengths: Tensor([2, 3, 4, 5]))
    let rpo = rpoLoss(lengths, alpha: 0.7).loss.scalar
    #expect(abs(rpo - (dpoLoss(lengths).loss.scalar + 0.7 * 10.0 / 14.0)) < 1e-14)
    // CREAM consistency: identical rankings give 1, reversed give 0.
    #expect(creamConsistency(current: [1, 2, 3], previous: [10, 20, 30]) == 1)
    #expect(creamConsistency(current: [1, 2, 3], previous: [3, 2, 1]) == 0)
    #expect(abs(creamConsistency(current: [1, 2, 3, 4], previous: [1, 3, 2, 4]) - (2.0 / 3 + 1) / 2) < 1e-15)
    // PoFT's rewards: β·π̄_θ against β·meanₖ π̄ₖ.
    let poft = poftLoss(policyLogProbabilities: Tensor<Double>([-4, -9]), lengths: Tensor([2, 3]),
                        alignedLogProbabilities: Tensor(shape: [2, 2], scalars: [-1, -3, -2, -5]), beta: 0.5)
    #expect(poft.chosenRewards.scalars == [-1, -1.5] && poft.rejectedRewards.scalars == [-1, -1.75])
    #expect(poft.rankingAccuracy == 0.5)
    var mean = BCORewardMean()
    mean.update(with: Tensor<Double>([1, 2, 3]))
    mean.update(with: Tensor<Double>([10]))
    #expect(abs(mean.mean - 4) < 1e-15 && mean.count == 4)
  }

  @Test func gradientsMatchFiniteDifferences() {
    let pr = Tensor<Double>([-9, -4.5, -12, -3])
    let rc = Tensor<Double>([-6, -6.5, -7, -3.2]), rr = Tensor<Double>([-8, -4, -10, -5])
    let cl = Tensor<Double>([4, 5, 6, 3]), rl = Tensor<Double>([7, 3, 9, 4])
    let types: [DPOLossType] = [.sigmoid(labelSmoothing: 0.1), .hinge, .ipo, .exoPair(), .ncaPair, .robust(epsilon: 0.2), .bcoPair,
                                .sppoHard, .aot(), .aotUnpaired(), .apoZero, .apoDown, .discoPOP(), .sft, .sigmoidNorm]
    for type in types {
      for divergence in [FDivergence.reverseKL, .jensenShannon, .alpha(0.3)] {
        let error = gradientError(at: Tensor([-5, -7, -8.5, -2])) { pc in
          dpoLoss(PreferenceBatch(policyChosenLogProbabilities: pc, policyRejectedLogProbabilities: pr, referenceChosenLogProbabilities: rc,
                                  referenceRejectedLogProbabilities: rr, chosenLengths: cl, rejectedLengths: rl), type: type, beta: 0.7, divergence: divergence).loss
        }
        #expect(error < 1e-6, "\(type) \(divergence)")
      }
    }
    let others: [(String, @differentiable(reverse) (Tensor<Double>) -> Tensor<Double>)] = [
      ("cpo", { cpoLoss(PreferenceBatch(policyChosenLogProbabilities: $0, policyRejectedLogProbabilities: pr, chosenLengths: cl, rejectedLengths: rl), alphaPO: 0.2).loss }),
      ("simpo", { simPOLoss(PreferenceBatch(policyChosenLogProbabilities: $0, policyRejectedLogProbabilities: pr, chosenLengths: cl, rejectedLengths: rl)).loss }),
      ("orpo", { orpoLoss(PreferenceBatch(policyChosenLogProbabilities: $0, policyRejectedLogProbabilities: pr, chosenLengths: cl, rejectedLengths: rl)).loss }),
      ("kto", { ktoLoss(UnpairedPreferenceBatch(policyLogProbabilities: $0, referenceLogProbabilities: rc, desirable: [true, false, true, false]), policyKLLogProbabilities: pr, referenceKLLogProbabilities: rr).loss }),
      ("bco", { bcoLoss(UnpairedPreferenceBatch(policyLogProbabilities: $0, referenceLogProbabilities: rc, desirable: [true, false, true, false]), rewardShift: 0.1).loss }),
    ]
    for (name, f) in others { #expect(gradientError(at: Tensor([-5, -7, -8.5, -2]), of: f) < 1e-6, "\(name)") }
  }

  /// Log-probabilities near 0 and near −1e4 give finite values and gradients, Float and Double.
  @Test func extremeLogProbabilitiesAreFinite() {
    func check<S: TensorScalar>(_: S.Type) {
      let pc = Tensor<S>([-1e-6, -1e4, -1e4, -2, -1e-3].map { S($0) })
      let pr = Tensor<S>([-1e4, -1e-6, -1e4, -1e-7, -5e3].map { S($0) })
      let rc = Tensor<S>([-1e4, -1e-6, -3, -1e4, -1].map { S($0) })
      let rr = Tensor<S>([-1e-6, -1e4, -2, -1e-6, -1e4].map { S($0) })
      let cl = Tensor<S>([1, 40, 3, 1, 1]), rl = Tensor<S>([50, 1, 1, 2, 20])
      // Each closure is checked where it is written. Collected in one array of
      // differentiable closures (as before), the -O build (Swift 6.3.1) called a null
      // derivative pointer for the odpo entry; each closure on its own works.
      let types: [DPOLossType] = [.sigmoid(labelSmoothing: 0.1), .hinge, .ipo, .exoPair(), .ncaPair, .robust(epsilon: 0.2), .bcoPair,
                                  .sppoHard, .aot(), .aotUnpaired(), .apoZero, .apoDown, .discoPOP(), .sft, .sigmoidNorm]
      for type in types {
        expectFiniteValueAndGradient("\(type)", at: pc) {
          dpoLoss(extremeBatch($0, pr, rc, rr, cl, rl), type: type).loss + dpoLoss(extremeBatch(pc, $0, rc, rr, cl, rl), type: type).loss
        }
        expectFiniteValueAndGradient("\(type) js", at: pc) { dpoLoss(extremeBatch($0, pr, rc, rr, cl, rl), type: type, divergence: .jensenShannon).loss }
      }
      expectFiniteValueAndGradient("cpo", at: pc) { cpoLoss(extremeBatch($0, pr, rc, rr, cl, rl)).loss + cpoLoss(extremeBatch(pc, $0, rc, rr, cl, rl)).loss }
      expectFiniteValueAndGradient("simpo", at: pc) { simPOLoss(extremeBatch($0, pr, rc, rr, cl, rl)).loss + simPOLoss(extremeBatch(pc, $0, rc, rr, cl, rl)).loss }
      expectFiniteValueAndGradient("orpo", at: pc) { orpoLoss(extremeBatch($0, pr, rc, rr, cl, rl)).loss + orpoLoss(extremeBatch(pc, $0, rc, rr, cl, rl)).loss }
      expectFiniteValueAndGradient("odpo", at: pc) {
        odpoLoss(extremeBatch($0, pr, rc, rr, cl, rl), chosenScores: [2, 3, 4, 5, 6], rejectedScores: [1, 1, 1, 1, 1]).loss
      }
      expectFiniteValueAndGradient("cream", at: pc) { creamLoss(extremeBatch($0, pr, rc, rr, cl, rl), consistency: [0, 0.3, 0.5, 0.9, 1]).loss }
      expectFiniteValueAndGradient("vpo", at: pc) {
        vpoLoss(extremeBatch($0, pr, rc, rr, cl, rl), calibrationPolicyLogProbabilities: $0, calibrationReferenceLogProbabilities: rc, mode: .offline, alpha: 1).loss
      }
      expectFiniteValueAndGradient("d2o", at: pc) {
        d2oLoss(sampleLogProbabilities: $0.reshaped(to: [5, 1]), sampleReferenceLogProbabilities: rc.reshaped(to: [5, 1]),
                rejectedLogProbabilities: $0, rejectedReferenceLogProbabilities: rr, alpha: 0.1).loss
      }
      let desirable = [true, false, true, false, true]
      expectFiniteValueAndGradient("kto", at: pc) {
        ktoLoss(UnpairedPreferenceBatch(policyLogProbabilities: $0, referenceLogProbabilities: rc, desirable: desirable), policyKLLogProbabilities: pr, referenceKLLogProbabilities: rr).loss
      }
      expectFiniteValueAndGradient("bco", at: pc) { bcoLoss(UnpairedPreferenceBatch(policyLogProbabilities: $0, referenceLogProbabilities: rc, desirable: desirable)).loss }
    }
    check(Float.self)
    check(Double.self)
  }

  @Test func vpoAndD2OMatchLiteralFormulas() {
    let (pc, pr) = (Tensor<Double>([-5, -7, -8.5, -2]), Tensor<Double>([-9, -4.5, -12, -3]))
    let (rc, rr) = (Tensor<Double>([-6, -6.5, -7, -3.2]), Tensor<Double>([-8, -4, -10, -5]))
    let (calPolicy, calReference) = (Tensor<Double>([-3, -11, -6]), Tensor<Double>([-4, -9, -6.5]))
    let (alpha, beta) = (0.8, 0.3)
    func logSigmoidLiteral(_ x: Double) -> Double { -Foundation.log(1 + Foundation.exp(-x)) }
    for (mode, sign) in [(VPOMode.online, 1.0), (.offline, -1.0)] {
      let value = ((-3.0 + 4) + (-11.0 + 9) + (-6.0 + 6.5)) / 3
      let literal = (0..<4).map { i in
        -logSigmoidLiteral(beta * ((pc.scalars[i] - rc.scalars[i]) - (pr.scalars[i] - rr.scalars[i]))) + sign * alpha * beta * value
      }
      let batch = PreferenceBatch(policyChosenLogProbabilities: pc, policyRejectedLogProbabilities: pr,
                                  referenceChosenLogProbabilities: rc, referenceRejectedLogProbabilities: rr)
      let out = vpoLoss(batch, calibrationPolicyLogProbabilities: calPolicy, calibrationReferenceLogProbabilities: calReference,
                        mode: mode, alpha: alpha, beta: beta, reduction: .none)
      #expect(maxRelativeDifference(out.loss, Tensor(literal)) < 1e-14, "\(mode)")
      #expect(maxRelativeDifference(out.chosenRewards, beta * (pc - rc)) < 1e-15)
      #expect(gradientError(at: calPolicy) {
        vpoLoss(batch, calibrationPolicyLogProbabilities: $0, calibrationReferenceLogProbabilities: calReference, mode: mode, alpha: alpha, beta: beta).loss
      } < 1e-6)
      #expect(gradientError(at: pc) {
        vpoLoss(PreferenceBatch(policyChosenLogProbabilities: $0, policyRejectedLogProbabilities: pr, referenceChosenLogProbabilities: rc,
                                referenceRejectedLogProbabilities: rr),
                calibrationPolicyLogProbabilities: calPolicy, calibrationReferenceLogProbabilities: calReference, mode: mode, alpha: alpha).loss
      } < 1e-6)
    }
    // Offline VPO raises the likelihood of calibration responses: its gradient there is negative.
    let batch = PreferenceBatch(policyChosenLogProbabilities: pc, policyRejectedLogProbabilities: pr)
    let (_, pullback) = valueWithPullback(at: calPolicy) {
      vpoLoss(batch, calibrationPolicyLogProbabilities: $0, calibrationReferenceLogProbabilities: calReference, mode: .offline, alpha: 1).loss
    }
    #expect(pullback(Tensor(1)).scalars.allSatisfy { abs($0 - -0.1 / 3) < 1e-15 })

    // D²O: K = 3 samples per prompt.
    let samples = randomTensor([4, 3], seed: 41, scale: 3) - 8
    let sampleReference = randomTensor([4, 3], seed: 42, scale: 3) - 8
    let d2o = d2oLoss(sampleLogProbabilities: samples, sampleReferenceLogProbabilities: sampleReference, rejectedLogProbabilities: pr,
                      rejectedReferenceLogProbabilities: rr, beta: beta, alpha: alpha, reduction: .none)
    let d2oLiteral = (0..<4).map { i -> Double in
      let mean = (0..<3).reduce(0.0) { $0 + samples.scalars[i * 3 + $1] - sampleReference.scalars[i * 3 + $1] } / 3
      return -logSigmoidLiteral(beta * mean - alpha * (pr.scalars[i] - rr.scalars[i]))
    }
    #expect(maxRelativeDifference(d2o.loss, Tensor(d2oLiteral)) < 1e-14)
    #expect(maxRelativeDifference(d2o.rejectedRewards, alpha * (pr - rr)) < 1e-15)
    #expect(gradientError(at: samples) {
      d2oLoss(sampleLogProbabilities: $0, sampleReferenceLogProbabilities: sampleReference, rejectedLogProbabilities: pr,
              rejectedReferenceLogProbabilities: rr, beta: beta, alpha: alpha).loss
    } < 1e-6)
    #expect(gradientError(at: pr) {
      d2oLoss(sampleLogProbabilities: samples, sampleReferenceLogProbabilities: sampleReference, rejectedLogProbabilities: $0,
              rejectedReferenceLogProbabilities: rr, beta: beta, alpha: alpha).loss
    } < 1e-6)
  }

  @Test func referenceModelSyncMixesEveryInterval() {
    let policy = ParameterSet<Double>([("a", Tensor<Double>([1, 2])), ("b", Tensor<Double>(shape: [1, 1], scalars: [4]))])
    var reference = ParameterSet<Double>([("a", Tensor<Double>([-1, 0])), ("b", Tensor<Double>(shape: [1, 1], scalars: [0]))])
    let sync = ReferenceModelSync(interval: 3)
    #expect(sync.mixupAlpha == 0.6 && ReferenceModelSync().interval == 512)
    #expect(!sync.update(&reference, toward: policy, afterStep: 2))
    #expect(reference["a"].scalars == [-1, 0])
    #expect(sync.update(&reference, toward: policy, afterStep: 3))
    #expect(maxRelativeDifference(reference["a"], Tensor<Double>([0.6 * 1 + 0.4 * -1, 0.6 * 2])) < 1e-15)
    #expect(abs(reference["b"].scalars[0] - 2.4) < 1e-15)
    #expect((0...10).filter { sync.isDue(afterStep: $0) } == [3, 6, 9])
    let hard = ReferenceModelSync.hard(interval: 1).mixed(reference: reference, policy: policy)
    #expect(hard == policy)
  }

  @Test func lengthDesensitizedAndWPOMatchLiteralFormulas() {
    let tokens = randomTensor([3, 5], seed: 31) - 2
    let (lengths, shared) = ([5, 2, 4], [3, 2, 1])
    let alpha = 0.4
    let literal = Tensor((0..<3).map { i -> Double in
      (0..<lengths[i]).reduce(0.0) { $0 + ($1 < shared[i] ? 1 : alpha) * tokens.scalars[i * 5 + $1] }
    })
    let ld = lengthDesensitizedLogProbabilities(tokenLogProbabilities: tokens, lengths: lengths, sharedLengths: shared, alpha: alpha)
    #expect(maxRelativeDifference(ld, literal) < 1e-14)
    #expect(gradientError(at: tokens) { lengthDesensitizedLogProbabilities(tokenLogProbabilities: $0, lengths: lengths, sharedLengths: shared, alpha: alpha) } < 1e-6)
    // α = 1 is the plain sum over each completion.
    let plain = lengthDesensitizedLogProbabilities(tokenLogProbabilities: tokens, lengths: lengths, sharedLengths: shared, alpha: 1)
    #expect(abs(plain.scalars[1] - (tokens.scalars[5] + tokens.scalars[6])) < 1e-14)

    // WPO from explicit vocabularies: logits [2, 3 steps, 4 words], sampled words.
    let logits = randomTensor([2, 3, 4], seed: 32, scale: 2)
    let sampled = [[0, 3, 1], [2, 2, 0]]
    var tokenLogP = [Double](), logSumSquares = [Double]()
    for i in 0..<2 {
      for t in 0..<3 {
        let z = (0..<4).map { logits.scalars[(i * 3 + t) * 4 + $0] }
        let total = z.map { Foundation.exp($0) }.reduce(0, +)
        let p = z.map { Foundation.exp($0) / total }
        tokenLogP.append(Foundation.log(p[sampled[i][t]]))
        logSumSquares.append(Foundation.log(p.map { $0 * $0 }.reduce(0, +)))
      }
    }
    let mask = Tensor<Double>(shape: [2, 3], scalars: [1, 1, 1, 1, 1, 0])
    let w = wpoWeights(tokenLogProbabilities: Tensor(shape: [2, 3], scalars: tokenLogP),
                       tokenLogSumSquaredProbabilities: Tensor(shape: [2, 3], scalars: logSumSquares), mask: mask)
    let expected0 = Foundation.exp((0..<3).map { tokenLogP[$0] - logSumSquares[$0] }.reduce(0, +) / 3)
    let expected1 = Foundation.exp((3..<5).map { tokenLogP[$0] - logSumSquares[$0] }.reduce(0, +) / 2)
    #expect(maxRelativeDifference(w, Tensor([expected0, expected1])) < 1e-13)
  }

  /// Float agrees with Double at ordinary magnitudes (same formulas, single precision).
  @Test func floatAgreesWithDouble() {
    let pc = Tensor<Double>([-12.5, -30.25, -4, -18]), pr = Tensor<Double>([-14, -22.5, -9.75, -17])
    let rc = Tensor<Double>([-13, -29, -5.5, -16]), rr = Tensor<Double>([-12, -25, -8, -19])
    let cl = Tensor<Double>([5, 12, 3, 9]), rl = Tensor<Double>([6, 10, 4, 8])
    func batch<S: TensorScalar>(_: S.Type) -> PreferenceBatch<S> {
      PreferenceBatch(policyChosenLogProbabilities: Tensor<S>(pc), policyRejectedLogProbabilities: Tensor<S>(pr),
                      referenceChosenLogProbabilities: Tensor<S>(rc), referenceRejectedLogProbabilities: Tensor<S>(rr),
                      chosenLengths: Tensor<S>(cl), rejectedLengths: Tensor<S>(rl))
    }
    let types: [DPOLossType] = [.sigmoid(labelSmoothing: 0.1), .hinge, .ipo, .exoPair(), .ncaPair, .robust(epsilon: 0.2), .bcoPair,
                                .sppoHard, .aot(), .aotUnpaired(), .apoZero, .apoDown, .discoPOP(), .sft, .sigmoidNorm]
    for type in types {
      let d = dpoLoss(batch(Double.self), type: type, reduction: .none).loss
      let f = dpoLoss(batch(Float.self), type: type, reduction: .none).loss
      #expect(maxRelativeDifference(Tensor<Double>(f), d, floor: 1e-2) < 1e-4, "\(type)")
    }
    #expect(abs(Double(orpoLoss(batch(Float.self)).loss.scalar) - orpoLoss(batch(Double.self)).loss.scalar) < 1e-5)
    #expect(abs(Double(simPOLoss(batch(Float.self)).loss.scalar) - simPOLoss(batch(Double.self)).loss.scalar) < 1e-5)
  }

  @Test func invalidInputsStop() async {
    await #expect(processExitsWith: .failure) {
      let b = PreferenceLossesTests.agreeingBatch(Double.self)
      _ = dpoLoss(b, type: .exoPair(epsilon: 0))
    }
    await #expect(processExitsWith: .failure) {
      _ = PreferenceBatch(policyChosenLogProbabilities: Tensor<Double>([-1, -2]), policyRejectedLogProbabilities: Tensor<Double>([-1, -2, -3]))
    }
    await #expect(processExitsWith: .failure) {
      _ = PreferenceBatch(policyChosenLogProbabilities: Tensor<Double>(zeros: [0]), policyRejectedLogProbabilities: Tensor<Double>(zeros: [0]))
    }
    await #expect(processExitsWith: .failure) {
      let b = PreferenceBatch(policyChosenLogProbabilities: Tensor<Double>([-1, -2]), policyRejectedLogProbabilities: Tensor<Double>([-1, -2]))
      _ = dpoLoss(b, type: .ipo)
    }
  }
}

@differentiable(reverse, wrt: (chosen, rejected))
func extremeBatch<S: TensorScalar>(
  _ chosen: Tensor<S>, _ rejected: Tensor<S>, _ rc: Tensor<S>, _ rr: Tensor<S>, _ cl: Tensor<S>, _ rl: Tensor<S>
) -> PreferenceBatch<S> {
  PreferenceBatch(
    policyChosenLogProbabilities: chosen, policyRejectedLogProbabilities: rejected, referenceChosenLogProbabilities: rc,
    referenceRejectedLogProbabilities: rr, chosenLengths: cl, rejectedLengths: rl)
}

/// Expects f and its gradient at x to be finite; `name` identifies the case.
func expectFiniteValueAndGradient<S: TensorScalar>(
  _ name: String, at x: Tensor<S>, sourceLocation: SourceLocation = #_sourceLocation, _ f: @differentiable(reverse) (Tensor<S>) -> Tensor<S>
) {
  let (v, pullback) = valueWithPullback(at: x, of: f)
  #expect(v.isFinite && pullback(Tensor(1)).isFinite, "\(name) in \(S.self)", sourceLocation: sourceLocation)
}

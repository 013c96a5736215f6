import Foundation
import _Differentiation

/// The support of a histogram loss: m equal bins with edges z₀ < … < z_m on
/// [minimum, maximum], width ς = (maximum − minimum)/m, and the HL-Gauss smoothing σ.
///
/// HL-Gauss regresses a scalar by classification: a target y becomes the distribution that a
/// Gaussian N(y, σ²) puts on each bin, renormalised to the support,
///
///     pᵢ(y) = [erf((zᵢ − y)/(√2σ)) − erf((zᵢ₋₁ − y)/(√2σ))] / [erf((z_m − y)/(√2σ)) − erf((z₀ − y)/(√2σ))]
///
/// the loss is the cross-entropy of the logits against p(y), and the prediction is the
/// expected bin centre Σ softmax(z)ᵢ·cᵢ.
///
/// - SeeAlso: Farebrother et al., "Stop Regressing: Training Value Functions via
///   Classification for Scalable Deep RL", ICML 2024 (Appendix A).
public struct HLGaussSupport: Sendable, Equatable {
  /// The lower end z₀ of the support.
  public var minimum: Double
  /// The upper end z_m of the support.
  public var maximum: Double
  /// The number of bins m.
  public var binCount: Int
  /// The Gaussian's standard deviation σ.
  public var sigma: Double

  /// - Parameters:
  ///   - minimum, maximum: the support, minimum < maximum.
  ///   - binCount: m ≥ 1.
  ///   - sigmaRatio: σ/ς. Default `0.75` (the paper's recommendation).
  public init(minimum: Double, maximum: Double, binCount: Int, sigmaRatio: Double = 0.75) {
    precondition(minimum < maximum, "HLGaussSupport: minimum \(minimum) must be below maximum \(maximum)")
    precondition(binCount >= 1, "HLGaussSupport: binCount must be ≥ 1, got \(binCount)")
    precondition(sigmaRatio > 0, "HLGaussSupport: sigmaRatio must be > 0, got \(sigmaRatio)")
    self.minimum = minimum
    self.maximum = maximum
    self.binCount = binCount
    self.sigma = sigmaRatio * (maximum - minimum) / Double(binCount)
  }

  /// The bin width ς.
  public var binWidth: Double { (maximum - minimum) / Double(binCount) }
  /// The m + 1 edges z₀ … z_m.
  public var edges: [Double] { (0...binCount).map { minimum + Double($0) * binWidth } }
  /// The m bin centres.
  public var centers: [Double] { (0..<binCount).map { minimum + (Double($0) + 0.5) * binWidth } }

  /// The HL-Gauss target distributions [n, m] for n scalar targets (each row sums to 1).
  /// Targets outside [minimum, maximum] are first clamped to it.
  @_specialize(where S == Float) @_specialize(where S == Double)
  public func targets<S: TensorScalar>(for values: Tensor<S>) -> Tensor<S> {
    precondition(values.rank == 1, "HLGaussSupport.targets: values must be [n], got \(values.shape)")
    let edges = self.edges
    let scale = 1 / (2.0.squareRoot() * sigma)
    var out = [S]()
    out.reserveCapacity(values.scalarCount * binCount)
    for value in values.scalars {
      let y = Swift.min(Swift.max(Double(value), minimum), maximum)
      let cdf = edges.map { Foundation.erf(($0 - y) * scale) }
      let total = cdf[binCount] - cdf[0]
      for i in 0..<binCount { out.append(S((cdf[i + 1] - cdf[i]) / total)) }
    }
    return Tensor(shape: [values.scalarCount, binCount], scalars: out)
  }

  /// Two-hot targets [n, m]: the mass of each clamped target split linearly between the two
  /// neighbouring bin centres.
  @_specialize(where S == Float) @_specialize(where S == Double)
  public func twoHotTargets<S: TensorScalar>(for values: Tensor<S>) -> Tensor<S> {
    precondition(values.rank == 1, "HLGaussSupport.twoHotTargets: values must be [n], got \(values.shape)")
    let centers = self.centers
    var out = [S](repeating: 0, count: values.scalarCount * binCount)
    for (row, value) in values.scalars.enumerated() {
      let y = Swift.min(Swift.max(Double(value), centers[0]), centers[binCount - 1])
      let position = binCount == 1 ? 0 : (y - centers[0]) / binWidth
      let lower = Swift.min(Int(position.rounded(.down)), Swift.max(binCount - 2, 0))
      let upperWeight = binCount == 1 ? 0 : position - Double(lower)
      out[row * binCount + lower] += S(1 - upperWeight)
      if binCount > 1 { out[row * binCount + lower + 1] += S(upperWeight) }
    }
    return Tensor(shape: [values.scalarCount, binCount], scalars: out)
  }

  /// The prediction Σᵢ softmax(z)ᵢ·cᵢ of each row of [n, m] logits: [n].
  @differentiable(reverse, wrt: logits)
  public func value<S: TensorScalar>(logits: Tensor<S>) -> Tensor<S> {
    precondition(logits.rank == 2 && logits.shape[1] == binCount, "HLGaussSupport.value: logits \(logits.shape) for \(binCount) bins")
    return (softmax(logits) * centerTensor(S.self)).sum(alongAxes: [1])
  }

  /// The bin centres as an [m] tensor (not differentiable).
  func centerTensor<S: TensorScalar>(_: S.Type) -> Tensor<S> { Tensor(centers.map { S($0) }) }
}

/// HL-Gauss histogram loss: the cross-entropy of [n, m] logits against the HL-Gauss target
/// distributions of n scalar targets. See ``HLGaussSupport``.
///
/// - Parameters:
///   - logits: [n, m], m = `support.binCount`.
///   - values: [n] scalar targets (clamped to the support).
///   - support: the bins and σ.
@differentiable(reverse, wrt: logits)
public func hlGaussLoss<S: TensorScalar>(
  logits: Tensor<S>, values: Tensor<S>, support: HLGaussSupport, reduction: Reduction = .mean,
  mask: Tensor<S>? = nil
) -> Tensor<S> {
  precondition(logits.rank == 2 && logits.shape[1] == support.binCount, "hlGaussLoss: logits \(logits.shape) for \(support.binCount) bins")
  precondition(values.rank == 1 && values.shape[0] == logits.shape[0], "hlGaussLoss: logits \(logits.shape) vs values \(values.shape)")
  checkNonEmpty(logits, "logits", in: "hlGaussLoss")
  let targets = withoutDerivative(at: support.targets(for: values))
  return softmaxCrossEntropy(logits: logits, probabilities: targets, reduction: reduction, mask: mask)
}

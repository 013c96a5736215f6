/// How much noise ``Synthetic/sparseLinearRegression(sampleCount:featureCount:supportSize:correlation:noise:seed:as:)``
/// adds to the response.
public enum RegressionNoise: Sendable, Hashable {
  /// Noise scaled so that ‖Xβ*‖₂ / ‖ε‖₂ equals the ratio exactly (as in skglm and celer);
  /// `.infinity` adds no noise.
  case signalToNoiseRatio(Double)
  /// Independent normal noise of this standard deviation; `0` adds none.
  case standardDeviation(Double)
}

/// A sparse linear regression problem y = Xβ* + ε with known coefficients.
public struct SparseRegressionProblem<Scalar: TensorScalar>: Sendable, Equatable {
  /// The design X, shape `[n, p]`.
  public var design: Tensor<Scalar>
  /// The response y = Xβ* + ε, shape `[n]`.
  public var response: Tensor<Scalar>
  /// The true coefficients β*, shape `[p]`, nonzero exactly on ``support``.
  public var coefficients: Tensor<Scalar>
  /// The indices of the nonzero coefficients, increasing.
  public var support: [Int]
  /// The noise ε that was added, shape `[n]`.
  public var noise: Tensor<Scalar>

  /// The problem as a data set: features X, targets y.
  public var dataset: Dataset<Scalar> {
    Dataset(features: design, targets: response.scalars.map(Double.init))
  }
}

extension Synthetic {
  /// A sparse linear model over a design with Toeplitz (AR(1)) correlation — the simulation
  /// of skglm's and celer's `make_correlated_data`.
  ///
  /// Each row of X is a stationary AR(1) sequence, so that features have mean 0, variance 1 and
  /// correlation E[xᵢ xⱼ] = ρ^|i−j|:
  ///
  ///     x₁ = z₁,   xⱼ = ρ xⱼ₋₁ + √(1 − ρ²) zⱼ,   zⱼ ~ N(0, 1)
  ///
  /// The support is `supportSize` features drawn uniformly without replacement, and the
  /// coefficients there are standard normal (never exactly zero). The response is
  ///
  ///     y = Xβ* + ε,   ε = ‖Xβ*‖₂ / (snr ‖z‖₂) · z   or   ε = σ z,   z ~ N(0, I).
  ///
  /// Generation is in `Double`; the outputs are rounded to `Scalar` at the end.
  ///
  /// - Parameters:
  ///   - sampleCount: *n*, at least 1.
  ///   - featureCount: *p*, at least 1.
  ///   - supportSize: the number of nonzero coefficients, in 0 … *p* (skglm's default is *p*/5).
  ///   - correlation: ρ, the correlation of neighbouring features, in [0, 1). Default `0.6`, as
  ///     in skglm.
  ///   - noise: the noise level. Default a signal-to-noise ratio of 3, as in skglm.
  ///   - seed: the seed.
  /// - SeeAlso: skglm, `skglm.utils.data.make_correlated_data`; Q. Bertrand et al., "Beyond
  ///   L1: Faster and Better Sparse Models with skglm", NeurIPS 2022.
  public static func sparseLinearRegression<Scalar: TensorScalar>(
    sampleCount: Int, featureCount: Int, supportSize: Int, correlation: Double = 0.6,
    noise: RegressionNoise = .signalToNoiseRatio(3), seed: UInt64, as _: Scalar.Type = Scalar.self
  ) -> SparseRegressionProblem<Scalar> {
    let (n, p) = (sampleCount, featureCount)
    precondition(n >= 1 && p >= 1, "sampleCount and featureCount must be at least 1")
    precondition(supportSize >= 0 && supportSize <= p, "supportSize must be in 0...\(p), got \(supportSize)")
    precondition(correlation >= 0 && correlation < 1, "correlation must be in [0, 1), got \(correlation)")
    switch noise {
    case .signalToNoiseRatio(let ratio): precondition(ratio > 0, "the signal-to-noise ratio must be positive, got \(ratio)")
    case .standardDeviation(let sigma): precondition(sigma >= 0, "the noise standard deviation must be non-negative, got \(sigma)")
    }
    var rng = RandomGenerator(seed: seed)

    let innovation = (1 - correlation * correlation).squareRoot()
    var x = [Double](repeating: 0, count: n * p)
    for i in 0..<n {
      var previous = rng.nextNormal()
      x[i * p] = previous
      for j in 1..<max(p, 1) where j < p {
        previous = correlation * previous + innovation * rng.nextNormal()
        x[i * p + j] = previous
      }
    }

    let support = rng.permutation(p).prefix(supportSize).sorted()
    var beta = [Double](repeating: 0, count: p)
    for j in support {
      var value = 0.0
      while value == 0 { value = rng.nextNormal() }
      beta[j] = value
    }

    var signal = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var sum = 0.0
      for j in support { sum += x[i * p + j] * beta[j] }
      signal[i] = sum
    }
    let z = (0..<n).map { _ in rng.nextNormal() }
    let scale: Double
    switch noise {
    case .standardDeviation(let sigma):
      scale = sigma
    case .signalToNoiseRatio(let ratio):
      let signalNorm = signal.reduce(0) { $0 + $1 * $1 }.squareRoot()
      let noiseNorm = z.reduce(0) { $0 + $1 * $1 }.squareRoot()
      scale = ratio.isInfinite || noiseNorm == 0 ? 0 : signalNorm / (ratio * noiseNorm)
    }
    let epsilon = z.map { scale * $0 }
    let y = zip(signal, epsilon).map { $0 + $1 }

    return SparseRegressionProblem(
      design: Tensor(shape: [n, p], scalars: x.map { Scalar($0) }),
      response: Tensor(shape: [n], scalars: y.map { Scalar($0) }),
      coefficients: Tensor(shape: [p], scalars: beta.map { Scalar($0) }),
      support: support,
      noise: Tensor(shape: [n], scalars: epsilon.map { Scalar($0) }))
  }
}

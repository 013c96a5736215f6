/// Per-feature centring and scaling, fitted on one data set and applied to others:
///
///     x′ᵢⱼ = (xᵢⱼ − μⱼ) / σⱼ,   μⱼ = (1/n) Σᵢ xᵢⱼ,   σⱼ = √((1/n) Σᵢ (xᵢⱼ − μⱼ)²)
///
/// σ is the population standard deviation (divisor *n*), and a constant column gets σⱼ = 1
/// so that it maps to zeros instead of NaN — both as in scikit-learn's `StandardScaler`.
/// Fit on the training set only, then apply the same statistics to the test set, so that no
/// information leaks from the test set:
///
///     let scaler = Standardization(fitting: train.features)
///     let (train, test) = (train.standardized(using: scaler), test.standardized(using: scaler))
///
/// The statistics are accumulated in `Double` whatever the scalar type, with a two-pass
/// (mean, then squared deviations) computation. The value is `Codable`, to be saved next to a
/// model.
public struct Standardization<Scalar: TensorScalar>: Sendable, Equatable, Codable {
  /// μ, the mean of each feature.
  public var mean: [Scalar]
  /// σ, the standard deviation of each feature (1 for constant features).
  public var scale: [Scalar]

  /// Creates a standardization from given statistics.
  ///
  /// - Precondition: `mean` and `scale` have the same count; every scale is positive.
  public init(mean: [Scalar], scale: [Scalar]) {
    precondition(mean.count == scale.count, "\(mean.count) means for \(scale.count) scales")
    precondition(scale.allSatisfy { $0 > 0 }, "scales must be positive")
    self.mean = mean
    self.scale = scale
  }

  /// Fits the statistics of `features`, a `[count, featureCount]` matrix.
  ///
  /// An empty matrix gives means 0 and scales 1.
  public init(fitting features: Tensor<Scalar>) {
    precondition(features.rank == 2, "features must have rank 2, got shape \(features.shape)")
    let (n, d) = (features.shape[0], features.shape[1])
    let x = features.scalars
    var mu = [Double](repeating: 0, count: d)
    for i in 0..<n {
      for j in 0..<d { mu[j] += Double(x[i * d + j]) }
    }
    if n > 0 { for j in 0..<d { mu[j] /= Double(n) } }
    var variance = [Double](repeating: 0, count: d)
    for i in 0..<n {
      for j in 0..<d {
        let deviation = Double(x[i * d + j]) - mu[j]
        variance[j] += deviation * deviation
      }
    }
    let sigma = variance.map { v -> Double in
      let s = n > 0 ? (v / Double(n)).squareRoot() : 0
      // Constant (or numerically constant) columns keep their scale.
      return s > 0 && Scalar(s) > 0 ? s : 1
    }
    self.init(mean: mu.map { Scalar($0) }, scale: sigma.map { Scalar($0) })
  }

  /// The number of features the statistics describe.
  public var featureCount: Int { mean.count }

  /// (x − μ) / σ, column by column.
  ///
  /// - Precondition: `features` has shape `[n, featureCount]`.
  public func apply(to features: Tensor<Scalar>) -> Tensor<Scalar> {
    columnwise(features) { x, mean, scale in (x - mean) / scale }
  }

  /// x σ + μ, the inverse of ``apply(to:)``.
  public func invert(_ features: Tensor<Scalar>) -> Tensor<Scalar> {
    columnwise(features) { x, mean, scale in x * scale + mean }
  }

  /// `transform(x, μⱼ, σⱼ)` for every element x of column j.
  private func columnwise(_ features: Tensor<Scalar>, _ transform: (Scalar, Scalar, Scalar) -> Scalar) -> Tensor<Scalar> {
    precondition(
      features.rank == 2 && features.shape[1] == featureCount,
      "features of shape \(features.shape) do not have \(featureCount) columns")
    let d = featureCount
    let x = features.scalars
    return Tensor(shape: features.shape) { out in
      for k in 0..<x.count { out[k] = transform(x[k], mean[k % d], scale[k % d]) }
    }
  }
}

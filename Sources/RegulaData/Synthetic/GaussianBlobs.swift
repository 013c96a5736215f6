extension Synthetic {
  /// Isotropic Gaussian clusters, one class per center (scikit-learn's `make_blobs`).
  ///
  /// Center *c* gets ⌊n/k⌋ points, and the first *n* mod *k* centers one more; each point is
  /// its center plus independent normal noise of standard deviation σ in every coordinate:
  ///
  ///     x = μ_c + σ z,   z ~ N(0, I)
  ///
  /// The points are shuffled.
  ///
  /// - Parameters:
  ///   - count: The number of points *n*, at least 1.
  ///   - centers: The *k* ≥ 1 centers μ_c, all of the same dimension.
  ///   - standardDeviation: σ, ≥ 0. Default `1`.
  ///   - seed: The seed of the noise and the shuffle.
  /// - Returns: features of shape `[n, dimension]`, targets 0 … *k* − 1.
  public static func gaussianBlobs<Scalar: TensorScalar>(
    count: Int, centers: [[Double]], standardDeviation: Double = 1, seed: UInt64,
    as _: Scalar.Type = Scalar.self
  ) -> Dataset<Scalar> {
    precondition(count >= 1, "count must be at least 1, got \(count)")
    precondition(!centers.isEmpty, "at least one center is needed")
    let dimension = centers[0].count
    precondition(centers.allSatisfy { $0.count == dimension }, "centers must all have \(dimension) coordinates")
    precondition(standardDeviation >= 0, "standardDeviation must be non-negative, got \(standardDeviation)")
    var rng = RandomGenerator(seed: seed)
    return blobs(count: count, centers: centers, standardDeviation: standardDeviation, using: &rng)
  }

  private static func blobs<Scalar: TensorScalar>(
    count: Int, centers: [[Double]], standardDeviation: Double, using rng: inout RandomGenerator
  ) -> Dataset<Scalar> {
    var points = [[Double]]()
    var labels = [Int]()
    for (c, center) in centers.enumerated() {
      let size = count / centers.count + (c < count % centers.count ? 1 : 0)
      for _ in 0..<size {
        points.append(center.map { $0 + standardDeviation * rng.nextNormal() })
        labels.append(c)
      }
    }
    return dataset(points: points, labels: labels, order: rng.permutation(count), as: Scalar.self)
  }

  /// Isotropic Gaussian clusters around `centerCount` random centers, drawn uniformly in the
  /// box `centerBox`ᵈ (scikit-learn's default box is [−10, 10]).
  ///
  /// One generator seeded with `seed` draws the centers, then the points as in
  /// ``gaussianBlobs(count:centers:standardDeviation:seed:as:)``.
  ///
  /// - Parameters:
  ///   - count: The number of points, at least 1.
  ///   - centerCount: The number of centers and classes, at least 1. Default `3`.
  ///   - dimension: The number of features, at least 1. Default `2`.
  ///   - centerBox: The range of every center coordinate. Default `-10...10`.
  ///   - standardDeviation: σ, ≥ 0. Default `1`.
  ///   - seed: The seed.
  public static func gaussianBlobs<Scalar: TensorScalar>(
    count: Int, centerCount: Int = 3, dimension: Int = 2, centerBox: ClosedRange<Double> = -10...10,
    standardDeviation: Double = 1, seed: UInt64, as _: Scalar.Type = Scalar.self
  ) -> Dataset<Scalar> {
    precondition(centerCount >= 1 && dimension >= 1, "centerCount and dimension must be at least 1")
    var rng = RandomGenerator(seed: seed)
    let width = centerBox.upperBound - centerBox.lowerBound
    let centers = (0..<centerCount).map { _ in
      (0..<dimension).map { _ in centerBox.lowerBound + width * rng.nextUnit() }
    }
    precondition(count >= 1, "count must be at least 1, got \(count)")
    precondition(standardDeviation >= 0, "standardDeviation must be non-negative, got \(standardDeviation)")
    return blobs(count: count, centers: centers, standardDeviation: standardDeviation, using: &rng)
  }
}

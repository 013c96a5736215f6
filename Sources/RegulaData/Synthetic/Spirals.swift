import RealModule

extension Synthetic {
  /// Interleaved spiral arms in the plane, one class per arm: the "two spirals" benchmark of
  /// Lang and Witbrock, generalized to *k* arms.
  ///
  /// Point *i* = 1 … *m* of arm *j* = 0 … *k* − 1 lies at radius r = *i*/*m* and angle
  ///
  ///     θ = 2π (turns · r + j / k),   x = (r cos θ, r sin θ) + noise · (z₁, z₂)
  ///
  /// with z₁, z₂ standard normal, so the arms start near the origin, are rotated copies of each
  /// other, and wind `turns` times around it. The points are shuffled, in an order that does
  /// not depend on `noise`.
  ///
  /// - Parameters:
  ///   - pointsPerArm: *m*, at least 1.
  ///   - arms: *k*, the number of arms and classes, at least 2. Default `2`.
  ///   - turns: How many times each arm winds around the origin, > 0. Default `1`.
  ///   - noise: The standard deviation of the Gaussian noise, ≥ 0. Default `0`.
  ///   - seed: The seed of the noise and the shuffle.
  /// - Returns: features of shape `[k m, 2]`, targets 0 … *k* − 1.
  /// - SeeAlso: K. J. Lang and M. J. Witbrock, "Learning to Tell Two Spirals Apart",
  ///   Proceedings of the 1988 Connectionist Models Summer School.
  public static func spirals<Scalar: TensorScalar>(
    pointsPerArm: Int, arms: Int = 2, turns: Double = 1, noise: Double = 0, seed: UInt64,
    as _: Scalar.Type = Scalar.self
  ) -> Dataset<Scalar> {
    precondition(pointsPerArm >= 1, "pointsPerArm must be at least 1, got \(pointsPerArm)")
    precondition(arms >= 2, "arms must be at least 2, got \(arms)")
    precondition(turns > 0, "turns must be positive, got \(turns)")
    precondition(noise >= 0, "noise must be non-negative, got \(noise)")
    var rng = RandomGenerator(seed: seed)
    // The order is drawn first, so that the same seed shuffles alike at every noise level.
    let order = rng.permutation(arms * pointsPerArm)
    var points = [[Double]]()
    var labels = [Int]()
    for arm in 0..<arms {
      for i in 1...pointsPerArm {
        let r = Double(i) / Double(pointsPerArm)
        let theta = 2 * Double.pi * (turns * r + Double(arm) / Double(arms))
        var point = [r * Double.cos(theta), r * Double.sin(theta)]
        if noise > 0 {
          point[0] += noise * rng.nextNormal()
          point[1] += noise * rng.nextNormal()
        }
        points.append(point)
        labels.append(arm)
      }
    }
    return dataset(points: points, labels: labels, order: order, as: Scalar.self)
  }
}

import RealModule

extension Synthetic {
  /// Two interleaving half circles in the plane, a binary classification problem that no
  /// linear model separates (scikit-learn's `make_moons`).
  ///
  /// The outer moon (class 0) has ⌊n/2⌋ points (cos t, sin t) and the inner moon (class 1) the
  /// other ⌈n/2⌉ points (1 − cos t, ½ − sin t), each with t evenly spaced over [0, π]; then
  /// every coordinate gets independent Gaussian noise of standard deviation `noise`, and the
  /// points are shuffled. The shuffle does not depend on `noise`: the same seed at two noise
  /// levels gives the same points in the same order, apart from the noise.
  ///
  /// - Parameters:
  ///   - count: The number of points *n*, at least 2.
  ///   - noise: The standard deviation of the Gaussian noise, ≥ 0. Default `0`.
  ///   - seed: The seed of the noise and the shuffle.
  /// - Returns: features of shape `[n, 2]`, targets 0 or 1.
  public static func twoMoons<Scalar: TensorScalar>(
    count: Int, noise: Double = 0, seed: UInt64, as _: Scalar.Type = Scalar.self
  ) -> Dataset<Scalar> {
    precondition(count >= 2, "count must be at least 2, got \(count)")
    precondition(noise >= 0, "noise must be non-negative, got \(noise)")
    var rng = RandomGenerator(seed: seed)
    // The order is drawn first, so that the same seed shuffles alike at every noise level.
    let order = rng.permutation(count)
    let outer = count / 2
    let inner = count - outer
    func angle(_ i: Int, of m: Int) -> Double { m > 1 ? Double.pi * Double(i) / Double(m - 1) : 0 }
    var points = [[Double]]()
    var labels = [Int]()
    for i in 0..<outer {
      let t = angle(i, of: outer)
      points.append([Double.cos(t), Double.sin(t)])
      labels.append(0)
    }
    for i in 0..<inner {
      let t = angle(i, of: inner)
      points.append([1 - Double.cos(t), 0.5 - Double.sin(t)])
      labels.append(1)
    }
    if noise > 0 {
      for i in points.indices {
        points[i][0] += noise * rng.nextNormal()
        points[i][1] += noise * rng.nextNormal()
      }
    }
    return dataset(points: points, labels: labels, order: order, as: Scalar.self)
  }
}

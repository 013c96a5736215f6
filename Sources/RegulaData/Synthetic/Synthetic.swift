/// Generators of synthetic data sets with known structure, for tests, examples and the
/// reproductions of published claims.
///
/// Every generator takes a `seed` and is deterministic: the same arguments give the same data
/// on every platform and Swift release (the sampling is Regula's own, on ``RandomGenerator``).
/// Values are generated in `Double` and rounded once to the requested scalar type.
///
/// - ``twoMoons(count:noise:seed:as:)``, ``spirals(pointsPerArm:arms:turns:noise:seed:as:)``,
///   ``gaussianBlobs(count:centers:standardDeviation:seed:as:)``: classification in the plane
///   (or in any dimension, for blobs).
/// - ``sparseLinearRegression(sampleCount:featureCount:supportSize:correlation:noise:seed:as:)``:
///   a sparse linear model over a correlated design, with its true coefficients.
/// - ``modularArithmetic(modulus:operation:trainFraction:seed:)``: every equation a ∘ b mod p,
///   the algorithmic task of grokking.
/// - `injectingSymmetricLabelNoise(rate:classes:seed:)` on `[Int]` and ``Dataset``: label noise.
public enum Synthetic {}

extension Synthetic {
  /// Rows of `Double` values as a dataset of `Scalar`, reordered by `order`.
  static func dataset<Scalar: TensorScalar>(
    points: [[Double]], labels: [Int], order: [Int], as _: Scalar.Type
  ) -> Dataset<Scalar> {
    let d = points.first?.count ?? 0
    let scalars = order.flatMap { points[$0].map { Scalar($0) } }
    return Dataset(
      features: Tensor(shape: [order.count, d], scalars: scalars), targets: order.map { Double(labels[$0]) })
  }
}

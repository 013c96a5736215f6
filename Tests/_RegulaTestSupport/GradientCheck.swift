import Foundation
import RegulaCore
import _Differentiation

/// The relative error ‖a − n‖ / max(‖a‖, ‖n‖, 1e-12) between the gradient that automatic
/// differentiation gives for `f` at `x` and central finite differences.
///
/// The scalar that is differentiated is Σ w ⊙ f(x) with fixed random weights w, so every
/// output of `f` contributes: the check covers the whole vector–Jacobian product, not only
/// the gradient of a sum.
public func gradientError(
  at x: Tensor<Double>, step: Double = 1e-6, seed: UInt64 = 7,
  of f: @escaping @differentiable(reverse) (Tensor<Double>) -> Tensor<Double>
) -> Double {
  var rng = RandomGenerator(seed: seed)
  let w = Tensor<Double>.randomUniform(shape: f(x).shape, lower: 0.5, upper: 1.5, using: &rng)
  let objective: @differentiable(reverse) (Tensor<Double>) -> Double = { (f($0) * w).sum().scalarized() }
  let analytic = gradient(at: x, of: objective)
  var numeric = Tensor<Double>(zeros: x.shape)
  for i in 0..<x.scalarCount {
    var plus = x, minus = x
    plus.scalars[i] += step
    minus.scalars[i] -= step
    numeric.scalars[i] = (objective(plus) - objective(minus)) / (2 * step)
  }
  let analyticFull = analytic.broadcasted(to: x.shape)
  let difference = (analyticFull - numeric).l2Norm().scalar
  let scale = Swift.max(analyticFull.l2Norm().scalar, numeric.l2Norm().scalar, 1e-12)
  return difference / scale
}

/// A tensor of normal samples for tests, reproducible from `seed`.
public func randomTensor(_ shape: [Int], seed: UInt64 = 1, scale: Double = 1) -> Tensor<Double> {
  var rng = RandomGenerator(seed: seed)
  return Tensor.randomNormal(shape: shape, standardDeviation: scale, using: &rng)
}

/// The largest elementwise |a − b| / max(|b|, floor); infinite where exactly one of a pair
/// is NaN, so a NaN never passes unnoticed (two NaNs count as equal).
public func maxRelativeDifference<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>, floor: Double = 1e-300) -> Double {
  precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
  var worst = 0.0
  for (x, y) in zip(a.scalars, b.scalars) {
    if x.isNaN || y.isNaN {
      if x.isNaN != y.isNaN { return .infinity }
      continue
    }
    if x == y { continue }  // equal infinities too
    worst = Swift.max(worst, Double(Swift.abs(x - y)) / Swift.max(Double(Swift.abs(y)), floor))
  }
  return worst
}

/// Reads a JSON fixture committed under `Tests/Fixtures/`.
public func fixtureURL(_ name: String, file: StaticString = #filePath) -> URL {
  var url = URL(fileURLWithPath: "\(file)")
  while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
  return url.appendingPathComponent("Fixtures").appendingPathComponent(name)
}

/// Decodes a JSON fixture into `T`.
public func loadFixture<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
  try JSONDecoder().decode(T.self, from: Data(contentsOf: fixtureURL(name)))
}

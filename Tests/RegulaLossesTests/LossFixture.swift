import RegulaLosses
import Testing
import _Differentiation
import _RegulaTestSupport

/// A golden case from a script under Tools/fixtures: named input tensors, optional integer
/// labels and scalar parameters, per-example values, and the gradient of their sum with
/// respect to each input named in `gradients`.
struct LossFixture: Decodable {
  struct Named: Decodable { var shape: [Int], data: [Double] }
  struct Case: Decodable {
    var name: String
    var tensors: [String: Named]
    var labels: [Int]?
    var params: [String: Double]
    var values: [Double]
    var gradients: [String: [Double]]
    var targets: [Double]?
    var regression_values: [Double]?
    var desirable: [Bool]?
    var chosen_scores: [Double]?
    var rejected_scores: [Double]?
    var consistency: [Double]?

    func tensor(_ key: String) -> Tensor<Double> {
      guard let t = tensors[key] else { fatalError("\(name): no tensor \(key)") }
      return Tensor(shape: t.shape, scalars: t.data)
    }
    func param(_ key: String) -> Double {
      guard let p = params[key] else { fatalError("\(name): no parameter \(key)") }
      return p
    }
    /// The family: the path component after "optax/" or "literal/".
    var family: String { String(name.split(separator: "/")[1]) }

    /// Compares f's values and its pullback of ones with the fixture, for the input `key`.
    func expectMatches(
      wrt key: String, tolerance: Double = 1e-10, sourceLocation: SourceLocation = #_sourceLocation,
      _ f: @differentiable(reverse) (Tensor<Double>) -> Tensor<Double>
    ) {
      let x = tensor(key)
      let (v, pullback) = valueWithPullback(at: x, of: f)
      #expect(maxRelativeDifference(v.reshaped(to: [-1]), Tensor(values), floor: 1e-3) < tolerance, "\(name): values \(v.scalars) vs \(values)", sourceLocation: sourceLocation)
      guard let expected = gradients[key] else { return }
      let g = pullback(Tensor(ones: v.shape)).broadcasted(to: x.shape)
      #expect(maxRelativeDifference(g, Tensor(shape: x.shape, scalars: expected), floor: 1e-3) < tolerance, "\(name): gradient wrt \(key) \(g.scalars) vs \(expected)", sourceLocation: sourceLocation)
    }
  }
  var cases: [Case]
}

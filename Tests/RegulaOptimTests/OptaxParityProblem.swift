import RegulaOptim
import Testing
import _Differentiation
import _RegulaTestSupport

/// The two-tensor problem of every Optax trajectory fixture (Tools/fixtures/optimizers.py,
/// read by the other fixture scripts):
///
///     f(w, b) = Σ c_w (w − t_w)² + Σ c_b (b − t_b)² + 0.1 (Σ w⁴ + Σ b⁴)
///
/// with w ∈ ℝ²ˣ³, b ∈ ℝ³ and the constants and start stored in the fixture's `problem`.
/// A fixture of trajectories on ``OptaxParityProblem``: the problem's constants, and per case
/// the parameters (path → values) after each recorded step.
struct OptaxTrajectoryFixture: Decodable {
  struct Case: Decodable {
    var name: String
    var steps: [String: [String: [Double]]]
  }
  var problem: [String: [Double]]
  var cases: [Case]
}

struct OptaxParityProblem: Sendable {
  let constants: [String: [Double]]

  init(_ constants: [String: [Double]]) { self.constants = constants }

  /// (w₀, b₀).
  var start: ParameterSet<Double> {
    ParameterSet([("w", Tensor(shape: [2, 3], scalars: constants["w0"]!)), ("b", Tensor(constants["b0"]!))])
  }

  /// f and ∇f at `p`.
  func valueAndGradient(_ p: ParameterSet<Double>) -> (value: Double, gradient: ParameterSet<Double>) {
    let cw = Tensor(shape: [2, 3], scalars: constants["cw"]!), tw = Tensor(shape: [2, 3], scalars: constants["tw"]!)
    let cb = Tensor(constants["cb"]!), tb = Tensor(constants["tb"]!)
    let (value, gradient) = _Differentiation.valueWithGradient(at: p) { p in
      let w = p["w"], b = p["b"]
      let fit = (cw * square(w - tw)).sum() + (cb * square(b - tb)).sum()
      // w⁴ as (w²)²: `pow(_:_:)` is defined for positive bases only.
      return (fit + 0.1 * (square(square(w)).sum() + square(square(b)).sum())).scalarized()
    }
    return (value, gradient)
  }

  /// Both tensors of `actual` finite and within 1e-9 (relative, floor 1e-3) of `expected`.
  static func expectClose(_ actual: ParameterSet<Double>, _ expected: [String: [Double]], _ label: String) {
    for path in ["w", "b"] {
      let a = actual[path]
      #expect(a.scalars.allSatisfy { $0.isFinite }, "\(label) \(path): non-finite \(a.scalars)")
      let error = maxRelativeDifference(a, Tensor(shape: a.shape, scalars: expected[path]!), floor: 1e-3)
      #expect(error <= 1e-9, "\(label) \(path): relative error \(error)")
    }
  }

  /// Every golden snapshot (step → tensors) matched by the run's parameters at that step.
  static func expectTrajectory(
    _ run: [Int: ParameterSet<Double>], _ golden: [String: [String: [Double]]], _ label: String
  ) throws {
    for (step, expected) in golden {
      expectClose(try #require(run[Int(step)!], "\(label): no parameters at step \(step)"), expected, "\(label) step \(step)")
    }
  }
}

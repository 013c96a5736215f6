import Foundation

/// An objective on ℝᵈ for comparing optimizers: its value and gradient, a starting point,
/// its minimum where known, and for two-dimensional problems the region to plot.
///
/// The gradients are written out by hand (and checked against finite differences); the
/// problems act on `[Double]` and an optimizer sees them as one parameter tensor `"x"`
/// (``OptimizerTrajectory``).
///
///     let problem = TestProblem.rosenbrock
///     let (f, g) = problem.valueAndGradient(at: problem.start)
public struct TestProblem: Sendable {
  /// The problem's name, as `regula optimize --function` takes it.
  public var name: String
  /// The starting point x₀.
  public var start: [Double]
  /// A minimizer x*, where one is known.
  public var minimizer: [Double]?
  /// The minimum f(x*), where known.
  public var minimum: Double?
  /// For two-dimensional problems, the region a contour plot shows.
  public var region: (x: ClosedRange<Double>, y: ClosedRange<Double>)?
  /// (x, v) ↦ ∇²f(x)·v where written out (the quadratic, Rosenbrock, Rastrigin); `nil`
  /// elsewhere, where a method that needs it takes central differences of the gradient.
  public let hessianVectorProduct: (@Sendable (_ x: [Double], _ v: [Double]) -> [Double])?
  private let evaluate: @Sendable ([Double]) -> (value: Double, gradient: [Double])

  /// A problem from its value-and-gradient function, and optionally its Hessian–vector
  /// products.
  public init(
    name: String, start: [Double], minimizer: [Double]? = nil, minimum: Double? = nil,
    region: (x: ClosedRange<Double>, y: ClosedRange<Double>)? = nil,
    hessianVectorProduct: (@Sendable (_ x: [Double], _ v: [Double]) -> [Double])? = nil,
    valueAndGradient: @escaping @Sendable ([Double]) -> (value: Double, gradient: [Double])
  ) {
    (self.name, self.start, self.minimizer, self.minimum, self.region) = (name, start, minimizer, minimum, region)
    (self.hessianVectorProduct, evaluate) = (hessianVectorProduct, valueAndGradient)
  }

  /// d, the number of variables.
  public var dimension: Int { start.count }

  /// f(x) and ∇f(x).
  public func valueAndGradient(at x: [Double]) -> (value: Double, gradient: [Double]) {
    precondition(x.count == dimension, "\(name): a point of dimension \(x.count) for a problem of dimension \(dimension)")
    return evaluate(x)
  }

  /// f(x).
  public func value(at x: [Double]) -> Double { valueAndGradient(at: x).value }
}

extension TestProblem {
  /// The names of the problems `regula optimize` builds without data, and `logistic`.
  public static let names = ["rosenbrock", "beale", "rastrigin", "quadratic", "logistic"]

  /// Rosenbrock's banana valley, f(x, y) = (1 − x)² + 100(y − x²)², from (−1.2, 1);
  /// minimum 0 at (1, 1).
  ///
  /// - SeeAlso: "An Automatic Method for Finding the Greatest or Least Value of a
  ///   Function", H. H. Rosenbrock, The Computer Journal, 1960.
  public static let rosenbrock = TestProblem(
    name: "rosenbrock", start: [-1.2, 1], minimizer: [1, 1], minimum: 0, region: (-2...2, -1...3),
    hessianVectorProduct: { p, v in
      // ∇²f = [[2 − 400(y − x²) + 800x², −400x], [−400x, 200]]
      let (x, y) = (p[0], p[1])
      return [(2 - 400 * (y - x * x) + 800 * x * x) * v[0] - 400 * x * v[1], -400 * x * v[0] + 200 * v[1]]
    }
  ) { p in
    let (x, y) = (p[0], p[1])
    let r = y - x * x
    return ((1 - x) * (1 - x) + 100 * r * r, [-2 * (1 - x) - 400 * x * r, 200 * r])
  }

  /// Beale's function, f(x, y) = Σᵢ (cᵢ − x + x·yⁱ)² with c = (1.5, 2.25, 2.625), from
  /// (1, 1.5); minimum 0 at (3, 0.5).
  public static let beale = TestProblem(
    name: "beale", start: [1, 1.5], minimizer: [3, 0.5], minimum: 0, region: (-4.5...4.5, -4.5...4.5)
  ) { p in
    let (x, y) = (p[0], p[1])
    var (f, gx, gy) = (0.0, 0.0, 0.0)
    var previous = 1.0  // yⁱ⁻¹
    for (i, c) in [1.5, 2.25, 2.625].enumerated() {
      let yi = previous * y
      let r = c - x + x * yi
      f += r * r
      gx += 2 * r * (yi - 1)
      gy += 2 * r * x * Double(i + 1) * previous
      previous = yi
    }
    return (f, [gx, gy])
  }

  /// Rastrigin's function in two dimensions, f(x) = 10·d + Σᵢ (xᵢ² − 10·cos 2πxᵢ), from
  /// (2.5, −2.2): a grid of local minima around the global minimum 0 at the origin.
  public static let rastrigin = TestProblem(
    name: "rastrigin", start: [2.5, -2.2], minimizer: [0, 0], minimum: 0, region: (-5.12...5.12, -5.12...5.12),
    hessianVectorProduct: { x, v in x.indices.map { i in (2 + 40 * .pi * .pi * Foundation.cos(2 * .pi * x[i])) * v[i] } }
  ) { x in
    var f = 10 * Double(x.count)
    var g = [Double](repeating: 0, count: x.count)
    for i in x.indices {
      f += x[i] * x[i] - 10 * Foundation.cos(2 * .pi * x[i])
      g[i] = 2 * x[i] + 20 * .pi * Foundation.sin(2 * .pi * x[i])
    }
    return (f, g)
  }

  /// An ill-conditioned quadratic f(x) = ½ xᵀAx with eigenvalues from 1 to κ (log-spaced),
  /// from (1, …, 1); minimum 0 at the origin.
  ///
  /// A = R·diag(λ)·Rᵀ, where R rotates the first two coordinates by 30°, so the valley is
  /// not aligned with the axes (which would favour per-coordinate methods such as Adam).
  ///
  /// - Parameters:
  ///   - conditionNumber: κ = λ_max / λ_min ≥ 1.
  ///   - dimension: d ≥ 2. Default `2`.
  public static func quadratic(conditionNumber: Double, dimension: Int = 2) -> TestProblem {
    precondition(conditionNumber >= 1, "conditionNumber must be at least 1, got \(conditionNumber)")
    precondition(dimension >= 2, "dimension must be at least 2, got \(dimension)")
    let eigenvalues = (0..<dimension).map { Double.pow(conditionNumber, Double($0) / Double(dimension - 1)) }
    let (c, s) = (Foundation.cos(Double.pi / 6), Foundation.sin(Double.pi / 6))
    let region: (x: ClosedRange<Double>, y: ClosedRange<Double>)? = dimension == 2 ? (-1.5...1.5, -1.5...1.5) : nil
    let valueAndGradient: @Sendable ([Double]) -> (value: Double, gradient: [Double]) = { x in
      // z = Rᵀx, then ∇f = R·diag(λ)·z.
      var z = x
      (z[0], z[1]) = (c * x[0] + s * x[1], -s * x[0] + c * x[1])
      var f = 0.0
      for i in z.indices {
        f += 0.5 * eigenvalues[i] * z[i] * z[i]
        z[i] *= eigenvalues[i]
      }
      var g = z
      (g[0], g[1]) = (c * z[0] - s * z[1], s * z[0] + c * z[1])
      return (f, g)
    }
    // ∇f(x) = Ax, so ∇²f·v = Av is the gradient at v.
    return TestProblem(
      name: "quadratic", start: Array(repeating: 1, count: dimension), minimizer: Array(repeating: 0, count: dimension),
      minimum: 0, region: region, hessianVectorProduct: { _, v in valueAndGradient(v).gradient }, valueAndGradient: valueAndGradient)
  }

  /// L2-regularized logistic regression on a data set, from zero:
  ///
  ///     f(w, b) = (1/n) Σᵢ [log(1 + e^{zᵢ}) − yᵢzᵢ] + (λ/2)‖w‖²,   z = Xw + b
  ///
  /// with labels yᵢ ∈ {0, 1} (the larger of two distinct target values is 1). The variables
  /// are (w₁, …, w_p, b). The minimum is not known in closed form.
  ///
  /// - Parameters:
  ///   - features: X, n × p.
  ///   - labels: the n binary labels.
  ///   - l2: λ ≥ 0. Default `1e-3`.
  public static func logisticRegression(features: Tensor<Double>, labels: [Double], l2: Double = 1e-3) -> TestProblem {
    precondition(features.rank == 2 && features.shape[0] == labels.count && !labels.isEmpty,
      "logisticRegression: features of shape \(features.shape) for \(labels.count) labels")
    precondition(labels.allSatisfy { $0 == 0 || $0 == 1 }, "logisticRegression: labels must be 0 or 1")
    precondition(l2 >= 0, "l2 must be non-negative, got \(l2)")
    let (n, p) = (features.shape[0], features.shape[1])
    return TestProblem(name: "logistic", start: Array(repeating: 0, count: p + 1)) { v in
      let w = Tensor<Double>(shape: [p, 1], scalars: Array(v[0..<p]))
      let z = matmul(features, w).scalars.map { $0 + v[p] }
      var f = 0.0
      var residual = [Double](repeating: 0, count: n)
      for i in 0..<n {
        // log(1 + eᶻ) − y·z, and its derivative σ(z) − y, without overflow.
        let softplus = max(z[i], 0) + Foundation.log1p(Foundation.exp(-Swift.abs(z[i])))
        f += softplus - labels[i] * z[i]
        residual[i] = (z[i] >= 0 ? 1 / (1 + Foundation.exp(-z[i])) : Foundation.exp(z[i]) / (1 + Foundation.exp(z[i]))) - labels[i]
      }
      let r = Tensor<Double>(shape: [n, 1], scalars: residual)
      var gradient = matmul(features, transposed: true, r, transposed: false).scalars.map { $0 / Double(n) }
      var penalty = 0.0
      for j in 0..<p {
        penalty += v[j] * v[j]
        gradient[j] += l2 * v[j]
      }
      gradient.append(residual.reduce(0, +) / Double(n))
      return (f / Double(n) + l2 / 2 * penalty, gradient)
    }
  }
}

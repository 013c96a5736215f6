/// Optimal transport with a quadratic regularizer, whose plans are sparse (unlike
/// entropic ones), solved through its smooth dual.
///
///     minimize  ⟨P, C⟩ + (γ/2)·‖P‖²_F   over P ≥ 0, P·1 = a, Pᵀ·1 = b
///     maximize  ⟨α, a⟩ + ⟨β, b⟩ − (1/2γ) Σᵢⱼ [αᵢ + βⱼ − Cᵢⱼ]₊²      (the dual)
///
/// The dual is concave and continuously differentiable; it is maximized by L-BFGS from
/// α = β = 0, and the plan is read off the potentials: Pᵢⱼ = [αᵢ + βⱼ − Cᵢⱼ]₊ / γ. The
/// dual's gradient is the marginal violation (a − P·1, b − Pᵀ·1), so the solve stops when
/// every marginal is met to `tolerance`. As γ → 0 the cost tends to the exact one.
///
/// **Sparsity constraint.** With `maxNonzerosPerColumn` = k, every column of the plan may
/// have at most k non-zeros (each target is served by at most k sources): the dual's
/// penalty for column j keeps only the k largest entries of α + βⱼ − C₍:,ⱼ₎, and so does
/// the plan. The dual is then no longer smooth where entries tie, and the problem is not
/// convex; L-BFGS finds a stationary point, as in POT. With k = n this is the problem
/// above; with k = 1 and n = m uniform weights its optimum tends to the exact cost as γ → 0
/// (the exact plan is then a permutation).
///
/// - Note: As POT's `ot.smooth.smooth_ot_dual` with `reg_type="l2"` or
///   `"sparsity_constrained"` and `max_nz` (POT hands the same dual to SciPy's L-BFGS-B;
///   here the stopping rule is on the marginals, ‖∇‖∞ ≤ tolerance).
/// - SeeAlso: Blondel, Seguy & Rolet, "Smooth and Sparse Optimal Transport", AISTATS 2018;
///   Liu, Puigcerver & Blondel, "Sparsity-Constrained Optimal Transport", ICLR 2023.
public struct QuadraticallyRegularizedTransport: Sendable {
  /// γ > 0, the weight of the quadratic term (POT's `reg`).
  public var gamma: Double
  /// Stop when every marginal is met to this (‖∇ dual‖∞). Default `1e-9`.
  public var tolerance: Double = 1e-9
  /// L-BFGS iterations. Default `1000`.
  public var maxIterations: Int = 1000

  /// k, the most non-zeros allowed in a column of the plan; `nil` (the default) for none.
  public var maxNonzerosPerColumn: Int?

  public init(gamma: Double, maxNonzerosPerColumn: Int? = nil) {
    precondition(maxNonzerosPerColumn.map { $0 > 0 } ?? true, "maxNonzerosPerColumn must be positive")
    (self.gamma, self.maxNonzerosPerColumn) = (gamma, maxNonzerosPerColumn)
  }

  public struct Solution: Sendable {
    /// P, row-major n×m; its zeros are exact.
    public var plan: Tensor<Double>
    /// ⟨P, C⟩.
    public var cost: Double
    /// ⟨P, C⟩ + (γ/2)‖P‖², equal to the dual objective at the optimum.
    public var regularizedCost: Double
    /// α (n) and β (m).
    public var sourcePotential: [Double]
    public var targetPotential: [Double]
    public var status: SolverStatus
    public var iterations: Int
  }

  public func solve(_ problem: TransportProblem) throws(TransportError) -> Solution {
    guard gamma > 0, gamma.isFinite else { throw .nonPositiveEpsilon(gamma) }
    precondition(tolerance > 0 && maxIterations > 0, "tolerance and maxIterations must be positive")
    let (n, m) = (problem.sourceCount, problem.targetCount)
    let (a, b, c) = (problem.sourceWeights, problem.targetWeights, problem.cost)
    let k = min(maxNonzerosPerColumn ?? n, n)
    func plan(_ z: [Double]) -> [Double] {
      var p = [Double](repeating: 0, count: n * m)
      for i in 0..<n { for j in 0..<m { p[i * m + j] = max(z[i] + z[n + j] - c[i * m + j], 0) / gamma } }
      guard k < n else { return p }
      // Keep the k largest entries of each column (ties: the lower row).
      for j in 0..<m {
        let kept = Set((0..<n).sorted { (p[$0 * m + j], $1) > (p[$1 * m + j], $0) }.prefix(k))
        for i in 0..<n where !kept.contains(i) { p[i * m + j] = 0 }
      }
      return p
    }
    // Minimize the negated dual over z = (α, β).
    var solver = LimitedMemoryBFGS()
    solver.gradientTolerance = tolerance
    solver.maxIterations = maxIterations
    let result = solver.minimize(from: [Double](repeating: 0, count: n + m)) { z in
      let p = plan(z)
      var value = 0.0
      var gradient = [Double](repeating: 0, count: n + m)
      for i in 0..<n { value -= z[i] * a[i]; gradient[i] = -a[i] }
      for j in 0..<m { value -= z[n + j] * b[j]; gradient[n + j] = -b[j] }
      for i in 0..<n {
        for j in 0..<m where p[i * m + j] > 0 {
          value += gamma * p[i * m + j] * p[i * m + j] / 2
          gradient[i] += p[i * m + j]
          gradient[n + j] += p[i * m + j]
        }
      }
      return (value, gradient)
    }
    let p = plan(result.point)
    let cost = zip(p, c).reduce(0) { $0 + $1.0 * $1.1 }
    return Solution(
      plan: Tensor(shape: [n, m], scalars: p), cost: cost, regularizedCost: cost + gamma / 2 * p.reduce(0) { $0 + $1 * $1 },
      sourcePotential: Array(result.point[..<n]), targetPotential: Array(result.point[n...]),
      status: result.converged ? .converged : .maxIterationsReached, iterations: result.iterations)
  }
}

/// Optimal transport with a smooth convex regularizer Ω (negative entropy, squared norm, or
/// squared norm with a sparsity constraint), solved through its smooth dual or semi-dual.
///
///     minimize  ⟨P, C⟩ + Ω(P)   over P ≥ 0, P·1 = a, Pᵀ·1 = b
///     dual       maximize over α, β   ⟨α, a⟩ + ⟨β, b⟩ − Σⱼ δ(α + βⱼ1 − C₍:,ⱼ₎)
///     semi-dual  maximize over α      ⟨α, a⟩ − Σⱼ bⱼ · max_{bⱼ}(α − C₍:,ⱼ₎)
///
/// with δ and max_b the conjugates of Ω listed in ``SmoothTransportRegularizer``. Both are
/// concave; they are maximized by L-BFGS from zero potentials, and the plan is read off the
/// potentials: P₍:,ⱼ₎ = ∇δ(α + βⱼ − C₍:,ⱼ₎) (dual) or bⱼ·∇max_{bⱼ}(α − C₍:,ⱼ₎) (semi-dual).
/// The gradient of either is the marginal violation (a − P·1 and b − Pᵀ·1 for the dual;
/// a − P·1 for the semi-dual, whose columns meet b exactly), so the solve stops when every
/// marginal is met to `tolerance`.
///
/// - **Negative entropy**, Ω(P) = γ Σ Pᵢⱼ log Pᵢⱼ: the plan is the entropic (Sinkhorn) plan
///   at ε = γ, Pᵢⱼ = exp((αᵢ + βⱼ − Cᵢⱼ)/γ − 1).
/// - **Squared norm**, Ω(P) = (γ/2)‖P‖²_F: Pᵢⱼ = [αᵢ + βⱼ − Cᵢⱼ]₊ / γ, whose zeros are exact
///   (sparse plans). As γ → 0 the cost tends to the exact one.
/// - **Sparsity constraint** (k non-zeros per column at most: each target is served by at
///   most k sources): column j's penalty keeps only the k largest entries of
///   α + βⱼ − C₍:,ⱼ₎, and so does the plan. The dual is then no longer smooth where entries
///   tie and the problem is not convex; L-BFGS finds a stationary point, as in POT. With
///   k = n it is the squared norm; with k = 1 and n = m uniform weights its optimum tends to
///   the exact cost as γ → 0 (the exact plan is then a permutation).
///
/// - Parameters (properties):
///   - gamma: γ > 0, the regularizer's weight (POT's `reg`).
///   - regularizer: Ω. Default `.squaredL2`.
///   - formulation: `.dual` (default) or `.semiDual`.
///   - tolerance: stop when ‖gradient‖∞ (the marginal violation) ≤ this. Default `1e-9`.
///   - maxIterations: L-BFGS iterations. Default `1000`.
/// - Note: As POT's `ot.smooth.smooth_ot_dual` / `smooth_ot_semi_dual` with `reg_type`
///   `"kl"`, `"l2"` or `"sparsity_constrained"`. POT hands the same objectives to SciPy's
///   L-BFGS-B with its default stopping rule, which leaves the marginals off by ~1e-7; here
///   the stopping rule is on the marginals themselves.
/// - SeeAlso: Blondel, Seguy & Rolet, "Smooth and Sparse Optimal Transport", AISTATS 2018;
///   Liu, Puigcerver & Blondel, "Sparsity-Constrained Optimal Transport", ICLR 2023.
public struct SmoothTransport: Sendable {
  /// Which concave problem L-BFGS maximizes.
  public enum Formulation: String, Sendable, CaseIterable {
    /// Over (α, β), n + m variables.
    case dual
    /// Over α alone (β eliminated in closed form), n variables.
    case semiDual
  }

  /// γ > 0, the weight of Ω (POT's `reg`).
  public var gamma: Double
  /// Ω. Default `.squaredL2`.
  public var regularizer: SmoothTransportRegularizer
  /// Default `.dual`.
  public var formulation: Formulation
  /// Stop when every marginal is met to this (‖∇‖∞). Default `1e-9`.
  public var tolerance: Double = 1e-9
  /// L-BFGS iterations. Default `1000`.
  public var maxIterations: Int = 1000

  /// A solver for Ω = `regularizer` with weight γ = `gamma`, in `formulation`.
  public init(gamma: Double, regularizer: SmoothTransportRegularizer = .squaredL2, formulation: Formulation = .dual) {
    if case .sparsityConstrained(let k) = regularizer { precondition(k > 0, "maxNonzerosPerColumn must be positive, got \(k)") }
    (self.gamma, self.regularizer, self.formulation) = (gamma, regularizer, formulation)
  }

  /// The result of a solve.
  public struct Solution: Sendable {
    /// P, row-major n×m; for the squared norm its zeros are exact.
    public var plan: Tensor<Double>
    /// ⟨P, C⟩.
    public var cost: Double
    /// ⟨P, C⟩ + Ω(P), equal to the (semi-)dual objective at the optimum.
    public var regularizedCost: Double
    /// α (n).
    public var sourcePotential: [Double]
    /// β (m); for the semi-dual βⱼ = −max_{bⱼ}(α − C₍:,ⱼ₎), so that the objective is
    /// ⟨α, a⟩ + ⟨β, b⟩ in both formulations.
    public var targetPotential: [Double]
    /// `.converged`, `.maxIterationsReached`, or `.numericalFailure` at an iteration.
    public var status: SolverStatus
    /// Iterations run.
    public var iterations: Int
  }

  /// Solves `problem`; throws ``TransportError/nonPositiveEpsilon(_:)`` when γ is not
  /// positive and finite.
  public func solve(_ problem: TransportProblem) throws(TransportError) -> Solution {
    guard gamma > 0, gamma.isFinite else { throw .nonPositiveEpsilon(gamma) }
    precondition(tolerance > 0 && maxIterations > 0, "tolerance and maxIterations must be positive")
    let (n, m) = (problem.sourceCount, problem.targetCount)
    let (a, b, c) = (problem.sourceWeights, problem.targetWeights, problem.cost)
    let variables = formulation == .dual ? n + m : n

    /// The negated objective, its gradient, the plan, and β at the potentials z.
    func evaluate(_ z: [Double]) -> (value: Double, gradient: [Double], plan: [Double], beta: [Double]) {
      var plan = [Double](repeating: 0, count: n * m)
      var beta = formulation == .dual ? Array(z[n...]) : [Double](repeating: 0, count: m)
      var value = 0.0
      var gradient = [Double](repeating: 0, count: variables)
      for i in 0..<n { value -= z[i] * a[i]; gradient[i] = -a[i] }
      var column = [Double](repeating: 0, count: n)
      for j in 0..<m {
        switch formulation {
        case .dual:
          for i in 0..<n { column[i] = z[i] + z[n + j] - c[i * m + j] }
          let (penalty, p) = regularizer.conjugate(column, gamma: gamma)
          value += penalty - z[n + j] * b[j]
          gradient[n + j] = -b[j]
          for i in 0..<n { plan[i * m + j] = p[i] }
        case .semiDual:
          guard b[j] > 0 else { continue }  // an empty column: no mass, no penalty
          for i in 0..<n { column[i] = z[i] - c[i * m + j] }
          let (smoothedMax, q) = regularizer.smoothedMax(column, mass: b[j], gamma: gamma)
          value += b[j] * smoothedMax
          beta[j] = -smoothedMax
          for i in 0..<n { plan[i * m + j] = b[j] * q[i] }
        }
        for i in 0..<n { gradient[i] += plan[i * m + j] }
        if formulation == .dual { for i in 0..<n { gradient[n + j] += plan[i * m + j] } }
      }
      return (value, gradient, plan, beta)
    }
    var solver = LimitedMemoryBFGS()
    solver.gradientTolerance = tolerance
    solver.maxIterations = maxIterations
    let result = solver.minimize(from: [Double](repeating: 0, count: variables)) { z in
      let e = evaluate(z)
      return (e.value, e.gradient)
    }
    let final = evaluate(result.point)
    let cost = zip(final.plan, c).reduce(0) { $0 + $1.0 * $1.1 }
    return Solution(
      plan: Tensor(shape: [n, m], scalars: final.plan), cost: cost,
      regularizedCost: cost + regularizer.penalty(final.plan, gamma: gamma),
      sourcePotential: Array(result.point[..<n]), targetPotential: final.beta,
      status: result.converged ? .converged : .maxIterationsReached, iterations: result.iterations)
  }
}

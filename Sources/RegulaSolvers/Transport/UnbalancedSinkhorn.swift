import Foundation

/// Unbalanced entropic optimal transport: the marginal constraints are replaced by KL
/// penalties, so the weights may have different totals and mass may be created or destroyed.
///
///     minimize  ⟨P, C⟩ + ε·KL(P ‖ a⊗b) + τ·KL(P·1 ‖ a) + τ·KL(Pᵀ·1 ‖ b)   over P ≥ 0
///
/// (KL the generalized divergence Σ p log(p/q) − p + q.) The scaling iterations are
/// Sinkhorn's with the updates damped by φ = τ/(τ + ε):
///
///     u ← (a ⊘ K·v)^φ,   v ← (b ⊘ Kᵀ·u)^φ,   K = exp(−C/ε) ⊙ (a⊗b),   P = diag(u)·K·diag(v)
///
/// The solve stops when the relative change of the scalings,
/// ½(‖Δu‖∞ / max(‖u‖∞, ‖u_prev‖∞, 1) + ‖Δv‖∞ / max(‖v‖∞, ‖v_prev‖∞, 1)), falls below
/// `tolerance`. As τ → ∞ this is balanced Sinkhorn (with the reference measure a⊗b).
///
/// - **Kernel domain**: the scalings above, on matrix–vector products. At small ε,
///   exp(−C/ε) underflows and the scalings overflow.
/// - **Log domain**: f = log u and g = log v, with the products as log-sum-exps (a's and b's
///   logs cancel from their own update):
///   fᵢ ← −φ·LSEⱼ(−Cᵢⱼ/ε + log bⱼ + gⱼ),  gⱼ ← −φ·LSEᵢ(−Cᵢⱼ/ε + log aᵢ + fᵢ). The same
///   iterates and the same stopping rule (the change of u = eᶠ is measured without forming
///   eᶠ), stable for any ε; zero weights are allowed.
/// - **Automatic** (the default): the kernel domain, and on a breakdown the log domain from
///   the start, saying so in `notes` (as ``Sinkhorn``).
///
/// - Note: As POT's `sinkhorn_unbalanced` (method `"sinkhorn"`, `reg_type="kl"`, reference
///   measure a⊗b, start u = v = 1). POT's log-domain variant is `"sinkhorn_stabilized"`
///   (absorption into potentials); the log domain here reaches the same fixed point without
///   absorptions. POT 0.9.7's stabilized solver returns wrong plans for ε ≲ 0.01 on the test
///   data (the transported mass off by orders of magnitude), so small-ε results are checked
///   against the optimality conditions instead. The kernel domain, where exp(−C/ε)
///   underflows, stops at the last finite scalings with `.numericalFailure` and a note
///   (never NaN).
/// - SeeAlso: Chizat, Peyré, Schmitzer & Vialard, "Scaling Algorithms for Unbalanced
///   Optimal Transport Problems", Math. Comp., 2018; Frogner et al., "Learning with a
///   Wasserstein Loss", NeurIPS 2015.
public struct UnbalancedSinkhorn: Sendable {
  /// ε, absolute or relative to the mean cost.
  public var epsilon: Sinkhorn.Epsilon
  /// τ, the weight of the marginal penalties (POT's `reg_m`); `.infinity` enforces them.
  public var marginalPenalty: Double
  /// Default `.automatic`.
  public var domain: Sinkhorn.Domain
  /// Default `1e-6` (POT's `stopThr`).
  public var tolerance: Double = 1e-6
  /// Default `1000` (POT's `numItermax`).
  public var maxIterations: Int = 1000

  /// A solver with regularization ε = `epsilon`, marginal penalty τ = `marginalPenalty` (> 0), in `domain`.
  public init(epsilon: Sinkhorn.Epsilon, marginalPenalty: Double, domain: Sinkhorn.Domain = .automatic) {
    precondition(marginalPenalty > 0, "the marginal penalty τ must be positive, got \(marginalPenalty)")
    (self.epsilon, self.marginalPenalty, self.domain) = (epsilon, marginalPenalty, domain)
  }

  /// The result of a solve.
  public struct Solution: Sendable {
    /// P, row-major n×m.
    public var plan: Tensor<Double>
    /// ⟨P, C⟩ (POT's `sinkhorn_unbalanced2` with `returnCost="linear"`).
    public var cost: Double
    /// `.converged`, `.maxIterationsReached`, or `.numericalFailure` at an iteration.
    public var status: SolverStatus
    /// Iterations run.
    public var iterations: Int
    /// The stopping criterion at each check.
    public var errorHistory: [Double]
    /// The domain the returned solution was computed in.
    public var domain: Sinkhorn.Domain
    /// The ε used.
    public var epsilon: Double
    /// What happened besides the status (a domain switch, an underflow, the budget running out).
    public var notes: [String]
  }

  /// Solves `problem`; its weights may have different totals (build it with
  /// `relativeMassTolerance: .infinity`).
  public func solve(_ problem: TransportProblem) throws(TransportError) -> Solution {
    let eps = try epsilon.value(forCost: problem.cost)
    precondition(tolerance > 0 && maxIterations > 0, "tolerance and maxIterations must be positive")
    switch domain {
    case .kernel: return run(problem, eps, logarithmic: false)
    case .logarithmic: return run(problem, eps, logarithmic: true)
    case .automatic:
      let first = run(problem, eps, logarithmic: false)
      guard case .numericalFailure(let iteration) = first.status else { return first }
      var second = run(problem, eps, logarithmic: true)
      second.notes.insert(
        "the kernel domain broke down at iteration \(iteration) (exp(−C/ε) underflows at ε = \(eps)); solved in the log domain instead",
        at: 0)
      return second
    }
  }

  /// The scaling iterations on (u, v) (kernel) or (f, g) = (log u, log v) (log domain).
  private func run(_ problem: TransportProblem, _ eps: Double, logarithmic: Bool) -> Solution {
    let (n, m) = (problem.sourceCount, problem.targetCount)
    let (a, b) = (problem.sourceWeights, problem.targetWeights)
    let phi = marginalPenalty.isInfinite ? 1 : marginalPenalty / (marginalPenalty + eps)
    let (logA, logB) = (a.map { log($0) }, b.map { log($0) })
    // −C/ε row-major (n×m) and transposed (m×n), for the log domain's row log-sum-exps.
    let scaled = problem.cost.map { -$0 / eps }
    var scaledTransposed = [Double](repeating: 0, count: n * m)
    for i in 0..<n { for j in 0..<m { scaledTransposed[j * n + i] = scaled[i * m + j] } }
    var kernel = [Double](repeating: 0, count: n * m)
    if !logarithmic { for i in 0..<n { for j in 0..<m { kernel[i * m + j] = exp(scaled[i * m + j]) * a[i] * b[j] } } }
    let k = Tensor(shape: [n, m], scalars: kernel)

    /// One iteration from (x, y); nil when the kernel domain breaks down.
    func step(_ x: [Double], _ y: [Double]) -> ([Double], [Double])? {
      if logarithmic {
        var f = [Double](repeating: 0, count: n), g = [Double](repeating: 0, count: m)
        let shiftB = zip(logB, y).map { $0 + $1 }
        shiftB.withUnsafeBufferPointer { s in scaled.withUnsafeBufferPointer { rows in
          for i in 0..<n { f[i] = -phi * logSumExp(rows.baseAddress! + i * m, plus: s.baseAddress!, count: m) }
        } }
        let shiftA = zip(logA, f).map { $0 + $1 }
        shiftA.withUnsafeBufferPointer { s in scaledTransposed.withUnsafeBufferPointer { columns in
          for j in 0..<m { g[j] = -phi * logSumExp(columns.baseAddress! + j * n, plus: s.baseAddress!, count: n) }
        } }
        return (f, g)
      }
      let kv = matmul(k, Tensor(shape: [m, 1], scalars: y)).scalars
      let u = (0..<n).map { Foundation.pow(a[$0] / kv[$0], phi) }
      let ktu = matmul(k, transposed: true, Tensor(shape: [n, 1], scalars: u), transposed: false).scalars
      let v = (0..<m).map { Foundation.pow(b[$0] / ktu[$0], phi) }
      return ktu.contains(0) || !(u + v).allSatisfy(\.isFinite) ? nil : (u, v)
    }
    /// ‖Δs‖∞ / max(‖s‖∞, ‖s_prev‖∞, 1) for the scalings s (given as logs in the log domain:
    /// with t = max(max log s, max log s_prev, 0) this is maxᵢ |e^(log sᵢ − t) − e^(log s_prevᵢ − t)|).
    func relativeChange(_ new: [Double], _ old: [Double]) -> Double {
      if logarithmic {
        let top = max(new.max()!, old.max()!, 0)
        return zip(new, old).reduce(0) { max($0, abs(exp($1.0 - top) - exp($1.1 - top))) }
      }
      let change = zip(new, old).reduce(0) { max($0, abs($1.0 - $1.1)) }
      return change / max(new.reduce(0) { max($0, abs($1)) }, old.reduce(0) { max($0, abs($1)) }, 1)
    }

    var x = [Double](repeating: logarithmic ? 0 : 1, count: n), y = [Double](repeating: logarithmic ? 0 : 1, count: m)
    var history: [Double] = []
    var status = SolverStatus.maxIterationsReached
    var iterations = maxIterations
    for iteration in 0..<maxIterations {
      guard let (nextX, nextY) = step(x, y) else {
        status = .numericalFailure(iteration: iteration)
        iterations = iteration
        break
      }
      let error = (relativeChange(nextX, x) + relativeChange(nextY, y)) / 2
      (x, y) = (nextX, nextY)
      history.append(error)
      if error < tolerance {
        status = .converged
        iterations = iteration + 1
        break
      }
    }
    var plan = [Double](repeating: 0, count: n * m)
    for i in 0..<n {
      for j in 0..<m {
        plan[i * m + j] = logarithmic ? exp(scaled[i * m + j] + logA[i] + logB[j] + x[i] + y[j]) : kernel[i * m + j] * x[i] * y[j]
      }
    }
    let notes = entropicSolveNotes(
      status, maxIterations: maxIterations, lastError: history.last, measure: "change", epsilon: eps, returned: "scalings",
      remedy: "raise ε, or use the log domain")
    return Solution(
      plan: Tensor(shape: [n, m], scalars: plan), cost: zip(plan, problem.cost).reduce(0) { $0 + $1.0 * $1.1 },
      status: status, iterations: iterations, errorHistory: history, domain: logarithmic ? .logarithmic : .kernel,
      epsilon: eps, notes: notes)
  }
}

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
/// - Note: As POT's `sinkhorn_unbalanced` (method `"sinkhorn"`, `reg_type="kl"`, reference
///   measure a⊗b, start u = v = 1). It runs in the kernel domain only: where exp(−C/ε)
///   underflows, the solve stops at the last finite scalings with `.numericalFailure` and a
///   note (never NaN); raise ε, or give it `.relative` to the cost's scale.
/// - SeeAlso: Chizat, Peyré, Schmitzer & Vialard, "Scaling Algorithms for Unbalanced
///   Optimal Transport Problems", Math. Comp., 2018; Frogner et al., "Learning with a
///   Wasserstein Loss", NeurIPS 2015.
public struct UnbalancedSinkhorn: Sendable {
  public var epsilon: Sinkhorn.Epsilon
  /// τ, the weight of the marginal penalties (POT's `reg_m`); `.infinity` enforces them.
  public var marginalPenalty: Double
  /// Default `1e-6` (POT's `stopThr`).
  public var tolerance: Double = 1e-6
  /// Default `1000` (POT's `numItermax`).
  public var maxIterations: Int = 1000

  public init(epsilon: Sinkhorn.Epsilon, marginalPenalty: Double) {
    precondition(marginalPenalty > 0, "the marginal penalty τ must be positive, got \(marginalPenalty)")
    (self.epsilon, self.marginalPenalty) = (epsilon, marginalPenalty)
  }

  public struct Solution: Sendable {
    /// P, row-major n×m.
    public var plan: Tensor<Double>
    /// ⟨P, C⟩ (POT's `sinkhorn_unbalanced2` with `returnCost="linear"`).
    public var cost: Double
    public var status: SolverStatus
    /// Iterations run.
    public var iterations: Int
    public var errorHistory: [Double]
    public var epsilon: Double
    public var notes: [String]
  }

  /// Solves `problem`; its weights may have different totals (build it with
  /// `relativeMassTolerance: .infinity`).
  public func solve(_ problem: TransportProblem) throws(TransportError) -> Solution {
    let (n, m) = (problem.sourceCount, problem.targetCount)
    let (a, b) = (problem.sourceWeights, problem.targetWeights)
    let eps = try epsilon.value(forCost: problem.cost)
    precondition(tolerance > 0 && maxIterations > 0, "tolerance and maxIterations must be positive")
    let phi = marginalPenalty.isInfinite ? 1 : marginalPenalty / (marginalPenalty + eps)
    var kernel = [Double](repeating: 0, count: n * m)
    for i in 0..<n { for j in 0..<m { kernel[i * m + j] = exp(-problem.cost[i * m + j] / eps) * a[i] * b[j] } }
    let k = Tensor(shape: [n, m], scalars: kernel)
    var u = [Double](repeating: 1, count: n), v = [Double](repeating: 1, count: m)
    var history: [Double] = []
    var status = SolverStatus.maxIterationsReached
    var iterations = maxIterations
    func relativeChange(_ new: [Double], _ old: [Double]) -> Double {
      let change = zip(new, old).reduce(0) { max($0, abs($1.0 - $1.1)) }
      return change / max(new.reduce(0) { max($0, abs($1)) }, old.reduce(0) { max($0, abs($1)) }, 1)
    }
    for iteration in 0..<maxIterations {
      let kv = matmul(k, Tensor(shape: [m, 1], scalars: v)).scalars
      let nextU = (0..<n).map { Foundation.pow(a[$0] / kv[$0], phi) }
      let ktu = matmul(k, transposed: true, Tensor(shape: [n, 1], scalars: nextU), transposed: false).scalars
      let nextV = (0..<m).map { Foundation.pow(b[$0] / ktu[$0], phi) }
      if ktu.contains(0) || !(nextU + nextV).allSatisfy(\.isFinite) {
        status = .numericalFailure(iteration: iteration)
        iterations = iteration
        break
      }
      let error = (relativeChange(nextU, u) + relativeChange(nextV, v)) / 2
      (u, v) = (nextU, nextV)
      history.append(error)
      if error < tolerance {
        status = .converged
        iterations = iteration + 1
        break
      }
    }
    var plan = kernel
    for i in 0..<n { for j in 0..<m { plan[i * m + j] *= u[i] * v[j] } }
    var notes: [String] = []
    switch status {
    case .converged: break
    case .maxIterationsReached:
      notes.append("no convergence in \(maxIterations) iterations (last change \(history.last ?? .nan)); raise maxIterations or ε")
    case .numericalFailure(let at):
      notes.append("exp(−C/ε) underflows at ε = \(eps): the scalings stopped being finite at iteration \(at); returned the last finite ones (raise ε; this solver has no log domain)")
    }
    return Solution(
      plan: Tensor(shape: [n, m], scalars: plan), cost: zip(plan, problem.cost).reduce(0) { $0 + $1.0 * $1.1 },
      status: status, iterations: iterations, errorHistory: history, epsilon: eps, notes: notes)
  }
}

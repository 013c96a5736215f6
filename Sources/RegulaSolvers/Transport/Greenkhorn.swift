import Foundation

/// Entropic optimal transport by Greenkhorn: Sinkhorn's scaling applied greedily to one row
/// or one column at a time.
///
/// With K = exp(−C/ε) and P = diag(u)·K·diag(v), each iteration finds the row i and the
/// column j whose marginals are violated most, |(P1)ᵢ − aᵢ| and |(Pᵀ1)ⱼ − bⱼ|, and rescales
/// the worse of the two to meet its marginal exactly (uᵢ ← aᵢ / (Kv)ᵢ, or vⱼ ← bⱼ / (Kᵀu)ⱼ),
/// updating the violations in O(n + m). It stops when the largest violation (measured
/// before the update, as POT) is at most `tolerance`. Each iteration costs O(n + m) instead
/// of Sinkhorn's O(nm), so it pays off when few rows and columns are far from their marginals.
///
/// - Note: As POT's `greenkhorn` (start u = 1/n, v = 1/m; `iterations` is POT's `n_iter`,
///   the index of the last iteration). Kernel domain only: where a row or column of K
///   underflows the solve stops at the last finite scalings with `.numericalFailure`
///   (never NaN); use ``Sinkhorn`` with the log domain there.
/// - SeeAlso: Altschuler, Weed & Rigollet, "Near-linear Time Approximation Algorithms for
///   Optimal Transport via Sinkhorn Iteration", NeurIPS 2017.
public struct Greenkhorn: Sendable {
  public var epsilon: Sinkhorn.Epsilon
  /// Stop when the largest marginal violation is at most this. Default `1e-9` (POT's).
  public var tolerance: Double = 1e-9
  /// Default `10_000` (POT's).
  public var maxIterations: Int = 10_000

  public init(epsilon: Sinkhorn.Epsilon) { self.epsilon = epsilon }

  /// Solves `problem`; the result is in Sinkhorn's form (`domain` is `.kernel`, the
  /// potentials are ε·log u and ε·log v, `errorHistory` is empty).
  public func solve(_ problem: TransportProblem) throws(TransportError) -> Sinkhorn.Solution {
    let (n, m) = (problem.sourceCount, problem.targetCount)
    let (a, b) = (problem.sourceWeights, problem.targetWeights)
    let eps = try epsilon.value(forCost: problem.cost)
    precondition(tolerance > 0 && maxIterations > 0, "tolerance and maxIterations must be positive")
    let k = problem.cost.map { exp(-$0 / eps) }
    var u = [Double](repeating: 1 / Double(n), count: n), v = [Double](repeating: 1 / Double(m), count: m)
    var rowViolation = (0..<n).map { i in (0..<m).reduce(0) { $0 + u[i] * k[i * m + $1] * v[$1] } - a[i] }
    var columnViolation = (0..<m).map { j in (0..<n).reduce(0) { $0 + u[$1] * k[$1 * m + j] * v[j] } - b[j] }
    func largest(_ x: [Double]) -> Int { x.indices.max { abs(x[$0]) < abs(x[$1]) || (abs(x[$0]) == abs(x[$1]) && $0 > $1) }! }
    var status = SolverStatus.maxIterationsReached
    var iteration = 0
    while iteration < maxIterations {
      let (i, j) = (largest(rowViolation), largest(columnViolation))
      let (worstRow, worstColumn) = (abs(rowViolation[i]), abs(columnViolation[j]))
      if worstRow > worstColumn {
        let kv = (0..<m).reduce(0) { $0 + k[i * m + $1] * v[$1] }
        let newU = a[i] / kv
        guard newU.isFinite else { status = .numericalFailure(iteration: iteration); break }
        rowViolation[i] = newU * kv - a[i]
        for c in 0..<m { columnViolation[c] += k[i * m + c] * (newU - u[i]) * v[c] }
        u[i] = newU
      } else {
        let ktu = (0..<n).reduce(0) { $0 + k[$1 * m + j] * u[$1] }
        let newV = b[j] / ktu
        guard newV.isFinite else { status = .numericalFailure(iteration: iteration); break }
        for r in 0..<n { rowViolation[r] += (newV - v[j]) * k[r * m + j] * u[r] }
        columnViolation[j] = newV * ktu - b[j]
        v[j] = newV
      }
      if max(worstRow, worstColumn) <= tolerance {
        status = .converged
        break
      }
      iteration += 1
    }
    var plan = [Double](repeating: 0, count: n * m)
    for i in 0..<n { for j in 0..<m { plan[i * m + j] = u[i] * k[i * m + j] * v[j] } }
    if status == .maxIterationsReached { iteration = maxIterations - 1 }
    let notes = entropicSolveNotes(
      status, maxIterations: maxIterations, lastError: nil, measure: "error", epsilon: eps, returned: "scalings",
      remedy: "use Sinkhorn in the log domain")
    return Sinkhorn.Solution(
      plan: Tensor(shape: [n, m], scalars: plan), cost: zip(plan, problem.cost).reduce(0) { $0 + $1.0 * $1.1 },
      sourcePotential: u.map { eps * log($0) }, targetPotential: v.map { eps * log($0) }, status: status,
      iterations: iteration, errorHistory: [], domain: .kernel, epsilon: eps, notes: notes)
  }
}

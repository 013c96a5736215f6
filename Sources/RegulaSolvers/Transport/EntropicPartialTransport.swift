import Foundation

/// Entropic partial optimal transport: move only a given mass m, with an entropic
/// regularizer, by Dykstra's iterative Bregman (KL) projections.
///
///     minimize  ⟨P, C⟩ − ε·H(P)   over P ≥ 0, P·1 ≤ a, Pᵀ·1 ≤ b, 1ᵀP1 = m
///
/// Start from P = m·K/ΣK with K = exp(−C/ε); each iteration projects in turn onto the
/// three constraint sets, each projection a scaling with a Dykstra correction (q₁ per row,
/// q₂ per column, q₃ a scalar, all starting at 1):
///
///     rows      P ← diag(s)·(P ⊙ q₁),   sᵢ = min(aᵢ / (P ⊙ q₁)ᵢ·1, 1),   q₁ ← 1/s
///     columns   P ← (P ⊙ q₂)·diag(t),   tⱼ = min(bⱼ / 1ᵀ(P ⊙ q₂)ⱼ, 1),   q₂ ← 1/t
///     mass      P ← r·q₃·P,             r = m / (q₃·1ᵀP1),                  q₃ ← 1/r
///
/// and stops when ‖P − P_prev‖_F falls below `tolerance`, checked every 10 iterations
/// (from iteration 0, as POT).
///
/// - Parameters (properties):
///   - epsilon: ε (absolute, or relative to the mean cost).
///   - mass: m, in [0, min(Σa, Σb)].
///   - tolerance: default `1e-9`.
///   - maxIterations: default `1000` (POT's `numItermax`).
/// - Note: As POT's `ot.partial.entropic_partial_wasserstein` (method `"sinkhorn"`), whose
///   corrections are full n×m matrices; a projection's correction is constant along its
///   rows (or columns), so vectors carry the same iterates. POT's default `stopThr` is
///   1e-100 (it always runs `numItermax` iterations); the default here stops once the plan
///   has settled. K is computed from C − min C (the start m·K/ΣK does not change), so a
///   uniformly large cost does not underflow. Where it still does (ε tiny against the cost's
///   spread) the solve stops at the last finite plan with `.numericalFailure` and a note.
/// - SeeAlso: Benamou, Carlier, Cuturi, Nenna & Peyré, "Iterative Bregman Projections for
///   Regularized Transportation Problems", SIAM J. Sci. Comput., 2015.
public struct EntropicPartialTransport: Sendable {
  /// ε, absolute or relative to the mean cost.
  public var epsilon: Sinkhorn.Epsilon
  /// m, the mass to transport.
  public var mass: Double
  /// Stop when ‖P − P_prev‖_F is below this. Default `1e-9`.
  public var tolerance: Double = 1e-9
  /// Default `1000` (POT's `numItermax`).
  public var maxIterations: Int = 1000

  /// A solver with regularization ε = `epsilon` that moves mass m = `mass`.
  public init(epsilon: Sinkhorn.Epsilon, mass: Double) { (self.epsilon, self.mass) = (epsilon, mass) }

  /// The result of a solve.
  public struct Solution: Sendable {
    /// P, row-major n×m, carrying mass m.
    public var plan: Tensor<Double>
    /// ⟨P, C⟩ (POT's `log["partial_w_dist"]`).
    public var cost: Double
    /// `.converged`, `.maxIterationsReached`, or `.numericalFailure` at an iteration.
    public var status: SolverStatus
    /// The index of the last iteration (POT's `cpt − 1`).
    public var iterations: Int
    /// ‖P − P_prev‖_F at each check.
    public var errorHistory: [Double]
    /// The ε used.
    public var epsilon: Double
    /// What happened besides the status (a domain switch, an underflow, the budget running out).
    public var notes: [String]
  }

  /// Solves `problem` (build it with `relativeMassTolerance: .infinity` when the totals
  /// differ). Throws ``TransportError/invalidMass(_:available:)`` for m outside
  /// [0, min(Σa, Σb)].
  public func solve(_ problem: TransportProblem) throws(TransportError) -> Solution {
    let eps = try epsilon.value(forCost: problem.cost)
    _ = try partialMassCheck(mass, problem)
    precondition(tolerance > 0 && maxIterations > 0, "tolerance and maxIterations must be positive")
    let (n, m) = (problem.sourceCount, problem.targetCount)
    let (a, b, c) = (problem.sourceWeights, problem.targetWeights, problem.cost)
    let low = c.min()!
    var p = c.map { exp(-($0 - low) / eps) }
    let total = p.reduce(0, +)
    for k in p.indices { p[k] *= mass / total }
    var q1 = [Double](repeating: 1, count: n), q2 = [Double](repeating: 1, count: m), q3 = 1.0
    var history: [Double] = []
    var status = SolverStatus.maxIterationsReached
    var iteration = 0
    while iteration < maxIterations {
      let previous = p
      for i in 0..<n {
        var rowSum = 0.0
        for j in 0..<m { rowSum += p[i * m + j] * q1[i] }
        let s = rowSum > a[i] ? a[i] / rowSum : 1
        for j in 0..<m { p[i * m + j] *= q1[i] * s }
        q1[i] = s > 0 ? 1 / s : 1  // a zero weight: the row stays zero
      }
      var columnSums = [Double](repeating: 0, count: m)
      for i in 0..<n { for j in 0..<m { columnSums[j] += p[i * m + j] * q2[j] } }
      let t = (0..<m).map { columnSums[$0] > b[$0] ? b[$0] / columnSums[$0] : 1 }
      for i in 0..<n { for j in 0..<m { p[i * m + j] *= q2[j] * t[j] } }
      for j in 0..<m { q2[j] = t[j] > 0 ? 1 / t[j] : 1 }
      let r = mass / (q3 * p.reduce(0, +))
      for k in p.indices { p[k] *= q3 * r }
      q3 = 1 / r
      guard p.allSatisfy(\.isFinite), q1.allSatisfy(\.isFinite), q2.allSatisfy(\.isFinite), q3.isFinite else {
        p = previous
        status = .numericalFailure(iteration: iteration)
        break
      }
      if iteration % 10 == 0 {
        let change = zip(p, previous).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        history.append(change)
        if change < tolerance {
          status = .converged
          break
        }
      }
      iteration += 1
    }
    if status == .maxIterationsReached { iteration = maxIterations - 1 }
    let notes = entropicSolveNotes(
      status, maxIterations: maxIterations, lastError: history.last, measure: "change", epsilon: eps, returned: "plan",
      remedy: "raise ε")
    return Solution(
      plan: Tensor(shape: [n, m], scalars: p), cost: zip(p, c).reduce(0) { $0 + $1.0 * $1.1 }, status: status,
      iterations: iteration, errorHistory: history, epsilon: eps, notes: notes)
  }
}

/// Exact partial optimal transport: move only a given mass m between weights whose totals
/// may differ, at least cost.
///
///     minimize  ⟨P, C⟩   over P ≥ 0, P·1 ≤ a, Pᵀ·1 ≤ b, 1ᵀP1 = m,   0 ≤ m ≤ min(Σa, Σb)
///
/// Solved as an exact (balanced) problem with one dummy point on each side: a dummy target
/// of weight Σa − m absorbs the source mass left behind, a dummy source of weight Σb − m
/// the target mass left unserved, both at cost 0, and the dummy–dummy arc costs 2·max C so
/// that no mass takes it that could be transported instead:
///
///     ã = (a, Σb − m),   b̃ = (b, Σa − m),   C̃ = [[C, 0], [0, 2·max C]]
///
/// The plan is the top-left n×m block of ``NetworkSimplex``'s plan for (ã, b̃, C̃).
///
/// - Parameters (properties):
///   - mass: m, in [0, min(Σa, Σb)].
///   - maxIterations: the network simplex's pivot budget. Default `100_000`.
/// - Note: As POT's `ot.partial.partial_wasserstein` with `m` given and one dummy
///   (`nb_dummies=1`). POT raises when the EMD stops early; here the status says so. The
///   potentials are those of the extended problem, restricted to the real points.
/// - SeeAlso: Chapel, Alaya & Gasso, "Partial Optimal Transport with Applications on
///   Positive-Unlabeled Learning", NeurIPS 2020; Figalli, "The Optimal Partial Transport
///   Problem", Arch. Ration. Mech. Anal., 2010.
public struct PartialTransport: Sendable {
  /// m, the mass to transport.
  public var mass: Double
  /// The network simplex's pivot budget. Default `100_000`.
  public var maxIterations: Int = 100_000

  /// A solver that moves mass m = `mass`.
  public init(mass: Double) { self.mass = mass }

  /// The result of a solve.
  public struct Solution: Sendable {
    /// P, row-major n×m, carrying mass m.
    public var plan: Tensor<Double>
    /// ⟨P, C⟩ (POT's `partial_wasserstein2`).
    public var cost: Double
    /// The extended problem's dual potentials at the real sources (n) and targets (m).
    public var sourcePotential: [Double]
    /// The target potentials (m).
    public var targetPotential: [Double]
    /// `.converged`, `.maxIterationsReached`, or `.numericalFailure` at an iteration.
    public var status: SolverStatus
    /// Pivots made.
    public var iterations: Int
    /// What happened besides the status (a domain switch, an underflow, the budget running out).
    public var notes: [String]
  }

  /// Solves `problem` (build it with `relativeMassTolerance: .infinity` when the totals
  /// differ). Throws ``TransportError/invalidMass(_:available:)`` for m outside
  /// [0, min(Σa, Σb)].
  public func solve(_ problem: TransportProblem) throws(TransportError) -> Solution {
    let (n, m) = (problem.sourceCount, problem.targetCount)
    let (totalA, totalB) = try partialMassCheck(mass, problem)
    let (a, b, c) = (problem.sourceWeights, problem.targetWeights, problem.cost)
    var extended = [Double](repeating: 0, count: (n + 1) * (m + 1))
    for i in 0..<n { for j in 0..<m { extended[i * (m + 1) + j] = c[i * m + j] } }
    extended[(n + 1) * (m + 1) - 1] = 2 * (c.max() ?? 0)
    // Rounding can leave Σb − m a hair below 0 when m = Σb.
    let dummies = (source: max(totalB - mass, 0), target: max(totalA - mass, 0))
    let big = try TransportProblem(
      sourceWeights: a + [dummies.source], targetWeights: b + [dummies.target], cost: extended)
    let s = NetworkSimplex(maxIterations: maxIterations).solve(big)
    let flows = s.flows.filter { $0.source < n && $0.target < m }
    let plan = NetworkSimplex.Solution.densePlan(flows, sourceCount: n, targetCount: m)
    return Solution(
      plan: plan, cost: flows.reduce(0) { $0 + $1.mass * c[$1.source * m + $1.target] },
      sourcePotential: Array(s.sourcePotential[..<n]), targetPotential: Array(s.targetPotential[..<m]),
      status: s.status, iterations: s.iterations, notes: s.notes)
  }
}

/// Checks 0 ≤ m ≤ min(Σa, Σb) (to rounding) and returns (Σa, Σb).
func partialMassCheck(_ mass: Double, _ problem: TransportProblem) throws(TransportError) -> (Double, Double) {
  let totalA = problem.sourceWeights.reduce(0, +), totalB = problem.targetWeights.reduce(0, +)
  let available = min(totalA, totalB)
  guard mass >= 0, mass <= available * (1 + 1e-12) else { throw .invalidMass(mass, available: available) }
  return (totalA, totalB)
}

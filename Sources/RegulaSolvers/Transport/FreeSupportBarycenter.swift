import Foundation

/// The Wasserstein-2 barycenter of point clouds on a free support: k points X whose
/// locations move, with fixed weights b.
///
///     minimize over X ∈ ℝ^{k×d}   Σₖ λₖ · W₂²((X, b), (Xₖ, aₖ))
///
/// by the fixed-point iteration of Cuturi & Doucet's Algorithm 2 with step θ = 1: solve the
/// exact transport Tₖ from (X, b) to each cloud (Xₖ, aₖ) for the squared Euclidean cost
/// (``NetworkSimplex``), then move every point to the weighted mean of where it sends its mass,
///
///     X ← Σₖ λₖ · diag(1/b) · Tₖ · Xₖ,
///
/// until the displacement Σᵢ‖X⁺ᵢ − Xᵢ‖² is at most `tolerance`. The plans are piecewise
/// constant in X, so the iteration stops for good once they stop changing (displacement 0).
///
/// - Note: As POT's `ot.lp.free_support_barycenter` (same update, stopping rule, defaults
///   and `iterations` = its iteration count). Where POT divides by a zero weight bᵢ (NaN),
///   Regula leaves that point where it is: it carries no mass, so the objective does not
///   depend on it. An exact solve that hits its pivot budget is used as it stands and noted.
/// - SeeAlso: Cuturi & Doucet, "Fast Computation of Wasserstein Barycenters", ICML 2014;
///   Álvarez-Esteban, del Barrio, Cuesta-Albertos & Matrán, "A Fixed-Point Approach to
///   Barycenters in Wasserstein Space", J. Math. Anal. Appl., 2016.
public struct FreeSupportBarycenter: Sendable {
  /// Default `100` (POT's `numItermax`).
  public var maxIterations: Int = 100
  /// Stop when Σᵢ‖X⁺ᵢ − Xᵢ‖² is at most this. Default `1e-7` (POT's `stopThr`).
  public var tolerance: Double = 1e-7
  /// The pivot budget of each exact solve. Default `100_000` (POT's `numItermax` of `emd`).
  public var maxPivots: Int = 100_000

  public init() {}

  public struct Solution: Sendable {
    /// X, the barycenter's points [k, d].
    public var locations: Tensor<Double>
    public var status: SolverStatus
    /// The fixed-point updates run.
    public var iterations: Int
    /// Σᵢ‖X⁺ᵢ − Xᵢ‖² at each update (POT's `displacement_square_norms`).
    public var displacementHistory: [Double]
    public var notes: [String]
  }

  /// The barycenter of `measures` (each a cloud of points [kⱼ, d] with weights summing to
  /// one), starting from the points `start` [k, d].
  ///
  /// - Parameters:
  ///   - barycenterWeights: b, the barycenter's fixed weights (k, summing to one). Default
  ///     uniform.
  ///   - measureWeights: λ, one per measure (non-negative, summing to one). Default uniform.
  /// - Throws: ``TransportError`` for negative or non-finite weights, unequal totals, or
  ///   non-finite points.
  public func solve(
    measures: [(points: Tensor<Double>, weights: [Double])], start: Tensor<Double>,
    barycenterWeights: [Double]? = nil, measureWeights: [Double]? = nil
  ) throws(TransportError) -> Solution {
    precondition(!measures.isEmpty, "no measures")
    precondition(start.rank == 2, "start of shape \(start.shape); expected [k, d]")
    let (k, d) = (start.shape[0], start.shape[1])
    for (j, measure) in measures.enumerated() {
      precondition(measure.points.rank == 2 && measure.points.shape[1] == d && measure.points.shape[0] == measure.weights.count,
        "measure \(j): points of shape \(measure.points.shape) with \(measure.weights.count) weights, for a start of shape \(start.shape)")
    }
    let b = barycenterWeights ?? Array(repeating: 1 / Double(k), count: k)
    precondition(b.count == k, "\(b.count) barycenter weights for \(k) points")
    let lambda = measureWeights ?? Array(repeating: 1 / Double(measures.count), count: measures.count)
    precondition(lambda.count == measures.count && lambda.allSatisfy { $0 >= 0 } && abs(lambda.reduce(0, +) - 1) < 1e-12,
      "measureWeights must be \(measures.count) non-negative numbers summing to 1, got \(lambda)")
    precondition(tolerance >= 0 && maxIterations > 0 && maxPivots > 0, "tolerance must be non-negative, maxIterations and maxPivots positive")
    for (side, points) in [("start", start)] + measures.enumerated().map({ ("measure \($0.offset)", $0.element.points) }) {
      if let i = points.scalars.firstIndex(where: { !$0.isFinite }) {
        throw .nonFinitePoint(side: side, index: i / d, value: points.scalars[i])
      }
    }

    let simplex = NetworkSimplex(maxIterations: maxPivots)
    var x = start
    var history: [Double] = []
    var notes: [String] = []
    var displacement = tolerance + 1
    while displacement > tolerance && history.count < maxIterations {
      var next = [Double](repeating: 0, count: k * d)
      for (j, measure) in measures.enumerated() {
        let plan = simplex.solve(try TransportProblem(
          sourcePoints: x, targetPoints: measure.points, sourceWeights: b, targetWeights: measure.weights))
        if plan.status != .converged {
          notes.append("iteration \(history.count): the exact transport to measure \(j) stopped at \(maxPivots) pivots (\(plan.status))")
        }
        // next += λⱼ · diag(1/b) · Tⱼ · Xⱼ, one flow at a time.
        for flow in plan.flows where b[flow.source] > 0 {
          let scale = lambda[j] * flow.mass / b[flow.source]
          for c in 0..<d { next[flow.source * d + c] += scale * measure.points.scalars[flow.target * d + c] }
        }
      }
      for i in 0..<k where b[i] == 0 { for c in 0..<d { next[i * d + c] = x.scalars[i * d + c] } }
      displacement = zip(next, x.scalars).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
      history.append(displacement)
      x = Tensor(shape: [k, d], scalars: next)
    }
    let status: SolverStatus = displacement <= tolerance ? .converged : .maxIterationsReached
    if status == .maxIterationsReached {
      notes.append("no convergence in \(maxIterations) updates (last displacement \(displacement)); raise maxIterations or tolerance")
    }
    return Solution(locations: x, status: status, iterations: history.count, displacementHistory: history, notes: notes)
  }
}

import Foundation

/// The entropic Wasserstein barycenter of histograms on one fixed support, by iterative
/// Bregman projections.
///
///     minimize over q  Σₖ λₖ · OT_ε(q, aₖ)      (q a histogram on the same d points)
///
/// With K = exp(−C/ε), every histogram aₖ gets a scaling uₖ; an iteration sets
///
///     wₖ = uₖ ⊙ Kᵀ(aₖ ⊘ K·uₖ),   q = Πₖ wₖ^λₖ (elementwise),   uₖ ← uₖ ⊙ q ⊘ wₖ
///
/// and stops when Σᵢ stdₖ(wₖ,ᵢ), the spread of the projections, falls below `tolerance`
/// (checked at iterations 1, 11, 21, … as POT). The barycenter is the last q.
///
/// - Note: As POT's `barycenter_sinkhorn` (its `ot.bregman.barycenter`), including the
///   start uₖ = (geometric mean of the wₖ⁰) ⊘ wₖ⁰ with wₖ⁰ = K·(aₖ ⊘ 1ᵀK). Where K
///   underflows (ε too small for the cost's scale) the iterates stop being finite: the
///   solve then returns the last finite barycenter with `.numericalFailure` and a note, never
///   NaN; raise ε (try `.relative`) in that case.
/// - SeeAlso: Benamou, Carlier, Cuturi, Nenna & Peyré, "Iterative Bregman Projections for
///   Regularized Transportation Problems", SIAM J. Sci. Comput., 2015.
public struct SinkhornBarycenter: Sendable {
  /// The entropic regularization ε (absolute, or relative to the mean cost).
  public var epsilon: Sinkhorn.Epsilon
  /// Stop when Σᵢ stdₖ(wₖ,ᵢ) falls below this. Default `1e-4` (POT's `stopThr`).
  public var tolerance: Double = 1e-4
  /// Default `1000` (POT's `numItermax`).
  public var maxIterations: Int = 1000

  public init(epsilon: Sinkhorn.Epsilon) { self.epsilon = epsilon }

  public struct Solution: Sendable {
    /// q, the barycenter (d).
    public var barycenter: [Double]
    public var status: SolverStatus
    /// The index of the last iteration (POT's `niter`).
    public var iterations: Int
    /// The spread Σᵢ stdₖ(wₖ,ᵢ) at each check.
    public var errorHistory: [Double]
    public var notes: [String]
  }

  /// The barycenter of `histograms` (each of length d, equal totals) with weights λ
  /// (uniform when `nil`; non-negative, summing to 1) for the cost `cost` (d×d, row-major).
  public func solve(histograms: [[Double]], cost: [Double], weights: [Double]? = nil) throws(TransportError) -> Solution {
    precondition(!histograms.isEmpty, "no histograms")
    let (d, count) = (histograms[0].count, histograms.count)
    precondition(histograms.allSatisfy { $0.count == d }, "histograms of lengths \(histograms.map(\.count))")
    for h in histograms { _ = try TransportProblem(sourceWeights: histograms[0], targetWeights: h, cost: cost) }
    let lambda = weights ?? Array(repeating: 1 / Double(count), count: count)
    precondition(lambda.count == count && lambda.allSatisfy { $0 >= 0 } && abs(lambda.reduce(0, +) - 1) < 1e-12,
      "weights must be \(count) non-negative numbers summing to 1, got \(lambda)")
    let eps = try epsilon.value(forCost: cost)
    precondition(tolerance > 0 && maxIterations > 0, "tolerance and maxIterations must be positive")

    // Column k of the d×N matrices is histogram k.
    let kernel = Tensor(shape: [d, d], scalars: cost.map { exp(-$0 / eps) })
    var a = [Double](repeating: 0, count: d * count)
    for (k, h) in histograms.enumerated() { for i in 0..<d { a[i * count + k] = h[i] } }
    let columnSums = kernel.sum(alongAxes: [0]).scalars
    var scaledA = a
    for i in 0..<d { for k in 0..<count { scaledA[i * count + k] /= columnSums[i] } }
    var w = matmul(kernel, Tensor(shape: [d, count], scalars: scaledA)).scalars
    var u = [Double](repeating: 0, count: d * count)
    for i in 0..<d {
      let meanLog = (0..<count).reduce(0) { $0 + log(w[i * count + $1]) } / Double(count)
      for k in 0..<count { u[i * count + k] = exp(meanLog) / w[i * count + k] }
    }
    func barycenter(_ w: [Double]) -> [Double] {
      (0..<d).map { i in exp((0..<count).reduce(0) { $0 + lambda[$1] * log(w[i * count + $1]) }) }
    }

    var q = barycenter(w)
    var history: [Double] = []
    var status = SolverStatus.maxIterationsReached
    var iteration = 0
    while iteration < maxIterations {
      let ku = matmul(kernel, Tensor(shape: [d, count], scalars: u)).scalars
      let ratio = zip(a, ku).map { $0 / $1 }
      let next = matmul(kernel, transposed: true, Tensor(shape: [d, count], scalars: ratio), transposed: false).scalars
      let nextW = zip(u, next).map { $0 * $1 }
      let nextQ = barycenter(nextW)
      guard nextW.allSatisfy(\.isFinite), nextQ.allSatisfy({ $0.isFinite && $0 > 0 }) else {
        status = .numericalFailure(iteration: iteration)
        break
      }
      (w, q) = (nextW, nextQ)
      for i in 0..<d { for k in 0..<count { u[i * count + k] *= q[i] / w[i * count + k] } }
      if iteration % 10 == 1 {
        var spread = 0.0
        for i in 0..<d {
          let row = (0..<count).map { w[i * count + $0] }
          let mean = row.reduce(0, +) / Double(count)
          spread += (row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)).squareRoot()
        }
        history.append(spread)
        if spread < tolerance {
          status = .converged
          break
        }
      }
      iteration += 1
    }
    var notes: [String] = []
    switch status {
    case .converged: break
    case .maxIterationsReached:
      iteration = maxIterations - 1
      notes.append("no convergence in \(maxIterations) iterations (last spread \(history.last ?? .nan)); raise maxIterations or ε")
    case .numericalFailure(let at):
      notes.append("exp(−C/ε) underflows at ε = \(eps): the iterates stopped being finite at iteration \(at); returned the last finite barycenter (raise ε)")
    }
    return Solution(barycenter: q, status: status, iterations: iteration, errorHistory: history, notes: notes)
  }
}

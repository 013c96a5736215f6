import Dispatch
import Foundation

/// Entropic optimal transport by Sinkhorn's matrix scaling.
///
///     minimize  ⟨P, C⟩ − ε·H(P)   over P ≥ 0, P·1 = a, Pᵀ·1 = b,   H(P) = −Σ Pᵢⱼ (log Pᵢⱼ − 1)
///
/// The solution is P = diag(u)·K·diag(v) with K = exp(−C/ε). Each iteration sets
/// v ← b ⊘ Kᵀu, then u ← a ⊘ Kv. Every `checkEvery` iterations (from iteration 0, as POT)
/// the violation of the target marginal ‖Pᵀ1 − b‖ is measured in the chosen norm and the
/// solver stops below `tolerance`.
///
/// - **Kernel domain** runs the scaling above on BLAS matrix–vector products. At small ε,
///   K underflows and u, v overflow.
/// - **Log domain** keeps f = log u and g = log v and replaces the products by log-sum-exps:
///   g ← log b − LSEᵢ(−C/ε + f),  f ← log a − LSEⱼ(−C/ε + g). The same iterates, stable for
///   any ε; rows run on both cores with a vectorized exponential.
/// - **Automatic** (the default) runs the kernel domain and, if it breaks down (a zero in
///   Kᵀu or a non-finite scaling), starts again in the log domain and says so in `notes`.
///
/// The returned cost is ⟨P, C⟩ (POT's `sinkhorn2`), and the dual potentials are ε·log u and
/// ε·log v.
///
/// - SeeAlso: Cuturi, "Sinkhorn Distances: Lightspeed Computation of Optimal Transport",
///   NeurIPS 2013; Peyré & Cuturi, "Computational Optimal Transport", 2019, §4.4 (log domain).
public struct Sinkhorn: Sendable {
  /// How ε is given.
  public enum Epsilon: Sendable, Equatable {
    /// ε itself.
    case absolute(Double)
    /// ε = r · mean(C), OTT-JAX's convention for a scale-free choice.
    case relative(Double)

    /// ε for the cost C; throws when it is not positive and finite.
    func value(forCost cost: [Double]) throws(TransportError) -> Double {
      let eps: Double
      switch self {
      case .absolute(let e): eps = e
      case .relative(let r): eps = r * cost.reduce(0, +) / Double(cost.count)
      }
      guard eps > 0, eps.isFinite else { throw .nonPositiveEpsilon(eps) }
      return eps
    }
  }

  /// Where the iterations run.
  public enum Domain: String, Sendable, CaseIterable {
    case kernel, logarithmic, automatic
  }

  /// The norm of the marginal violation compared with `tolerance`.
  public enum ErrorNorm: String, Sendable, CaseIterable {
    /// ‖·‖₂, POT's choice.
    case l2
    case l1
    case lInfinity

    /// The norm of a residual vector.
    func measure(_ residual: [Double]) -> Double {
      switch self {
      case .l2: return residual.reduce(0) { $0 + $1 * $1 }.squareRoot()
      case .l1: return residual.reduce(0) { $0 + abs($1) }
      case .lInfinity: return residual.reduce(0) { max($0, abs($1)) }
      }
    }
  }

  public var epsilon: Epsilon
  public var domain: Domain = .automatic
  /// Stop when the marginal violation falls below this. Default `1e-9` (POT's).
  public var tolerance: Double = 1e-9
  public var errorNorm: ErrorNorm = .l2
  /// Default `100_000`.
  public var maxIterations: Int = 100_000
  /// Measure the marginal error every this many iterations. Default `10` (POT's).
  public var checkEvery: Int = 10

  public init(epsilon: Epsilon, domain: Domain = .automatic) {
    self.epsilon = epsilon
    self.domain = domain
  }

  /// The result of a solve. Its type does not depend on the options.
  public struct Solution: Sendable {
    /// P, row-major n×m.
    public var plan: Tensor<Double>
    /// ⟨P, C⟩.
    public var cost: Double
    /// The dual potentials f = ε·log u (n) and g = ε·log v (m); pass them to `warmStart`.
    public var sourcePotential: [Double]
    public var targetPotential: [Double]
    public var status: SolverStatus
    /// Iterations run (POT's `niter`: the index of the last iteration).
    public var iterations: Int
    /// The marginal error at each check.
    public var errorHistory: [Double]
    /// The domain the returned solution was computed in.
    public var domain: Domain
    /// The ε used.
    public var epsilon: Double
    /// What happened besides the status (a switch to the log domain, and why).
    public var notes: [String]
  }

  /// Solves `problem`, optionally starting from dual potentials of an earlier solve.
  public func solve(
    _ problem: TransportProblem, warmStart: (source: [Double], target: [Double])? = nil
  ) throws(TransportError) -> Solution {
    let eps = try epsilon.value(forCost: problem.cost)
    precondition(tolerance > 0 && maxIterations > 0 && checkEvery > 0, "tolerance, maxIterations and checkEvery must be positive")
    if let warmStart {
      precondition(warmStart.source.count == problem.sourceCount && warmStart.target.count == problem.targetCount,
        "warm-start potentials of sizes \(warmStart.source.count), \(warmStart.target.count) for a \(problem.sourceCount)×\(problem.targetCount) problem")
    }
    switch domain {
    case .kernel: return kernelSolve(problem, eps, warmStart)
    case .logarithmic: return logSolve(problem, eps, warmStart)
    case .automatic:
      let first = kernelSolve(problem, eps, warmStart)
      guard case .numericalFailure(let iteration) = first.status else { return first }
      var second = logSolve(problem, eps, warmStart)
      second.notes.insert(
        "the kernel domain broke down at iteration \(iteration) (exp(−C/ε) underflows at ε = \(eps)); solved in the log domain instead",
        at: 0)
      return second
    }
  }

  /// On every `checkEvery`-th iteration, records the target-marginal error of the current
  /// column sums and says whether it is below the tolerance.
  private func checksConvergence(
    at iteration: Int, columnSums: () -> [Double], target: [Double], history: inout [Double]
  ) -> Bool {
    guard iteration % checkEvery == 0 else { return false }
    let error = errorNorm.measure(zip(columnSums(), target).map { $0 - $1 })
    history.append(error)
    return error < tolerance
  }

  // MARK: Kernel domain

  private func kernelSolve(_ p: TransportProblem, _ eps: Double, _ warm: (source: [Double], target: [Double])?) -> Solution {
    let (n, m) = (p.sourceCount, p.targetCount)
    let kernel = p.cost.map { exp(-$0 / eps) }
    var u = warm.map { $0.source.map { exp($0 / eps) } } ?? [Double](repeating: 1 / Double(n), count: n)
    var v = warm.map { $0.target.map { exp($0 / eps) } } ?? [Double](repeating: 1 / Double(m), count: m)
    var ktu = [Double](repeating: 0, count: m), kv = [Double](repeating: 0, count: n)
    var history: [Double] = []
    var status = SolverStatus.maxIterationsReached
    var iteration = 0
    kernel.withUnsafeBufferPointer { k in
      func multiplyTransposed() {  // ktu ← Kᵀu
        u.withUnsafeBufferPointer { u in ktu.withUnsafeMutableBufferPointer { out in
          BLAS.gemv(transpose: true, m: n, n: m, alpha: 1.0, a: k.baseAddress!, lda: m, x: u.baseAddress!, beta: 0, y: out.baseAddress!)
        } }
      }
      multiplyTransposed()
      while iteration < maxIterations {
        let (previousU, previousV) = (u, v)
        for j in 0..<m { v[j] = p.targetWeights[j] / ktu[j] }
        v.withUnsafeBufferPointer { v in kv.withUnsafeMutableBufferPointer { out in
          BLAS.gemv(transpose: false, m: n, n: m, alpha: 1.0, a: k.baseAddress!, lda: m, x: v.baseAddress!, beta: 0, y: out.baseAddress!)
        } }
        for i in 0..<n { u[i] = p.sourceWeights[i] / kv[i] }
        multiplyTransposed()
        if ktu.contains(0) || !u.allSatisfy(\.isFinite) || !v.allSatisfy(\.isFinite) {
          (u, v) = (previousU, previousV)
          status = .numericalFailure(iteration: iteration)
          break
        }
        if checksConvergence(at: iteration, columnSums: { (0..<m).map { v[$0] * ktu[$0] } }, target: p.targetWeights, history: &history) {
          status = .converged
          break
        }
        iteration += 1
      }
    }
    var plan = [Double](repeating: 0, count: n * m)
    for i in 0..<n { for j in 0..<m { plan[i * m + j] = u[i] * kernel[i * m + j] * v[j] } }
    return finish(p, plan: plan, f: u.map { eps * log($0) }, g: v.map { eps * log($0) }, status, iteration, history, .kernel, eps)
  }

  // MARK: Log domain

  private func logSolve(_ p: TransportProblem, _ eps: Double, _ warm: (source: [Double], target: [Double])?) -> Solution {
    let (n, m) = (p.sourceCount, p.targetCount)
    // −C/ε row-major (n×m) for the row updates, and transposed (m×n) for the column updates.
    let scaled = p.cost.map { -$0 / eps }
    var scaledTransposed = [Double](repeating: 0, count: n * m)
    for i in 0..<n { for j in 0..<m { scaledTransposed[j * n + i] = scaled[i * m + j] } }
    let logA = p.sourceWeights.map { log($0) }, logB = p.targetWeights.map { log($0) }
    var f = warm.map { $0.source.map { $0 / eps } } ?? [Double](repeating: 0, count: n)
    var g = warm.map { $0.target.map { $0 / eps } } ?? [Double](repeating: 0, count: m)
    var columnLSE = [Double](repeating: 0, count: m), rowLSE = [Double](repeating: 0, count: n)
    var history: [Double] = []
    var status = SolverStatus.maxIterationsReached
    var iteration = 0
    scaled.withUnsafeBufferPointer { rows in
      scaledTransposed.withUnsafeBufferPointer { columns in
        // L_j = LSE_i(−C_ij/ε + f_i): needed for the next g and for the marginal error.
        func updateColumnLSE() {
          f.withUnsafeBufferPointer { f in columnLSE.withUnsafeMutableBufferPointer { out in
            parallelRows(m) { j in out[j] = logSumExp(columns.baseAddress! + j * n, plus: f.baseAddress!, count: n) }
          } }
        }
        updateColumnLSE()
        while iteration < maxIterations {
          for j in 0..<m { g[j] = logB[j] - columnLSE[j] }
          g.withUnsafeBufferPointer { g in rowLSE.withUnsafeMutableBufferPointer { out in
            parallelRows(n) { i in out[i] = logSumExp(rows.baseAddress! + i * m, plus: g.baseAddress!, count: m) }
          } }
          for i in 0..<n { f[i] = logA[i] - rowLSE[i] }
          updateColumnLSE()
          // Column sums of P: exp(g_j + L_j).
          if checksConvergence(at: iteration, columnSums: { (0..<m).map { exp(g[$0] + columnLSE[$0]) } }, target: p.targetWeights, history: &history) {
            status = .converged
            break
          }
          iteration += 1
        }
      }
    }
    var plan = [Double](repeating: 0, count: n * m)
    for i in 0..<n { for j in 0..<m { plan[i * m + j] = exp(scaled[i * m + j] + f[i] + g[j]) } }
    return finish(p, plan: plan, f: f.map { eps * $0 }, g: g.map { eps * $0 }, status, iteration, history, .logarithmic, eps)
  }

  private func finish(
    _ p: TransportProblem, plan: [Double], f: [Double], g: [Double], _ status: SolverStatus, _ iterations: Int,
    _ history: [Double], _ domain: Domain, _ eps: Double
  ) -> Solution {
    // Without convergence the loop ran out at maxIterations; report POT's last index.
    let iterations = status == .maxIterationsReached ? maxIterations - 1 : iterations
    let cost = zip(plan, p.cost).reduce(0) { $0 + $1.0 * $1.1 }
    let notes = entropicSolveNotes(
      status, maxIterations: maxIterations, lastError: history.last, measure: "error", epsilon: eps, returned: "plan",
      remedy: "use the log domain, or the automatic one")
    return Solution(
      plan: Tensor(shape: [p.sourceCount, p.targetCount], scalars: plan), cost: cost, sourcePotential: f,
      targetPotential: g, status: status, iterations: iterations, errorHistory: history, domain: domain,
      epsilon: eps, notes: notes)
  }
}

/// Runs `body(i)` for i in 0..<count, split in contiguous chunks over the cores.
func parallelRows(_ count: Int, _ body: (Int) -> Void) {
  let chunks = min(ProcessInfo.processInfo.activeProcessorCount, max(1, count / 64))
  if chunks <= 1 {
    for i in 0..<count { body(i) }
    return
  }
  withoutActuallyEscaping(body) { body in
    // The chunks write disjoint indices; the box only carries the closure across threads.
    let box = UncheckedSendable(body)
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
      for i in (c * count / chunks)..<((c + 1) * count / chunks) { box.value(i) }
    }
  }
}

/// A value passed to another thread where the caller guarantees the accesses do not race.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

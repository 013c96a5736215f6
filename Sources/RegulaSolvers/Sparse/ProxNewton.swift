import RegulaPenalties

/// Proximal Newton with working sets for min_w f(w) + Σⱼ gⱼ(wⱼ), f a ``PointwiseDatafit``
/// (skglm's `ProxNewton`).
///
/// Each outer iteration computes ∇f, the KKT violations and, as coordinate descent does, a
/// working set of the worst violators (the support and the intercept always in it); it stops
/// when the largest violation is at most `tolerance`·‖∇f‖_∞ at the reference point. On the
/// working set W it repeats Newton steps until W's own violation is below 0.3 × the outer
/// one:
///
/// 1. With h = ℓ″(y, z)·s/n at the current z = Xw, coordinate descent (at most 20 passes,
///    stopping when the model's violation is below 0.3 × the inner tolerance) on the
///    quadratic model of f around w restricted to W,
///
///        min_Δ  ∇_Wfᵀ Δ + ½ Δᵀ X_Wᵀ diag(h) X_W Δ + Σ_{j∈W} gⱼ(wⱼ + Δⱼ),
///
///    with steps 1/Lⱼ, Lⱼ = Σᵢ hᵢ xᵢⱼ², gives the direction Δ.
/// 2. A backtracking line search halves t from 1 (at most 20 times) until
///    g(w + tΔ) − g(w) + t·∇f(w + tΔ)ᵀΔ < 0, and moves to w + tΔ.
///
/// One "epoch" of the result is one Newton step.
///
/// - SeeAlso: J. D. Lee, Y. Sun & M. A. Saunders, "Proximal Newton-Type Methods for
///   Minimizing Composite Functions", SIAM J. Optimization 2014; M. Massias et al., "Dual
///   Extrapolation for Sparse Generalized Linear Models", JMLR 2020.
/// - Note: as skglm, the line search accepts a step when the directional derivative at the
///   new point is still negative (a curvature condition), not on Armijo's sufficient
///   decrease, which rounding makes unreliable near the optimum.
func proxNewton<L: SampleLoss, B: DesignColumns, P: SeparablePenalty>(
  datafit f: PointwiseDatafit<L, B>, penalty: P, options: CoordinateDescentOptions, warmStart: [Double],
  start: ContinuousClock.Instant
) -> CoordinateDescentResult {
  let design = f.design
  let n = design.rowCount, p = design.columnCount
  precondition(warmStart.count == p, "warm start of \(warmStart.count) coefficients for \(p) columns")
  let innerPasses = 20, backtrackingSteps = 20
  var w = warmStart
  var z = [Double](repeating: 0, count: n)
  var gradient = [Double](repeating: 0, count: p)
  var raw = [Double](repeating: 0, count: n)
  var hessian = [Double](repeating: 0, count: n)
  var xDelta = [Double](repeating: 0, count: n)
  var column = [Double](repeating: 0, count: n)
  var scores = [Double](repeating: 0, count: p)
  var workingSet = [Int]()
  var trace = [SolverTrace]()
  var status = SolverStatus.maxIterationsReached
  var iterations = 0, epochs = 0
  var objective = Double.nan, kktMax = Double.infinity

  func computeState(_ v: [Double]) {
    z.withUnsafeMutableBufferPointer { z in v.withUnsafeBufferPointer { f.computeState(z.baseAddress!, at: $0.baseAddress!) } }
  }
  func fullGradient() {
    z.withUnsafeBufferPointer { z in gradient.withUnsafeMutableBufferPointer { f.gradient(z.baseAddress!, into: $0.baseAddress!) } }
  }
  /// x_jᵀv.
  func dot(_ j: Int, _ v: [Double]) -> Double { v.withUnsafeBufferPointer { design.dot(column: j, $0.baseAddress!) } }
  /// Σᵢ hᵢ xᵢⱼ².
  func curvature(_ j: Int) -> Double {
    for i in 0..<n { column[i] = 0 }
    column.withUnsafeMutableBufferPointer { design.add(1, timesColumn: j, to: $0.baseAddress!) }
    var s = 0.0
    for i in 0..<n { s += hessian[i] * column[i] * column[i] }
    return s
  }

  computeState(f.referenceCoefficients)
  fullGradient()
  let threshold = options.tolerance * gradient.reduce(0) { max($0, abs($1)) }

  for iteration in 0..<options.maxIterations {
    iterations = iteration + 1
    computeState(w)
    fullGradient()
    kktMax = 0
    var supportSize = 0
    for j in 0..<p {
      let v = penalty.subdifferentialDistance(w[j], gradient: gradient[j], coordinate: j)
      kktMax = max(kktMax, v)
      let inSupport = penalty.isInGeneralizedSupport(w[j], coordinate: j)
      if inSupport { supportSize += 1 }
      scores[j] = inSupport || !penalty.isPenalized(coordinate: j) ? .infinity : v
    }
    objective = z.withUnsafeBufferPointer { f.value($0.baseAddress!) } + penalty.value(w)
    trace.append(SolverTrace(iteration: iteration, seconds: secondsSince(start), objective: objective, dualityGap: nil, kktViolation: kktMax))
    guard objective.isFinite, kktMax.isFinite else {
      status = .numericalFailure(iteration: iteration)
      break
    }
    if kktMax <= threshold {
      status = .converged
      break
    }
    if iteration == options.maxIterations - 1 { break }
    let size = options.usesWorkingSets ? workingSetSize(supportSize: supportSize, start: options.workingSetStart, featureCount: p) : p
    selectWorkingSet(scores: scores, size: size, into: &workingSet)
    let m = workingSet.count
    var workingGradient = workingSet.map { gradient[$0] }
    var lipschitz = [Double](repeating: 0, count: m)
    var modelGradient = [Double](repeating: 0, count: m)
    var candidate = [Double](repeating: 0, count: m)
    let innerTolerance = 0.3 * kktMax

    for _ in 0..<options.maxEpochs {
      epochs += 1
      // 1. The direction: coordinate descent on the quadratic model.
      z.withUnsafeBufferPointer { z in hessian.withUnsafeMutableBufferPointer { f.rawHessian(z.baseAddress!, into: $0.baseAddress!) } }
      for (k, j) in workingSet.enumerated() {
        lipschitz[k] = curvature(j)
        candidate[k] = w[j]
      }
      for i in 0..<n { xDelta[i] = 0 }
      for pass in 0..<innerPasses {
        for (k, j) in workingSet.enumerated() where lipschitz[k] > 0 {
          for i in 0..<n { raw[i] = hessian[i] * xDelta[i] }
          modelGradient[k] = workingGradient[k] + dot(j, raw)
          let old = candidate[k]
          let step = 1 / lipschitz[k]
          let new = penalty.prox(old - step * modelGradient[k], stepSize: step, coordinate: j)
          if new != old {
            candidate[k] = new
            xDelta.withUnsafeMutableBufferPointer { design.add(new - old, timesColumn: j, to: $0.baseAddress!) }
          }
        }
        if pass % 5 == 0 {
          var violation = 0.0
          for (k, j) in workingSet.enumerated() {
            violation = max(violation, penalty.subdifferentialDistance(candidate[k], gradient: modelGradient[k], coordinate: j))
          }
          if violation <= 0.3 * innerTolerance { break }
        }
      }
      let direction = workingSet.indices.map { candidate[$0] - w[workingSet[$0]] }
      if direction.allSatisfy({ $0 == 0 }) { break }

      // 2. Backtracking line search on t ∈ {1, ½, ¼, …}.
      var oldPenalty = 0.0
      for j in workingSet { oldPenalty += penalty.value(w[j], coordinate: j) }
      var t = 1.0, previous = 0.0
      for _ in 0..<backtrackingSteps {
        for (k, j) in workingSet.enumerated() { w[j] += (t - previous) * direction[k] }
        for i in 0..<n { z[i] += (t - previous) * xDelta[i] }
        z.withUnsafeBufferPointer { z in raw.withUnsafeMutableBufferPointer { f.rawGradient(z.baseAddress!, into: $0.baseAddress!) } }
        var criterion = -oldPenalty
        for (k, j) in workingSet.enumerated() {
          workingGradient[k] = dot(j, raw)
          criterion += penalty.value(w[j], coordinate: j) + t * workingGradient[k] * direction[k]
        }
        if criterion < 0 { break }
        previous = t
        t /= 2
      }

      var inner = 0.0
      for (k, j) in workingSet.enumerated() {
        inner = max(inner, penalty.subdifferentialDistance(w[j], gradient: workingGradient[k], coordinate: j))
      }
      if inner <= innerTolerance { break }
    }
  }
  return CoordinateDescentResult(
    coefficients: w, status: status, iterations: iterations, epochs: epochs, objective: objective,
    dualityGap: nil, kktViolation: kktMax, trace: trace)
}

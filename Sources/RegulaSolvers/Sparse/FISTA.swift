import RegulaPenalties

/// FISTA with adaptive restart for min_w (1/2n)‖y − Xw‖² + Σⱼ gⱼ(wⱼ): a general fallback
/// that needs only the penalty's proximal operator (no coordinate structure).
///
///     w_k = prox_{g/L}(z_k − ∇f(z_k)/L),   L = ‖X‖₂²/n
///     t_{k+1} = (1 + √(1 + 4t_k²))/2,   z_{k+1} = w_k + ((t_k − 1)/t_{k+1})(w_k − w_{k−1})
///
/// restarting the momentum (t = 1, z = w_k) whenever the objective increases (function
/// restart). Every `checkInterval` iterations it computes the KKT violation and, for convex
/// penalties, the duality gap, and stops as coordinate descent does (see
/// ``CoordinateDescentOptions/tolerance``); an "outer iteration" of the result is one such
/// check and an "epoch" one gradient step.
///
/// - SeeAlso: A. Beck & M. Teboulle, "A Fast Iterative Shrinkage-Thresholding Algorithm for
///   Linear Inverse Problems", SIAM J. Imaging Sciences 2009; B. O'Donoghue & E. Candès,
///   "Adaptive Restart for Accelerated Gradient Schemes", FoCM 2015; skglm `FISTA`.
func fista<D: DesignColumns, P: SeparablePenalty>(
  datafit f: QuadraticDatafit<D>, penalty: P, options: CoordinateDescentOptions, warmStart: [Double]?,
  dual: DualCertificate?, checkInterval: Int = 10, start: ContinuousClock.Instant
) -> CoordinateDescentResult {
  let n = f.rowCount, p = f.columnCount, design = f.design
  let invN = 1 / Double(n)
  let lipschitz = spectralNormSquared(design) * invN
  let step = lipschitz > 0 ? 1 / lipschitz : 0
  let y = f.target
  var w = warmStart ?? [Double](repeating: 0, count: p)
  var previous = w, z = w
  var r = [Double](repeating: 0, count: n), xtr = [Double](repeating: 0, count: p)
  var t = 1.0
  let yy = y.reduce(0) { $0 + $1 * $1 }

  /// r ← y − Xv, then xtr ← Xᵀr; returns ½‖r‖²/n.
  func residualAndCorrelation(_ v: [Double]) -> Double {
    r = y
    r.withUnsafeMutableBufferPointer { r in
      for j in 0..<p where v[j] != 0 { design.add(-v[j], timesColumn: j, to: r.baseAddress!) }
    }
    r.withUnsafeBufferPointer { r in xtr.withUnsafeMutableBufferPointer { design.transposeMultiply(r.baseAddress!, into: $0.baseAddress!) } }
    return 0.5 * r.reduce(0) { $0 + $1 * $1 } * invN
  }
  func objective(_ v: [Double], loss: Double) -> Double {
    var total = loss
    for j in 0..<p where v[j] != 0 { total += penalty.value(v[j], coordinate: j) }
    return total
  }

  var currentObjective = objective(w, loss: residualAndCorrelation(w))
  let gradientScale = y.withUnsafeBufferPointer { yp -> Double in
    var xty = [Double](repeating: 0, count: p)
    xty.withUnsafeMutableBufferPointer { design.transposeMultiply(yp.baseAddress!, into: $0.baseAddress!) }
    return xty.reduce(0) { max($0, abs($1)) } * invN
  }
  let stopsOnGap = dual != nil && options.stoppingCriterion == .automatic
  let threshold = stopsOnGap ? options.tolerance * yy * invN : options.tolerance * gradientScale
  var trace = [SolverTrace]()
  var status = SolverStatus.maxIterationsReached
  var iterations = 0, steps = 0
  var kktMax = Double.infinity
  var gap: Double? = nil

  for iteration in 0..<options.maxIterations {
    iterations = iteration + 1
    // The optimality check at w (r and Xᵀr are those of w here).
    kktMax = 0
    for j in 0..<p { kktMax = max(kktMax, penalty.subdifferentialDistance(w[j], gradient: -xtr[j] * invN, coordinate: j)) }
    if let dual {
      let gradient = xtr.map { -$0 * invN }
      gap = gradient.withUnsafeBufferPointer { g in r.withUnsafeBufferPointer { dual.gap(currentObjective, g.baseAddress!, $0.baseAddress!).gap } }
    }
    trace.append(SolverTrace(iteration: iteration, seconds: secondsSince(start), objective: currentObjective, dualityGap: gap, kktViolation: kktMax))
    guard currentObjective.isFinite, kktMax.isFinite else {
      status = .numericalFailure(iteration: iteration)
      break
    }
    if (stopsOnGap ? gap! : kktMax) <= threshold {
      status = .converged
      break
    }
    if iteration == options.maxIterations - 1 || step == 0 { break }
    for _ in 0..<checkInterval {
      _ = residualAndCorrelation(z)
      previous = w
      for j in 0..<p { w[j] = penalty.prox(z[j] + xtr[j] * invN * step, stepSize: step, coordinate: j) }
      let next = objective(w, loss: residualAndCorrelation(w))
      steps += 1
      if next > currentObjective {
        // Function restart: drop the momentum and continue from w.
        t = 1
        z = w
      } else {
        let tNext = (1 + (1 + 4 * t * t).squareRoot()) / 2
        let momentum = (t - 1) / tNext
        for j in 0..<p { z[j] = w[j] + momentum * (w[j] - previous[j]) }
        t = tNext
      }
      currentObjective = next
    }
  }
  return CoordinateDescentResult(
    coefficients: w, status: status, iterations: iterations, epochs: steps, objective: currentObjective,
    dualityGap: gap, kktViolation: kktMax, trace: trace)
}

/// ‖X‖₂², the largest eigenvalue of XᵀX, by power iteration (to relative change 1e-10, at
/// most 1000 products), times 1 + 1e-6 so that 1/L stays a safe step.
func spectralNormSquared<D: DesignColumns>(_ design: D) -> Double {
  let n = design.rowCount, p = design.columnCount
  var v = [Double](repeating: 1 / Double(p).squareRoot(), count: p)
  var xv = [Double](repeating: 0, count: n), xtxv = [Double](repeating: 0, count: p)
  var estimate = 0.0
  for _ in 0..<1000 {
    for i in 0..<n { xv[i] = 0 }
    xv.withUnsafeMutableBufferPointer { xv in
      for j in 0..<p where v[j] != 0 { design.add(v[j], timesColumn: j, to: xv.baseAddress!) }
    }
    xv.withUnsafeBufferPointer { xv in xtxv.withUnsafeMutableBufferPointer { design.transposeMultiply(xv.baseAddress!, into: $0.baseAddress!) } }
    let norm = xtxv.reduce(0) { $0 + $1 * $1 }.squareRoot()
    if norm == 0 { return 0 }
    let next = zip(v, xtxv).reduce(0) { $0 + $1.0 * $1.1 }  // Rayleigh quotient vᵀXᵀXv
    for j in 0..<p { v[j] = xtxv[j] / norm }
    if abs(next - estimate) <= 1e-10 * next {
      estimate = max(next, norm)
      break
    }
    estimate = next
  }
  return estimate * (1 + 1e-6)
}

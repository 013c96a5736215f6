import RegulaPenalties

/// What the coordinate-descent core returns (before the estimator adds the intercept).
struct CoordinateDescentResult {
  var coefficients: [Double]
  var status: SolverStatus
  var iterations: Int
  var epochs: Int
  var objective: Double
  var dualityGap: Double?
  var kktViolation: Double
  var trace: [SolverTrace]
  /// The features that gap-safe screening fixed at 0, in the order it did.
  var screenedFeatures: [Int] = []
}

/// The duality gap and the dual point's scale s (θ = s·r) of least squares given the primal
/// value, the gradient ∇f = −Xᵀr/n and the residual r (see
/// ``dualityGap(penalty:primal:gradient:featureCount:rowCount:residualDotTarget:residualSquaredNorm:)``).
typealias DualityGapFunction = (_ primal: Double, _ gradient: UnsafePointer<Double>, _ residual: UnsafePointer<Double>) -> (gap: Double, scale: Double)

/// What a convex penalty gives the solver: the gap, and the radii r_j of ∂gⱼ(0) for
/// gap-safe screening (`nil` when screening would not be safe).
struct DualCertificate {
  var gap: DualityGapFunction
  var screeningRadii: [Double]?
}

/// Coordinate descent with working sets and Anderson extrapolation for
/// min_w f(w) + Σⱼ gⱼ(wⱼ) with a smooth datafit f (skglm's `AndersonCD`): least squares
/// (1/2n)‖y − Xw‖², or any ``CoordinateDescentDatafit`` with Lipschitz partial derivatives
/// (Huber, logistic).
///
/// Each outer iteration computes ∇f (one `gemv` for least squares), the KKT violation of
/// every feature and, when `dual` is given (least squares with a convex penalty), the
/// duality gap; it stops when the criterion is below the tolerance. Otherwise it takes as working set the max(p₀, 2·|support|) worst violators
/// (the support and unpenalized features always included) and runs coordinate-descent
/// epochs on it,
///
///     wⱼ ← prox_{gⱼ/Lⱼ}(wⱼ − ∂ⱼf(w)/Lⱼ)     (for least squares ∂ⱼf = −x_jᵀr/n, Lⱼ = ‖x_j‖²/n),
///
/// extrapolating every K + 1 epochs (kept only if the objective decreases), until the
/// working set's own KKT violation is below 0.3 × the outer one (checked every 10 epochs).
/// Between full passes over the working set, `activeSetEpochs` passes visit only its
/// support (glmnet's active-set cycling): the zeros a full pass left at zero rarely move
/// before the support has settled, and skipping them saves a dot product each.
/// The datafit's state (the residual r, or Xw) is updated after each move and recomputed
/// from the support at each outer iteration so that rounding does not accumulate. For convex penalties each outer iteration also applies the gap-safe
/// rule, fixing provably inactive features at 0 and leaving them out of working sets.
///
/// Double only: duality gaps of 1e-10 need float64 throughout.
func coordinateDescent<F: CoordinateDescentDatafit, P: SeparablePenalty>(
  datafit f: F, penalty: P, options: CoordinateDescentOptions, warmStart: [Double]?,
  dual: DualCertificate?, start: ContinuousClock.Instant
) -> CoordinateDescentResult {
  let gapFunction = dual?.gap
  let screeningRadii = options.usesGapSafeScreening ? dual?.screeningRadii : nil
  let design = f.design
  let n = design.rowCount, p = design.columnCount
  let K = options.andersonMemory

  let w = UnsafeMutableBufferPointer<Double>.allocate(capacity: p)
  let lastFinite = UnsafeMutableBufferPointer<Double>.allocate(capacity: p)
  let r = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
  let gradient = UnsafeMutableBufferPointer<Double>.allocate(capacity: p)
  let extrapolatedW = UnsafeMutableBufferPointer<Double>.allocate(capacity: p)
  let extrapolatedR = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
  let inverseLipschitz = UnsafeMutableBufferPointer<Double>.allocate(capacity: p)
  defer {
    for buffer in [w, lastFinite, r, gradient, extrapolatedW, extrapolatedR, inverseLipschitz] { buffer.deallocate() }
  }
  if let warmStart {
    precondition(warmStart.count == p, "warm start of \(warmStart.count) coefficients for \(p) features")
    _ = w.initialize(from: warmStart)
  } else {
    w.initialize(repeating: 0)
  }
  for (j, lipschitz) in f.lipschitzConstants.enumerated() { inverseLipschitz[j] = lipschitz > 0 ? 1 / lipschitz : 0 }
  // Features with a zero column do not move the datafit: their best value minimizes gⱼ,
  // which is 0 for every penalty here.
  for j in 0..<p where inverseLipschitz[j] == 0 { w[j] = 0 }
  _ = lastFinite.initialize(from: w)
  let columnNorms = design.squaredColumnNorms.map { $0.squareRoot() }

  // ‖∇f‖_∞ at the reference point (‖Xᵀy‖_∞/n for least squares) scales the KKT
  // tolerance, and f there (‖y‖²/2n) the gap's; from a cold start the first outer
  // iteration computes them anyway.
  let reference = f.referenceCoefficients
  var gradientScale = 0.0
  var referenceValue = 0.0
  func setScales() {
    gradientScale = 0
    for j in 0..<p { gradientScale = max(gradientScale, abs(gradient[j])) }
    referenceValue = f.value(r.baseAddress!)
  }
  let coldStart = (0..<p).allSatisfy { w[$0] == reference[$0] }
  if !coldStart {
    reference.withUnsafeBufferPointer { f.computeState(r.baseAddress!, at: $0.baseAddress!) }
    f.gradient(r.baseAddress!, into: gradient.baseAddress!)
    setScales()
  }
  let stopsOnGap = gapFunction != nil && options.stoppingCriterion == .automatic
  var threshold = 0.0
  var floor = 0.0
  func setThresholds() {
    threshold = stopsOnGap ? options.tolerance * 2 * referenceValue : options.tolerance * gradientScale
    floor = 1e-15 * max(gradientScale, .leastNormalMagnitude)
  }
  setThresholds()

  let anderson = AndersonExtrapolation(memory: K, maxCoordinates: p, rowCount: n)
  var scores = [Double](repeating: 0, count: p)
  var screened = [Bool](repeating: false, count: p)
  var screenedFeatures = [Int]()
  var workingSet = [Int]()
  workingSet.reserveCapacity(p)
  var active = [Int]()
  active.reserveCapacity(p)
  var trace = [SolverTrace]()
  var status = SolverStatus.maxIterationsReached
  var epochs = 0
  var iterations = 0
  var objective = Double.nan
  var gap: Double? = nil
  var kktMax = Double.infinity

  func recomputeState() { f.computeState(r.baseAddress!, at: w.baseAddress!) }

  let fixedPoint = options.workingSetStrategy == .fixedPoint
  /// Coordinate j's optimality violation at wⱼ with partial derivative gⱼ.
  func violation(_ j: Int, _ wj: Double, _ gj: Double) -> Double {
    guard fixedPoint else { return penalty.subdifferentialDistance(wj, gradient: gj, coordinate: j) }
    let step = inverseLipschitz[j]
    return step == 0 ? 0 : abs(wj - penalty.prox(wj - gj * step, stepSize: step, coordinate: j)) / step
  }

  func penaltyValue() -> Double {
    var total = 0.0
    for j in 0..<p where w[j] != 0 { total += penalty.value(w[j], coordinate: j) }
    return total
  }

  for iteration in 0..<options.maxIterations {
    iterations = iteration + 1
    recomputeState()
    f.gradient(r.baseAddress!, into: gradient.baseAddress!)
    if iteration == 0 && coldStart {
      setScales()
      setThresholds()
    }
    kktMax = 0
    var supportSize = 0
    for j in 0..<p {
      let v = violation(j, w[j], gradient[j])
      kktMax = max(kktMax, v)
      let forced = penalty.isInGeneralizedSupport(w[j], coordinate: j) || !penalty.isPenalized(coordinate: j)
      if penalty.isInGeneralizedSupport(w[j], coordinate: j) { supportSize += 1 }
      scores[j] = screened[j] ? -.infinity : forced ? .infinity : v
    }
    let primal = f.value(r.baseAddress!) + penaltyValue()
    guard primal.isFinite, kktMax.isFinite else {
      status = .numericalFailure(iteration: iteration)
      w.baseAddress!.update(from: lastFinite.baseAddress!, count: p)
      recomputeState()
      f.gradient(r.baseAddress!, into: gradient.baseAddress!)
      objective = f.value(r.baseAddress!) + penaltyValue()
      kktMax = 0
      for j in 0..<p { kktMax = max(kktMax, violation(j, w[j], gradient[j])) }
      gap = nil
      break
    }
    lastFinite.baseAddress!.update(from: w.baseAddress!, count: p)
    objective = primal
    if let gapFunction {
      let (g, scale) = gapFunction(primal, gradient.baseAddress!, r.baseAddress!)
      gap = g
      // Gap-safe screening: D is (1/n)-strongly concave, so ‖θ − θ*‖ ≤ √(2n·gap), and
      // |x_jᵀθ*|/n < r_j proves w*_j = 0 (Fercoq, Gramfort & Salmon 2015).
      if let screeningRadii, g.isFinite, g >= 0 {
        let sphere = (2 * Double(n) * g).squareRoot() / Double(n)
        for j in 0..<p where !screened[j] {
          let bound = abs(scale * gradient[j]) + columnNorms[j] * sphere
          if bound < screeningRadii[j] * (1 - 1e-9) {
            screened[j] = true
            screenedFeatures.append(j)
            scores[j] = -.infinity
            if w[j] != 0 {
              f.move(r.baseAddress!, coordinate: j, by: -w[j])
              w[j] = 0
            }
          }
        }
      }
    }
    let seconds = secondsSince(start)
    trace.append(SolverTrace(iteration: iteration, seconds: seconds, objective: primal, dualityGap: gap, kktViolation: kktMax))
    if (stopsOnGap ? gap! : kktMax) <= threshold {
      status = .converged
      break
    }
    if iteration == options.maxIterations - 1 { break }

    let size = min(
      p - screenedFeatures.count,
      options.usesWorkingSets ? workingSetSize(supportSize: supportSize, start: options.workingSetStart, featureCount: p) : p)
    selectWorkingSet(scores: scores, size: size, into: &workingSet)
    anderson.reset()
    let innerThreshold = max(0.3 * kktMax, floor)

    workingSet.withUnsafeBufferPointer { ws in
      let m = ws.count
      /// One coordinate-descent step on coordinate j.
      @inline(__always) func update(_ j: Int) {
        let step = inverseLipschitz[j]
        if step == 0 { return }
        let old = w[j]
        let partial = f.partialDerivative(j, r.baseAddress!)
        let new = penalty.prox(old - partial * step, stepSize: step, coordinate: j)
        if new != old {
          f.move(r.baseAddress!, coordinate: j, by: new - old)
          w[j] = new
        }
      }
      for epoch in 0..<options.maxEpochs {
        // A full pass over the working set, which also lists its support; then
        // `activeSetEpochs` passes over that support only.
        if epoch % (options.activeSetEpochs + 1) == 0 {
          active.removeAll(keepingCapacity: true)
          for j in ws {
            update(j)
            if penalty.isInGeneralizedSupport(w[j], coordinate: j) || !penalty.isPenalized(coordinate: j) { active.append(j) }
          }
        } else {
          for j in active { update(j) }
        }
        epochs += 1

        if K > 0, anderson.record(coordinates: ws, of: w.baseAddress!, residual: r.baseAddress!) {
          if anderson.extrapolate(count: m, coordinatesInto: extrapolatedW.baseAddress!, residualInto: extrapolatedR.baseAddress!) {
            var current = 0.0, candidate = 0.0
            for (i, j) in ws.enumerated() {
              current += penalty.value(w[j], coordinate: j)
              candidate += penalty.value(extrapolatedW[i], coordinate: j)
            }
            current += f.value(r.baseAddress!)
            candidate += f.value(extrapolatedR.baseAddress!)
            if candidate < current {
              for (i, j) in ws.enumerated() { w[j] = extrapolatedW[i] }
              r.baseAddress!.update(from: extrapolatedR.baseAddress!, count: n)
            }
          }
        }

        if epoch % 10 == 0 {
          var inner = 0.0
          for j in ws {
            inner = max(inner, violation(j, w[j], f.partialDerivative(j, r.baseAddress!)))
          }
          if inner <= innerThreshold { break }
        }
      }
    }
  }

  return CoordinateDescentResult(
    coefficients: Array(w), status: status, iterations: iterations, epochs: epochs, objective: objective,
    dualityGap: gap, kktViolation: kktMax, trace: trace, screenedFeatures: screenedFeatures)
}

/// Seconds elapsed since `start`.
func secondsSince(_ start: ContinuousClock.Instant) -> Double {
  let elapsed = (ContinuousClock.now - start).components
  return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
}

import RegulaCore
import RegulaPenalties

/// Block coordinate descent with working sets of groups and Anderson extrapolation for
///
///     min_w (1/2n)‖y − Xw‖² + Σ_g g_g(w_g)
///
/// over a group penalty (skglm's `GroupBCD`). Each outer iteration computes Xᵀr, every
/// group's KKT violation dist(−∇_g f, ∂g_g(w_g)) and the duality gap (dual point θ = s·r,
/// s the largest scale keeping every group dual-feasible); it stops when the gap is at most
/// `tolerance`·‖y‖²/n (or, with `.kktViolation`, the largest violation at most
/// `tolerance`·α_max). Otherwise the working set is the max(p₀, 2·|support|) groups with the
/// largest violations (nonzero and unpenalized groups always in), and epochs of
///
///     w_g ← prox_{g_g/L_g}(w_g − ∇_g f(w)/L_g),   L_g = ‖X_g‖₂²/n
///
/// run on it, with Anderson extrapolation every K + 1 epochs (kept only if the objective
/// decreases), until the working set's violation is below 0.3 × the outer one.
///
/// `design` is any ``DesignColumns``: the columns of a grouped design, or the lifted columns
/// of a multitask problem (then `sampleCount` is n, not the residual's length).
/// `lipschitz[g]` is L_g (0 for a group of zero columns, which stays at 0).
func blockCoordinateDescent<D: DesignColumns, P: GroupPenalty>(
  design: D, target: [Double], sampleCount: Int, penalty: P, lipschitz: [Double], options: CoordinateDescentOptions,
  warmStart: [Double]?, start: ContinuousClock.Instant
) -> CoordinateDescentResult {
  let m = design.rowCount, p = design.columnCount, G = penalty.groupCount
  let invN = 1 / Double(sampleCount)
  precondition(target.count == m, "\(target.count) targets for a residual of \(m)")
  precondition(lipschitz.count == G, "\(lipschitz.count) Lipschitz constants for \(G) groups")
  // Groups flattened: group g holds coordinates[offsets[g] ..< offsets[g + 1]].
  var offsets = [0], coordinates = [Int]()
  for g in 0..<G {
    coordinates.append(contentsOf: penalty.indices(ofGroup: g))
    offsets.append(coordinates.count)
  }
  precondition(coordinates.allSatisfy { $0 < p }, "a group holds a coordinate beyond the \(p) columns")

  var w = warmStart ?? [Double](repeating: 0, count: p)
  precondition(w.count == p, "warm start of \(w.count) coefficients for \(p) columns")
  for g in 0..<G where lipschitz[g] == 0 { for k in offsets[g]..<offsets[g + 1] { w[coordinates[k]] = 0 } }
  var lastFinite = w
  let y = target
  var r = [Double](repeating: 0, count: m)
  var xtr = [Double](repeating: 0, count: p)
  var extrapolatedW = [Double](repeating: 0, count: p)
  var extrapolatedR = [Double](repeating: 0, count: m)
  var block = [Double](), gradient = [Double]()
  block.reserveCapacity(p)
  gradient.reserveCapacity(p)
  let yy = y.reduce(0) { $0 + $1 * $1 }

  func gather(_ values: [Double], group g: Int, scale: Double, into out: inout [Double]) {
    out.removeAll(keepingCapacity: true)
    for k in offsets[g]..<offsets[g + 1] { out.append(values[coordinates[k]] * scale) }
  }
  func recomputeResidual() {
    r.withUnsafeMutableBufferPointer { r in
      _ = r.update(from: y)
      for j in 0..<p where w[j] != 0 { design.add(-w[j], timesColumn: j, to: r.baseAddress!) }
    }
  }
  func multiplyTransposed() {
    r.withUnsafeBufferPointer { r in xtr.withUnsafeMutableBufferPointer { design.transposeMultiply(r.baseAddress!, into: $0.baseAddress!) } }
  }
  func penaltyValue(_ v: [Double]) -> Double {
    var total = 0.0
    for g in 0..<G {
      gather(v, group: g, scale: 1, into: &block)
      if block.contains(where: { $0 != 0 }) { total += penalty.value(block, group: g) }
    }
    return total
  }
  /// The working-set groups' partial derivatives ∇_g f = −X_gᵀr/n, into `gradient`.
  func blockGradient(_ g: Int) {
    gradient.removeAll(keepingCapacity: true)
    r.withUnsafeBufferPointer { r in
      for k in offsets[g]..<offsets[g + 1] { gradient.append(-design.dot(column: coordinates[k], r.baseAddress!) * invN) }
    }
  }

  let coldStart = w.allSatisfy { $0 == 0 }
  var alphaMax = 0.0
  func setAlphaMax() {
    alphaMax = 0
    for g in 0..<G where penalty.isPenalized(group: g) {
      gather(xtr, group: g, scale: invN, into: &gradient)
      alphaMax = max(alphaMax, penalty.alphaMax(ofGroup: g, gradient: gradient))
    }
  }
  if !coldStart {
    r.withUnsafeMutableBufferPointer { _ = $0.update(from: y) }
    multiplyTransposed()
    setAlphaMax()
  }
  let stopsOnGap = options.stoppingCriterion == .automatic
  let K = options.andersonMemory
  let anderson = AndersonExtrapolation(memory: K, maxCoordinates: p, rowCount: m)
  var scores = [Double](repeating: 0, count: G)
  var workingSet = [Int](), workingCoordinates = [Int]()
  var trace = [SolverTrace]()
  var status = SolverStatus.maxIterationsReached
  var epochs = 0, iterations = 0
  var objective = Double.nan, kktMax = Double.infinity
  var gap: Double? = nil

  for iteration in 0..<options.maxIterations {
    iterations = iteration + 1
    recomputeResidual()
    multiplyTransposed()
    if iteration == 0 && coldStart { setAlphaMax() }
    let threshold = stopsOnGap ? options.tolerance * yy * invN : options.tolerance * alphaMax
    kktMax = 0
    var supportSize = 0
    var dualScale = 1.0
    for g in 0..<G {
      gather(w, group: g, scale: 1, into: &block)
      gather(xtr, group: g, scale: -invN, into: &gradient)
      let violation = penalty.subdifferentialDistance(block, gradient: gradient, group: g)
      kktMax = max(kktMax, violation)
      let inSupport = block.contains { $0 != 0 }
      if inSupport { supportSize += 1 }
      scores[g] = inSupport || !penalty.isPenalized(group: g) ? .infinity : violation
      if penalty.isPenalized(group: g) {
        let groupMax = penalty.alphaMax(ofGroup: g, gradient: gradient)
        if groupMax > penalty.alpha { dualScale = min(dualScale, penalty.alpha / groupMax) }
      }
    }
    let rr = r.reduce(0) { $0 + $1 * $1 }
    let primal = 0.5 * rr * invN + penaltyValue(w)
    guard primal.isFinite, kktMax.isFinite else {
      status = .numericalFailure(iteration: iteration)
      w = lastFinite
      recomputeResidual()
      objective = 0.5 * r.reduce(0) { $0 + $1 * $1 } * invN + penaltyValue(w)
      gap = nil
      break
    }
    lastFinite = w
    objective = primal
    let ry = zip(r, y).reduce(0) { $0 + $1.0 * $1.1 }
    gap = primal - (dualScale * ry * invN - 0.5 * dualScale * dualScale * rr * invN)
    trace.append(SolverTrace(iteration: iteration, seconds: secondsSince(start), objective: primal, dualityGap: gap, kktViolation: kktMax))
    if (stopsOnGap ? gap! : kktMax) <= threshold {
      status = .converged
      break
    }
    if iteration == options.maxIterations - 1 { break }

    let size = options.usesWorkingSets ? workingSetSize(supportSize: supportSize, start: options.workingSetStart, featureCount: G) : G
    selectWorkingSet(scores: scores, size: size, into: &workingSet)
    workingCoordinates.removeAll(keepingCapacity: true)
    for g in workingSet { workingCoordinates.append(contentsOf: coordinates[offsets[g]..<offsets[g + 1]]) }
    anderson.reset()
    let innerThreshold = max(0.3 * kktMax, 1e-15 * max(alphaMax, .leastNormalMagnitude))

    for epoch in 0..<options.maxEpochs {
      for g in workingSet where lipschitz[g] > 0 {
        let step = 1 / lipschitz[g]
        blockGradient(g)
        gather(w, group: g, scale: 1, into: &block)
        for i in block.indices { block[i] -= step * gradient[i] }
        penalty.prox(&block, stepSize: step, group: g)
        r.withUnsafeMutableBufferPointer { r in
          for (i, k) in (offsets[g]..<offsets[g + 1]).enumerated() {
            let j = coordinates[k]
            if block[i] != w[j] {
              design.add(w[j] - block[i], timesColumn: j, to: r.baseAddress!)
              w[j] = block[i]
            }
          }
        }
      }
      epochs += 1

      if K > 0 {
        let full = workingCoordinates.withUnsafeBufferPointer { ws in
          w.withUnsafeBufferPointer { w in r.withUnsafeBufferPointer { anderson.record(coordinates: ws, of: w.baseAddress!, residual: $0.baseAddress!) } }
        }
        if full {
          let count = workingCoordinates.count
          let ok = extrapolatedW.withUnsafeMutableBufferPointer { ew in
            extrapolatedR.withUnsafeMutableBufferPointer { er in
              anderson.extrapolate(count: count, coordinatesInto: ew.baseAddress!, residualInto: er.baseAddress!)
            }
          }
          if ok {
            var candidate = w
            for (i, j) in workingCoordinates.enumerated() { candidate[j] = extrapolatedW[i] }
            let current = 0.5 * r.reduce(0) { $0 + $1 * $1 } * invN + penaltyValue(w)
            let extrapolated = 0.5 * extrapolatedR.reduce(0) { $0 + $1 * $1 } * invN + penaltyValue(candidate)
            if extrapolated < current {
              w = candidate
              r = extrapolatedR
            }
          }
        }
      }

      if epoch % 10 == 0 {
        var inner = 0.0
        for g in workingSet {
          blockGradient(g)
          gather(w, group: g, scale: 1, into: &block)
          inner = max(inner, penalty.subdifferentialDistance(block, gradient: gradient, group: g))
        }
        if inner <= innerThreshold { break }
      }
    }
  }
  if case .numericalFailure = status {
    multiplyTransposed()
    kktMax = 0
    for g in 0..<G {
      gather(w, group: g, scale: 1, into: &block)
      gather(xtr, group: g, scale: -invN, into: &gradient)
      kktMax = max(kktMax, penalty.subdifferentialDistance(block, gradient: gradient, group: g))
    }
  }
  return CoordinateDescentResult(
    coefficients: w, status: status, iterations: iterations, epochs: epochs, objective: objective,
    dualityGap: gap, kktViolation: kktMax, trace: trace)
}

/// L_g = λ_max(X_gᵀX_g)/n for every group (‖x_j‖²/n for a group of one column), from the
/// Gram matrix of each group's columns.
func groupLipschitzConstants<D: DesignColumns>(_ design: D, groups: [[Int]], sampleCount: Int) -> [Double] {
  let n = design.rowCount
  let norms = design.squaredColumnNorms
  var column = [Double](repeating: 0, count: n)
  return groups.map { group in
    if group.count == 1 { return norms[group[0]] / Double(sampleCount) }
    let size = group.count
    var gram = [Double](repeating: 0, count: size * size)
    column.withUnsafeMutableBufferPointer { v in
      for (a, ja) in group.enumerated() {
        design.add(1, timesColumn: ja, to: v.baseAddress!)
        for (b, jb) in group.enumerated() where b >= a {
          let s = design.dot(column: jb, v.baseAddress!)
          gram[a * size + b] = s
          gram[b * size + a] = s
        }
        v.update(repeating: 0)
      }
    }
    let eigenvalues = symmetricEigendecomposition(Tensor(shape: [size, size], scalars: gram)).eigenvalues.scalars
    return max(0, eigenvalues.max() ?? 0) / Double(sampleCount)
  }
}

/// Exact 1-D total-variation denoising, the proximal operator of λ·TV:
///
///     x = argmin_x ½Σₖ(xₖ − yₖ)² + λ Σₖ |xₖ₊₁ − xₖ|
///
/// by Condat's direct algorithm: it sweeps the signal once, keeping for the current
/// constant segment the lowest and highest values it may still take (with the running sums
/// of the dual variable that bound them), and emits a segment as soon as the next sample
/// makes one of the bounds infeasible. Worst case O(n²), O(n) in practice.
///
/// - Parameters:
///   - y: the signal.
///   - lambda: λ ≥ 0; λ = 0 returns y.
/// - SeeAlso: L. Condat, "A Direct Algorithm for 1D Total Variation Denoising", IEEE Signal
///   Processing Letters 2013.
public func totalVariationDenoised(_ y: [Double], lambda: Double) -> [Double] {
  precondition(lambda >= 0 && lambda.isFinite, "lambda must be non-negative and finite, got \(lambda)")
  let n = y.count
  guard n > 1, lambda > 0 else { return y }
  var x = [Double](repeating: 0, count: n)
  // The current segment starts at `start`; samples up to `k` are read. `low`/`high` are the
  // smallest/largest value the segment can take; `uLow`/`uHigh` the dual variable at k
  // under each of them; `lastLow`/`lastHigh` where each bound last changed.
  var start = 0, k = 0, lastLow = 0, lastHigh = 0
  var low = y[0] - lambda, high = y[0] + lambda
  var uLow = lambda, uHigh = -lambda

  /// Writes `value` on start...end and moves the segment start past it.
  func emit(_ value: Double, through end: Int) {
    while start <= end { x[start] = value; start += 1 }
  }

  while true {
    if k == n - 1 {
      // At the end: the segment must have a zero dual value; close it or restart it.
      if uLow < 0 {
        emit(low, through: lastLow)
        k = start; lastLow = start
        low = y[start]; uLow = lambda; uHigh = y[start] + uLow - high
        continue
      } else if uHigh > 0 {
        emit(high, through: lastHigh)
        k = start; lastHigh = start
        high = y[start]; uHigh = -lambda; uLow = y[start] + uHigh - low
        continue
      } else {
        low += uLow / Double(k - start + 1)
        emit(low, through: k)
        return x
      }
    }
    uLow += y[k + 1] - low
    uHigh += y[k + 1] - high
    if uLow < -lambda {
      // The segment cannot stay at or above `low`: it ends at lastLow with value `low` (a descent).
      emit(low, through: lastLow)
      k = start; lastLow = start; lastHigh = start
      low = y[start]; high = low + 2 * lambda
      uLow = lambda; uHigh = -lambda
    } else if uHigh > lambda {
      emit(high, through: lastHigh)
      k = start; lastLow = start; lastHigh = start
      high = y[start]; low = high - 2 * lambda
      uLow = lambda; uHigh = -lambda
    } else {
      k += 1
      if uLow >= lambda {
        lastLow = k
        low += (uLow - lambda) / Double(k - start + 1)
        uLow = lambda
      }
      if uHigh <= -lambda {
        lastHigh = k
        high += (uHigh + lambda) / Double(k - start + 1)
        uHigh = -lambda
      }
    }
  }
}

import Foundation

/// eˣ for Double to about 1 ulp: the lane-0 value of the SIMD version below (for the few
/// elements left over after the vector loop).
@inline(__always)
func fastExponential(_ x: Double) -> Double { fastExponential(SIMD4(repeating: x))[0] }

/// eˣ on four lanes to about 1 ulp, without branches (explicit SIMD: the compiler does not
/// vectorize a floating-point reduction on its own, since that would reorder the additions).
///
///     x = k·ln2 + r,  |r| ≤ ln2/2,   eˣ = 2ᵏ · (1 + r + r²/2! + … + r¹³/13!)
///
/// The Taylor remainder at |r| ≤ 0.347 is below 10⁻¹⁷. The integer k comes from the
/// round-to-nearest of adding 1.5·2⁵², and 2ᵏ is assembled from its bits. Inputs are clamped
/// to [−708.39, 709.78], so results below the normal range come out as 2.2·10⁻³⁰⁸ instead of
/// a subnormal or 0 — negligible in the log-sum-exps this serves, whose largest term is 1.
@inline(__always)
func fastExponential(_ x: SIMD4<Double>) -> SIMD4<Double> {
  let x = x.clamped(lowerBound: SIMD4(repeating: -708.39), upperBound: SIMD4(repeating: 709.78))
  let shifter = SIMD4<Double>(repeating: 6755399441055744.0)
  let t = x * 1.4426950408889634 + shifter
  let k = t - shifter
  let r = (x - k * 0.6931471803691238) - k * 1.9082149292705877e-10
  var p = SIMD4<Double>(repeating: 1.0 / 6227020800.0)
  p = p * r + 1.0 / 479001600.0
  p = p * r + 1.0 / 39916800.0
  p = p * r + 1.0 / 3628800.0
  p = p * r + 1.0 / 362880.0
  p = p * r + 1.0 / 40320.0
  p = p * r + 1.0 / 5040.0
  p = p * r + 1.0 / 720.0
  p = p * r + 1.0 / 120.0
  p = p * r + 1.0 / 24.0
  p = p * r + 1.0 / 6.0
  p = p * r + 0.5
  p = p * r + 1.0
  p = p * r + 1.0
  let bits = (unsafeBitCast(t, to: SIMD4<UInt64>.self) &+ 1023) &<< 52
  return p * unsafeBitCast(bits, to: SIMD4<Double>.self)
}

/// log Σⱼ exp(xⱼ + shiftⱼ) for one row, stably (max first), four lanes at a time.
@inline(__always)
func logSumExp(_ x: UnsafePointer<Double>, plus shift: UnsafePointer<Double>, count: Int) -> Double {
  let vectorCount = count & ~3
  var top4 = SIMD4<Double>(repeating: -.infinity)
  var j = 0
  while j < vectorCount {
    top4 = pointwiseMax(top4, load4(x + j) + load4(shift + j))
    j += 4
  }
  var top = top4.max()
  for j in vectorCount..<count { top = max(top, x[j] + shift[j]) }
  if !top.isFinite { return top }
  var sum4 = SIMD4<Double>(repeating: 0)
  j = 0
  while j < vectorCount {
    sum4 += fastExponential(load4(x + j) + load4(shift + j) - top)
    j += 4
  }
  var sum = sum4.sum()
  for j in vectorCount..<count { sum += fastExponential(x[j] + shift[j] - top) }
  return top + log(sum)
}

@inline(__always)
private func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

internal import _RegulaKernels

/// log Σⱼ exp(xⱼ + shiftⱼ) over j < `count`, stably: with t = maxⱼ (xⱼ + shiftⱼ),
///
///     LSE = t + log Σⱼ exp(xⱼ + shiftⱼ − t)
///
/// One row of a log-domain Sinkhorn update (x a row of −C/ε, shift a dual potential). The
/// exponential is a branch-free polynomial (degree-13 Taylor after k·ln2 range reduction,
/// ≈ 1 ulp) on eight lanes, in C so that it is compiled for AVX-512, for AVX2 + FMA and for
/// baseline x86-64, and the processor picks at run time (Swift compiles the package for
/// baseline x86-64 only: 128-bit vectors, no FMA, 4× slower here). Terms below e^−708.39
/// count as 2.2·10⁻³⁰⁸ instead of going subnormal, which is invisible next to the largest
/// term, 1. All terms −∞ give −∞; a NaN term gives NaN.
@inline(__always)
func logSumExp(_ x: UnsafePointer<Double>, plus shift: UnsafePointer<Double>, count: Int) -> Double {
  regula_log_sum_exp(x, shift, count)
}

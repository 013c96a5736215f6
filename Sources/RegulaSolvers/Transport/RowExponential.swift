internal import _RegulaKernels

/// Writes `out[j] = exp(x[j] + shift[j] + offset)` for j < `count` and returns their sum: one
/// row of an entropic plan Pᵢⱼ = exp(fᵢ + gⱼ − Cᵢⱼ/ε) from log-domain quantities.
///
/// The exponential is `logSumExp`'s branch-free polynomial (≈ 1 ulp), in C compiled for
/// AVX-512, AVX2 + FMA and baseline x86-64 and chosen at run time. Arguments are clamped to
/// [−708.39, 709.78] (tiny terms come out as 2.2·10⁻³⁰⁸, never subnormal); an argument of −∞
/// gives exactly 0, and NaN stays NaN.
@inline(__always)
func exponentialRow(
  _ x: UnsafePointer<Double>, plus shift: UnsafePointer<Double>, offset: Double, into out: UnsafeMutablePointer<Double>,
  count: Int
) -> Double {
  regula_exponential_row(x, shift, offset, out, count)
}

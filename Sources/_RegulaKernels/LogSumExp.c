// The row log-sum-exp of log-domain Sinkhorn: one generic body on eight-lane vectors
// (clang's vector extension), compiled three times for different instruction sets and
// chosen at run time (see InstructionSet.h).

#include "_RegulaKernels.h"
#include "InstructionSet.h"

#include <math.h>
#include <string.h>

// a·b + c written as one expression may be computed as one fused multiply–add (rounded
// once), which the AVX2 and AVX-512 versions do.
#pragma STDC FP_CONTRACT ON

// The helpers below pass eight-lane vectors by value, which clang flags because the calling
// convention differs with and without AVX-512; they are always inlined, so no call exists.
#pragma clang diagnostic ignored "-Wpsabi"

/// Eight doubles: one AVX-512 register, two AVX2 registers or four SSE2 registers.
typedef double Vector __attribute__((vector_size(64)));
/// Eight 64-bit integers, for building powers of two from their bits.
typedef long long Integers __attribute__((vector_size(64)));
enum { lanes = 8 };

ALWAYS_INLINE Vector splat(double x) { return (Vector){0} + x; }

ALWAYS_INLINE Vector load(const double *p) {
  Vector v;
  memcpy(&v, p, sizeof v);  // unaligned load
  return v;
}

/// eˣ on eight lanes to about 1 ulp, without branches, for x ≤ 0 (as in a log-sum-exp after
/// subtracting the maximum):
///
///     x = k·ln2 + r,  k = round(x/ln2),  |r| ≤ ln2/2,   eˣ = 2ᵏ · Σₙ₌₀¹³ rⁿ/n!
///
/// The Taylor remainder at |r| ≤ 0.347 is below 10⁻¹⁷. Adding 1.5·2⁵² rounds x/ln2 to the
/// integer k, which then sits in the low bits of the sum; 2ᵏ is assembled from them
/// (exponent field k + 1023). ln 2 is split in two parts (Cody–Waite) so that r is exact to
/// a few ulp. Inputs are clamped below at −708.39, so results never go subnormal: the
/// smallest is 2.2·10⁻³⁰⁸.
ALWAYS_INLINE Vector exponential(Vector x) {
  x = __builtin_elementwise_maximum(x, splat(-708.39));  // NaN stays NaN
  const Vector shifter = splat(6755399441055744.0);  // 1.5·2⁵²
  const Vector t = x * 1.4426950408889634 + shifter;  // k + 1.5·2⁵², k = round(x·log₂e)
  const Vector k = t - shifter;
  const Vector r = (x - k * 0.6931471803691238) - k * 1.9082149292705877e-10;
  // Horner's rule on the degree-13 Taylor polynomial, highest coefficient first.
  Vector p = splat(1.0 / 6227020800.0);
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const Integers powerOfTwo = ((Integers)t + 1023) << 52;
  return p * (Vector)powerOfTwo;
}

/// The kernel's body, documented in the header. Two passes over the row: the maximum t,
/// then Σ exp(xⱼ + shiftⱼ − t) in eight partial sums; a row shorter than the L1 cache is
/// still there for the second pass. The maximum skips NaNs (maxNum, one instruction less
/// per vector than a NaN-propagating maximum); the exponential's clamp keeps them, so a
/// NaN term still makes the sum NaN. The last count mod 8 elements go through one padded
/// vector of which only the valid lanes are summed.
ALWAYS_INLINE double logSumExp(const double *x, const double *shift, ptrdiff_t count) {
  const ptrdiff_t whole = count - count % lanes;
  Vector top8 = splat(-INFINITY);
  for (ptrdiff_t j = 0; j < whole; j += lanes) {
    top8 = __builtin_elementwise_max(top8, load(x + j) + load(shift + j));
  }
  double top = -INFINITY;
  for (int lane = 0; lane < lanes; lane++) top = fmax(top, top8[lane]);
  for (ptrdiff_t j = whole; j < count; j++) top = fmax(top, x[j] + shift[j]);
  if (top == -INFINITY) {
    // Every term is −∞ or NaN: their sum is −∞, or NaN if one is.
    double sum = 0;
    for (ptrdiff_t j = 0; j < count; j++) sum += x[j] + shift[j];
    return count == 0 ? -INFINITY : sum;
  }
  if (!isfinite(top)) return top;

  Vector sum8 = splat(0);
  for (ptrdiff_t j = 0; j < whole; j += lanes) {
    sum8 += exponential(load(x + j) + load(shift + j) - top);
  }
  double sum = 0;
  for (int lane = 0; lane < lanes; lane++) sum += sum8[lane];
  if (whole < count) {
    Vector tail = splat(0);
    for (ptrdiff_t j = whole; j < count; j++) tail[j - whole] = x[j] + shift[j] - top;
    const Vector terms = exponential(tail);
    for (ptrdiff_t j = whole; j < count; j++) sum += terms[j - whole];
  }
  return top + log(sum);
}

#ifdef REGULA_X86_VERSIONS
TARGET_AVX512 static double logSumExp_avx512(const double *x, const double *shift, ptrdiff_t count) {
  return logSumExp(x, shift, count);
}

TARGET_AVX2 static double logSumExp_avx2(const double *x, const double *shift, ptrdiff_t count) {
  return logSumExp(x, shift, count);
}
#endif

double regula_log_sum_exp(const double *x, const double *shift, ptrdiff_t count) {
  DISPATCH(logSumExp, x, shift, count);
}

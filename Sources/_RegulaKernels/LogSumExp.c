// The row log-sum-exp of log-domain Sinkhorn: one generic body on eight-lane vectors
// (clang's vector extension), compiled three times for different instruction sets and
// chosen at run time (see InstructionSet.h).

#include "_RegulaKernels.h"
#include "Exponential.h"

#include <math.h>

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

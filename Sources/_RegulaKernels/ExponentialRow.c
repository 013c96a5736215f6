// One row of an entropic transport plan from log-domain quantities: Pᵢⱼ = exp(xⱼ + shiftⱼ +
// offset), with the exponential of Exponential.h, compiled for several instruction sets and
// chosen at run time (see InstructionSet.h).

#include "_RegulaKernels.h"
#include "Exponential.h"

#include <math.h>

/// The kernel's body, documented in the header: eight lanes at a time, then one padded
/// vector for the last count mod 8 elements. Arguments of −∞ give exactly 0 (the
/// exponential alone would give its floor, 2.2·10⁻³⁰⁸); NaN stays NaN.
ALWAYS_INLINE double exponentialRow(const double *x, const double *shift, double offset, double *out, ptrdiff_t count) {
  const ptrdiff_t whole = count - count % lanes;
  Vector sum8 = splat(0);
  for (ptrdiff_t j = 0; j < whole; j += lanes) {
    const Vector argument = __builtin_elementwise_minimum(load(x + j) + load(shift + j) + offset, splat(709.78));
    const Integers finite = argument != -INFINITY;  // lanes of all ones where finite or NaN
    const Vector terms = (Vector)((Integers)exponential(argument) & finite);
    memcpy(out + j, &terms, sizeof terms);
    sum8 += terms;
  }
  double sum = 0;
  for (int lane = 0; lane < lanes; lane++) sum += sum8[lane];
  if (whole < count) {
    Vector tail = splat(-INFINITY);
    for (ptrdiff_t j = whole; j < count; j++) tail[j - whole] = x[j] + shift[j] + offset;
    tail = __builtin_elementwise_minimum(tail, splat(709.78));
    const Vector terms = (Vector)((Integers)exponential(tail) & (Integers)(tail != -INFINITY));
    for (ptrdiff_t j = whole; j < count; j++) {
      out[j] = terms[j - whole];
      sum += terms[j - whole];
    }
  }
  return sum;
}

#ifdef REGULA_X86_VERSIONS
TARGET_AVX512 static double exponentialRow_avx512(
    const double *x, const double *shift, double offset, double *out, ptrdiff_t count) {
  return exponentialRow(x, shift, offset, out, count);
}

TARGET_AVX2 static double exponentialRow_avx2(
    const double *x, const double *shift, double offset, double *out, ptrdiff_t count) {
  return exponentialRow(x, shift, offset, out, count);
}
#endif

double regula_exponential_row(const double *x, const double *shift, double offset, double *out, ptrdiff_t count) {
  DISPATCH(exponentialRow, x, shift, offset, out, count);
}

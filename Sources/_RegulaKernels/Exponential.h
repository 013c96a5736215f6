// The eight-lane exponential shared by the transport kernels (LogSumExp.c,
// ExponentialRow.c): one generic body on clang's vector extension, inlined into each
// instruction-set version of its caller.

#ifndef REGULA_EXPONENTIAL_H
#define REGULA_EXPONENTIAL_H

#include "InstructionSet.h"

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

#endif

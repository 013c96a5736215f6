// Numerical kernels written in C so that they can be compiled for several instruction sets
// and chosen at run time (Swift has no per-function target attributes). Internal to
// Regula: the Swift modules wrap them.

#ifndef REGULA_KERNELS_H
#define REGULA_KERNELS_H

#include <stddef.h>

/// log Σⱼ exp(x[j] + shift[j]) over j < count, computed stably:
///
///     t = maxⱼ (xⱼ + shiftⱼ),   result = t + log Σⱼ exp(xⱼ + shiftⱼ − t)
///
/// The exponential is a branch-free polynomial accurate to about 1 ulp; arguments below
/// −708.39 count as e^−708.39 ≈ 2.2·10⁻³⁰⁸ (never subnormal), negligible against the
/// largest term, 1. A NaN term makes the result NaN (unless another is +∞: then +∞);
/// all terms −∞, or count = 0, give −∞.
///
/// Compiled for AVX-512, AVX2 + FMA and the baseline instruction set; each call runs the
/// widest one the processor supports.
double regula_log_sum_exp(const double *x, const double *shift, ptrdiff_t count);

#endif

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

/// One row of a plan in the log domain: out[j] = exp(x[j] + shift[j] + offset) for j < count,
/// returning Σⱼ out[j]. The exponential is regula_log_sum_exp's (about 1 ulp; arguments are
/// clamped to [−708.39, 709.78], so tiny terms are 2.2·10⁻³⁰⁸ rather than subnormal); an
/// argument of −∞ gives exactly 0 and NaN stays NaN. Compiled for AVX-512, AVX2 + FMA and
/// the baseline instruction set, chosen at run time.
double regula_exponential_row(const double *x, const double *shift, double offset, double *out, ptrdiff_t count);

/// The scalars of one fused AdamW step (RegulaOptim's `AdamW` and `AdamStep`), for one
/// tensor: moment decays β₁, β₂; direction coefficients a, b and c₂; ε, ε_root; the step
/// −η and the decay λ.
typedef struct {
  float beta1, beta2, a, b, c2, epsilon, epsilonRoot, rate, decay;
} RegulaAdamWFloat;

/// `RegulaAdamWFloat` for double.
typedef struct {
  double beta1, beta2, a, b, c2, epsilon, epsilonRoot, rate, decay;
} RegulaAdamWDouble;

/// One fused AdamW step over `count` elements, with exactly the operations of RegulaOptim's
/// scalar loop in the same order (no fused multiply–add, correctly rounded √ and ÷), so
/// bit for bit its results:
///
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + ((1 − β₂)·g)·g
///     δ = rate·((a·m + b·g) / (√(v·c₂ + ε_root) + ε) + λ·θ)
///     out ← out + δ if `adding`, else δ
///
/// `out` may be `gradient` or `parameters` (element j is read before it is written).
/// Compiled for AVX-512, AVX2 and the baseline instruction set, chosen at run time.
void regula_adamw_float(const RegulaAdamWFloat *step, const float *gradient, const float *parameters,
                        float *m, float *v, float *out, ptrdiff_t count, _Bool adding);

/// `regula_adamw_float` for double.
void regula_adamw_double(const RegulaAdamWDouble *step, const double *gradient, const double *parameters,
                         double *m, double *v, double *out, ptrdiff_t count, _Bool adding);

#endif

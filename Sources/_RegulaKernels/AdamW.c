// The fused AdamW step of RegulaOptim, for float and double: one body per type on 64-byte
// vectors (clang's vector extension), compiled for each instruction set and chosen at run
// time (see InstructionSet.h). Bit-identical to the Swift scalar loop: no contraction into
// fused multiply–adds, the same operations in the same order, and a scalar tail.

#include <string.h>

#include "_RegulaKernels.h"
#include "InstructionSet.h"

#pragma STDC FP_CONTRACT OFF
// The helpers pass 64-byte vectors by value; they are always inlined, so no call exists
// whose convention could differ between the versions.
#pragma clang diagnostic ignored "-Wpsabi"

/// The kernel for one scalar type: `Scalar` (float or double), `Vector` (64 bytes of it),
/// `Step` (its coefficient struct) and the name suffix.
#define DEFINE_ADAMW(Scalar, Vector, Step, name)                                                   \
  typedef Scalar Vector __attribute__((vector_size(64)));                                          \
                                                                                                   \
  ALWAYS_INLINE Vector load_##name(const Scalar *p) {                                              \
    Vector x;                                                                                      \
    memcpy(&x, p, sizeof x);                                                                       \
    return x;                                                                                      \
  }                                                                                                \
                                                                                                   \
  ALWAYS_INLINE void store_##name(Scalar *p, Vector x) { memcpy(p, &x, sizeof x); }                \
                                                                                                   \
  ALWAYS_INLINE void adamw_##name(const Step *k, const Scalar *g, const Scalar *p, Scalar *m,      \
                                  Scalar *v, Scalar *out, ptrdiff_t count, _Bool adding) {         \
    enum { lanes = sizeof(Vector) / sizeof(Scalar) };                                              \
    const Scalar keep1 = 1 - k->beta1, keep2 = 1 - k->beta2;                                       \
    ptrdiff_t j = 0;                                                                               \
    for (; j + lanes <= count; j += lanes) {                                                       \
      const Vector gj = load_##name(g + j);                                                        \
      const Vector mj = k->beta1 * load_##name(m + j) + keep1 * gj;                                \
      const Vector vj = k->beta2 * load_##name(v + j) + keep2 * gj * gj;                           \
      const Vector direction =                                                                     \
          (k->a * mj + k->b * gj) / (__builtin_elementwise_sqrt(vj * k->c2 + k->epsilonRoot) +     \
                                     k->epsilon);                                                  \
      const Vector delta = k->rate * (direction + k->decay * load_##name(p + j));                  \
      const Vector result = adding ? load_##name(out + j) + delta : delta;                         \
      store_##name(m + j, mj);                                                                     \
      store_##name(v + j, vj);                                                                     \
      store_##name(out + j, result);                                                               \
    }                                                                                              \
    for (; j < count; j++) {                                                                       \
      const Scalar mj = k->beta1 * m[j] + keep1 * g[j];                                            \
      const Scalar vj = k->beta2 * v[j] + keep2 * g[j] * g[j];                                     \
      const Scalar direction =                                                                     \
          (k->a * mj + k->b * g[j]) / (__builtin_elementwise_sqrt(vj * k->c2 + k->epsilonRoot) +   \
                                       k->epsilon);                                                \
      const Scalar delta = k->rate * (direction + k->decay * p[j]);                                \
      m[j] = mj;                                                                                   \
      v[j] = vj;                                                                                   \
      out[j] = adding ? out[j] + delta : delta;                                                    \
    }                                                                                              \
  }

DEFINE_ADAMW(float, FloatVector, RegulaAdamWFloat, float)
DEFINE_ADAMW(double, DoubleVector, RegulaAdamWDouble, double)

#ifdef REGULA_X86_VERSIONS
#define DEFINE_VERSION(name, Scalar, Step, suffix, TARGET)                                         \
  TARGET static void adamw_##name##_##suffix(const Step *k, const Scalar *g, const Scalar *p,      \
                                             Scalar *m, Scalar *v, Scalar *out, ptrdiff_t count,   \
                                             _Bool adding) {                                       \
    adamw_##name(k, g, p, m, v, out, count, adding);                                               \
  }
DEFINE_VERSION(float, float, RegulaAdamWFloat, avx512, TARGET_AVX512)
DEFINE_VERSION(float, float, RegulaAdamWFloat, avx2, TARGET_AVX2)
DEFINE_VERSION(double, double, RegulaAdamWDouble, avx512, TARGET_AVX512)
DEFINE_VERSION(double, double, RegulaAdamWDouble, avx2, TARGET_AVX2)
#endif

void regula_adamw_float(const RegulaAdamWFloat *step, const float *gradient, const float *parameters,
                        float *m, float *v, float *out, ptrdiff_t count, _Bool adding) {
  DISPATCH(adamw_float, step, gradient, parameters, m, v, out, count, adding);
}

void regula_adamw_double(const RegulaAdamWDouble *step, const double *gradient, const double *parameters,
                         double *m, double *v, double *out, ptrdiff_t count, _Bool adding) {
  DISPATCH(adamw_double, step, gradient, parameters, m, v, out, count, adding);
}

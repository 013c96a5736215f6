// Run-time choice of instruction set for the kernels of this target. Each kernel writes its
// body `f` once as an always-inline function on vector-extension types, wraps it in
// `f_avx512` and `f_avx2` (`target` attributes), and calls `DISPATCH(f, arguments)`.
// Never -march: the machine that runs Regula may lack the instructions of the one that
// built it.

#ifndef REGULA_INSTRUCTION_SET_H
#define REGULA_INSTRUCTION_SET_H

#define ALWAYS_INLINE static inline __attribute__((always_inline))

#if defined(__x86_64__) && defined(__clang__)
#define REGULA_X86_VERSIONS 1
#define TARGET_AVX512 __attribute__((target("avx512f")))
#define TARGET_AVX2 __attribute__((target("avx2,fma")))
#endif

enum InstructionSet { baseline, avx2, avx512 };

/// The widest instruction set this processor runs: a load and a test of flags that the C
/// runtime fills in at start-up.
ALWAYS_INLINE enum InstructionSet instructionSet(void) {
#ifdef REGULA_X86_VERSIONS
  if (__builtin_cpu_supports("avx512f")) return avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return avx2;
#endif
  return baseline;
}

/// Returns `kernel(...)` in the version for the widest instruction set this processor runs.
#ifdef REGULA_X86_VERSIONS
#define DISPATCH(kernel, ...)                                                                      \
  switch (instructionSet()) {                                                                      \
  case avx512: return kernel##_avx512(__VA_ARGS__);                                                \
  case avx2: return kernel##_avx2(__VA_ARGS__);                                                    \
  default: return kernel(__VA_ARGS__);                                                             \
  }
#else
#define DISPATCH(kernel, ...) return kernel(__VA_ARGS__)
#endif

#endif

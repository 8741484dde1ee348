// Helpers shared by the k-means kernels (kmeans.cc, kmeans_elkan.cc).
#pragma once
#include <napi.h>

#include <cstring>

#include "common.h"
#include "napi_typed.h"

namespace nabla {
namespace km {

typedef double v4 __attribute__((vector_size(32)));
typedef double v4u __attribute__((vector_size(32), aligned(8)));

#define KM_INLINE inline __attribute__((always_inline))

// Whether to run the AVX2+FMA compilation of a kernel (the CPU has it and NABLA_SIMD is not 'scalar').
inline bool use_avx2() {
#if defined(__x86_64__) || defined(__i386__)
  static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && std::strcmp(isa().name, "scalar") != 0;
  return ok;
#else
  return false;
#endif
}

using Typed = TypedArg;

inline bool typed(napi_env env, napi_value v, Typed* t) { return read_typed(env, v, t); }

}  // namespace km
}  // namespace nabla

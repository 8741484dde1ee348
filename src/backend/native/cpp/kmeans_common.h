// Helpers shared by the k-means kernels (kmeans.cc, kmeans_elkan.cc).
#pragma once
#include <napi.h>

#include <cstring>

#include "common.h"

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

// A typed array argument.
struct Typed {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
};

inline bool typed(napi_env env, napi_value v, Typed* t) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  return napi_get_typedarray_info(env, v, &t->type, &t->length, &t->data, nullptr, nullptr) == napi_ok;
}

}  // namespace km
}  // namespace nabla

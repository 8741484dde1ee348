// Helpers shared by the k-means kernels (kmeans.cc, kmeans_elkan.cc).
#pragma once
#include <napi.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "common.h"
#include "napi_typed.h"
#include "threadpool.h"

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

// Runs body(b, e, part) over nblocks equal row blocks [b, e) of [0, n) as parallel tasks, each
// block with its own zeroed partial-result array of `per` doubles (null when per is 0). Returns
// the partials, [nblocks][per], for the caller to combine in block order: the same result for
// any thread count.
template <class F>
std::vector<double> row_blocks(i64 n, i64 nblocks, i64 per, const F& body) {
  std::vector<double> part(size_t(nblocks * per), 0.0);
  struct Ctx { const F* body; i64 n, nblocks, per; double* part; } ctx{&body, n, nblocks, per, part.data()};
  parallel_tasks(nblocks, [](i64 t, void* v) {
    const Ctx* c = static_cast<const Ctx*>(v);
    const i64 rows = (c->n + c->nblocks - 1) / c->nblocks;
    const i64 b = t * rows, e = std::min(c->n, b + rows);
    if (b < e) (*c->body)(b, e, c->per ? c->part + t * c->per : nullptr);
  }, &ctx);
  return part;
}

// sums [k·p] and win [k] += the partials of each block (its sums [k·p], then its weights [k]), in block order.
inline void add_block_sums(const std::vector<double>& part, i64 nblocks, i64 k, i64 p, double* sums, double* win) {
  const i64 stride = k * p + k;
  for (i64 t = 0; t < nblocks; t++) {
    const double* s = part.data() + t * stride;
    for (i64 q = 0; q < k * p; q++) sums[q] += s[q];
    for (i64 j = 0; j < k; j++) win[j] += s[k * p + j];
  }
}

}  // namespace km
}  // namespace nabla

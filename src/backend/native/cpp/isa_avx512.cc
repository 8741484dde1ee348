// AVX-512 kernels (compiled with -mavx512f -mavx512bw -mavx512dq -mavx512vl -mfma).
#include "common.h"
#if (defined(__x86_64__) || defined(__i386__)) && defined(__AVX512F__) && defined(__FMA__)
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "threadpool.h"

#ifndef NABLA_KC32
#define NABLA_KC32 256
#endif
#ifndef NABLA_MC32
#define NABLA_MC32 336
#endif

namespace nabla {
namespace isa_avx512 {
#define NABLA_LEVEL 512
#include "isa_body.h"
}  // namespace isa_avx512

const IsaTable* isa_table_avx512() {
  static const IsaTable t{"avx512", isa_avx512::make_row_kernels<float, isa_avx512::KF32>(),
                          isa_avx512::make_row_kernels<double, isa_avx512::KF64>()};
  return &t;
}
}  // namespace nabla
#else
namespace nabla {
const IsaTable* isa_table_avx512() { return nullptr; }
}  // namespace nabla
#endif

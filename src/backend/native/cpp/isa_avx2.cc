// AVX2 + FMA kernels (compiled with -mavx2 -mfma).
#include "common.h"
#if (defined(__x86_64__) || defined(__i386__)) && defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "threadpool.h"

namespace nabla {
namespace isa_avx2 {
#define NABLA_LEVEL 256
#include "isa_body.h"
}  // namespace isa_avx2

const IsaTable* isa_table_avx2() {
  static const IsaTable t{"avx2", isa_avx2::make_row_kernels<float, isa_avx2::KF32>(),
                          isa_avx2::make_row_kernels<double, isa_avx2::KF64>()};
  return &t;
}
}  // namespace nabla
#else
namespace nabla {
const IsaTable* isa_table_avx2() { return nullptr; }
}  // namespace nabla
#endif

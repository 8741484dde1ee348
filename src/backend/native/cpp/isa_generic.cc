// Portable kernels: plain C++ (whatever the compiler's baseline vectorises to; SSE2 on x86-64,
// NEON on arm64).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "common.h"
#include "threadpool.h"

namespace nabla {
namespace isa_generic {
#define NABLA_LEVEL 0
#include "isa_body.h"
}  // namespace isa_generic

const IsaTable* isa_table_generic() {
  static const IsaTable t{"scalar", isa_generic::make_row_kernels<float, isa_generic::KF32>(),
                          isa_generic::make_row_kernels<double, isa_generic::KF64>()};
  return &t;
}
}  // namespace nabla

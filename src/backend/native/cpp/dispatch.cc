#include <cstdlib>
#include <cstring>

#include "common.h"

namespace nabla {

static const IsaTable* choose() {
  const char* want = std::getenv("NABLA_SIMD");
  bool allow512 = !want || !std::strcmp(want, "avx512");
  bool allow2 = allow512 || (want && !std::strcmp(want, "avx2"));
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (allow512 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma")) {
    if (const IsaTable* t = isa_table_avx512()) return t;
  }
  if (allow2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    if (const IsaTable* t = isa_table_avx2()) return t;
  }
#else
  (void)allow512;
  (void)allow2;
#endif
  return isa_table_generic();
}

const IsaTable& isa() {
  static const IsaTable* t = choose();
  return *t;
}

bool isa_is_avx512() {
  static const bool on = !std::strcmp(isa().name, "avx512");
  return on;
}

}  // namespace nabla

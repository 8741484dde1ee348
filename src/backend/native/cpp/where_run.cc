// where's contiguous runs: y[k] = c[k] ? a[k] : b[k] over n elements, with a and/or b either
// contiguous or one broadcast value (stride 0: where(mask, g, 0)). Branch-free selects that GCC
// vectorises, compiled for AVX-512, AVX2 and the baseline (target_clones); a select copies the
// chosen value's bits, so every copy gives the same result as the strided loop in elementwise.cc.
#include <cstdint>

#include "common.h"

namespace nabla {

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define NABLA_WHERE_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NABLA_WHERE_CLONES
#endif

namespace {
// AC / BC: a / b contiguous (else their first element is broadcast).
template <class T, class U, bool AC, bool BC>
inline __attribute__((always_inline)) void run(i64 n, const std::uint8_t* __restrict c, const T* __restrict a,
                                               const T* __restrict b, T* __restrict y) {
  // Selected as same-width integers: a float compare/blend could quiet a signalling NaN.
  const U* ua = reinterpret_cast<const U*>(a);
  const U* ub = reinterpret_cast<const U*>(b);
  U* uy = reinterpret_cast<U*>(y);
  const U a0 = ua[0], b0 = ub[0];
  for (i64 k = 0; k < n; k++) {
    const U av = AC ? ua[k] : a0, bv = BC ? ub[k] : b0;
    uy[k] = c[k] ? av : bv;
  }
}

template <class T, class U>
inline __attribute__((always_inline)) void dispatch(int mode, i64 n, const std::uint8_t* c, const T* a, const T* b, T* y) {
  switch (mode) {
    case 3: run<T, U, true, true>(n, c, a, b, y); break;
    case 2: run<T, U, true, false>(n, c, a, b, y); break;
    case 1: run<T, U, false, true>(n, c, a, b, y); break;
    default: run<T, U, false, false>(n, c, a, b, y); break;
  }
}
}  // namespace

// mode: bit 1 = a contiguous, bit 0 = b contiguous (else stride 0). n > 0.
NABLA_WHERE_CLONES void where_run_f32(int mode, i64 n, const std::uint8_t* c, const float* a, const float* b, float* y) {
  dispatch<float, std::uint32_t>(mode, n, c, a, b, y);
}
NABLA_WHERE_CLONES void where_run_f64(int mode, i64 n, const std::uint8_t* c, const double* a, const double* b, double* y) {
  dispatch<double, std::uint64_t>(mode, n, c, a, b, y);
}
NABLA_WHERE_CLONES void where_run_i32(int mode, i64 n, const std::uint8_t* c, const std::int32_t* a, const std::int32_t* b, std::int32_t* y) {
  dispatch<std::int32_t, std::uint32_t>(mode, n, c, a, b, y);
}

}  // namespace nabla

// Kernels compiled once per instruction set. Each isa_*.cc defines NABLA_LEVEL (512, 256 or 0)
// and includes this file inside its own namespace (so nothing here can be ODR-merged across
// ISAs). Loops are written so that GCC vectorises them with the TU's flags; the GEMM
// microkernels use intrinsics.
//
// Expected before inclusion: <algorithm>, <cmath>, <cstdint>, <cstdlib>, <cstring>, "common.h",
// "threadpool.h", and <immintrin.h> when NABLA_LEVEL > 0.

#include "isa_gemm.h"
#include "isa_math.h"

// ---------------------------------------------------------------------------------------------
// Row kernels: the loops the N-d walks in elementwise.cc / reduce.cc call per contiguous run.

// JS semantics where C++ would be undefined or differ.
template <class T> static inline T js_sign(T v) { return v > T(0) ? T(1) : v < T(0) ? T(-1) : v; }  // keeps ±0, NaN
template <class T> static inline T js_max(T a, T b) { return (a != a || b != b) ? a + b : (a > b ? a : b); }
template <class T> static inline T js_min(T a, T b) { return (a != a || b != b) ? a + b : (a < b ? a : b); }
// Math.pow: unlike C's pow, (±1) ** (±Infinity or NaN) is NaN.
static inline double js_pow(double a, double b) {
  return (std::fabs(a) == 1.0 && !std::isfinite(b)) ? NAN : std::pow(a, b);
}
// Python's modulo as the js backend computes it (in double): a - floor(a / b) * b.
// The product is rounded before the subtraction, as in JavaScript: no FMA contraction here.
static inline double rounded(double v) {
  __asm__("" : "+m"(v));
  return v;
}
template <class T> static inline T py_remainder(T a, T b) {
  const double x = a, y = b;
  return T(x - rounded(std::floor(x / y) * y));
}
template <class T> static inline T softplus_(T x, T beta, T thr) {
  const double bx = double(beta) * double(x);
  if (bx > double(thr)) return x;
  return T((std::max(bx, 0.0) + std::log1p(std::exp(-std::fabs(bx)))) / double(beta));
}

#define NABLA_MAP1(EXPR)                                                     \
  if (sx == 1) {                                                             \
    for (i64 i = 0; i < n; i++) { const T v = x[i]; out[i] = (EXPR); }      \
  } else {                                                                   \
    for (i64 i = 0; i < n; i++) { const T v = x[i * sx]; out[i] = (EXPR); } \
  }                                                                          \
  break;

template <class T>
static void unary_row(int op, i64 n, const T* __restrict x, i64 sx, T* __restrict out, T p0, T p1) {
  using D = double;
  switch (op) {
    case U_NEG: NABLA_MAP1(-v)
    case U_ABS: NABLA_MAP1(std::fabs(v))
    case U_SIGN: NABLA_MAP1(js_sign(v))
    case U_EXP:
#ifdef NABLA_HAVE_EXP_ROW
      if (std::is_same<T, float>::value && sx == 1) {
        exp_row16(n, reinterpret_cast<const float*>(x), reinterpret_cast<float*>(out), 0.0f, false);
        break;
      }
#endif
      NABLA_MAP1(m_exp(v))
    case U_LOG: NABLA_MAP1(m_log(v))
    case U_LOG1P: NABLA_MAP1(T(std::log1p(D(v))))
    case U_EXPM1: NABLA_MAP1(T(std::expm1(D(v))))
    case U_SQRT: NABLA_MAP1(std::sqrt(v))
    case U_RSQRT: NABLA_MAP1(T(1) / std::sqrt(v))
    case U_RECIPROCAL: NABLA_MAP1(T(1) / v)
    case U_SQUARE: NABLA_MAP1(v * v)
    case U_SIN: NABLA_MAP1(T(std::sin(D(v))))
    case U_COS: NABLA_MAP1(T(std::cos(D(v))))
    case U_TAN: NABLA_MAP1(T(std::tan(D(v))))
    case U_TANH: NABLA_MAP1(m_tanh(v))
    case U_SIGMOID: NABLA_MAP1(m_sigmoid(v))
    case U_RELU: NABLA_MAP1(v > T(0) ? v : (v != v ? v : T(0)))
    case U_ERF: NABLA_MAP1(m_erf(v))
    case U_GELU: NABLA_MAP1(T(0.5) * v * (T(1) + m_erf(v * T(0.70710678118654752440))))
    case U_GELU_TANH:
      NABLA_MAP1(T(0.5) * v * (T(1) + m_tanh(T(0.79788456080286535588) * (v + T(0.044715) * v * v * v))))
    case U_SILU: NABLA_MAP1(v * m_sigmoid(v))
    case U_FLOOR: NABLA_MAP1(std::floor(v))
    case U_CEIL: NABLA_MAP1(std::ceil(v))
    case U_ROUND: NABLA_MAP1(std::nearbyint(v))
    case U_TRUNC: NABLA_MAP1(std::trunc(v))
    case U_SOFTPLUS: NABLA_MAP1(softplus_(v, p0, p1))
    case U_LEAKY_RELU: NABLA_MAP1(v > T(0) ? v : v * p0)
    case U_ELU: NABLA_MAP1(v > T(0) ? v : T(D(p0) * std::expm1(D(v))))
    case U_CLAMP: NABLA_MAP1(v != v ? v : (v < p0 ? p0 : (v > p1 ? p1 : v)))
    case U_POW_SCALAR:
      if (p0 == T(2)) { NABLA_MAP1(v * v) }
      else { NABLA_MAP1(T(js_pow(D(v), D(p0)))) }
    case U_RPOW_SCALAR: NABLA_MAP1(T(js_pow(D(p0), D(v))))
    case U_ADD_SCALAR: NABLA_MAP1(v + p0)
    case U_MUL_SCALAR: NABLA_MAP1(v * p0)
    default: break;
  }
}

#define NABLA_MAP2(EXPR)                                                                        \
  if (sa == 1 && sb == 1) {                                                                     \
    for (i64 i = 0; i < n; i++) { const T u = a[i], v = b[i]; out[i] = (EXPR); }              \
  } else if (sa == 1 && sb == 0) {                                                              \
    const T v = b[0];                                                                           \
    for (i64 i = 0; i < n; i++) { const T u = a[i]; out[i] = (EXPR); }                          \
  } else if (sa == 0 && sb == 1) {                                                              \
    const T u = a[0];                                                                           \
    for (i64 i = 0; i < n; i++) { const T v = b[i]; out[i] = (EXPR); }                          \
  } else {                                                                                      \
    for (i64 i = 0; i < n; i++) { const T u = a[i * sa], v = b[i * sb]; out[i] = (EXPR); }    \
  }                                                                                             \
  break;

template <class T>
static void binary_row(int op, i64 n, const T* __restrict a, i64 sa, const T* __restrict b, i64 sb, T* __restrict out) {
  using D = double;
  switch (op) {
    case B_ADD: NABLA_MAP2(u + v)
    case B_SUB: NABLA_MAP2(u - v)
    case B_MUL: NABLA_MAP2(u * v)
    case B_DIV: NABLA_MAP2(u / v)
    case B_POW: NABLA_MAP2(T(js_pow(D(u), D(v))))
    case B_MAXIMUM: NABLA_MAP2(js_max(u, v))
    case B_MINIMUM: NABLA_MAP2(js_min(u, v))
    case B_ATAN2: NABLA_MAP2(T(std::atan2(D(u), D(v))))
    case B_REMAINDER: NABLA_MAP2(py_remainder(u, v))
    case B_FLOOR_DIVIDE: NABLA_MAP2(T(std::floor(D(u) / D(v))))
    default: break;
  }
}

template <class T>
static void compare_row(int op, i64 n, const T* __restrict a, i64 sa, const T* __restrict b, i64 sb, std::uint8_t* __restrict out) {
  switch (op) {
    case B_EQ: NABLA_MAP2(std::uint8_t(u == v))
    case B_NE: NABLA_MAP2(std::uint8_t(u != v))
    case B_LT: NABLA_MAP2(std::uint8_t(u < v))
    case B_LE: NABLA_MAP2(std::uint8_t(u <= v))
    case B_GT: NABLA_MAP2(std::uint8_t(u > v))
    case B_GE: NABLA_MAP2(std::uint8_t(u >= v))
    case B_LOGICAL_AND: NABLA_MAP2(std::uint8_t((u != T(0)) & (v != T(0))))
    case B_LOGICAL_OR: NABLA_MAP2(std::uint8_t((u != T(0)) | (v != T(0))))
    case B_LOGICAL_XOR: NABLA_MAP2(std::uint8_t((u != T(0)) ^ (v != T(0))))
    default: break;
  }
}

#undef NABLA_MAP1
#undef NABLA_MAP2

// Sum of a contiguous row, accumulated in double (the simd reduction lets the compiler keep
// several vector accumulators).
template <class T>
static double sum_row(i64 n, const T* __restrict x) {
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (i64 i = 0; i < n; i++) s += double(x[i]);
  return s;
}

// NaN-propagating max of a contiguous row (n >= 1): the first NaN if there is one.
template <class T>
static T max_row(i64 n, const T* __restrict x) {
  T m = T(-INFINITY);
  int nan = 0;
#pragma omp simd reduction(max : m) reduction(| : nan)
  for (i64 i = 0; i < n; i++) {
    const T v = x[i];
    m = v > m ? v : m;
    nan |= v != v;
  }
  if (nan) {
    for (i64 k = 0; k < n; k++) if (x[k] != x[k]) return x[k];
  }
  return m;
}

template <class T>
static void softmax_row(i64 n, const T* __restrict x, T* __restrict out, bool log) {
  if (n <= 0) return;
  const T m = max_row(n, x);
  double s;
#ifdef NABLA_HAVE_EXP_ROW
  if (std::is_same<T, float>::value) {
    s = exp_row16(n, reinterpret_cast<const float*>(x), reinterpret_cast<float*>(out), float(m), true);
  } else
#endif
  {
    for (i64 k = 0; k < n; k++) out[k] = m_exp(x[k] - m);
    s = sum_row(n, out);
  }
  if (log) {
    // (x - m) - log(s), not x - (m + log(s)): the latter loses log(s) against a large m.
    const T ls = T(std::log(s));
    for (i64 k = 0; k < n; k++) out[k] = (x[k] - m) - ls;
  } else {
    const T inv = T(1.0 / s);
    for (i64 k = 0; k < n; k++) out[k] *= inv;
  }
}

template <class T>
static void axpy_row(i64 n, T alpha, const T* __restrict x, T* __restrict y) {
  for (i64 i = 0; i < n; i++) y[i] += alpha * x[i];
}

template <class T>
static void transpose_tiled(i64 R, i64 C, const T* __restrict src, i64 s, T* __restrict dst, i64 ldd) {
  constexpr i64 B = 32;
  for (i64 r0 = 0; r0 < R; r0 += B) {
    const i64 r1 = std::min(R, r0 + B);
    for (i64 c0 = 0; c0 < C; c0 += B) {
      const i64 c1 = std::min(C, c0 + B);
      for (i64 r = r0; r < r1; r++)
        for (i64 c = c0; c < c1; c++) dst[r * ldd + c] = src[r + c * s];
    }
  }
}

template <class T>
static void transpose_tile(i64 R, i64 C, const T* __restrict src, i64 s, T* __restrict dst, i64 ldd) {
  transpose_tiled(R, C, src, s, dst, ldd);
}

#if NABLA_LEVEL == 512
// 16x16 blocks through the register transpose; the edges through the tiled loop.
template <>
void transpose_tile<float>(i64 R, i64 C, const float* __restrict src, i64 s, float* __restrict dst, i64 ldd) {
  const i64 R16 = R / 16 * 16, C16 = C / 16 * 16;
  for (i64 r0 = 0; r0 < R16; r0 += 16) {
    for (i64 c0 = 0; c0 < C16; c0 += 16) {
      __m512 v[16];
#pragma GCC unroll 16
      for (int j = 0; j < 16; j++) v[j] = _mm512_loadu_ps(src + r0 + (c0 + j) * s);  // column c0+j, rows r0..
      transpose16(v);
#pragma GCC unroll 16
      for (int j = 0; j < 16; j++) _mm512_storeu_ps(dst + (r0 + j) * ldd + c0, v[j]);
    }
  }
  if (C16 < C) transpose_tiled(R16, C - C16, src + C16 * s, s, dst + C16, ldd);  // right edge
  if (R16 < R) transpose_tiled(R - R16, C, src + R16, s, dst + R16 * ldd, ldd);  // bottom rows
}
#endif

template <class T, class Ker>
static RowKernels<T> make_row_kernels() {
  RowKernels<T> r;
  r.gemm = &gemm_entry<Ker>;
  r.unary = &unary_row<T>;
  r.binary = &binary_row<T>;
  r.compare = &compare_row<T>;
  r.sum = &sum_row<T>;
  r.max = &max_row<T>;
  r.softmax_row = &softmax_row<T>;
  r.axpy = &axpy_row<T>;
  r.transpose = &transpose_tile<T>;
  return r;
}

// Kernels compiled once per instruction set. Each isa_*.cc defines NABLA_LEVEL (512, 256 or 0)
// and includes this file inside its own namespace (so nothing here can be ODR-merged across
// ISAs). Loops are written so that GCC vectorises them with the TU's flags; the GEMM
// microkernels use intrinsics.
//
// Expected before inclusion: <algorithm>, <cmath>, <cstdint>, <cstdlib>, <cstring>, "common.h",
// "threadpool.h", and <immintrin.h> when NABLA_LEVEL > 0.

// A hook for packing one full MR-row panel of a row-major A (column stride 1) faster than the
// generic loop; returns false where there is none.
template <class T, int MR>
static inline bool pack_a_fast(i64, const T*, i64, T*) { return false; }

#if NABLA_LEVEL == 512
static inline void transpose16(__m512 r[16]) {
  __m512 t[16], u[16], v[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    u[i + 0] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
    u[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
    u[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
    u[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
  }
  for (int i = 0; i < 16; i += 8)
    for (int j = 0; j < 4; j++) {
      v[i + j] = _mm512_shuffle_f32x4(u[i + j], u[i + j + 4], 0x88);
      v[i + j + 4] = _mm512_shuffle_f32x4(u[i + j], u[i + j + 4], 0xdd);
    }
  for (int j = 0; j < 8; j++) {
    r[j] = _mm512_shuffle_f32x4(v[j], v[j + 8], 0x88);
    r[j + 8] = _mm512_shuffle_f32x4(v[j], v[j + 8], 0xdd);
  }
}
// 14 rows x 16 columns at a time through a register transpose (the generic loop gathers one
// element at a time, which dominates tall-skinny products where each packed A is used little).
template <>
inline bool pack_a_fast<float, 14>(i64 kc, const float* src, i64 rsa, float* dst) {
  i64 p = 0;
  for (; p + 16 <= kc; p += 16) {
    __m512 r[16];
#pragma GCC unroll 14
    for (int i = 0; i < 14; i++) r[i] = _mm512_loadu_ps(src + i * rsa + p);
    r[14] = r[15] = _mm512_setzero_ps();
    transpose16(r);
#pragma GCC unroll 16
    for (int j = 0; j < 16; j++) _mm512_mask_storeu_ps(dst + (p + j) * 14, __mmask16(0x3fff), r[j]);
  }
  for (; p < kc; p++)
    for (int i = 0; i < 14; i++) dst[p * 14 + i] = src[i * rsa + p];
  return true;
}
#endif

#include "gemm_impl.h"

// ---------------------------------------------------------------------------------------------
// GEMM microkernels: C[MR x NR] (+)= sum_p a[p*MR + i] * b[p*NR + j], broadcast A, FMA.

#if NABLA_LEVEL > 0
template <class Z, int MR_, int NV, int KC_, int MC_, int NC_>
struct VecKernel {
  using T = typename Z::T;
  using V = typename Z::V;
  static constexpr int MR = MR_, NR = NV * Z::W;
  static constexpr i64 KC = KC_, MC = MC_, NC = NC_;
  static void kernel(i64 kc, const T* __restrict a, const T* __restrict b, T* __restrict c, i64 ldc, bool acc) {
    V r[MR][NV];
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) r[i][v] = Z::zero();
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
#pragma GCC unroll 2
    for (i64 p = 0; p < kc; p++) {
      V bv[NV];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) bv[v] = Z::load(b + v * Z::W);
#pragma GCC unroll 16
      for (int i = 0; i < MR; i++) {
        V av = Z::bcast(a + i);
#pragma GCC unroll 4
        for (int v = 0; v < NV; v++) r[i][v] = Z::fma(av, bv[v], r[i][v]);
      }
      a += MR;
      b += NR;
    }
    if (acc) {
#pragma GCC unroll 16
      for (int i = 0; i < MR; i++)
#pragma GCC unroll 4
        for (int v = 0; v < NV; v++) Z::store(c + i * ldc + v * Z::W, Z::add(Z::load(c + i * ldc + v * Z::W), r[i][v]));
    } else {
#pragma GCC unroll 16
      for (int i = 0; i < MR; i++)
#pragma GCC unroll 4
        for (int v = 0; v < NV; v++) Z::store(c + i * ldc + v * Z::W, r[i][v]);
    }
  }
};
#endif

#if NABLA_LEVEL == 512
struct Z32 {
  using T = float; using V = __m512; static constexpr int W = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V load(const T* p) { return _mm512_loadu_ps(p); }
  static V bcast(const T* p) { return _mm512_set1_ps(*p); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static void store(T* p, V v) { _mm512_storeu_ps(p, v); }
};
struct Z64 {
  using T = double; using V = __m512d; static constexpr int W = 8;
  static V zero() { return _mm512_setzero_pd(); }
  static V load(const T* p) { return _mm512_loadu_pd(p); }
  static V bcast(const T* p) { return _mm512_set1_pd(*p); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static void store(T* p, V v) { _mm512_storeu_pd(p, v); }
};
// 14x32 float: 28 accumulators + 2 B vectors + 1 broadcast = 31 of 32 zmm registers.
using KF32 = VecKernel<Z32, 14, 2, NABLA_KC32, NABLA_MC32, 4096>;
using KF64 = VecKernel<Z64, 14, 2, 256, 168, 2048>;
#elif NABLA_LEVEL == 256
struct Z32 {
  using T = float; using V = __m256; static constexpr int W = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V load(const T* p) { return _mm256_loadu_ps(p); }
  static V bcast(const T* p) { return _mm256_broadcast_ss(p); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static void store(T* p, V v) { _mm256_storeu_ps(p, v); }
};
struct Z64 {
  using T = double; using V = __m256d; static constexpr int W = 4;
  static V zero() { return _mm256_setzero_pd(); }
  static V load(const T* p) { return _mm256_loadu_pd(p); }
  static V bcast(const T* p) { return _mm256_broadcast_sd(p); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  static void store(T* p, V v) { _mm256_storeu_pd(p, v); }
};
// 6x16 float: 12 accumulators + 2 B vectors + 1 broadcast of 16 ymm registers.
using KF32 = VecKernel<Z32, 6, 2, 256, 144, 4096>;
using KF64 = VecKernel<Z64, 6, 2, 256, 96, 2048>;
#else
template <class T_, int MR_, int NR_>
struct ScalarKernel {
  using T = T_;
  static constexpr int MR = MR_, NR = NR_;
  static constexpr i64 KC = 256, MC = 128, NC = 2048;
  static void kernel(i64 kc, const T* __restrict a, const T* __restrict b, T* __restrict c, i64 ldc, bool acc) {
    T r[MR][NR] = {};
    for (i64 p = 0; p < kc; p++) {
      for (int i = 0; i < MR; i++) {
        T av = a[i];
        for (int j = 0; j < NR; j++) r[i][j] += av * b[j];
      }
      a += MR;
      b += NR;
    }
    for (int i = 0; i < MR; i++)
      for (int j = 0; j < NR; j++) c[i * ldc + j] = acc ? c[i * ldc + j] + r[i][j] : r[i][j];
  }
};
using KF32 = ScalarKernel<float, 4, 8>;
using KF64 = ScalarKernel<double, 4, 4>;
#endif

template <class Ker>
static void gemm_entry(i64 batch, i64 M, i64 N, i64 K, const typename Ker::T* A, i64 sab, i64 rsa, i64 csa,
                       const typename Ker::T* B, i64 sbb, i64 rsb, i64 csb, typename Ker::T* C) {
  gemm_detail::gemm_batched<Ker>(batch, M, N, K, A, sab, rsa, csa, B, sbb, rsb, csb, C);
}

// ---------------------------------------------------------------------------------------------
// Vectorisable float32 math (branch-free; GCC turns the loops that call these into SIMD).
// Max errors against correctly rounded results, measured over float32 (see test/backend):
// exp ~1 ulp, log ~1 ulp, tanh ~2 ulp, erf ~1 ulp. float64 uses the C library.

static inline float bits_f(std::uint32_t u) { return __builtin_bit_cast(float, u); }
static inline std::uint32_t f_bits(float f) { return __builtin_bit_cast(std::uint32_t, f); }

static inline float vexp(float x) {
  x = x > 88.8f ? 88.8f : x;  // NaN passes both clamps unchanged
  x = x < -104.0f ? -104.0f : x;
  float t = x * 1.44269504088896341f + 12582912.0f;  // 1.5 * 2^23: rounds to an integer
  float n = t - 12582912.0f;
  std::int32_t ni = std::int32_t(f_bits(t) - 0x4B400000u);
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float r2 = r * r;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r2 + r + 1.0f;
  std::int32_t n1 = ni >> 1, n2 = ni - n1;  // two factors keep 2^n finite down to the subnormals
  float s1 = bits_f(std::uint32_t(n1 + 127) << 23), s2 = bits_f(std::uint32_t(n2 + 127) << 23);
  return p * s1 * s2;
}

static inline float vlog(float x) {
  const float xin = x;
  const bool sub = x < 1.17549435e-38f;
  x = sub ? x * 8388608.0f : x;
  std::uint32_t u = f_bits(x);
  std::int32_t e = std::int32_t((u >> 23) & 0xffu) - 126;
  e = sub ? e - 23 : e;
  float m = bits_f((u & 0x007fffffu) | 0x3f000000u);  // [0.5, 1)
  const bool lo = m < 0.707106781186547524f;
  float ef = float(e) - (lo ? 1.0f : 0.0f);
  m = lo ? (m + m - 1.0f) : (m - 1.0f);
  float z = m * m;
  float y = 7.0376836292e-2f;
  y = y * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  y += ef * -2.12194440e-4f;
  y += -0.5f * z;
  float r = (m + y) + ef * 0.693359375f;
  r = xin == 0.0f ? -INFINITY : r;
  r = xin < 0.0f ? NAN : r;
  r = xin == INFINITY ? INFINITY : r;
  r = xin != xin ? xin : r;
  return r;
}

static inline float vtanh(float x) {
  float a = std::fabs(x);
  float z = x * x;
  float s = -5.70498872745e-3f;
  s = s * z + 2.06390887954e-2f;
  s = s * z - 5.37397155531e-2f;
  s = s * z + 1.33314422036e-1f;
  s = s * z - 3.33332819422e-1f;
  s = s * z * x + x;
  float e = vexp(a + a);
  float big = std::copysign(1.0f - 2.0f / (e + 1.0f), x);
  return a < 0.625f ? s : big;
}

static inline float vsigmoid(float x) { return 1.0f / (1.0f + vexp(-x)); }

static inline float verf(float x) {
  float t = std::fabs(x), s = x * x;
  // |x| > 0.927734375: erf = 1 - exp(poly(t))
  float r = -1.72853470e-5f * t + 3.83197126e-4f;
  float u = -3.88396438e-3f * t + 2.42546219e-2f;
  r = r * s + u;
  r = r * t - 1.06777877e-1f;
  r = r * t - 6.34846687e-1f;
  r = r * t - 1.28717512e-1f;
  r = r * t - t;
  float big = std::copysign(1.0f - vexp(r), x);
  float q = -5.96761703e-4f;
  q = q * s + 4.99119423e-3f;
  q = q * s - 2.67681349e-2f;
  q = q * s + 1.12819925e-1f;
  q = q * s - 3.76125336e-1f;
  q = q * s + 1.28379166e-1f;
  q = q * x + x;
  return t > 0.927734375f ? big : q;
}

#if NABLA_LEVEL == 512
// exp over 16 floats with AVX-512: the same reduction and polynomial as vexp, with the 2^n
// scaling done by vscalefps (exact, and it handles overflow to inf and gradual underflow).
static inline __m512 exp16(__m512 x) {
  x = _mm512_min_ps(_mm512_set1_ps(88.8f), x);  // min/max return the second operand on NaN
  x = _mm512_max_ps(_mm512_set1_ps(-104.0f), x);
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(p, n);
}
// out[i] = exp(x[i] - shift) for a contiguous row; returns the row's sum when asked (two float
// accumulators of 16 lanes, each summing at most n/32 terms, then combined in double).
static inline double exp_row16(i64 n, const float* x, float* out, float shift, bool want_sum) {
  const __m512 sh = _mm512_set1_ps(shift);
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  double total = 0.0;
  i64 i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m512 e0 = exp16(_mm512_sub_ps(_mm512_loadu_ps(x + i), sh));
    const __m512 e1 = exp16(_mm512_sub_ps(_mm512_loadu_ps(x + i + 16), sh));
    _mm512_storeu_ps(out + i, e0);
    _mm512_storeu_ps(out + i + 16, e1);
    s0 = _mm512_add_ps(s0, e0);
    s1 = _mm512_add_ps(s1, e1);
    if (want_sum && (i & 4095) == 4064) {  // flush every 4096 elements to keep float sums short
      total += double(_mm512_reduce_add_ps(_mm512_add_ps(s0, s1)));
      s0 = s1 = _mm512_setzero_ps();
    }
  }
  for (; i < n; i += 16) {
    const __mmask16 k = n - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (n - i)) - 1u);
    const __m512 e = _mm512_maskz_mov_ps(k, exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, x + i), sh)));
    _mm512_mask_storeu_ps(out + i, k, e);
    s0 = _mm512_add_ps(s0, e);
  }
  if (!want_sum) return 0.0;
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, _mm512_add_ps(s0, s1));
  for (float v : lanes) total += double(v);
  return total;
}
#define NABLA_HAVE_EXP_ROW 1
#endif

// Overloads so the row kernels read the same for float and double.
static inline float m_exp(float x) { return vexp(x); }
static inline double m_exp(double x) { return std::exp(x); }
static inline float m_log(float x) { return vlog(x); }
static inline double m_log(double x) { return std::log(x); }
static inline float m_tanh(float x) { return vtanh(x); }
static inline double m_tanh(double x) { return std::tanh(x); }
static inline float m_sigmoid(float x) { return vsigmoid(x); }
static inline double m_sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
static inline float m_erf(float x) { return verf(x); }
static inline double m_erf(double x) { return std::erf(x); }

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

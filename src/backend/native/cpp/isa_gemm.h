// Per-ISA GEMM pieces (included by isa_body.h inside an ISA namespace; no include guard on
// purpose): the fast A-panel packing, the microkernels, and the driver instantiation.

// A hook for packing one full MR-row panel of a row-major A (column stride 1) faster than the
// generic loop; returns false where there is none.
template <class T, int MR>
static inline bool pack_a_fast(i64, const T*, i64, T*) { return false; }
// The same for one full NR-column panel of B whose columns are contiguous (B = W^T of a row-major
// W, as in x @ W^T of every Linear layer).
template <class T, int NR>
static inline bool pack_b_fast(i64, const T*, i64, T*) { return false; }

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
// NR columns x 16 k at a time: NR/16 register transposes of 16x16 (the generic loop writes one
// element per store, NR floats apart).
template <int NR>
static inline bool pack_b_t16(i64 kc, const float* src, i64 csb, float* dst) {
  i64 p = 0;
  for (; p + 16 <= kc; p += 16) {
    for (int h = 0; h < NR / 16; h++) {
      __m512 r[16];
#pragma GCC unroll 16
      for (int j = 0; j < 16; j++) r[j] = _mm512_loadu_ps(src + (h * 16 + j) * csb + p);
      transpose16(r);
#pragma GCC unroll 16
      for (int q = 0; q < 16; q++) _mm512_storeu_ps(dst + (p + q) * NR + h * 16, r[q]);
    }
  }
  for (; p < kc; p++)
    for (int j = 0; j < NR; j++) dst[p * NR + j] = src[j * csb + p];
  return true;
}
template <>
inline bool pack_b_fast<float, 32>(i64 kc, const float* src, i64 csb, float* dst) { return pack_b_t16<32>(kc, src, csb, dst); }
template <>
inline bool pack_b_fast<float, 48>(i64 kc, const float* src, i64 csb, float* dst) { return pack_b_t16<48>(kc, src, csb, dst); }
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

// A second, narrower microkernel for products whose row count fits its MR much better (M = 16
// of a LeNet convolution fills 16 of 28 rows of two 14-row panels, but two 8-row ones exactly).
template <class Ker>
struct Narrow { static constexpr bool has = false; using K = Ker; };
#if NABLA_LEVEL == 512
// 8x48 float: 24 accumulators + 3 B vectors + 1 broadcast = 28 zmm registers.
template <>
struct Narrow<KF32> { static constexpr bool has = true; using K = VecKernel<Z32, 8, 3, NABLA_KC32, 336, 4080>; };
#endif

// The fraction of the microkernel tiles an M x N product fills.
static inline double tile_fill(i64 M, i64 N, int MR, int NR) {
  return double(M) / double((M + MR - 1) / MR * MR) * double(N) / double((N + NR - 1) / NR * NR);
}

template <class Ker>
static void gemm_entry(i64 batch, i64 M, i64 N, i64 K, const typename Ker::T* A, i64 sab, i64 rsa, i64 csa,
                       const typename Ker::T* B, i64 sbb, i64 rsb, i64 csb, typename Ker::T* C) {
  if constexpr (Narrow<Ker>::has) {
    using K8 = typename Narrow<Ker>::K;
    if (tile_fill(M, N, K8::MR, K8::NR) > 1.15 * tile_fill(M, N, Ker::MR, Ker::NR)) {
      gemm_detail::gemm_batched<K8>(batch, M, N, K, A, sab, rsa, csa, B, sbb, rsb, csb, C);
      return;
    }
  }
  gemm_detail::gemm_batched<Ker>(batch, M, N, K, A, sab, rsa, csa, B, sbb, rsb, csb, C);
}

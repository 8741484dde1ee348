// Whole-sequence LSTM layer kernels (one layer, one direction, all T steps), as cuDNN/oneDNN
// run them:
//
//   forward:  gates[T*B, 4H] = x[T*B, I] @ W_ih^T              (one GEMM for every step)
//             per step: rec[B, 4H] = h_prev @ W_hh^T            (W_hh packed once per call)
//                       i, f, g, o = act(gates_t + b_ih + b_hh + rec)   (fused, in place)
//                       c = f * c_prev + i * g, h = o * tanh(c)
//   backward: per step (reversed): dgates_t from the saved activations (fused),
//                       dh_prev = dgates_t @ W_hh                 (W_hh packed once per call)
//             then one GEMM each: dW_ih = dgates^T x, dW_hh = dgates^T h_prev, dx = dgates W_ih,
//             and the bias gradient as the column sums of dgates.
//
// Gate order i, f, g, o (PyTorch's). float32 on AVX-512 runs the packed step GEMM and the fused
// gate math with intrinsics (compiled for AVX-512 with a target pragma, chosen at run time as
// the rest of the backend chooses: isa().name); everything else (float64, other CPUs) uses the
// backend's GEMM and the same scalar math as the elementwise kernels.
//
// JavaScript API (every length checked, RangeError instead of an out-of-bounds access):
//   lstmForward(dims, x, wIh, wHh, bIh|null, bHh|null, h0|null, c0|null, gates, cs, out)
//   lstmBackward(dims, x, wIh, wHh, h0|null, c0|null, gates, cs, out, gOut,
//                dx|null, dWih, dWhh, dBias|null, dh0|null, dc0|null)
//   gruForward(dims, x, wIh, wHh, bIh|null, bHh|null, h0|null, gates, ghn, out)
//   gruBackward(dims, x, wIh, wHh, h0|null, gates, ghn, out, gOut,
//               dx|null, dWih, dWhh, dBih|null, dBhh|null, dh0|null)
// dims = Float64Array [T, B, I, H, reverse]; x [T, B, I] time-major; gates [T, B, 4H] (LSTM) or
// [T, B, 3H] (GRU), written by the forward: the activated gates; cs [T, B, H] (LSTM cell
// states); ghn [T, B, H] (GRU: W_hn h + b_hn); out [T + 1, B, H] (LSTM: the T hidden states by
// time index, then the final cell state) or [T, B, H] (GRU); gOut is out's gradient.
//
// GRU (PyTorch's): r, z = sigmoid(x W_i{r,z}^T + b_i{r,z} + h W_h{r,z}^T + b_h{r,z}),
// n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn)), h' = n + z * (h - n); its backward keeps
// two gate-gradient arrays (of the input projection and of the recurrent product, which differ
// in the n block by the factor r).
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define NABLA_RNN_X86 1
#endif

#include "common.h"
#include "kernels.h"
#include "threadpool.h"

namespace nabla {

namespace rnn_scalar {
#define NABLA_LEVEL 0
#include "isa_math.h"
#undef NABLA_LEVEL
}  // namespace rnn_scalar

namespace {

template <class T>
T* scratch(std::vector<T>& v, i64 n) {
  if (i64(v.size()) < n) v.resize(size_t(n));
  return v.data();
}

template <class T>
struct Bufs {  // per-thread scratch, reused across calls (no page faults per call)
  std::vector<T> a, b, c, d, e, f;
  static Bufs& get() { thread_local Bufs s; return s; }
};

// C[M, N] = A[M, K] @ B[K, N] with the backend's GEMM; element (k, n) of B at B[k*rsb + n*csb].
template <class T>
void gemm(i64 M, i64 N, i64 K, const T* A, i64 rsa, i64 csa, const T* B, i64 rsb, i64 csb, T* C) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) { std::memset(C, 0, size_t(M * N) * sizeof(T)); return; }
  const RowKernels<T>& rk = [] () -> const RowKernels<T>& {
    if constexpr (std::is_same<T, float>::value) return isa().f32; else return isa().f64;
  }();
  rk.gemm(1, M, N, K, A, 0, rsa, csa, B, 0, rsb, csb, C);
}

// ---------------------------------------------------------------------------------------------
// Scalar (any ISA, float or double) gate math: the same functions as the elementwise kernels.

template <class T>
void gates_fwd_scalar(i64 B, i64 H, T* g, const T* rec, const T* bias, const T* cp, T* c, T* h) {
  using namespace rnn_scalar;
  const i64 G = 4 * H;
  for (i64 b = 0; b < B; b++) {
    T* gr = g + b * G;
    const T* rr = rec + b * G;
    for (i64 j = 0; j < G; j++) gr[j] = (bias ? gr[j] + bias[j] : gr[j]) + rr[j];
    for (i64 j = 0; j < H; j++) {
      const T i = m_sigmoid(gr[j]), f = m_sigmoid(gr[H + j]), gg = m_tanh(gr[2 * H + j]), o = m_sigmoid(gr[3 * H + j]);
      const T cv = f * (cp ? cp[b * H + j] : T(0)) + i * gg;
      gr[j] = i; gr[H + j] = f; gr[2 * H + j] = gg; gr[3 * H + j] = o;
      c[b * H + j] = cv;
      h[b * H + j] = o * m_tanh(cv);
    }
  }
}

// dh (read), dc (read and replaced by the gradient flowing to c_prev), dy (may be null).
template <class T>
void gates_bwd_scalar(i64 B, i64 H, const T* g, const T* c, const T* cp, const T* dy, const T* dh, T* dc, T* dg) {
  using namespace rnn_scalar;
  const i64 G = 4 * H;
  for (i64 b = 0; b < B; b++) {
    const T* gr = g + b * G;
    T* dr = dg + b * G;
    for (i64 j = 0; j < H; j++) {
      const i64 k = b * H + j;
      const T i = gr[j], f = gr[H + j], gg = gr[2 * H + j], o = gr[3 * H + j];
      const T tc = m_tanh(c[k]);
      const T dht = dy ? dh[k] + dy[k] : dh[k];
      const T dct = dc[k] + dht * o * (T(1) - tc * tc);
      const T cpv = cp ? cp[k] : T(0);
      dr[j] = dct * gg * (i * (T(1) - i));
      dr[H + j] = dct * cpv * (f * (T(1) - f));
      dr[2 * H + j] = dct * i * (T(1) - gg * gg);
      dr[3 * H + j] = dht * tc * (o * (T(1) - o));
      dc[k] = dct * f;
    }
  }
}

// GRU (gates r, z, n): g holds x W_ih^T (replaced by r, z, n), rec holds h W_hh^T; ghn keeps
// W_hn h + b_hn for the backward. h = n + z * (h_prev - n), as the js recurrence computes it.
template <class T>
void gru_fwd_scalar(i64 B, i64 H, T* g, const T* rec, const T* bih, const T* bhh, const T* hp, T* ghn, T* h) {
  using namespace rnn_scalar;
  const i64 G = 3 * H;
  for (i64 b = 0; b < B; b++) {
    T* gr = g + b * G;
    const T* rr = rec + b * G;
    for (i64 j = 0; j < H; j++) {
      const i64 k = b * H + j;
      T x[3], y[3];
      for (int q = 0; q < 3; q++) {
        x[q] = bih ? gr[q * H + j] + bih[q * H + j] : gr[q * H + j];
        y[q] = bhh ? rr[q * H + j] + bhh[q * H + j] : rr[q * H + j];
      }
      const T r = m_sigmoid(x[0] + y[0]), z = m_sigmoid(x[1] + y[1]);
      const T n = m_tanh(x[2] + r * y[2]);
      const T hv = hp ? hp[k] : T(0);
      gr[j] = r; gr[H + j] = z; gr[2 * H + j] = n;
      ghn[k] = y[2];
      h[k] = n + z * (hv - n);
    }
  }
}

// dgx / dgh: the gradients of x W_ih^T + b_ih and of h W_hh^T + b_hh; dhz = dh_t * z (the part
// of dh_prev that bypasses W_hh).
template <class T>
void gru_bwd_scalar(i64 B, i64 H, const T* g, const T* ghn, const T* hp, const T* dy, const T* dh, T* dgx, T* dgh, T* dhz) {
  const i64 G = 3 * H;
  for (i64 b = 0; b < B; b++) {
    const T* gr = g + b * G;
    T* dx = dgx + b * G;
    T* dr = dgh + b * G;
    for (i64 j = 0; j < H; j++) {
      const i64 k = b * H + j;
      const T r = gr[j], z = gr[H + j], n = gr[2 * H + j];
      const T dht = dy ? dh[k] + dy[k] : dh[k];
      const T dn = dht * (T(1) - z) * (T(1) - n * n);
      const T drv = dn * ghn[k] * (r * (T(1) - r));
      const T dzv = dht * ((hp ? hp[k] : T(0)) - n) * (z * (T(1) - z));
      dx[j] = drv; dx[H + j] = dzv; dx[2 * H + j] = dn;
      dr[j] = drv; dr[H + j] = dzv; dr[2 * H + j] = dn * r;
      dhz[k] = dht * z;
    }
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// AVX-512 float32: a packed-B step GEMM and the fused gate math.

#ifdef NABLA_RNN_X86
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512dq,avx512vl,fma,avx2,bmi,bmi2")
namespace rnn_avx512 {
#define NABLA_LEVEL 512
#include "isa_math.h"
#undef NABLA_LEVEL

constexpr int NR = 32;  // two zmm of columns per panel

// Packs B (element (k, n) at W[k*rs + n*cs], K x N) into NR-column panels, zero-padded:
// panel p holds P[p*K*NR + k*NR + jj] = B(k, p*NR + jj).
void pack(i64 K, i64 N, const float* W, i64 rs, i64 cs, float* P) {
  const i64 np = (N + NR - 1) / NR;
  for (i64 p = 0; p < np; p++) {
    float* dst = P + p * K * NR;
    const i64 j0 = p * NR, w = std::min<i64>(NR, N - j0);
    if (cs == 1) {
      for (i64 k = 0; k < K; k++) {
        const float* s = W + k * rs + j0;
        i64 jj = 0;
        for (; jj < w; jj++) dst[k * NR + jj] = s[jj];
        for (; jj < NR; jj++) dst[k * NR + jj] = 0.0f;
      }
    } else {
      for (i64 jj = 0; jj < NR; jj++) {
        if (jj < w) {
          const float* s = W + (j0 + jj) * cs;
          for (i64 k = 0; k < K; k++) dst[k * NR + jj] = s[k * rs];
        } else {
          for (i64 k = 0; k < K; k++) dst[k * NR + jj] = 0.0f;
        }
      }
    }
  }
}

// C[MR rows, NR cols] = A[MR, K] @ panel (A rows at stride lda, broadcast one element at a time).
template <int MR>
void kern(i64 K, const float* __restrict A, i64 lda, const float* __restrict P, float* __restrict C, i64 ldc,
          __mmask16 m0, __mmask16 m1) {
  __m512 acc0[MR], acc1[MR];
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++) { acc0[i] = _mm512_setzero_ps(); acc1[i] = _mm512_setzero_ps(); }
#pragma GCC unroll 2
  for (i64 k = 0; k < K; k++) {
    const __m512 b0 = _mm512_load_ps(P + k * NR), b1 = _mm512_load_ps(P + k * NR + 16);
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) {
      const __m512 a = _mm512_set1_ps(A[i * lda + k]);
      acc0[i] = _mm512_fmadd_ps(a, b0, acc0[i]);
      acc1[i] = _mm512_fmadd_ps(a, b1, acc1[i]);
    }
  }
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++) {
    _mm512_mask_storeu_ps(C + i * ldc, m0, acc0[i]);
    _mm512_mask_storeu_ps(C + i * ldc + 16, m1, acc1[i]);
  }
}

using KernFn = void (*)(i64, const float*, i64, const float*, float*, i64, __mmask16, __mmask16);
const KernFn kKern[13] = {nullptr, kern<1>, kern<2>, kern<3>, kern<4>, kern<5>, kern<6>,
                          kern<7>, kern<8>, kern<9>, kern<10>, kern<11>, kern<12>};

// C[M, N] (row stride ldc) = A[M, K] (row stride lda) @ packed B.
void step_gemm(i64 M, i64 N, i64 K, const float* A, i64 lda, const float* P, float* C, i64 ldc) {
  const i64 np = (N + NR - 1) / NR;
  const i64 nblk = (M + 11) / 12, base = M / nblk, extra = M % nblk;
  auto body = [&](i64 p0, i64 p1) {
    for (i64 p = p0; p < p1; p++) {
      const i64 j0 = p * NR, w = std::min<i64>(NR, N - j0);
      const __mmask16 m0 = w >= 16 ? __mmask16(0xffff) : __mmask16((1u << w) - 1u);
      const __mmask16 m1 = w >= 32 ? __mmask16(0xffff) : w <= 16 ? __mmask16(0) : __mmask16((1u << (w - 16)) - 1u);
      i64 r0 = 0;
      for (i64 blk = 0; blk < nblk; blk++) {
        const i64 r = base + (blk < extra ? 1 : 0);
        kKern[r](K, A + r0 * lda, lda, P + p * K * NR, C + r0 * ldc + j0, ldc, m0, m1);
        r0 += r;
      }
    }
  };
  if (pool_threads() > 1 && double(M) * double(N) * double(K) >= 1.0e6) parallel_for(np, 1, body);
  else body(0, np);
}

inline __m512 sigmoid16(__m512 x) {
  const __m512 one = _mm512_set1_ps(1.0f);
  return _mm512_div_ps(one, _mm512_add_ps(one, exp16(_mm512_sub_ps(_mm512_setzero_ps(), x))));
}

// The same formula as vtanh: an odd polynomial below 0.625, 1 - 2 / (exp(2|x|) + 1) above.
inline __m512 tanh16(__m512 x) {
  const __m512 a = _mm512_abs_ps(x), z = _mm512_mul_ps(x, x);
  __m512 s = _mm512_set1_ps(-5.70498872745e-3f);
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(2.06390887954e-2f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(-5.37397155531e-2f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(1.33314422036e-1f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(-3.33332819422e-1f));
  s = _mm512_fmadd_ps(_mm512_mul_ps(s, z), x, x);
  const __m512 e = exp16(_mm512_add_ps(a, a));
  const __m512 one = _mm512_set1_ps(1.0f);
  const __m512 mag = _mm512_sub_ps(one, _mm512_div_ps(_mm512_set1_ps(2.0f), _mm512_add_ps(e, one)));
  // copysign(mag, x): mag >= 0, so OR in x's sign bit.
  const __m512 sign = _mm512_and_ps(x, _mm512_set1_ps(-0.0f));
  const __m512 big = _mm512_or_ps(mag, sign);
  const __mmask16 small = _mm512_cmp_ps_mask(a, _mm512_set1_ps(0.625f), _CMP_LT_OQ);
  return _mm512_mask_blend_ps(small, big, s);
}

inline __mmask16 tail(i64 n) { return n >= 16 ? __mmask16(0xffff) : __mmask16((1u << n) - 1u); }

void gates_fwd(i64 B, i64 H, float* g, const float* rec, const float* bias, const float* cp, float* c, float* h) {
  const i64 G = 4 * H;
  const __m512 zero = _mm512_setzero_ps();
  for (i64 b = 0; b < B; b++) {
    float* gr = g + b * G;
    const float* rr = rec + b * G;
    for (i64 j = 0; j < H; j += 16) {
      const __mmask16 m = tail(H - j);
      __m512 v[4];
#pragma GCC unroll 4
      for (int q = 0; q < 4; q++) {
        const i64 o = q * H + j;
        __m512 x = _mm512_maskz_loadu_ps(m, gr + o);
        if (bias) x = _mm512_add_ps(x, _mm512_maskz_loadu_ps(m, bias + o));
        v[q] = _mm512_add_ps(x, _mm512_maskz_loadu_ps(m, rr + o));
      }
      const __m512 i = sigmoid16(v[0]), f = sigmoid16(v[1]), gg = tanh16(v[2]), o = sigmoid16(v[3]);
      const __m512 cpv = cp ? _mm512_maskz_loadu_ps(m, cp + b * H + j) : zero;
      const __m512 cv = _mm512_add_ps(_mm512_mul_ps(f, cpv), _mm512_mul_ps(i, gg));
      _mm512_mask_storeu_ps(gr + j, m, i);
      _mm512_mask_storeu_ps(gr + H + j, m, f);
      _mm512_mask_storeu_ps(gr + 2 * H + j, m, gg);
      _mm512_mask_storeu_ps(gr + 3 * H + j, m, o);
      _mm512_mask_storeu_ps(c + b * H + j, m, cv);
      _mm512_mask_storeu_ps(h + b * H + j, m, _mm512_mul_ps(o, tanh16(cv)));
    }
  }
}

void gates_bwd(i64 B, i64 H, const float* g, const float* c, const float* cp, const float* dy, const float* dh, float* dc, float* dg) {
  const i64 G = 4 * H;
  const __m512 one = _mm512_set1_ps(1.0f), zero = _mm512_setzero_ps();
  for (i64 b = 0; b < B; b++) {
    const float* gr = g + b * G;
    float* dr = dg + b * G;
    for (i64 j = 0; j < H; j += 16) {
      const __mmask16 m = tail(H - j);
      const i64 k = b * H + j;
      const __m512 i = _mm512_maskz_loadu_ps(m, gr + j), f = _mm512_maskz_loadu_ps(m, gr + H + j);
      const __m512 gg = _mm512_maskz_loadu_ps(m, gr + 2 * H + j), o = _mm512_maskz_loadu_ps(m, gr + 3 * H + j);
      const __m512 tc = tanh16(_mm512_maskz_loadu_ps(m, c + k));
      __m512 dht = _mm512_maskz_loadu_ps(m, dh + k);
      if (dy) dht = _mm512_add_ps(dht, _mm512_maskz_loadu_ps(m, dy + k));
      const __m512 dct = _mm512_add_ps(_mm512_maskz_loadu_ps(m, dc + k),
                                       _mm512_mul_ps(_mm512_mul_ps(dht, o), _mm512_sub_ps(one, _mm512_mul_ps(tc, tc))));
      const __m512 cpv = cp ? _mm512_maskz_loadu_ps(m, cp + k) : zero;
      _mm512_mask_storeu_ps(dr + j, m, _mm512_mul_ps(_mm512_mul_ps(dct, gg), _mm512_mul_ps(i, _mm512_sub_ps(one, i))));
      _mm512_mask_storeu_ps(dr + H + j, m, _mm512_mul_ps(_mm512_mul_ps(dct, cpv), _mm512_mul_ps(f, _mm512_sub_ps(one, f))));
      _mm512_mask_storeu_ps(dr + 2 * H + j, m, _mm512_mul_ps(_mm512_mul_ps(dct, i), _mm512_sub_ps(one, _mm512_mul_ps(gg, gg))));
      _mm512_mask_storeu_ps(dr + 3 * H + j, m, _mm512_mul_ps(_mm512_mul_ps(dht, tc), _mm512_mul_ps(o, _mm512_sub_ps(one, o))));
      _mm512_mask_storeu_ps(dc + k, m, _mm512_mul_ps(dct, f));
    }
  }
}

void gru_fwd(i64 B, i64 H, float* g, const float* rec, const float* bih, const float* bhh, const float* hp, float* ghn, float* h) {
  const i64 G = 3 * H;
  for (i64 b = 0; b < B; b++) {
    float* gr = g + b * G;
    const float* rr = rec + b * G;
    for (i64 j = 0; j < H; j += 16) {
      const __mmask16 m = tail(H - j);
      const i64 k = b * H + j;
      __m512 x[3], y[3];
#pragma GCC unroll 3
      for (int q = 0; q < 3; q++) {
        x[q] = _mm512_maskz_loadu_ps(m, gr + q * H + j);
        if (bih) x[q] = _mm512_add_ps(x[q], _mm512_maskz_loadu_ps(m, bih + q * H + j));
        y[q] = _mm512_maskz_loadu_ps(m, rr + q * H + j);
        if (bhh) y[q] = _mm512_add_ps(y[q], _mm512_maskz_loadu_ps(m, bhh + q * H + j));
      }
      const __m512 r = sigmoid16(_mm512_add_ps(x[0], y[0])), z = sigmoid16(_mm512_add_ps(x[1], y[1]));
      const __m512 n = tanh16(_mm512_add_ps(x[2], _mm512_mul_ps(r, y[2])));
      const __m512 hv = hp ? _mm512_maskz_loadu_ps(m, hp + k) : _mm512_setzero_ps();
      _mm512_mask_storeu_ps(gr + j, m, r);
      _mm512_mask_storeu_ps(gr + H + j, m, z);
      _mm512_mask_storeu_ps(gr + 2 * H + j, m, n);
      _mm512_mask_storeu_ps(ghn + k, m, y[2]);
      _mm512_mask_storeu_ps(h + k, m, _mm512_add_ps(n, _mm512_mul_ps(z, _mm512_sub_ps(hv, n))));
    }
  }
}

void gru_bwd(i64 B, i64 H, const float* g, const float* ghn, const float* hp, const float* dy, const float* dh, float* dgx, float* dgh, float* dhz) {
  const i64 G = 3 * H;
  const __m512 one = _mm512_set1_ps(1.0f);
  for (i64 b = 0; b < B; b++) {
    const float* gr = g + b * G;
    float* dx = dgx + b * G;
    float* dr = dgh + b * G;
    for (i64 j = 0; j < H; j += 16) {
      const __mmask16 m = tail(H - j);
      const i64 k = b * H + j;
      const __m512 r = _mm512_maskz_loadu_ps(m, gr + j), z = _mm512_maskz_loadu_ps(m, gr + H + j);
      const __m512 n = _mm512_maskz_loadu_ps(m, gr + 2 * H + j);
      __m512 dht = _mm512_maskz_loadu_ps(m, dh + k);
      if (dy) dht = _mm512_add_ps(dht, _mm512_maskz_loadu_ps(m, dy + k));
      const __m512 dn = _mm512_mul_ps(_mm512_mul_ps(dht, _mm512_sub_ps(one, z)), _mm512_sub_ps(one, _mm512_mul_ps(n, n)));
      const __m512 drv = _mm512_mul_ps(_mm512_mul_ps(dn, _mm512_maskz_loadu_ps(m, ghn + k)), _mm512_mul_ps(r, _mm512_sub_ps(one, r)));
      const __m512 hv = hp ? _mm512_maskz_loadu_ps(m, hp + k) : _mm512_setzero_ps();
      const __m512 dzv = _mm512_mul_ps(_mm512_mul_ps(dht, _mm512_sub_ps(hv, n)), _mm512_mul_ps(z, _mm512_sub_ps(one, z)));
      _mm512_mask_storeu_ps(dx + j, m, drv);
      _mm512_mask_storeu_ps(dx + H + j, m, dzv);
      _mm512_mask_storeu_ps(dx + 2 * H + j, m, dn);
      _mm512_mask_storeu_ps(dr + j, m, drv);
      _mm512_mask_storeu_ps(dr + H + j, m, dzv);
      _mm512_mask_storeu_ps(dr + 2 * H + j, m, _mm512_mul_ps(dn, r));
      _mm512_mask_storeu_ps(dhz + k, m, _mm512_mul_ps(dht, z));
    }
  }
}

}  // namespace rnn_avx512
#pragma GCC pop_options
#endif

namespace {

struct Dims {
  i64 T, B, I, H;
  bool reverse;
};

template <class T>
bool fast() {
#ifdef NABLA_RNN_X86
  if constexpr (std::is_same<T, float>::value) return std::strcmp(isa().name, "avx512") == 0;
#endif
  return false;
}

// The step GEMM against W_hh for the forward (rec = h @ W_hh^T: B(k, n) = W_hh[n*H + k]) or the
// backward (dh = dgates @ W_hh: B(k, n) = W_hh[k*H + n]); packed once when the fast path runs.
template <class T>
struct StepGemm {
  i64 N, K, rsb, csb;
  const T* W;
  const float* packed = nullptr;
  StepGemm(i64 N_, i64 K_, const T* W_, i64 rsb_, i64 csb_, std::vector<float>& buf) : N(N_), K(K_), rsb(rsb_), csb(csb_), W(W_) {
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (fast<T>()) {
        const i64 np = (N + rnn_avx512::NR - 1) / rnn_avx512::NR;
        // 64-byte aligned start inside the vector.
        float* base = scratch(buf, np * K * rnn_avx512::NR + 16);
        float* p = reinterpret_cast<float*>((reinterpret_cast<std::uintptr_t>(base) + 63) & ~std::uintptr_t(63));
        rnn_avx512::pack(K, N, W, rsb, csb, p);
        packed = p;
      }
    }
#else
    (void)buf;
#endif
  }
  void run(i64 M, const T* A, i64 lda, T* C) const {
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (packed) { rnn_avx512::step_gemm(M, N, K, A, lda, packed, C, N); return; }
    }
#endif
    gemm<T>(M, N, K, A, lda, 1, W, rsb, csb, C);
  }
};

// Column sums of a [rows, n] matrix, accumulated in double.
template <class T>
void colsum(i64 rows, i64 n, const T* m, T* out) {
  std::vector<double> acc(size_t(n), 0.0);
  double* a = acc.data();
  for (i64 r = 0; r < rows; r++) {
    const T* row = m + r * n;
#pragma omp simd
    for (i64 j = 0; j < n; j++) a[j] += double(row[j]);
  }
  for (i64 j = 0; j < n; j++) out[j] = T(a[j]);
}

// The gradients that are one GEMM each over all steps, given the gate-gradients of the input
// projection dgx [T, B, G] and of the recurrent product dgh [T, B, G] (the same array for LSTM):
// dW_ih = dgx^T x, dW_hh = sum_t dgh_t^T h_prev(t), dx = dgx W_ih (when dx is wanted).
template <class T>
void weight_grads(const Dims& d, i64 G, const T* dgx, const T* dgh, const T* x, const T* wih, const T* out,
                  const T* h0, T* dx, T* dwih, T* dwhh) {
  const i64 T_ = d.T, B = d.B, I = d.I, H = d.H, BH = B * H;
  // dW_ih = dgx^T @ x: A(m, k) = dgx[k*G + m].
  gemm<T>(G, I, T_ * B, dgx, 1, G, x, I, 1, dwih);
  // dW_hh: the hidden states shifted by one step (the steps whose previous state is in out),
  // plus the first processed step's term against h0.
  const i64 first = d.reverse ? T_ - 1 : 0;
  const T* dgs = d.reverse ? dgh : dgh + B * G;
  const T* hps = d.reverse ? out + BH : out;
  gemm<T>(G, H, (T_ - 1) * B, dgs, 1, G, hps, H, 1, dwhh);
  if (h0) {
    T* tmp = scratch(Bufs<T>::get().f, G * H);
    gemm<T>(G, H, B, dgh + first * B * G, 1, G, h0, H, 1, tmp);
    for (i64 j = 0; j < G * H; j++) dwhh[j] += tmp[j];
  }
  // dx = dgx @ W_ih: B(k, n) = W_ih[k*I + n].
  if (dx) gemm<T>(T_ * B, I, G, dgx, G, 1, wih, I, 1, dx);
}

template <class T>
void lstm_forward(const Dims& d, const T* x, const T* wih, const T* whh, const T* bih, const T* bhh, const T* h0,
                  const T* c0, T* gates, T* cs, T* out) {
  const i64 T_ = d.T, B = d.B, I = d.I, H = d.H, G = 4 * H, BH = B * H;
  Bufs<T>& bufs = Bufs<T>::get();
  // gates = x @ W_ih^T for all steps: B(k, n) = W_ih[n*I + k].
  gemm<T>(T_ * B, G, I, x, I, 1, wih, 1, I, gates);
  const T* bias = nullptr;
  if (bih || bhh) {
    T* bs = scratch(bufs.a, G);
    for (i64 j = 0; j < G; j++) bs[j] = (bih ? bih[j] : T(0)) + (bhh ? bhh[j] : T(0));
    if (bih && !bhh) std::memcpy(bs, bih, size_t(G) * sizeof(T));
    if (bhh && !bih) std::memcpy(bs, bhh, size_t(G) * sizeof(T));
    bias = bs;
  }
  T* rec = scratch(bufs.b, B * G);
  thread_local std::vector<float> packbuf;
  StepGemm<T> sg(G, H, whh, 1, H, packbuf);
  for (i64 s = 0; s < T_; s++) {
    const i64 t = d.reverse ? T_ - 1 - s : s, tp = d.reverse ? t + 1 : t - 1;
    const T* hp = s == 0 ? h0 : out + tp * BH;
    const T* cp = s == 0 ? c0 : cs + tp * BH;
    T* gt = gates + t * B * G;
    if (hp) {
      sg.run(B, hp, H, rec);
    } else {
      std::memset(rec, 0, size_t(B * G) * sizeof(T));
    }
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (sg.packed) { rnn_avx512::gates_fwd(B, H, gt, rec, bias, cp, cs + t * BH, out + t * BH); continue; }
    }
#endif
    gates_fwd_scalar<T>(B, H, gt, rec, bias, cp, cs + t * BH, out + t * BH);
  }
  const i64 tl = d.reverse ? 0 : T_ - 1;
  std::memcpy(out + T_ * BH, cs + tl * BH, size_t(BH) * sizeof(T));
}

template <class T>
void lstm_backward(const Dims& d, const T* x, const T* wih, const T* whh, const T* h0, const T* c0, const T* gates,
                   const T* cs, const T* out, const T* gout, T* dx, T* dwih, T* dwhh, T* dbias, T* dh0, T* dc0) {
  const i64 T_ = d.T, B = d.B, H = d.H, G = 4 * H, BH = B * H;
  Bufs<T>& bufs = Bufs<T>::get();
  T* dg = scratch(bufs.c, T_ * B * G);
  T* dh = scratch(bufs.d, BH);
  T* dc = scratch(bufs.e, BH);
  std::memset(dh, 0, size_t(BH) * sizeof(T));
  std::memcpy(dc, gout + T_ * BH, size_t(BH) * sizeof(T));  // the final cell state's gradient
  thread_local std::vector<float> packbuf;
  StepGemm<T> sg(H, G, whh, H, 1, packbuf);
  for (i64 s = T_ - 1; s >= 0; s--) {
    const i64 t = d.reverse ? T_ - 1 - s : s, tp = d.reverse ? t + 1 : t - 1;
    const T* cp = s == 0 ? c0 : cs + tp * BH;
    T* dgt = dg + t * B * G;
    bool done = false;
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (sg.packed) { rnn_avx512::gates_bwd(B, H, gates + t * B * G, cs + t * BH, cp, gout + t * BH, dh, dc, dgt); done = true; }
    }
#endif
    if (!done) gates_bwd_scalar<T>(B, H, gates + t * B * G, cs + t * BH, cp, gout + t * BH, dh, dc, dgt);
    if (s > 0 || dh0) sg.run(B, dgt, G, dh);  // dh_prev = dgates_t @ W_hh
  }
  if (dh0) std::memcpy(dh0, dh, size_t(BH) * sizeof(T));
  if (dc0) std::memcpy(dc0, dc, size_t(BH) * sizeof(T));
  weight_grads<T>(d, G, dg, dg, x, wih, out, h0, dx, dwih, dwhh);
  if (dbias) colsum<T>(T_ * B, G, dg, dbias);
}

template <class T>
void gru_forward(const Dims& d, const T* x, const T* wih, const T* whh, const T* bih, const T* bhh, const T* h0,
                 T* gates, T* ghn, T* out) {
  const i64 T_ = d.T, B = d.B, I = d.I, H = d.H, G = 3 * H, BH = B * H;
  gemm<T>(T_ * B, G, I, x, I, 1, wih, 1, I, gates);
  T* rec = scratch(Bufs<T>::get().b, B * G);
  thread_local std::vector<float> packbuf;
  StepGemm<T> sg(G, H, whh, 1, H, packbuf);
  for (i64 s = 0; s < T_; s++) {
    const i64 t = d.reverse ? T_ - 1 - s : s, tp = d.reverse ? t + 1 : t - 1;
    const T* hp = s == 0 ? h0 : out + tp * BH;
    if (hp) sg.run(B, hp, H, rec);
    else std::memset(rec, 0, size_t(B * G) * sizeof(T));
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (sg.packed) { rnn_avx512::gru_fwd(B, H, gates + t * B * G, rec, bih, bhh, hp, ghn + t * BH, out + t * BH); continue; }
    }
#endif
    gru_fwd_scalar<T>(B, H, gates + t * B * G, rec, bih, bhh, hp, ghn + t * BH, out + t * BH);
  }
}

template <class T>
void gru_backward(const Dims& d, const T* x, const T* wih, const T* whh, const T* h0, const T* gates, const T* ghn,
                  const T* out, const T* gout, T* dx, T* dwih, T* dwhh, T* dbih, T* dbhh, T* dh0) {
  const i64 T_ = d.T, B = d.B, H = d.H, G = 3 * H, BH = B * H;
  Bufs<T>& bufs = Bufs<T>::get();
  T* dgx = scratch(bufs.c, T_ * B * G);
  T* dgh = scratch(bufs.a, T_ * B * G);
  T* dh = scratch(bufs.d, BH);
  T* dhz = scratch(bufs.e, BH);
  std::memset(dh, 0, size_t(BH) * sizeof(T));
  thread_local std::vector<float> packbuf;
  StepGemm<T> sg(H, G, whh, H, 1, packbuf);
  for (i64 s = T_ - 1; s >= 0; s--) {
    const i64 t = d.reverse ? T_ - 1 - s : s, tp = d.reverse ? t + 1 : t - 1;
    const T* hp = s == 0 ? h0 : out + tp * BH;
    T* gx = dgx + t * B * G;
    T* gh = dgh + t * B * G;
    bool done = false;
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (sg.packed) { rnn_avx512::gru_bwd(B, H, gates + t * B * G, ghn + t * BH, hp, gout + t * BH, dh, gx, gh, dhz); done = true; }
    }
#endif
    if (!done) gru_bwd_scalar<T>(B, H, gates + t * B * G, ghn + t * BH, hp, gout + t * BH, dh, gx, gh, dhz);
    if (s > 0 || dh0) {
      sg.run(B, gh, G, dh);  // dh_prev = dht * z + dgh_t @ W_hh
      for (i64 k = 0; k < BH; k++) dh[k] = dhz[k] + dh[k];
    }
  }
  if (dh0) std::memcpy(dh0, dh, size_t(BH) * sizeof(T));
  weight_grads<T>(d, G, dgx, dgh, x, wih, out, h0, dx, dwih, dwhh);
  if (dbih) colsum<T>(T_ * B, G, dgx, dbih);
  if (dbhh) colsum<T>(T_ * B, G, dgh, dbhh);
}

// ---------------------------------------------------------------------------------------------
// N-API

struct View {
  void* data = nullptr;
  size_t length = 0;
  napi_typedarray_type type = napi_int8_array;
  bool present = false;
};

// Reads a typed array (or null/undefined when `optional`); false on a wrong type.
bool view(napi_env env, napi_value v, View* out, bool optional) {
  napi_valuetype vt;
  if (napi_typeof(env, v, &vt) != napi_ok) return false;
  if (vt == napi_null || vt == napi_undefined) return optional;
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  if (napi_get_typedarray_info(env, v, &out->type, &out->length, &out->data, nullptr, nullptr) != napi_ok) return false;
  out->present = true;
  return true;
}

struct Args {
  Napi::Env env;
  std::string err;
  napi_typedarray_type type = napi_float32_array;
  explicit Args(Napi::Env e) : env(e) {}
  // Checks one array: present (unless optional), the float type, exactly `n` elements.
  bool get(const Napi::CallbackInfo& info, size_t idx, const char* name, i64 n, bool optional, View* v) {
    if (!err.empty()) return false;
    if (idx >= info.Length() || !view(env, info[idx], v, optional)) {
      err = std::string(name) + (optional ? " must be a typed array or null" : " must be a typed array");
      return false;
    }
    if (!v->present) return true;
    if (v->type != type) { err = std::string(name) + " must have the same float type as x"; return false; }
    if (n == INT64_MAX || v->length != size_t(n)) {
      err = std::string(name) + " has " + std::to_string(v->length) + " elements, expected " + std::to_string(n);
      return false;
    }
    return true;
  }
};

bool read_dims(const Napi::CallbackInfo& info, Dims* d, std::string* err) {
  View dv;
  if (info.Length() < 1 || !view(info.Env(), info[0], &dv, false) || dv.type != napi_float64_array || dv.length < 5) {
    *err = "dims must be a Float64Array [T, B, I, H, reverse]";
    return false;
  }
  const double* v = static_cast<const double*>(dv.data);
  for (int k = 0; k < 4; k++) {
    if (!(v[k] >= 1 && v[k] <= 1e9 && v[k] == std::floor(v[k]))) { *err = "dims T, B, I, H must be positive integers"; return false; }
  }
  d->T = i64(v[0]); d->B = i64(v[1]); d->I = i64(v[2]); d->H = i64(v[3]);
  d->reverse = v[4] != 0;
  if (sat_prod({d->T, d->B, 4 * d->H}) == INT64_MAX || sat_prod({4 * d->H, d->I}) == INT64_MAX || sat_prod({d->T, d->B, d->I}) == INT64_MAX) {
    *err = "dims too large";
    return false;
  }
  return true;
}

bool first_type(const Napi::CallbackInfo& info, size_t idx, napi_typedarray_type* t) {
  View v;
  if (idx >= info.Length() || !view(info.Env(), info[idx], &v, false)) return false;
  if (v.type != napi_float32_array && v.type != napi_float64_array) return false;
  *t = v.type;
  return true;
}

template <class T> T* P(const View& v) { return v.present ? static_cast<T*>(v.data) : nullptr; }

Napi::Value LstmForward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& m) {
    Napi::RangeError::New(env, "nabla native lstmForward: " + m).ThrowAsJavaScriptException();
    return env.Undefined();
  };
  Dims d;
  std::string e;
  if (!read_dims(info, &d, &e)) return fail(e);
  Args a(env);
  if (!first_type(info, 1, &a.type)) return fail("x must be a Float32Array or Float64Array");
  const i64 G = 4 * d.H, BH = d.B * d.H;
  View x, wih, whh, bih, bhh, h0, c0, gates, cs, out;
  a.get(info, 1, "x", sat_prod({d.T, d.B, d.I}), false, &x);
  a.get(info, 2, "wIh", sat_prod({G, d.I}), false, &wih);
  a.get(info, 3, "wHh", sat_prod({G, d.H}), false, &whh);
  a.get(info, 4, "bIh", G, true, &bih);
  a.get(info, 5, "bHh", G, true, &bhh);
  a.get(info, 6, "h0", BH, true, &h0);
  a.get(info, 7, "c0", BH, true, &c0);
  a.get(info, 8, "gates", sat_prod({d.T, d.B, G}), false, &gates);
  a.get(info, 9, "cs", sat_prod({d.T, BH}), false, &cs);
  a.get(info, 10, "out", sat_prod({d.T + 1, BH}), false, &out);
  if (!a.err.empty()) return fail(a.err);
  if (a.type == napi_float32_array) {
    lstm_forward<float>(d, P<float>(x), P<float>(wih), P<float>(whh), P<float>(bih), P<float>(bhh), P<float>(h0),
                        P<float>(c0), P<float>(gates), P<float>(cs), P<float>(out));
  } else {
    lstm_forward<double>(d, P<double>(x), P<double>(wih), P<double>(whh), P<double>(bih), P<double>(bhh), P<double>(h0),
                         P<double>(c0), P<double>(gates), P<double>(cs), P<double>(out));
  }
  return env.Undefined();
}

Napi::Value LstmBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& m) {
    Napi::RangeError::New(env, "nabla native lstmBackward: " + m).ThrowAsJavaScriptException();
    return env.Undefined();
  };
  Dims d;
  std::string e;
  if (!read_dims(info, &d, &e)) return fail(e);
  Args a(env);
  if (!first_type(info, 1, &a.type)) return fail("x must be a Float32Array or Float64Array");
  const i64 G = 4 * d.H, BH = d.B * d.H;
  View x, wih, whh, h0, c0, gates, cs, out, gout, dx, dwih, dwhh, dbias, dh0, dc0;
  a.get(info, 1, "x", sat_prod({d.T, d.B, d.I}), false, &x);
  a.get(info, 2, "wIh", sat_prod({G, d.I}), false, &wih);
  a.get(info, 3, "wHh", sat_prod({G, d.H}), false, &whh);
  a.get(info, 4, "h0", BH, true, &h0);
  a.get(info, 5, "c0", BH, true, &c0);
  a.get(info, 6, "gates", sat_prod({d.T, d.B, G}), false, &gates);
  a.get(info, 7, "cs", sat_prod({d.T, BH}), false, &cs);
  a.get(info, 8, "out", sat_prod({d.T + 1, BH}), false, &out);
  a.get(info, 9, "gOut", sat_prod({d.T + 1, BH}), false, &gout);
  a.get(info, 10, "dx", sat_prod({d.T, d.B, d.I}), true, &dx);
  a.get(info, 11, "dWih", sat_prod({G, d.I}), false, &dwih);
  a.get(info, 12, "dWhh", sat_prod({G, d.H}), false, &dwhh);
  a.get(info, 13, "dBias", G, true, &dbias);
  a.get(info, 14, "dh0", BH, true, &dh0);
  a.get(info, 15, "dc0", BH, true, &dc0);
  if (!a.err.empty()) return fail(a.err);
  if (a.type == napi_float32_array) {
    lstm_backward<float>(d, P<float>(x), P<float>(wih), P<float>(whh), P<float>(h0), P<float>(c0), P<float>(gates),
                         P<float>(cs), P<float>(out), P<float>(gout), P<float>(dx), P<float>(dwih), P<float>(dwhh),
                         P<float>(dbias), P<float>(dh0), P<float>(dc0));
  } else {
    lstm_backward<double>(d, P<double>(x), P<double>(wih), P<double>(whh), P<double>(h0), P<double>(c0), P<double>(gates),
                          P<double>(cs), P<double>(out), P<double>(gout), P<double>(dx), P<double>(dwih), P<double>(dwhh),
                          P<double>(dbias), P<double>(dh0), P<double>(dc0));
  }
  return env.Undefined();
}

Napi::Value GruForward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& m) {
    Napi::RangeError::New(env, "nabla native gruForward: " + m).ThrowAsJavaScriptException();
    return env.Undefined();
  };
  Dims d;
  std::string e;
  if (!read_dims(info, &d, &e)) return fail(e);
  Args a(env);
  if (!first_type(info, 1, &a.type)) return fail("x must be a Float32Array or Float64Array");
  const i64 G = 3 * d.H, BH = d.B * d.H;
  View x, wih, whh, bih, bhh, h0, gates, ghn, out;
  a.get(info, 1, "x", sat_prod({d.T, d.B, d.I}), false, &x);
  a.get(info, 2, "wIh", sat_prod({G, d.I}), false, &wih);
  a.get(info, 3, "wHh", sat_prod({G, d.H}), false, &whh);
  a.get(info, 4, "bIh", G, true, &bih);
  a.get(info, 5, "bHh", G, true, &bhh);
  a.get(info, 6, "h0", BH, true, &h0);
  a.get(info, 7, "gates", sat_prod({d.T, d.B, G}), false, &gates);
  a.get(info, 8, "ghn", sat_prod({d.T, BH}), false, &ghn);
  a.get(info, 9, "out", sat_prod({d.T, BH}), false, &out);
  if (!a.err.empty()) return fail(a.err);
  if (a.type == napi_float32_array) {
    gru_forward<float>(d, P<float>(x), P<float>(wih), P<float>(whh), P<float>(bih), P<float>(bhh), P<float>(h0),
                       P<float>(gates), P<float>(ghn), P<float>(out));
  } else {
    gru_forward<double>(d, P<double>(x), P<double>(wih), P<double>(whh), P<double>(bih), P<double>(bhh), P<double>(h0),
                        P<double>(gates), P<double>(ghn), P<double>(out));
  }
  return env.Undefined();
}

Napi::Value GruBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& m) {
    Napi::RangeError::New(env, "nabla native gruBackward: " + m).ThrowAsJavaScriptException();
    return env.Undefined();
  };
  Dims d;
  std::string e;
  if (!read_dims(info, &d, &e)) return fail(e);
  Args a(env);
  if (!first_type(info, 1, &a.type)) return fail("x must be a Float32Array or Float64Array");
  const i64 G = 3 * d.H, BH = d.B * d.H;
  View x, wih, whh, h0, gates, ghn, out, gout, dx, dwih, dwhh, dbih, dbhh, dh0;
  a.get(info, 1, "x", sat_prod({d.T, d.B, d.I}), false, &x);
  a.get(info, 2, "wIh", sat_prod({G, d.I}), false, &wih);
  a.get(info, 3, "wHh", sat_prod({G, d.H}), false, &whh);
  a.get(info, 4, "h0", BH, true, &h0);
  a.get(info, 5, "gates", sat_prod({d.T, d.B, G}), false, &gates);
  a.get(info, 6, "ghn", sat_prod({d.T, BH}), false, &ghn);
  a.get(info, 7, "out", sat_prod({d.T, BH}), false, &out);
  a.get(info, 8, "gOut", sat_prod({d.T, BH}), false, &gout);
  a.get(info, 9, "dx", sat_prod({d.T, d.B, d.I}), true, &dx);
  a.get(info, 10, "dWih", sat_prod({G, d.I}), false, &dwih);
  a.get(info, 11, "dWhh", sat_prod({G, d.H}), false, &dwhh);
  a.get(info, 12, "dBih", G, true, &dbih);
  a.get(info, 13, "dBhh", G, true, &dbhh);
  a.get(info, 14, "dh0", BH, true, &dh0);
  if (!a.err.empty()) return fail(a.err);
  if (a.type == napi_float32_array) {
    gru_backward<float>(d, P<float>(x), P<float>(wih), P<float>(whh), P<float>(h0), P<float>(gates), P<float>(ghn),
                        P<float>(out), P<float>(gout), P<float>(dx), P<float>(dwih), P<float>(dwhh), P<float>(dbih),
                        P<float>(dbhh), P<float>(dh0));
  } else {
    gru_backward<double>(d, P<double>(x), P<double>(wih), P<double>(whh), P<double>(h0), P<double>(gates), P<double>(ghn),
                         P<double>(out), P<double>(gout), P<double>(dx), P<double>(dwih), P<double>(dwhh), P<double>(dbih),
                         P<double>(dbhh), P<double>(dh0));
  }
  return env.Undefined();
}

}  // namespace

// Called from addon.cc's Init.
void register_rnn(Napi::Env env, Napi::Object exports) {
  exports.Set("lstmForward", Napi::Function::New(env, LstmForward, "lstmForward"));
  exports.Set("lstmBackward", Napi::Function::New(env, LstmBackward, "lstmBackward"));
  exports.Set("gruForward", Napi::Function::New(env, GruForward, "gruForward"));
  exports.Set("gruBackward", Napi::Function::New(env, GruBackward, "gruBackward"));
}

}  // namespace nabla

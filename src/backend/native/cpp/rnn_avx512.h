// AVX-512 float32 pieces of the whole-sequence LSTM/GRU kernels: the step GEMM against a
// once-packed W_hh and the fused gate math, compiled for AVX-512 with a target pragma (the
// addon itself is built for the baseline ISA; rnn.cc calls these only when isa() chose avx512).
// Included by rnn.cc only.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "common.h"
#include "threadpool.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define NABLA_RNN_X86 1
#endif

namespace nabla {

#ifdef NABLA_RNN_X86
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512dq,avx512vl,fma,avx2")  // the flags of isa_avx512.cc
namespace rnn_avx512 {
namespace {  // this header is included by rnn.cc only
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

// Brings the line holding p towards L2: the next step's rows, read (or written) one recurrent GEMM
// later, would otherwise come from memory while the gate math waits on them.
inline void pf(const float* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T1); }

inline __mmask16 tail(i64 n) { return n >= 16 ? __mmask16(0xffff) : __mmask16((1u << n) - 1u); }

// nx: offset (in steps: -1, 0 or 1) to the arrays of the next step to process, for prefetching.
void gates_fwd(i64 B, i64 H, float* g, const float* rec, const float* bias, const float* cp, float* c, float* h, i64 nx) {
  const i64 G = 4 * H;
  const __m512 zero = _mm512_setzero_ps();
  for (i64 b = 0; b < B; b++) {
    float* gr = g + b * G;
    const float* rr = rec + b * G;
    for (i64 j = 0; j < H; j += 16) {
      const __mmask16 m = tail(H - j);
      if (nx) {
        for (int q = 0; q < 4; q++) pf(gr + nx * B * G + q * H + j);
        pf(c + nx * B * H + b * H + j);
        pf(h + nx * B * H + b * H + j);
      }
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

void gates_bwd(i64 B, i64 H, const float* g, const float* c, const float* cp, const float* dy, const float* dh, float* dc, float* dg, i64 nx) {
  const i64 G = 4 * H;
  const __m512 one = _mm512_set1_ps(1.0f), zero = _mm512_setzero_ps();
  for (i64 b = 0; b < B; b++) {
    const float* gr = g + b * G;
    float* dr = dg + b * G;
    for (i64 j = 0; j < H; j += 16) {
      const __mmask16 m = tail(H - j);
      const i64 k = b * H + j;
      if (nx) {
        for (int q = 0; q < 4; q++) { pf(gr + nx * B * G + q * H + j); pf(dr + nx * B * G + q * H + j); }
        if (cp) pf(cp + nx * B * H + k);
        if (dy) pf(dy + nx * B * H + k);
      }
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

void gru_fwd(i64 B, i64 H, float* g, const float* rec, const float* bih, const float* bhh, const float* hp, float* ghn, float* h, i64 nx) {
  const i64 G = 3 * H;
  for (i64 b = 0; b < B; b++) {
    float* gr = g + b * G;
    const float* rr = rec + b * G;
    for (i64 j = 0; j < H; j += 16) {
      const __mmask16 m = tail(H - j);
      const i64 k = b * H + j;
      if (nx) {
        for (int q = 0; q < 3; q++) pf(gr + nx * B * G + q * H + j);
        pf(ghn + nx * B * H + k);
        pf(h + nx * B * H + k);
      }
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

void gru_bwd(i64 B, i64 H, const float* g, const float* ghn, const float* hp, const float* dy, const float* dh, float* dgx, float* dgh, float* dhz, i64 nx) {
  const i64 G = 3 * H;
  const __m512 one = _mm512_set1_ps(1.0f);
  for (i64 b = 0; b < B; b++) {
    const float* gr = g + b * G;
    float* dx = dgx + b * G;
    float* dr = dgh + b * G;
    for (i64 j = 0; j < H; j += 16) {
      const __mmask16 m = tail(H - j);
      const i64 k = b * H + j;
      if (nx) {
        for (int q = 0; q < 3; q++) { pf(gr + nx * B * G + q * H + j); pf(dx + nx * B * G + q * H + j); pf(dr + nx * B * G + q * H + j); }
        pf(ghn + nx * B * H + k);
        if (hp) pf(hp + nx * B * H + k);
        if (dy) pf(dy + nx * B * H + k);
      }
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

}  // namespace
}  // namespace rnn_avx512
#pragma GCC pop_options
#endif

}  // namespace nabla

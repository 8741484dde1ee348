// Fused scaled-dot-product attention, one (batch, head) pair at a time, through the ISA's GEMM
// and softmax row kernels: the [L, S] scores and probabilities live in reused per-thread scratch
// buffers, never in JavaScript arrays. The backward recomputes the probabilities (as
// FlashAttention does) instead of saving [B*H, L, S] of them.
//
//   attentionForward(q, k, v, m1, m2, out, meta[, probs])
//   attentionBackward(q, k, v, m1, m2, dOut, dq, dk, dv, meta[, probs])
//
// probs (optional, q's type, at least BH*L*S elements): the forward writes each pair's
// probabilities there ([BH, L, S], row-major; with a causal mask the entries right of a row
// block's last key are left unwritten) and the backward then reads them instead of recomputing
// Q K^T and the softmax (about a quarter of its time). The caller keeps the array between the
// two calls, or passes null to both.
//
// meta (Float64Array) = [BH, L, S, E, Ev, scale, causal, select1] then nine operand slots in the order
// q, k, v, m1, m2, out|dOut, dq, dk, dv, each [rowStride, colStride, offset_0 .. offset_{BH-1}]
// (q is [L, E], k [S, E], v [S, Ev], masks [L, S] (added to the scores), out/dOut [L, Ev],
// dq [L, E], dk [S, E], dv [S, Ev] per pair). m1 / m2 may be null (their slots are then ignored).
// Gradients are ADDED to dq / dk / dv, so broadcast or repeated operands sum. Every element any
// slot can reach is checked against its array before anything runs. select1 = 1: m1 stands for a
// bool mask, so its -inf entries pass no gradient (the math path's where()); causal likewise.
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "common.h"
#include "kernels.h"
#include "napi_typed.h"

namespace nabla {
namespace {

enum Slot { SQ, SK, SV, SM1, SM2, SO, SDQ, SDK, SDV, NSLOT };

using Typed = TypedArg;

// null/undefined read as absent (present = false); callers check presence where required.
bool typed(napi_env env, napi_value v, Typed* t) { return read_typed(env, v, t, true); }

struct Geom {
  i64 BH, L, S, E, Ev;
  double scale;
  bool causal;
  bool select1;  // m1 came from a bool mask: its -inf entries stop the gradient (where semantics)
  i64 rs[NSLOT], cs[NSLOT];
  const double* off[NSLOT];
};

// Rows and columns each slot spans per pair.
void slot_dims(const Geom& g, int s, i64* R, i64* C) {
  switch (s) {
    case SQ: case SDQ: *R = g.L; *C = g.E; break;
    case SK: case SDK: *R = g.S; *C = g.E; break;
    case SV: case SDV: *R = g.S; *C = g.Ev; break;
    case SM1: case SM2: *R = g.L; *C = g.S; break;
    default: *R = g.L; *C = g.Ev; break;
  }
}

bool is_int(double v) { return v == std::floor(v) && std::fabs(v) <= 9007199254740992.0; }

// Reads the header and the slot descriptions; checks every slot in `used` against its array.
std::string read_geom(const double* m, size_t n, const Typed* arr, const bool* used, Geom* g) {
  if (n < 8) return "meta too short";
  for (int i = 0; i < 5; i++) if (!is_int(m[i]) || m[i] < 0) return "invalid sizes";
  g->BH = i64(m[0]); g->L = i64(m[1]); g->S = i64(m[2]); g->E = i64(m[3]); g->Ev = i64(m[4]);
  g->scale = m[5];
  g->causal = m[6] != 0;
  g->select1 = m[7] != 0 && used[SM1];
  if (g->BH > (i64(1) << 31) || g->L > (i64(1) << 31) || g->S > (i64(1) << 31) || g->E > (i64(1) << 31) || g->Ev > (i64(1) << 31)) return "sizes too large";
  const size_t per = size_t(2 + g->BH);
  if (n < 8 + NSLOT * per) return "meta too short for the slots";
  for (int s = 0; s < NSLOT; s++) {
    const double* d = m + 8 + s * per;
    g->rs[s] = 0; g->cs[s] = 0; g->off[s] = d + 2;
    if (!used[s]) continue;
    if (!is_int(d[0]) || !is_int(d[1])) return "invalid strides";
    g->rs[s] = i64(d[0]); g->cs[s] = i64(d[1]);
    i64 R, C;
    slot_dims(*g, s, &R, &C);
    if (R == 0 || C == 0) continue;
    const i64 lenv = i64(arr[s].length);
    for (i64 b = 0; b < g->BH; b++) {
      if (!is_int(d[2 + b])) return "invalid offset";
      i64 o = i64(d[2 + b]);
      i64 lo = o, hi = o;
      i64 sr = (R - 1) * g->rs[s], sc = (C - 1) * g->cs[s];
      if (sr > 0) hi += sr; else lo += sr;
      if (sc > 0) hi += sc; else lo += sc;
      if (lo < 0 || hi >= lenv) return "slot " + std::to_string(s) + " reaches outside its array";
    }
  }
  return "";
}

template <class T>
const RowKernels<T>& kernels();
template <>
const RowKernels<float>& kernels<float>() { return isa().f32; }
template <>
const RowKernels<double>& kernels<double>() { return isa().f64; }

template <class T>
struct Scratch {
  std::vector<T> a, b, c, d, kt, vt;
};
template <class T>
Scratch<T>& scratch() { thread_local Scratch<T> s; return s; }

// AVX-512 register-blocked products for the small head sizes of attention (E, Ev multiples of
// 16 up to 64, float32). The blocked GEMM packs and stores C tiles around a K of only 32 and
// runs near 40 GFLOP/s there; these keep a 4-row x 64-column (or 4-row x Ev) tile in 16
// registers and stream the other operand: several times faster. Chosen at run time.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NABLA_ATTN_AVX512 1
#include <immintrin.h>

bool have_avx512() { return isa_is_avx512(); }

// C [M, W] (row stride W) = A [M, D] (row stride lda, unit columns) @ Bt [D, W] (row stride ldb).
template <int R>
__attribute__((target("avx512f"))) inline void abt_rows(i64 i, i64 W, i64 D, const float* A, i64 lda, const float* Bt, i64 ldb, float* C) {
  for (i64 j0 = 0; j0 < W; j0 += 64) {
    const i64 w = std::min<i64>(64, W - j0);
    __mmask16 mk[4];
    for (int v = 0; v < 4; v++) {
      const i64 n = std::max<i64>(0, std::min<i64>(16, w - 16 * v));
      mk[v] = n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1);
    }
    __m512 c[R][4];
    for (int r = 0; r < R; r++) for (int v = 0; v < 4; v++) c[r][v] = _mm512_setzero_ps();
    for (i64 e = 0; e < D; e++) {
      const float* b = Bt + e * ldb + j0;
      __m512 bv[4];
      for (int v = 0; v < 4; v++) bv[v] = _mm512_maskz_loadu_ps(mk[v], b + 16 * v);
      for (int r = 0; r < R; r++) {
        const __m512 a = _mm512_set1_ps(A[(i + r) * lda + e]);
        for (int v = 0; v < 4; v++) c[r][v] = _mm512_fmadd_ps(a, bv[v], c[r][v]);
      }
    }
    for (int r = 0; r < R; r++) for (int v = 0; v < 4; v++) _mm512_mask_storeu_ps(C + (i + r) * W + j0 + 16 * v, mk[v], c[r][v]);
  }
}
__attribute__((target("avx512f"))) void abt(i64 M, i64 W, i64 D, const float* A, i64 lda, const float* Bt, i64 ldb, float* C) {
  i64 i = 0;
  for (; i + 4 <= M; i += 4) abt_rows<4>(i, W, D, A, lda, Bt, ldb, C);
  for (; i < M; i++) abt_rows<1>(i, W, D, A, lda, Bt, ldb, C);
}

// C [M, 16*NV] (row stride 16*NV) = A [M, K] (A(r, k) = A[r*ars + k*acs]) @ B [K, 16*NV] (row stride ldb, unit columns).
template <int R, int NV>
__attribute__((target("avx512f"))) inline void ab_rows(i64 i, i64 K, const float* A, i64 ars, i64 acs, const float* B, i64 ldb, float* C) {
  __m512 c[R][NV];
  for (int r = 0; r < R; r++) for (int v = 0; v < NV; v++) c[r][v] = _mm512_setzero_ps();
  for (i64 k = 0; k < K; k++) {
    __m512 bv[NV];
    for (int v = 0; v < NV; v++) bv[v] = _mm512_loadu_ps(B + k * ldb + 16 * v);
    for (int r = 0; r < R; r++) {
      const __m512 a = _mm512_set1_ps(A[(i + r) * ars + k * acs]);
      for (int v = 0; v < NV; v++) c[r][v] = _mm512_fmadd_ps(a, bv[v], c[r][v]);
    }
  }
  for (int r = 0; r < R; r++) for (int v = 0; v < NV; v++) _mm512_storeu_ps(C + (i + r) * 16 * NV + 16 * v, c[r][v]);
}
template <int NV>
__attribute__((target("avx512f"))) void ab_nv(i64 M, i64 K, const float* A, i64 ars, i64 acs, const float* B, i64 ldb, float* C) {
  constexpr int R = NV <= 2 ? 6 : 4;
  i64 i = 0;
  for (; i + R <= M; i += R) ab_rows<R, NV>(i, K, A, ars, acs, B, ldb, C);
  for (; i < M; i++) ab_rows<1, NV>(i, K, A, ars, acs, B, ldb, C);
}
void ab(i64 M, i64 D, i64 K, const float* A, i64 ars, i64 acs, const float* B, i64 ldb, float* C) {
  switch (D / 16) {
    case 1: ab_nv<1>(M, K, A, ars, acs, B, ldb, C); break;
    case 2: ab_nv<2>(M, K, A, ars, acs, B, ldb, C); break;
    case 3: ab_nv<3>(M, K, A, ars, acs, B, ldb, C); break;
    default: ab_nv<4>(M, K, A, ars, acs, B, ldb, C); break;
  }
}
#endif

// Whether the AVX-512 products apply to this call (and T = float).
template <class T>
bool fast_small(const Geom& g) {
#ifdef NABLA_ATTN_AVX512
  return std::is_same<T, float>::value && have_avx512() && g.E % 16 == 0 && g.Ev % 16 == 0 && g.E > 0 && g.Ev > 0 &&
         g.E <= 64 && g.Ev <= 64 && g.cs[SQ] == 1 && g.cs[SK] == 1 && g.cs[SV] == 1 && g.cs[SO] == 1;
#else
  (void)g;
  return false;
#endif
}

// The AVX-512 products when `on` / Bt given (float32 only); false: the caller runs the GEMM.
template <class T>
inline bool try_abt(i64 M, i64 W, i64 D, const T* A, i64 lda, const T* Bt, i64 ldb, T* C) {
#ifdef NABLA_ATTN_AVX512
  if constexpr (std::is_same<T, float>::value) {
    if (Bt) { abt(M, W, D, A, lda, Bt, ldb, C); return true; }
  }
#endif
  (void)M; (void)W; (void)D; (void)A; (void)lda; (void)Bt; (void)ldb; (void)C;
  return false;
}
template <class T>
inline bool try_ab(bool on, i64 M, i64 D, i64 K, const T* A, i64 ars, i64 acs, const T* B, i64 ldb, T* C) {
#ifdef NABLA_ATTN_AVX512
  if constexpr (std::is_same<T, float>::value) {
    if (on) { ab(M, D, K, A, ars, acs, B, ldb, C); return true; }
  }
#endif
  (void)on; (void)M; (void)D; (void)K; (void)A; (void)ars; (void)acs; (void)B; (void)ldb; (void)C;
  return false;
}

// The loops around the GEMMs are compiled for AVX-512, AVX2 and the baseline, chosen at load
// (GCC's function multiversioning).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define NABLA_CLONES __attribute__((target_clones("avx512f", "avx2,fma", "default")))
#else
#define NABLA_CLONES
#endif

// Rows are processed in blocks; with a causal mask a block of rows [r0, r1) only needs keys
// [0, min(r1, S)), which skips about half of every product.
constexpr i64 kCausalBlock = 64;
// Without a causal mask the blocks only bound the scratch ([rows, S] scores and probabilities,
// about 256K elements each), so long sequences do not keep huge per-thread buffers.
constexpr i64 kScratchElems = i64(1) << 18;
inline i64 block_rows(const Geom& g) {
  return g.causal ? std::min<i64>(g.L, kCausalBlock) : std::max<i64>(1, std::min<i64>(g.L, kScratchElems / std::max<i64>(g.S, 1)));
}
inline i64 block_keys(const Geom& g, i64 r1) { return g.causal ? std::min(g.S, r1) : g.S; }

// P [rb, W] = softmax(scale * Q[r0:r0+rb] K[0:W]^T + masks) for pair b (Sc: scores scratch).
// P's rows are ldp apart.
template <class T>
inline __attribute__((always_inline)) void probs(const Geom& g, const RowKernels<T>& K, const T* const* a, i64 b, i64 r0, i64 rb, i64 W, T* Sc, T* P,
                                                 i64 ldp, const T* kt) {
  const T* q = a[SQ] + i64(g.off[SQ][b]) + r0 * g.rs[SQ];
  const T* k = a[SK] + i64(g.off[SK][b]);
  // Scores = Q @ K^T: B's element (p, j) is k[j * rs + p * cs].
  if (g.E == 0) std::fill(Sc, Sc + rb * W, T(0));
  else if (!try_abt(rb, W, g.E, q, g.rs[SQ], kt, g.S, Sc)) K.gemm(1, rb, W, g.E, q, 0, g.rs[SQ], g.cs[SQ], k, 0, g.cs[SK], g.rs[SK], Sc);
  const T sc = T(g.scale);
  const T ninf = -std::numeric_limits<T>::infinity();
  for (i64 ii = 0; ii < rb; ii++) {
    const i64 i = r0 + ii;
    T* row = Sc + ii * W;
    for (i64 j = 0; j < W; j++) row[j] *= sc;
    for (int mi = 0; mi < 2; mi++) {
      const int s = mi == 0 ? SM1 : SM2;
      if (!a[s]) continue;
      const T* m = a[s] + i64(g.off[s][b]) + i * g.rs[s];
      const i64 c = g.cs[s];
      for (i64 j = 0; j < W; j++) row[j] += m[j * c];
    }
    if (g.causal) for (i64 j = i + 1; j < W; j++) row[j] = ninf;
    K.softmax_row(W, row, P + ii * ldp, false);
  }
}

// dst (R x C, strides rs/cs) += src (contiguous R x C) * alpha.
template <class T>
inline __attribute__((always_inline)) void add_into(i64 R, i64 C, const T* src, T alpha, T* dst, i64 rs, i64 cs) {
  for (i64 r = 0; r < R; r++) {
    T* d = dst + r * rs;
    const T* s = src + r * C;
    if (cs == 1) for (i64 c = 0; c < C; c++) d[c] += alpha * s[c];
    else for (i64 c = 0; c < C; c++) d[c * cs] += alpha * s[c];
  }
}

template <class T>
inline __attribute__((always_inline)) void forward(const Geom& g, const T* const* a, T* out, T* keep) {
  const RowKernels<T>& K = kernels<T>();
  Scratch<T>& sc = scratch<T>();
  const i64 L = g.L, S = g.S, Ev = g.Ev, RB = block_rows(g);
  if (L == 0 || Ev == 0) return;
  sc.a.resize(size_t(RB * S)); sc.b.resize(size_t(RB * S)); sc.c.resize(size_t(RB * Ev));
  const bool fast = fast_small<T>(g);
  if (fast) sc.kt.resize(size_t(S * g.E));
  for (i64 b = 0; b < g.BH; b++) {
    T* o = out + i64(g.off[SO][b]);
    if (S == 0) {  // no keys: an empty softmax, the output is 0
      for (i64 i = 0; i < L; i++) for (i64 c = 0; c < Ev; c++) o[i * g.rs[SO] + c * g.cs[SO]] = T(0);
      continue;
    }
    const T* v = a[SV] + i64(g.off[SV][b]);
    const T* kt = nullptr;
    if (fast) {  // K^T [E, S] for the register-blocked scores
      K.transpose(g.E, S, a[SK] + i64(g.off[SK][b]), g.rs[SK], sc.kt.data(), S);
      kt = sc.kt.data();
    }
    for (i64 r0 = 0; r0 < L; r0 += RB) {
      const i64 rb = std::min(RB, L - r0), W = block_keys(g, r0 + rb);
      // the probabilities go to the caller's array when it keeps them for the backward
      T* P = keep ? keep + (b * L + r0) * S : sc.b.data();
      const i64 ldp = keep ? S : W;
      probs(g, K, a, b, r0, rb, W, sc.a.data(), P, ldp, kt);
      if (!try_ab(fast, rb, Ev, W, P, ldp, 1, v, g.rs[SV], sc.c.data())) K.gemm(1, rb, Ev, W, P, 0, ldp, 1, v, 0, g.rs[SV], g.cs[SV], sc.c.data());
      for (i64 ii = 0; ii < rb; ii++) {
        T* orow = o + (r0 + ii) * g.rs[SO];
        for (i64 c = 0; c < Ev; c++) orow[c * g.cs[SO]] = sc.c[size_t(ii * Ev + c)];
      }
    }
  }
}

template <class T>
inline __attribute__((always_inline)) void backward(const Geom& g, const T* const* a, T* dq, T* dk, T* dv, const T* kept) {
  const RowKernels<T>& K = kernels<T>();
  Scratch<T>& sc = scratch<T>();
  const i64 L = g.L, S = g.S, E = g.E, Ev = g.Ev, RB = block_rows(g);
  if (S == 0 || L == 0) return;
  const i64 big = std::max(L, S) * std::max(E, Ev);
  sc.a.resize(size_t(RB * S)); sc.b.resize(size_t(RB * S)); sc.c.resize(size_t(std::max<i64>(big, 1))); sc.d.resize(size_t(RB * S));
  T* dP = sc.d.data();
  T* tmp = sc.c.data();
  const T scale = T(g.scale);
  const T ninf = -std::numeric_limits<T>::infinity();
  const bool fast = fast_small<T>(g);
  if (fast) { sc.kt.resize(size_t(S * E)); sc.vt.resize(size_t(S * Ev)); }
  for (i64 b = 0; b < g.BH; b++) {
    const T* q = a[SQ] + i64(g.off[SQ][b]);
    const T* k = a[SK] + i64(g.off[SK][b]);
    const T* v = a[SV] + i64(g.off[SV][b]);
    const T* dO = a[SO] + i64(g.off[SO][b]);
    const T *kt = nullptr, *vt = nullptr;
    if (fast) {  // K^T [E, S] and V^T [Ev, S] for the register-blocked products
      K.transpose(E, S, k, g.rs[SK], sc.kt.data(), S);
      K.transpose(Ev, S, v, g.rs[SV], sc.vt.data(), S);
      kt = sc.kt.data();
      vt = sc.vt.data();
    }
    for (i64 r0 = 0; r0 < L; r0 += RB) {
      const i64 rb = std::min(RB, L - r0), W = block_keys(g, r0 + rb);
      // the forward's probabilities when the caller kept them, else recomputed (FlashAttention's way)
      const T* P = kept ? kept + (b * L + r0) * S : sc.b.data();
      const i64 ldp = kept ? S : W;
      if (!kept) probs(g, K, a, b, r0, rb, W, sc.a.data(), sc.b.data(), W, kt);
      const T* dOb = dO + r0 * g.rs[SO];
      if (Ev > 0) {
        // dV[0:W] += P^T [W, rb] @ dO[r0:r1] [rb, Ev]
        if (!try_ab(fast, W, Ev, rb, P, 1, ldp, dOb, g.rs[SO], tmp)) K.gemm(1, W, Ev, rb, P, 0, 1, ldp, dOb, 0, g.rs[SO], g.cs[SO], tmp);
        add_into(W, Ev, tmp, T(1), dv + i64(g.off[SDV][b]), g.rs[SDV], g.cs[SDV]);
        // dP [rb, W] = dO[r0:r1] @ V[0:W]^T
        if (!try_abt(rb, W, Ev, dOb, g.rs[SO], vt, S, dP)) K.gemm(1, rb, W, Ev, dOb, 0, g.rs[SO], g.cs[SO], v, 0, g.cs[SV], g.rs[SV], dP);
      } else {
        std::fill(dP, dP + rb * W, T(0));
      }
      // dS = P * (dP - rowsum(dP * P)), in dP; zero where a select-mask (bool / causal) masked
      // the score out, as the math path's where() does (so a row with no key gives 0, not NaN).
      for (i64 ii = 0; ii < rb; ii++) {
        const i64 i = r0 + ii;
        T* d = dP + ii * W;
        const T* p = P + ii * ldp;
        T s = 0;
#pragma omp simd reduction(+ : s)
        for (i64 j = 0; j < W; j++) s += d[j] * p[j];
        for (i64 j = 0; j < W; j++) d[j] = p[j] * (d[j] - s);
        if (g.select1) {
          const T* m = a[SM1] + i64(g.off[SM1][b]) + i * g.rs[SM1];
          for (i64 j = 0; j < W; j++) if (m[j * g.cs[SM1]] == ninf) d[j] = T(0);
        }
        if (g.causal) for (i64 j = i + 1; j < W; j++) d[j] = T(0);
      }
      if (E == 0) continue;
      // dQ[r0:r1] += scale * dS [rb, W] @ K[0:W]
      if (!try_ab(fast, rb, E, W, dP, W, 1, k, g.rs[SK], tmp)) K.gemm(1, rb, E, W, dP, 0, W, 1, k, 0, g.rs[SK], g.cs[SK], tmp);
      add_into(rb, E, tmp, scale, dq + i64(g.off[SDQ][b]) + r0 * g.rs[SDQ], g.rs[SDQ], g.cs[SDQ]);
      // dK[0:W] += scale * dS^T [W, rb] @ Q[r0:r1]
      if (!try_ab(fast, W, E, rb, dP, 1, W, q + r0 * g.rs[SQ], g.rs[SQ], tmp)) K.gemm(1, W, E, rb, dP, 0, 1, W, q + r0 * g.rs[SQ], 0, g.rs[SQ], g.cs[SQ], tmp);
      add_into(W, E, tmp, scale, dk + i64(g.off[SDK][b]), g.rs[SDK], g.cs[SDK]);
    }
  }
}

NABLA_CLONES void forward_f32(const Geom& g, const float* const* a, float* out, float* keep) { forward<float>(g, a, out, keep); }
NABLA_CLONES void forward_f64(const Geom& g, const double* const* a, double* out, double* keep) { forward<double>(g, a, out, keep); }
NABLA_CLONES void backward_f32(const Geom& g, const float* const* a, float* dq, float* dk, float* dv, const float* kept) { backward<float>(g, a, dq, dk, dv, kept); }
NABLA_CLONES void backward_f64(const Geom& g, const double* const* a, double* dq, double* dk, double* dv, const double* kept) { backward<double>(g, a, dq, dk, dv, kept); }

Napi::Value Run(const Napi::CallbackInfo& info, bool back) {
  Napi::Env env = info.Env();
  const char* fn = back ? "attentionBackward" : "attentionForward";
  auto fail = [&](const std::string& msg) {
    Napi::RangeError::New(env, std::string("nabla native ") + fn + ": " + msg).ThrowAsJavaScriptException();
    return env.Undefined();
  };
  const size_t nArr = back ? 9 : 6;
  if (info.Length() < nArr + 1) return fail("too few arguments");
  // Argument order: q, k, v, m1, m2, out|dOut[, dq, dk, dv] — the slot order.
  Typed arr[NSLOT];
  bool used[NSLOT] = {};
  for (size_t i = 0; i < nArr; i++) {
    if (!typed(env, info[i], &arr[i])) return fail("argument " + std::to_string(i) + " must be a typed array or null");
    if (!arr[i].present && i != SM1 && i != SM2) return fail("argument " + std::to_string(i) + " is required");
    used[i] = arr[i].present;
  }
  Typed meta;
  if (!typed(env, info[nArr], &meta) || !meta.present || meta.type != napi_float64_array) return fail("meta must be a Float64Array");
  const napi_typedarray_type t = arr[SQ].type;
  if (t != napi_float32_array && t != napi_float64_array) return fail("q must be a Float32Array or Float64Array");
  for (size_t i = 0; i < nArr; i++) if (used[i] && arr[i].type != t) return fail("all arrays must share q's type");
  Geom g;
  std::string err = read_geom(static_cast<const double*>(meta.data), meta.length, arr, used, &g);
  if (!err.empty()) return fail(err);
  Typed keep;  // the probabilities [BH, L, S], optional
  if (info.Length() > nArr + 1 && !typed(env, info[nArr + 1], &keep)) return fail("probs must be a typed array or null");
  if (keep.present && keep.type != t) return fail("probs must share q's type");
  if (keep.present && i64(keep.length) < sat_prod({g.BH, g.L, g.S})) return fail("probs has " + std::to_string(keep.length) + " elements, expected at least BH*L*S");
  if (t == napi_float32_array) {
    const float* a[NSLOT];
    for (int s = 0; s < NSLOT; s++) a[s] = used[s] ? static_cast<const float*>(arr[s].data) : nullptr;
    float* kp = keep.present ? static_cast<float*>(keep.data) : nullptr;
    if (back) backward_f32(g, a, static_cast<float*>(arr[SDQ].data), static_cast<float*>(arr[SDK].data), static_cast<float*>(arr[SDV].data), kp);
    else forward_f32(g, a, static_cast<float*>(arr[SO].data), kp);
  } else {
    const double* a[NSLOT];
    for (int s = 0; s < NSLOT; s++) a[s] = used[s] ? static_cast<const double*>(arr[s].data) : nullptr;
    double* kp = keep.present ? static_cast<double*>(keep.data) : nullptr;
    if (back) backward_f64(g, a, static_cast<double*>(arr[SDQ].data), static_cast<double*>(arr[SDK].data), static_cast<double*>(arr[SDV].data), kp);
    else forward_f64(g, a, static_cast<double*>(arr[SO].data), kp);
  }
  return env.Undefined();
}

Napi::Value AttentionForward(const Napi::CallbackInfo& info) { return Run(info, false); }
Napi::Value AttentionBackward(const Napi::CallbackInfo& info) { return Run(info, true); }

}  // namespace

// Called from addon.cc's Init.
void register_attention(Napi::Env env, Napi::Object exports) {
  exports.Set("attentionForward", Napi::Function::New(env, AttentionForward, "attentionForward"));
  exports.Set("attentionBackward", Napi::Function::New(env, AttentionBackward, "attentionBackward"));
}

}  // namespace nabla

// k-means kernels (used by src/learn/cluster through src/learn/cluster/native.ts; optional: the
// TypeScript side runs its own loops when an older addon lacks them). float64 only.
//
//   kmeansAssign(x, centers, labels, sums, wIn, sw, dims)   dims = [n, p, k]
//     One fused Lloyd E-step + M-step accumulation over row-major x [n, p]: for each row the
//     nearest centre by argmin_j ‖c_j‖² − 2·x·c_j (scikit-learn's form; ties go to the lowest j),
//     written to labels [n] (int32); when sums [k·p] and wIn [k] are non-empty, adds sw[i]·x_i
//     (sw empty: weight 1) to its centre's sum and sw[i] to its weight while the rows are in cache.
//   kmeansDistances(x, centers, out, xNorm, dims)   dims = [n, p, k]
//     out [n, k] = ‖c_j‖² − 2·x·c_j, plus ‖x_i‖² and clamped at 0 when xNorm [n] is non-empty.
//   rowDots(x, rows, out, dims)   dims = [n, p, k]
//     out [n, k] = x·rowsᵀ with the same kernel (PCA's projections on a few components).
//   kmeansPotentials(x, candidates, closest, xNorm, sw, pots, dims[, dist])   dims = [n, p, t]
//     pots [t] = Σ_i sw_i · min(closest_i, ‖x_i − cand_j‖²): k-means++'s local trials in one pass
//     (and the distances [n, t] into dist when given).
//
// The distances are a register-blocked micro-kernel (4 rows × up to 12 centres, or 8 rows × up
// to 4 centres, vectorized over the centres with the centres transposed and padded to a multiple
// of 4; the argmin is branch-free), compiled twice: for AVX2+FMA (chosen at run time, unless
// NABLA_SIMD=scalar) and for the baseline ISA.
// Rows are split into a fixed number of blocks that depends on n only; each block accumulates
// its own sums, added in block order, so the result does not depend on the thread count.
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "common.h"
#include "kmeans_common.h"
#include "threadpool.h"

namespace nabla {
namespace {

using km::Typed;
using km::typed;
using km::use_avx2;
using km::v4;
using km::v4u;
using km::add_block_sums;
using km::row_blocks;

constexpr i64 kRows = 4;       // rows per micro-block
constexpr i64 kRowsNarrow = 8; // rows per micro-block when there are at most 4 centres (8 independent accumulators)
constexpr int kMaxVec = 3;     // 4-lane vectors per centre block (12 centres: 12 accumulators + 3 + 1 ≤ 16 ymm)
constexpr i64 kBlockRows = 8192;
constexpr i64 kMaxBlocks = 64;

struct Job {
  i64 n, p, k, kp;
  const double* x;
  const double* ct;   // centres transposed [p][kp], zero padding
  const double* cn;   // ‖c_j‖² [kp], +inf padding
  int* labels;
  const double* sw;   // null: unit weights
  double* out;        // kmeansDistances: [n, k]
  const double* xn;   // kmeansDistances: ‖x‖² or null; kmeansPotentials: ‖x‖²
  const double* closest;  // kmeansPotentials: current squared distance to the nearest centre [n]
  double* dist;           // kmeansPotentials: the clamped squared distances [n, t] or null
  bool raw;           // rowDots: out = x·cᵀ
  i64 nblocks;
};

// acc[r][jj] = x_r · c_{j0+jj} for R rows and 4·V centres.
template <int R, int V>
KM_INLINE void micro(const double* x, i64 p, const double* ct, i64 kp, double* out) {
  v4 acc[R][V];
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) acc[r][v] = v4{0, 0, 0, 0};
  for (i64 f = 0; f < p; f++) {
    v4 c[V];
    for (int v = 0; v < V; v++) c[v] = *reinterpret_cast<const v4u*>(ct + f * kp + 4 * v);
    for (int r = 0; r < R; r++) {
      const double xv = x[r * p + f];
      const v4 b = {xv, xv, xv, xv};
      for (int v = 0; v < V; v++) acc[r][v] += b * c[v];
    }
  }
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) std::memcpy(out + r * 4 * kMaxVec + 4 * v, &acc[r][v], sizeof(v4));
}

template <int R>
KM_INLINE void dots(int V, const double* x, i64 p, const double* ct, i64 kp, double* out) {
  switch (V) {
    case 1: micro<R, 1>(x, p, ct, kp, out); break;
    case 2: micro<R, 2>(x, p, ct, kp, out); break;
    default: micro<R, 3>(x, p, ct, kp, out); break;
  }
}

KM_INLINE void dots_rows(i64 R, int V, const double* x, i64 p, const double* ct, i64 kp, double* out) {
  switch (R) {
    case 8: micro<8, 1>(x, p, ct, kp, out); break;  // only with V = 1
    case 7: micro<7, 1>(x, p, ct, kp, out); break;
    case 6: micro<6, 1>(x, p, ct, kp, out); break;
    case 5: micro<5, 1>(x, p, ct, kp, out); break;
    case 4: dots<4>(V, x, p, ct, kp, out); break;
    case 3: dots<3>(V, x, p, ct, kp, out); break;
    case 2: dots<2>(V, x, p, ct, kp, out); break;
    default: dots<1>(V, x, p, ct, kp, out); break;
  }
}

// adds sw·x_row to its centre's sum and sw to its weight
KM_INLINE void accumulate(const Job& J, i64 row, int label, double* sums, double* win) {
  const i64 p = J.p;
  const double wt = J.sw ? J.sw[row] : 1.0;
  win[label] += wt;
  double* s = sums + label * p;
  const double* xr = J.x + row * p;
  if (wt == 1.0) for (i64 f = 0; f < p; f++) s[f] += xr[f];
  else for (i64 f = 0; f < p; f++) s[f] += xr[f] * wt;
}

KM_INLINE void assign_general(const Job& J, i64 b, i64 e, double* sums, double* win);

// At most 12 centres (one block of V vectors, V known at compile time): full 4-row micro-blocks
// here, the rest by the general loop.
template <int V>
KM_INLINE void assign_one_block(const Job& J, i64 b, i64 e, double* sums, double* win) {
  alignas(32) double tmp[kRows * 4 * kMaxVec];
  const i64 p = J.p, kp = J.kp, k = J.k;
  i64 i = b;
  for (; i + kRows <= e; i += kRows) {
    micro<kRows, V>(J.x + i * p, p, J.ct, kp, tmp);
    for (i64 r = 0; r < kRows; r++) {
      const double* t = tmp + r * 4 * kMaxVec;
      double bv = J.cn[0] - 2 * t[0];  // as the TypeScript loop: start from centre 0
      int bi = 0;
      for (i64 j = 1; j < k; j++) {  // branch-free: the winner is unpredictable
        const double s = J.cn[j] - 2 * t[j];
        const bool lt = s < bv;
        bv = lt ? s : bv;
        bi = lt ? int(j) : bi;
      }
      J.labels[i + r] = bi;
      if (sums) accumulate(J, i + r, bi, sums, win);
    }
  }
  if (i < e) assign_general(J, i, e, sums, win);
}

KM_INLINE void assign_range(const Job& J, i64 b, i64 e, double* sums, double* win) {
  switch (J.kp) {
    case 4: assign_one_block<1>(J, b, e, sums, win); break;
    case 8: assign_one_block<2>(J, b, e, sums, win); break;
    case 12: assign_one_block<3>(J, b, e, sums, win); break;
    default: assign_general(J, b, e, sums, win); break;
  }
}

KM_INLINE void assign_general(const Job& J, i64 b, i64 e, double* sums, double* win) {
  alignas(32) double tmp[kRows * 4 * kMaxVec];
  const i64 p = J.p, kp = J.kp;
  for (i64 i = b; i < e; i += kRows) {
    const i64 R = std::min(kRows, e - i);
    double bestv[kRows];
    int best[kRows];
    for (i64 r = 0; r < R; r++) { bestv[r] = std::numeric_limits<double>::infinity(); best[r] = 0; }
    bool first = true;
    for (i64 j0 = 0; j0 < kp; j0 += 4 * kMaxVec) {
      const int V = int(std::min<i64>(kMaxVec, (kp - j0) / 4));
      dots_rows(R, V, J.x + i * p, p, J.ct + j0, kp, tmp);
      const i64 w = std::min<i64>(4 * V, J.k - j0);
      for (i64 r = 0; r < R; r++) {
        const double* t = tmp + r * 4 * kMaxVec;
        i64 jj = 0;
        double bv = bestv[r];
        int bi = best[r];
        if (first) { bv = J.cn[j0] - 2 * t[0]; jj = 1; }  // as the TypeScript loop: start from centre 0
        for (; jj < w; jj++) {  // branch-free: the winner is unpredictable
          const double s = J.cn[j0 + jj] - 2 * t[jj];
          const bool lt = s < bv;
          bv = lt ? s : bv;
          bi = lt ? int(j0 + jj) : bi;
        }
        bestv[r] = bv;
        best[r] = bi;
      }
      first = false;
    }
    for (i64 r = 0; r < R; r++) {
      J.labels[i + r] = best[r];
      if (sums) accumulate(J, i + r, best[r], sums, win);
    }
  }
}

template <i64 step>  // rows per micro-block: a compile-time constant (a run-time one costs ~40%)
KM_INLINE void distance_rows(const Job& J, i64 b, i64 e) {
  alignas(32) double tmp[kRowsNarrow * 4 * kMaxVec];
  const i64 p = J.p, kp = J.kp, k = J.k;
  for (i64 i = b; i < e; i += step) {
    const i64 R = std::min(step, e - i);
    for (i64 j0 = 0; j0 < kp; j0 += 4 * kMaxVec) {
      const int V = int(std::min<i64>(kMaxVec, (kp - j0) / 4));
      dots_rows(R, V, J.x + i * p, p, J.ct + j0, kp, tmp);
      const i64 w = std::min<i64>(4 * V, k - j0);
      for (i64 r = 0; r < R; r++) {
        const double* t = tmp + r * 4 * kMaxVec;
        double* o = J.out + (i + r) * k + j0;
        if (J.raw) {
          for (i64 jj = 0; jj < w; jj++) o[jj] = t[jj];
        } else if (J.xn) {
          const double xv = J.xn[i + r];
          for (i64 jj = 0; jj < w; jj++) { const double v = xv + J.cn[j0 + jj] - 2 * t[jj]; o[jj] = v < 0 ? 0 : v; }
        } else {
          for (i64 jj = 0; jj < w; jj++) o[jj] = J.cn[j0 + jj] - 2 * t[jj];
        }
      }
    }
  }
}

// pots[j] += Σ_i sw_i · min(closest_i, max(‖x_i‖² + ‖c_j‖² − 2·x_i·c_j, 0)) over rows [b, e)
template <i64 step>
KM_INLINE void potential_rows(const Job& J, i64 b, i64 e, double* pots) {
  alignas(32) double tmp[kRowsNarrow * 4 * kMaxVec];
  const i64 p = J.p, kp = J.kp, k = J.k;
  for (i64 i = b; i < e; i += step) {
    const i64 R = std::min(step, e - i);
    for (i64 j0 = 0; j0 < kp; j0 += 4 * kMaxVec) {
      const int V = int(std::min<i64>(kMaxVec, (kp - j0) / 4));
      dots_rows(R, V, J.x + i * p, p, J.ct + j0, kp, tmp);
      const i64 w = std::min<i64>(4 * V, k - j0);
      for (i64 r = 0; r < R; r++) {
        const double* t = tmp + r * 4 * kMaxVec;
        const double xv = J.xn[i + r], cl = J.closest[i + r], wt = J.sw ? J.sw[i + r] : 1.0;
        for (i64 jj = 0; jj < w; jj++) {
          double v = xv + J.cn[j0 + jj] - 2 * t[jj];
          v = v < 0 ? 0 : v;
          pots[j0 + jj] += wt * (v < cl ? v : cl);
          if (J.dist) J.dist[(i + r) * k + j0 + jj] = v;
        }
      }
    }
  }
}

// at most 4 centres (one vector): 8 rows per micro-block keep 8 accumulators in flight
KM_INLINE void distance_range(const Job& J, i64 b, i64 e) {
  if (J.kp == 4) distance_rows<kRowsNarrow>(J, b, e);
  else distance_rows<kRows>(J, b, e);
}
KM_INLINE void potential_range(const Job& J, i64 b, i64 e, double* pots) {
  if (J.kp == 4) potential_rows<kRowsNarrow>(J, b, e, pots);
  else potential_rows<kRows>(J, b, e, pots);
}

__attribute__((target("avx2,fma"))) void potential_avx2(const Job& J, i64 b, i64 e, double* pots) { potential_range(J, b, e, pots); }
void potential_base(const Job& J, i64 b, i64 e, double* pots) { potential_range(J, b, e, pots); }
__attribute__((target("avx2,fma"))) void assign_avx2(const Job& J, i64 b, i64 e, double* s, double* w) { assign_range(J, b, e, s, w); }
void assign_base(const Job& J, i64 b, i64 e, double* s, double* w) { assign_range(J, b, e, s, w); }
__attribute__((target("avx2,fma"))) void distance_avx2(const Job& J, i64 b, i64 e) { distance_range(J, b, e); }
void distance_base(const Job& J, i64 b, i64 e) { distance_range(J, b, e); }

// Reads dims [n, p, k] and the centres; fills the transposed, padded copies.
bool prepare(const double* dims, size_t ndims, const Typed& x, const Typed& c, Job* J, std::vector<double>* ct, std::vector<double>* cn, std::string* err) {
  if (ndims < 3) { *err = "dims must be [n, p, k]"; return false; }
  for (int d = 0; d < 3; d++) {
    if (!(dims[d] >= 0) || dims[d] != std::floor(dims[d]) || dims[d] > 9007199254740992.0) { *err = "dims must be non-negative integers"; return false; }
  }
  J->n = i64(dims[0]); J->p = i64(dims[1]); J->k = i64(dims[2]);
  if (J->k < 1) { *err = "k must be at least 1"; return false; }
  if (J->p > 0 && J->n > i64(x.length) / J->p) { *err = "x is shorter than n·p"; return false; }
  if (J->p > 0 && J->k > i64(c.length) / J->p) { *err = "centers is shorter than k·p"; return false; }
  J->kp = (J->k + 3) / 4 * 4;
  const double* cd = static_cast<const double*>(c.data);
  ct->assign(size_t(J->p * J->kp), 0.0);
  cn->assign(size_t(J->kp), std::numeric_limits<double>::infinity());
  for (i64 j = 0; j < J->k; j++) {
    double s = 0;
    for (i64 f = 0; f < J->p; f++) { const double v = cd[j * J->p + f]; (*ct)[size_t(f * J->kp + j)] = v; s += v * v; }
    (*cn)[size_t(j)] = s;
  }
  J->x = static_cast<const double*>(x.data);
  J->ct = ct->data();
  J->cn = cn->data();
  return true;
}

Napi::Value KMeansAssign(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "kmeansAssign", msg); };
  Typed x, c, lab, sums, win, sw, dims;
  if (!read_typed_args(info, {&x, &c, &lab, &sums, &win, &sw, &dims})) {
    return fail("expected (x, centers, labels, sums, wIn, sw, dims) as typed arrays");
  }
  if (x.type != napi_float64_array || c.type != napi_float64_array || sums.type != napi_float64_array || win.type != napi_float64_array ||
      sw.type != napi_float64_array || dims.type != napi_float64_array) {
    return fail("x, centers, sums, wIn, sw and dims must be Float64Arrays");
  }
  if (lab.type != napi_int32_array) return fail("labels must be an Int32Array");
  Job J{};
  std::vector<double> ct, cn;
  std::string err;
  if (!prepare(static_cast<const double*>(dims.data), dims.length, x, c, &J, &ct, &cn, &err)) return fail(err);
  if (i64(lab.length) < J.n) return fail("labels is shorter than n");
  const bool acc = sums.length != 0 || win.length != 0;
  if (acc && (i64(sums.length) < J.k * J.p || i64(win.length) < J.k)) return fail("sums must hold k·p values and wIn k values (or both be empty)");
  if (sw.length != 0 && i64(sw.length) < J.n) return fail("sw is shorter than n");
  if (J.n == 0) return env.Undefined();
  J.labels = static_cast<int*>(lab.data);
  J.sw = sw.length != 0 ? static_cast<const double*>(sw.data) : nullptr;
  J.nblocks = std::min<i64>(kMaxBlocks, (J.n + kBlockRows - 1) / kBlockRows);
  const bool avx2 = use_avx2();
  // per block: sums [k·p] then weights [k] (none without accumulation)
  const std::vector<double> part = row_blocks(J.n, J.nblocks, acc ? J.k * J.p + J.k : 0, [&](i64 b, i64 e, double* s) {
    double* w = s ? s + J.k * J.p : nullptr;
    if (avx2) assign_avx2(J, b, e, s, w);
    else assign_base(J, b, e, s, w);
  });
  if (acc) add_block_sums(part, J.nblocks, J.k, J.p, static_cast<double*>(sums.data), static_cast<double*>(win.data));
  return env.Undefined();
}

Napi::Value Distances(const Napi::CallbackInfo& info, bool raw) {
  Napi::Env env = info.Env();
  const std::string fn = raw ? "rowDots" : "kmeansDistances";
  auto fail = [&](const std::string& msg) {
    Napi::RangeError::New(env, "nabla native " + fn + ": " + msg).ThrowAsJavaScriptException();
    return env.Undefined();
  };
  Typed x, c, out, xn, dims;
  const size_t d = raw ? 3 : 4;  // rowDots(x, c, out, dims) has no xNorm
  if (info.Length() < d + 1 || !typed(env, info[0], &x) || !typed(env, info[1], &c) || !typed(env, info[2], &out) ||
      (!raw && !typed(env, info[3], &xn)) || !typed(env, info[d], &dims)) {
    return fail(raw ? "expected (x, rows, out, dims) as typed arrays" : "expected (x, centers, out, xNorm, dims) as typed arrays");
  }
  if (raw) xn.type = napi_float64_array;
  if (x.type != napi_float64_array || c.type != napi_float64_array || out.type != napi_float64_array || xn.type != napi_float64_array ||
      dims.type != napi_float64_array) {
    return fail("every argument must be a Float64Array");
  }
  Job J{};
  std::vector<double> ct, cn;
  std::string err;
  if (!prepare(static_cast<const double*>(dims.data), dims.length, x, c, &J, &ct, &cn, &err)) return fail(err);
  if (J.n > 0 && J.k > i64(out.length) / J.n) return fail("out is shorter than n·k");
  if (xn.length != 0 && i64(xn.length) < J.n) return fail("xNorm is shorter than n");
  J.out = static_cast<double*>(out.data);
  J.xn = xn.length != 0 ? static_cast<const double*>(xn.data) : nullptr;
  J.raw = raw;
  const bool avx2 = use_avx2();
  parallel_for(J.n, 4096, [&](i64 b, i64 e) {
    if (avx2) distance_avx2(J, b, e);
    else distance_base(J, b, e);
  }, kRowsNarrow);
  return env.Undefined();
}

Napi::Value KMeansDistances(const Napi::CallbackInfo& info) { return Distances(info, false); }
Napi::Value RowDots(const Napi::CallbackInfo& info) { return Distances(info, true); }

// kmeansPotentials(x, candidates, closest, xNorm, sw, pots, dims[, dist]): dims = [n, p, t];
// pots [t] ← Σ_i sw_i · min(closest_i, ‖x_i − cand_j‖²) (sw empty: weight 1), the k-means++
// potential of adding each candidate; dist [n, t], when given, receives the squared distances
// (so the winner's column updates closest without another pass over x). Fixed row blocks,
// summed in order: independent of the thread count.
Napi::Value KMeansPotentials(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "kmeansPotentials", msg); };
  Typed x, c, cl, xn, sw, pots, dims;
  if (!read_typed_args(info, {&x, &c, &cl, &xn, &sw, &pots, &dims})) {
    return fail("expected (x, candidates, closest, xNorm, sw, pots, dims) as typed arrays");
  }
  for (const Typed* t : {&x, &c, &cl, &xn, &sw, &pots, &dims}) {
    if (t->type != napi_float64_array) return fail("every argument must be a Float64Array");
  }
  Job J{};
  std::vector<double> ct, cn;
  std::string err;
  if (!prepare(static_cast<const double*>(dims.data), dims.length, x, c, &J, &ct, &cn, &err)) return fail(err);
  if (i64(cl.length) < J.n || i64(xn.length) < J.n) return fail("closest and xNorm must hold n values");
  if (sw.length != 0 && i64(sw.length) < J.n) return fail("sw is shorter than n");
  if (i64(pots.length) < J.k) return fail("pots is shorter than t");
  Typed dist;
  if (info.Length() > 7 && (!typed(env, info[7], &dist) || dist.type != napi_float64_array)) return fail("dist must be a Float64Array");
  if (dist.length != 0 && (J.n > 0 && J.k > i64(dist.length) / J.n)) return fail("dist is shorter than n·t");
  J.closest = static_cast<const double*>(cl.data);
  J.dist = dist.length != 0 ? static_cast<double*>(dist.data) : nullptr;
  J.xn = static_cast<const double*>(xn.data);
  J.sw = sw.length != 0 ? static_cast<const double*>(sw.data) : nullptr;
  J.nblocks = std::max<i64>(1, std::min<i64>(kMaxBlocks, (J.n + kBlockRows - 1) / kBlockRows));
  const bool avx2 = use_avx2();
  const std::vector<double> part = row_blocks(J.n, J.nblocks, J.kp, [&](i64 b, i64 e, double* pots) {
    if (avx2) potential_avx2(J, b, e, pots);
    else potential_base(J, b, e, pots);
  });
  double* out = static_cast<double*>(pots.data);
  for (i64 j = 0; j < J.k; j++) {
    double s = 0;
    for (i64 t = 0; t < J.nblocks; t++) s += part[size_t(t * J.kp + j)];
    out[j] = s;
  }
  return env.Undefined();
}

}  // namespace

void register_kmeans_elkan(Napi::Env env, Napi::Object exports);  // kmeans_elkan.cc

// Called from addon.cc's Init.
void register_kmeans(Napi::Env env, Napi::Object exports) {
  register_kmeans_elkan(env, exports);
  exports.Set("kmeansAssign", Napi::Function::New(env, KMeansAssign, "kmeansAssign"));
  exports.Set("kmeansDistances", Napi::Function::New(env, KMeansDistances, "kmeansDistances"));
  exports.Set("kmeansPotentials", Napi::Function::New(env, KMeansPotentials, "kmeansPotentials"));
  exports.Set("rowDots", Napi::Function::New(env, RowDots, "rowDots"));
}

}  // namespace nabla

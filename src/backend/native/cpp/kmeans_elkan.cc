// Elkan's k-means pass (scikit-learn's init_bounds_dense / elkan_iter_chunked_dense), used by
// src/learn/cluster/kmeansElkan.ts through src/learn/cluster/native.ts; optional (the TypeScript
// loops run when an older addon lacks it). float64 only.
//
//   kmeansElkan(x, centers, half, next, shift, labels, upper, lower, sums, wIn, sw, dims, init)
//     dims = [n, p, k]; centers [k, p]; half [k, k] = ‖c_a − c_b‖/2; next [k] = the smallest
//     half-distance from each centre to another. init: the first bounds (labels, upper [n],
//     lower [n, k] computed from scratch; lower must hold zeros). Otherwise: first the bounds are
//     moved by the centres' last shift [k] (empty: none) — upper += shift[label],
//     lower = max(lower − shift, 0) — then each sample whose bounds cannot rule out a closer
//     centre gets exact distances (triangle-inequality skips as scikit-learn), and when sums
//     [k·p] / wIn [k] are non-empty, sw·x (sw empty: weight 1) is added to its centre's sum.
//
// Distances are exact (‖x − c‖, not the GEMM form), four lanes at a time; compiled for AVX2+FMA
// (chosen at run time) and the baseline ISA. Rows are split into fixed blocks that depend on n
// only, each with its own sums, added in block order: the result does not depend on the threads.
#include <napi.h>

#include <algorithm>
#include <cmath>
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

constexpr i64 kBlockRows = 8192;
constexpr i64 kMaxBlocks = 64;

struct Elkan {
  i64 n, p, k, nblocks;
  bool init;
  const double* x;
  const double* c;
  const double* half;
  const double* next;
  const double* shift;  // null: none
  const double* sw;     // null: unit weights
  int* labels;
  double* upper;
  double* lower;
};

KM_INLINE double dist(const double* a, const double* b, i64 p) {
  v4 acc = {0, 0, 0, 0};
  i64 f = 0;
  for (; f + 4 <= p; f += 4) {
    const v4 d = *reinterpret_cast<const v4u*>(a + f) - *reinterpret_cast<const v4u*>(b + f);
    acc += d * d;
  }
  double s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  for (; f < p; f++) { const double d = a[f] - b[f]; s += d * d; }
  return std::sqrt(s);
}

KM_INLINE void elkan_range(const Elkan& E, i64 b, i64 e, double* sums, double* win) {
  const i64 p = E.p, k = E.k;
  for (i64 i = b; i < e; i++) {
    const double* xi = E.x + i * p;
    double* lo = E.lower + i * k;
    int label;
    double ub;
    if (E.init) {
      label = 0;
      ub = dist(xi, E.c, p);
      lo[0] = ub;
      for (i64 j = 1; j < k; j++) {
        if (ub > E.half[label * k + j]) {
          const double d = dist(xi, E.c + j * p, p);
          lo[j] = d;
          if (d < ub) { label = int(j); ub = d; }
        }
      }
    } else {
      label = E.labels[i];
      ub = E.upper[i];
      if (E.shift) {
        ub += E.shift[label];
        for (i64 j = 0; j < k; j++) { const double v = lo[j] - E.shift[j]; lo[j] = v > 0 ? v : 0; }
      }
      if (!(E.next[label] >= ub)) {
        bool tight = false;
        for (i64 j = 0; j < k; j++) {
          if (j != label && ub > lo[j] && ub > E.half[label * k + j]) {
            if (!tight) { ub = dist(xi, E.c + label * p, p); lo[label] = ub; tight = true; }
            if (ub > lo[j] || ub > E.half[label * k + j]) {
              const double d = dist(xi, E.c + j * p, p);
              lo[j] = d;
              if (d < ub) { label = int(j); ub = d; }
            }
          }
        }
      }
    }
    E.labels[i] = label;
    E.upper[i] = ub;
    if (sums) {
      const double wt = E.sw ? E.sw[i] : 1.0;
      win[label] += wt;
      double* s = sums + label * p;
      if (wt == 1.0) for (i64 f = 0; f < p; f++) s[f] += xi[f];
      else for (i64 f = 0; f < p; f++) s[f] += xi[f] * wt;
    }
  }
}

__attribute__((target("avx2,fma"))) void elkan_avx2(const Elkan& E, i64 b, i64 e, double* s, double* w) { elkan_range(E, b, e, s, w); }
void elkan_base(const Elkan& E, i64 b, i64 e, double* s, double* w) { elkan_range(E, b, e, s, w); }

Napi::Value KMeansElkan(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "kmeansElkan", msg); };
  Typed t[12];
  if (info.Length() < 13 || !info[12].IsBoolean()) return fail("expected (x, centers, half, next, shift, labels, upper, lower, sums, wIn, sw, dims, init)");
  for (int a = 0; a < 12; a++) {
    if (!typed(env, info[a], &t[a])) return fail("argument " + std::to_string(a) + " must be a typed array");
    if (a != 5 && t[a].type != napi_float64_array) return fail("argument " + std::to_string(a) + " must be a Float64Array");
  }
  const Typed &x = t[0], &c = t[1], &half = t[2], &next = t[3], &shift = t[4], &lab = t[5], &up = t[6], &lo = t[7], &sums = t[8], &win = t[9], &sw = t[10], &dims = t[11];
  if (lab.type != napi_int32_array) return fail("labels must be an Int32Array");
  const double* dm = static_cast<const double*>(dims.data);
  if (dims.length < 3) return fail("dims must be [n, p, k]");
  for (int d = 0; d < 3; d++) {
    if (!(dm[d] >= 0) || dm[d] != std::floor(dm[d]) || dm[d] > 9007199254740992.0) return fail("dims must be non-negative integers");
  }
  Elkan E{};
  E.n = i64(dm[0]); E.p = i64(dm[1]); E.k = i64(dm[2]);
  const i64 n = E.n, p = E.p, k = E.k;
  if (k < 1 || k > 46340) return fail("k must be in [1, 46340]");
  if (p > 0 && n > i64(x.length) / p) return fail("x is shorter than n·p");
  if (p > 0 && k > i64(c.length) / p) return fail("centers is shorter than k·p");
  if (i64(half.length) < k * k || i64(next.length) < k) return fail("half must hold k·k values and next k values");
  if (shift.length != 0 && i64(shift.length) < k) return fail("shift must hold k values (or be empty)");
  if (i64(lab.length) < n || i64(up.length) < n) return fail("labels and upper must hold n values");
  if (k > 0 && n > i64(lo.length) / k) return fail("lower must hold n·k values");
  const bool acc = sums.length != 0 || win.length != 0;
  if (acc && (i64(sums.length) < k * p || i64(win.length) < k)) return fail("sums must hold k·p values and wIn k values (or both be empty)");
  if (sw.length != 0 && i64(sw.length) < n) return fail("sw is shorter than n");
  E.init = info[12].As<Napi::Boolean>().Value();
  if (n == 0) return env.Undefined();
  E.labels = static_cast<int*>(lab.data);
  if (!E.init) {
    for (i64 i = 0; i < n; i++) if (E.labels[i] < 0 || E.labels[i] >= k) return fail("labels must lie in [0, k)");
  }
  E.x = static_cast<const double*>(x.data);
  E.c = static_cast<const double*>(c.data);
  E.half = static_cast<const double*>(half.data);
  E.next = static_cast<const double*>(next.data);
  E.shift = shift.length != 0 ? static_cast<const double*>(shift.data) : nullptr;
  E.sw = sw.length != 0 ? static_cast<const double*>(sw.data) : nullptr;
  E.upper = static_cast<double*>(up.data);
  E.lower = static_cast<double*>(lo.data);
  E.nblocks = std::min<i64>(kMaxBlocks, (n + kBlockRows - 1) / kBlockRows);
  const bool avx2 = use_avx2();
  // per block: sums [k·p] then weights [k] (none without accumulation)
  const std::vector<double> part = row_blocks(n, E.nblocks, acc ? k * p + k : 0, [&](i64 b, i64 e, double* s) {
    double* w = s ? s + k * p : nullptr;
    if (avx2) elkan_avx2(E, b, e, s, w);
    else elkan_base(E, b, e, s, w);
  });
  if (acc) add_block_sums(part, E.nblocks, k, p, static_cast<double*>(sums.data), static_cast<double*>(win.data));
  return env.Undefined();
}

}  // namespace

// Called from kmeans.cc's register_kmeans.
void register_kmeans_elkan(Napi::Env env, Napi::Object exports) {
  exports.Set("kmeansElkan", Napi::Function::New(env, KMeansElkan, "kmeansElkan"));
}

}  // namespace nabla

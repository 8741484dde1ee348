// The brute-force k-nearest selection of src/learn/neighbors/base.ts (optional: the TypeScript
// scan runs when an older addon lacks it).
//
//   knnSelect(g, qn, fn, args, outDist, outIdx)   args = [nb, n, k]
//     for each row i < nb of the dot block g [nb, n]: r_t = qn_i − 2·g[i, t] + fn_t (as the
//     TypeScript scan: that order of operations, clamped at 0); the k smallest by (r, t) go to
//     outDist / outIdx [nb, k] in heap order (the caller finishes and sorts them).
//
// One pass per row with a fixed-size max-heap; a candidate is offered only when r ≤ the k-th.
#include <napi.h>

#include <cmath>
#include <string>

#include "common.h"
#include "kmeans_common.h"

namespace nabla {
namespace {

using km::Typed;
using km::typed;

inline bool worse(double d1, int32_t i1, double d2, int32_t i2) { return d1 > d2 || (d1 == d2 && i1 > i2); }

void push(double* hd, int32_t* hx, i64& size, i64 k, double d, int32_t i) {
  if (size < k) {
    i64 c = size++;
    while (c > 0) {
      const i64 p = (c - 1) >> 1;
      if (!worse(d, i, hd[p], hx[p])) break;
      hd[c] = hd[p]; hx[c] = hx[p]; c = p;
    }
    hd[c] = d; hx[c] = i;
    return;
  }
  if (!worse(hd[0], hx[0], d, i)) return;
  i64 c = 0;
  for (;;) {
    const i64 l = 2 * c + 1;
    if (l >= k) break;
    i64 m = l;
    if (l + 1 < k && worse(hd[l + 1], hx[l + 1], hd[l], hx[l])) m = l + 1;
    if (!worse(hd[m], hx[m], d, i)) break;
    hd[c] = hd[m]; hx[c] = hx[m]; c = m;
  }
  hd[c] = d; hx[c] = i;
}

Napi::Value KnnSelect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "knnSelect", msg); };
  Typed g, qn, fn, args, od, oi;
  if (!read_typed_args(info, {&g, &qn, &fn, &args, &od, &oi})) {
    return fail("expected (g, qn, fn, args, outDist, outIdx) as typed arrays");
  }
  for (const Typed* t : {&g, &qn, &fn, &args, &od}) {
    if (t->type != napi_float64_array) return fail("g, qn, fn, args and outDist must be Float64Arrays");
  }
  if (oi.type != napi_int32_array) return fail("outIdx must be an Int32Array");
  if (args.length < 3) return fail("args must be [nb, n, k]");
  const double* a = static_cast<const double*>(args.data);
  for (int d = 0; d < 3; d++) {
    if (!(a[d] >= 0) || a[d] != std::floor(a[d]) || a[d] > 2147483647.0) return fail("nb, n and k must be non-negative integers");
  }
  const i64 nb = i64(a[0]), n = i64(a[1]), k = i64(a[2]);
  if (k < 1 || k > n) return fail("need 1 ≤ k ≤ n");
  if (nb > 0 && n > i64(g.length) / nb) return fail("g is shorter than nb·n");
  if (i64(qn.length) < nb || i64(fn.length) < n) return fail("qn must hold nb values and fn n values");
  if (i64(od.length) / k < nb || i64(oi.length) / k < nb) return fail("outDist and outIdx must hold nb·k values");
  const double* G = static_cast<const double*>(g.data);
  const double* Q = static_cast<const double*>(qn.data);
  const double* F = static_cast<const double*>(fn.data);
  double* D = static_cast<double*>(od.data);
  int32_t* I = static_cast<int32_t*>(oi.data);
  for (i64 i = 0; i < nb; i++) {
    double* hd = D + i * k;
    int32_t* hx = I + i * k;
    i64 size = 0;
    double worst = INFINITY;
    const double q = Q[i];
    const double* row = G + i * n;
    for (i64 t = 0; t < n; t++) {
      const double v = q - 2 * row[t] + F[t];
      if (v <= worst) {
        push(hd, hx, size, k, v > 0 ? v : 0, int32_t(t));
        worst = size < k ? INFINITY : hd[0];
      }
    }
  }
  return env.Undefined();
}

}  // namespace

void register_knn(Napi::Env env, Napi::Object exports) {
  exports.Set("knnSelect", Napi::Function::New(env, KnnSelect, "knnSelect"));
}

}  // namespace nabla

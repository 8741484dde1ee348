// One sweep of coordinate descent for the elastic net (scikit-learn's cd_fast inner loop), for
// src/learn/linear/cd.ts; optional: the TypeScript loop runs when an older addon lacks it.
//
//   enetSweep(xt, R, w, normCols, feat, args, out)   args = [n, p, l1, l2, positive, nFeat]
//     for f in [0, nFeat): j = feat[f]; skip when normCols[j] == 0;
//       tmp = x_j·R + w_j·‖x_j‖²; w_j ← soft-threshold(tmp, l1) / (‖x_j‖² + l2) (0 when positive
//       and tmp < 0); R −= (w_j_new − w_j)·x_j.
//     out = [max |w_j|, max |Δw_j|] over the sweep.
//   xt is X feature-major ([p, n]: one contiguous column per feature), R the residual y − Xw.
//
// The residual update of one coordinate is fused with the next coordinate's dot product (one
// pass over R per coordinate instead of two). Four-lane accumulators; compiled for AVX2+FMA
// (chosen at run time unless NABLA_SIMD=scalar) and for the baseline ISA. One thread.
#include <napi.h>

#include <cmath>
#include <string>

#include "common.h"
#include "kmeans_common.h"

namespace nabla {
namespace {

using km::Typed;
using km::typed;
using km::use_avx2;
using km::v4;
using km::v4u;

struct Sweep {
  const double* xt;
  double* R;
  double* w;
  const double* norm;
  const int32_t* feat;
  i64 n, nFeat;
  double l1, l2;
  bool positive;
  double wMax, dwMax;
};

// Σ x·R, after R −= d·xp when xp is given (the previous coordinate's pending update)
KM_INLINE double dot_update(const double* x, double* R, const double* xp, double d, i64 n) {
  v4 a0 = {0, 0, 0, 0}, a1 = a0;
  i64 i = 0;
  if (xp) {
    const v4 dv = {d, d, d, d};
    for (; i + 8 <= n; i += 8) {
      v4 r0 = *reinterpret_cast<v4u*>(R + i) - dv * *reinterpret_cast<const v4u*>(xp + i);
      v4 r1 = *reinterpret_cast<v4u*>(R + i + 4) - dv * *reinterpret_cast<const v4u*>(xp + i + 4);
      *reinterpret_cast<v4u*>(R + i) = r0;
      *reinterpret_cast<v4u*>(R + i + 4) = r1;
      a0 += r0 * *reinterpret_cast<const v4u*>(x + i);
      a1 += r1 * *reinterpret_cast<const v4u*>(x + i + 4);
    }
    a0 += a1;
    double s = (a0[0] + a0[2]) + (a0[1] + a0[3]);
    for (; i < n; i++) { R[i] -= d * xp[i]; s += x[i] * R[i]; }
    return s;
  }
  for (; i + 8 <= n; i += 8) {
    a0 += *reinterpret_cast<const v4u*>(R + i) * *reinterpret_cast<const v4u*>(x + i);
    a1 += *reinterpret_cast<const v4u*>(R + i + 4) * *reinterpret_cast<const v4u*>(x + i + 4);
  }
  a0 += a1;
  double s = (a0[0] + a0[2]) + (a0[1] + a0[3]);
  for (; i < n; i++) s += x[i] * R[i];
  return s;
}

KM_INLINE void axpy_neg(double* R, const double* x, double d, i64 n) {
  for (i64 i = 0; i < n; i++) R[i] -= d * x[i];
}

KM_INLINE void sweep(Sweep& S) {
  const double* pendX = nullptr;
  double pendD = 0;
  double wMax = 0, dwMax = 0;
  for (i64 f = 0; f < S.nFeat; f++) {
    const i64 j = S.feat[f];
    const double nj = S.norm[j];
    if (nj == 0) continue;
    const double* x = S.xt + j * S.n;
    const double wj = S.w[j];
    const double tmp = dot_update(x, S.R, pendX, pendD, S.n) + wj * nj;
    pendX = nullptr;
    double nw;
    if (S.positive && tmp < 0) nw = 0;
    else {
      const double a = std::fabs(tmp) - S.l1;
      const double m = a > 0 ? a : 0;
      nw = (tmp > 0 ? m : tmp < 0 ? -m : 0.0 * m) / (nj + S.l2);
    }
    S.w[j] = nw;
    if (nw != wj) { pendX = x; pendD = nw - wj; }
    const double dw = std::fabs(nw - wj);
    if (dw > dwMax) dwMax = dw;
    if (std::fabs(nw) > wMax) wMax = std::fabs(nw);
  }
  if (pendX) axpy_neg(S.R, pendX, pendD, S.n);
  S.wMax = wMax;
  S.dwMax = dwMax;
}

__attribute__((target("avx2,fma"))) void sweep_avx2(Sweep& S) { sweep(S); }
void sweep_base(Sweep& S) { sweep(S); }

Napi::Value EnetSweep(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "enetSweep", msg); };
  Typed xt, R, w, norm, feat, args, out;
  if (!read_typed_args(info, {&xt, &R, &w, &norm, &feat, &args, &out})) {
    return fail("expected (xt, R, w, normCols, feat, args, out) as typed arrays");
  }
  for (const Typed* t : {&xt, &R, &w, &norm, &args, &out}) {
    if (t->type != napi_float64_array) return fail("xt, R, w, normCols, args and out must be Float64Arrays");
  }
  if (feat.type != napi_int32_array) return fail("feat must be an Int32Array");
  if (args.length < 6 || out.length < 2) return fail("args must be [n, p, l1, l2, positive, nFeat] and out hold 2 values");
  const double* a = static_cast<const double*>(args.data);
  for (int d : {0, 1, 5}) {
    if (!(a[d] >= 0) || a[d] != std::floor(a[d]) || a[d] > 9007199254740992.0) return fail("n, p and nFeat must be non-negative integers");
  }
  Sweep S{};
  S.n = i64(a[0]);
  const i64 p = i64(a[1]);
  S.nFeat = i64(a[5]);
  S.l1 = a[2]; S.l2 = a[3]; S.positive = a[4] != 0;
  if (p > 0 && S.n > i64(xt.length) / p) return fail("xt is shorter than n·p");
  if (i64(R.length) < S.n) return fail("R must hold n values");
  if (i64(w.length) < p || i64(norm.length) < p) return fail("w and normCols must hold p values");
  if (i64(feat.length) < S.nFeat) return fail("feat must hold nFeat indices");
  S.feat = static_cast<const int32_t*>(feat.data);
  for (i64 f = 0; f < S.nFeat; f++) {
    if (S.feat[f] < 0 || S.feat[f] >= p) return fail("feat[" + std::to_string(f) + "] = " + std::to_string(S.feat[f]) + " is outside [0, p)");
  }
  S.xt = static_cast<const double*>(xt.data);
  S.R = static_cast<double*>(R.data);
  S.w = static_cast<double*>(w.data);
  S.norm = static_cast<const double*>(norm.data);
  if (use_avx2()) sweep_avx2(S);
  else sweep_base(S);
  double* o = static_cast<double*>(out.data);
  o[0] = S.wMax;
  o[1] = S.dwMax;
  return env.Undefined();
}

}  // namespace

void register_cd(Napi::Env env, Napi::Object exports) {
  exports.Set("enetSweep", Napi::Function::New(env, EnetSweep, "enetSweep"));
}

}  // namespace nabla

// The centred Gram matrix of a tall-and-narrow matrix, for PCA's covariance route
// (src/learn/decomposition/pcaCovariance.ts through src/learn/cluster/native.ts; optional: the
// TypeScript side centres a copy and runs the backend's GEMM when an older addon lacks it).
//
//   centredCopy(x, out, mean, norms, dims) → Σ‖x_i − mean‖²   dims = [n, p]
//     mean [p] ← the column means; out [n, p] ← x − mean; norms [n] ← ‖out_i‖² unless empty.
//     (The centring k-means and PCA's SVD routes start from.)
//   centredGram(x, mean, gram, dims)   dims = [n, p]
//     mean [p] ← the column means of row-major x [n, p]; gram [p, p] ← (x − mean)ᵀ(x − mean),
//     without a centred copy of x: rows are centred 64 at a time into a small buffer and
//     multiplied there by a register-blocked 4×8 tile kernel over the upper triangle (mirrored).
//
// Rows are split into blocks that depend on n only, with per-block partial sums added in block
// order, so the result does not depend on the thread count. Compiled for AVX2+FMA (chosen at
// run time, unless NABLA_SIMD=scalar) and for the baseline ISA.
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstring>
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

constexpr i64 kChunk = 64;        // rows centred at a time
constexpr i64 kBlockRows = 16384; // rows per deterministic block
constexpr i64 kMaxBlocks = 64;

struct Gram {
  i64 n, p, pp, nblocks;  // pp: p rounded up to a multiple of 8
  const double* x;
  const double* mean;
  double* part;  // per block: [pp, pp]
};

// column sums of rows [b, e) into s [p]
KM_INLINE void col_sums(const double* x, i64 p, i64 b, i64 e, double* s) {
  for (i64 i = b; i < e; i++) {
    const double* r = x + i * p;
    for (i64 f = 0; f < p; f++) s[f] += r[f];
  }
}

// g[a0..a0+4, b0..b0+8] += Σ_r c[r, a]·c[r, b] over m rows of the centred chunk c [m, pp]
KM_INLINE void tile(const double* c, i64 m, i64 pp, i64 a0, i64 b0, double* g) {
  v4 acc[4][2];
  for (int a = 0; a < 4; a++) { acc[a][0] = v4{0, 0, 0, 0}; acc[a][1] = v4{0, 0, 0, 0}; }
  for (i64 r = 0; r < m; r++) {
    const double* row = c + r * pp;
    const v4 b0v = *reinterpret_cast<const v4u*>(row + b0), b1v = *reinterpret_cast<const v4u*>(row + b0 + 4);
    for (int a = 0; a < 4; a++) {
      const double av = row[a0 + a];
      const v4 bc = {av, av, av, av};
      acc[a][0] += bc * b0v;
      acc[a][1] += bc * b1v;
    }
  }
  for (int a = 0; a < 4; a++) {
    double* gr = g + (a0 + a) * pp + b0;
    for (int l = 0; l < 4; l++) { gr[l] += acc[a][0][l]; gr[4 + l] += acc[a][1][l]; }
  }
}

KM_INLINE void gram_range(const Gram& G, i64 b, i64 e, double* g) {
  const i64 p = G.p, pp = G.pp;
  alignas(32) double c[kChunk * 64];  // pp ≤ 64 here (larger p: the TypeScript route)
  for (i64 s = b; s < e; s += kChunk) {
    const i64 m = std::min(kChunk, e - s);
    for (i64 r = 0; r < m; r++) {
      const double* xr = G.x + (s + r) * p;
      double* cr = c + r * pp;
      for (i64 f = 0; f < p; f++) cr[f] = xr[f] - G.mean[f];
      for (i64 f = p; f < pp; f++) cr[f] = 0;
    }
    for (i64 a0 = 0; a0 < pp; a0 += 4) {
      for (i64 b0 = a0 / 8 * 8; b0 < pp; b0 += 8) tile(c, m, pp, a0, b0, g);
    }
  }
}

__attribute__((target("avx2,fma"))) void gram_avx2(const Gram& G, i64 b, i64 e, double* g) { gram_range(G, b, e, g); }
void gram_base(const Gram& G, i64 b, i64 e, double* g) { gram_range(G, b, e, g); }

// column means of x [n, p] by fixed row blocks (block sums added in order)
void column_means(const double* x, i64 n, i64 p, double* mean) {
  const i64 nblocks = std::min<i64>(kMaxBlocks, (n + kBlockRows - 1) / kBlockRows);
  const i64 per = (n + nblocks - 1) / nblocks;
  std::vector<double> sums(size_t(nblocks * p), 0.0);
  struct Ctx { const double* x; i64 n, p, per; double* sums; } c{x, n, p, per, sums.data()};
  parallel_tasks(nblocks, [](i64 t, void* v) {
    const Ctx* c = static_cast<const Ctx*>(v);
    const i64 b = t * c->per, e = std::min(c->n, b + c->per);
    if (b < e) col_sums(c->x, c->p, b, e, c->sums + t * c->p);
  }, &c);
  for (i64 f = 0; f < p; f++) {
    double s = 0;
    for (i64 t = 0; t < nblocks; t++) s += sums[size_t(t * p + f)];
    mean[f] = s / double(n);
  }
}

Napi::Value CentredGram(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "centredGram", msg); };
  Typed x, mean, gram, dims;
  if (!read_typed_args(info, {&x, &mean, &gram, &dims})) {
    return fail("expected (x, mean, gram, dims) as typed arrays");
  }
  for (const Typed* t : {&x, &mean, &gram, &dims}) {
    if (t->type != napi_float64_array) return fail("every argument must be a Float64Array");
  }
  const double* dm = static_cast<const double*>(dims.data);
  if (dims.length < 2) return fail("dims must be [n, p]");
  for (int d = 0; d < 2; d++) {
    if (!(dm[d] >= 0) || dm[d] != std::floor(dm[d]) || dm[d] > 9007199254740992.0) return fail("dims must be non-negative integers");
  }
  Gram G{};
  G.n = i64(dm[0]); G.p = i64(dm[1]);
  const i64 n = G.n, p = G.p;
  if (n < 1 || p < 1 || p > 64) return fail("needs n ≥ 1 and 1 ≤ p ≤ 64");
  if (n > i64(x.length) / p) return fail("x is shorter than n·p");
  if (i64(mean.length) < p || i64(gram.length) < p * p) return fail("mean must hold p values and gram p·p values");
  G.pp = (p + 7) / 8 * 8;
  G.x = static_cast<const double*>(x.data);
  G.nblocks = std::min<i64>(kMaxBlocks, (n + kBlockRows - 1) / kBlockRows);
  const i64 per = (n + G.nblocks - 1) / G.nblocks;
  double* mo = static_cast<double*>(mean.data);
  column_means(G.x, n, p, mo);
  std::vector<double> mcopy(mo, mo + p);
  G.mean = mcopy.data();
  std::vector<double> part(size_t(G.nblocks * G.pp * G.pp), 0.0);
  G.part = part.data();
  struct Ctx { const Gram* G; i64 per; bool avx2; } ctx{&G, per, use_avx2()};
  parallel_tasks(G.nblocks, [](i64 t, void* v) {
    const Ctx* c = static_cast<const Ctx*>(v);
    const Gram& G = *c->G;
    const i64 b = t * c->per, e = std::min(G.n, b + c->per);
    if (b >= e) return;
    double* g = G.part + t * G.pp * G.pp;
    if (c->avx2) gram_avx2(G, b, e, g);
    else gram_base(G, b, e, g);
  }, &ctx);
  double* go = static_cast<double*>(gram.data);
  const i64 pp = G.pp;
  for (i64 a = 0; a < p; a++) {
    for (i64 b = a; b < p; b++) {
      double s = 0;
      for (i64 t = 0; t < G.nblocks; t++) s += part[size_t(t * pp * pp + a * pp + b)];
      go[a * p + b] = s;
      go[b * p + a] = s;
    }
  }
  return env.Undefined();
}

Napi::Value CentredCopy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "centredCopy", msg); };
  Typed x, out, mean, norms, dims;
  if (!read_typed_args(info, {&x, &out, &mean, &norms, &dims})) {
    return fail("expected (x, out, mean, norms, dims) as typed arrays");
  }
  for (const Typed* t : {&x, &out, &mean, &norms, &dims}) {
    if (t->type != napi_float64_array) return fail("every argument must be a Float64Array");
  }
  const double* dm = static_cast<const double*>(dims.data);
  if (dims.length < 2) return fail("dims must be [n, p]");
  for (int d = 0; d < 2; d++) {
    if (!(dm[d] >= 0) || dm[d] != std::floor(dm[d]) || dm[d] > 9007199254740992.0) return fail("dims must be non-negative integers");
  }
  const i64 n = i64(dm[0]), p = i64(dm[1]);
  if (n < 1 || p < 1) return fail("needs n ≥ 1 and p ≥ 1");
  if (n > i64(x.length) / p || n > i64(out.length) / p) return fail("x and out must hold n·p values");
  if (i64(mean.length) < p) return fail("mean must hold p values");
  if (norms.length != 0 && i64(norms.length) < n) return fail("norms must hold n values (or be empty)");
  const double* xs = static_cast<const double*>(x.data);
  double* o = static_cast<double*>(out.data);
  double* m = static_cast<double*>(mean.data);
  double* nr = norms.length != 0 ? static_cast<double*>(norms.data) : nullptr;
  column_means(xs, n, p, m);
  const i64 nblocks = std::min<i64>(kMaxBlocks, (n + kBlockRows - 1) / kBlockRows);
  const i64 per = (n + nblocks - 1) / nblocks;
  std::vector<double> part(size_t(nblocks), 0.0);
  struct Ctx { const double* x; double* o; const double* m; double* nr; i64 n, p, per; double* part; } c{xs, o, m, nr, n, p, per, part.data()};
  parallel_tasks(nblocks, [](i64 t, void* v) {
    const Ctx* c = static_cast<const Ctx*>(v);
    const i64 b = t * c->per, e = std::min(c->n, b + c->per), p = c->p;
    double total = 0;
    for (i64 i = b; i < e; i++) {
      const double* xr = c->x + i * p;
      double* orow = c->o + i * p;
      double s = 0;
      for (i64 f = 0; f < p; f++) { const double d = xr[f] - c->m[f]; orow[f] = d; s += d * d; }
      if (c->nr) c->nr[i] = s;
      total += s;
    }
    c->part[t] = total;
  }, &c);
  double sumSq = 0;
  for (i64 t = 0; t < nblocks; t++) sumSq += part[size_t(t)];
  return Napi::Number::New(env, sumSq);
}

}  // namespace

// Called from addon.cc's Init.
void register_gram(Napi::Env env, Napi::Object exports) {
  exports.Set("centredCopy", Napi::Function::New(env, CentredCopy, "centredCopy"));
  exports.Set("centredGram", Napi::Function::New(env, CentredGram, "centredGram"));
}

}  // namespace nabla

// Kernel entries for the SVM solver's Q columns (src/learn/svm/kernel.ts through
// src/learn/svm/native.ts; optional: the TypeScript loop runs when an older addon lacks it).
//
//   svmKernelEntries(x, sq, rows, signs, out, args)
//     args = [n, p, i, start, end, kind, gamma, coef0, degree, signI]
//     for j in [start, end): k = K(x_i, x_rows[j]) with kind 0 linear (x_i·x_r), 1 poly
//     ((γ x_i·x_r + coef0)^degree), 2 rbf (exp(−γ max(sq_i + sq_r − 2 x_i·x_r, 0))), 3 sigmoid
//     (tanh(γ x_i·x_r + coef0)); out[j] = (float) k, negated when signs is non-empty and
//     signI · signs[j] < 0 (libsvm's Qfloat y_i y_j K_ij).
//
//   svmSelectI(G, y, status, args, out), svmSelectJ(G, y, status, QD, Qi, args, out),
//     svmUpdateG(G, Qi, Qj, args): the solver's O(active) loops of src/learn/svm/solver.ts
//     (WSS3's two loops; the gradient update),
//     with the same operations and roundings (no FMA contraction) as the TypeScript loops.
//
// One thread (the columns are short; the solver calls it thousands of times). Four entries at a
// time: four dot products on independent four-lane accumulators, then (rbf) one four-lane exp
// accurate to about 1 ulp before the float32 rounding. Compiled for AVX2+FMA (chosen at run time
// unless NABLA_SIMD=scalar) and for the baseline ISA.
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

struct Entries {
  const double* x;
  const double* sq;
  const int32_t* rows;
  const int8_t* signs;
  float* out;
  i64 p, i, start, end;
  int kind, degree, signI;
  double gamma, coef0;
};

double powi(double base, int times) {
  double tmp = base, ret = 1.0;
  for (int t = times; t > 0; t /= 2) {
    if (t % 2 == 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

typedef long long v4i __attribute__((vector_size(32)));

// exp of four doubles (x ≤ 0 here; clamped to [−708, 0]) to ~1 ulp: 2^k · e^r with
// |r| ≤ ln2/2, e^r by its Taylor polynomial of degree 13 (Horner), 2^k through the exponent bits.
KM_INLINE v4 exp4(v4 x) {
  const v4 lo = {-708.0, -708.0, -708.0, -708.0};
  x = x < lo ? lo : x;
  const double magic = 6755399441055744.0;  // 1.5·2^52: adding it rounds to an integer in the low bits
  const v4 kk = x * 1.4426950408889634 + magic;
  const v4 kn = kk - magic;
  const v4 r = (x - kn * 0.693147180369123816490) - kn * 1.90821492927058770002e-10;
  v4 p = r * (1.0 / 6227020800.0) + (1.0 / 479001600.0);
  p = p * r + (1.0 / 39916800.0);
  p = p * r + (1.0 / 3628800.0);
  p = p * r + (1.0 / 362880.0);
  p = p * r + (1.0 / 40320.0);
  p = p * r + (1.0 / 5040.0);
  p = p * r + (1.0 / 720.0);
  p = p * r + (1.0 / 120.0);
  p = p * r + (1.0 / 24.0);
  p = p * r + (1.0 / 6.0);
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const v4 mv = {magic, magic, magic, magic};
  // (a cast between vector types of one size reinterprets the bits)
  const v4i n = (v4i)kk - (v4i)mv;
  const v4i bits = (v4i)p + (n << 52);
  return (v4)bits;
}

KM_INLINE double hsum(v4 s) { return (s[0] + s[2]) + (s[1] + s[3]); }

// dot products of row a with rows b0..b3 (four independent accumulator chains)
KM_INLINE v4 dot4(const double* a, const double* b0, const double* b1, const double* b2, const double* b3, i64 p) {
  v4 s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
  i64 t = 0;
  for (; t + 4 <= p; t += 4) {
    const v4 av = *reinterpret_cast<const v4u*>(a + t);
    s0 += av * *reinterpret_cast<const v4u*>(b0 + t);
    s1 += av * *reinterpret_cast<const v4u*>(b1 + t);
    s2 += av * *reinterpret_cast<const v4u*>(b2 + t);
    s3 += av * *reinterpret_cast<const v4u*>(b3 + t);
  }
  v4 d = {hsum(s0), hsum(s1), hsum(s2), hsum(s3)};
  for (; t < p; t++) {
    const double av = a[t];
    d[0] += av * b0[t]; d[1] += av * b1[t]; d[2] += av * b2[t]; d[3] += av * b3[t];
  }
  return d;
}

KM_INLINE double kernel_of(const Entries& E, double d, double sqi, i64 r) {
  switch (E.kind) {
    case 0: return d;
    case 1: return powi(E.gamma * d + E.coef0, E.degree);
    case 2: { const double e = sqi + E.sq[r] - 2 * d; return std::exp(-E.gamma * (e > 0 ? e : 0)); }
    default: return std::tanh(E.gamma * d + E.coef0);
  }
}

KM_INLINE void store(const Entries& E, i64 j, double k) {
  float f = float(k);
  if (E.signs && E.signI * E.signs[j] < 0) f = -f;
  E.out[j] = f;
}

KM_INLINE void entries(const Entries& E) {
  const double* xi = E.x + E.i * E.p;
  const double sqi = E.sq ? E.sq[E.i] : 0.0;
  const i64 p = E.p;
  i64 j = E.start;
  for (; j + 4 <= E.end; j += 4) {
    const i64 r0 = E.rows[j], r1 = E.rows[j + 1], r2 = E.rows[j + 2], r3 = E.rows[j + 3];
    const v4 d = dot4(xi, E.x + r0 * p, E.x + r1 * p, E.x + r2 * p, E.x + r3 * p, p);
    if (E.kind == 2) {
      v4 e = v4{sqi + E.sq[r0], sqi + E.sq[r1], sqi + E.sq[r2], sqi + E.sq[r3]} - 2 * d;
      const v4 zero = {0, 0, 0, 0};
      e = e > zero ? e : zero;
      const v4 k = exp4(-E.gamma * e);
      for (int l = 0; l < 4; l++) store(E, j + l, k[l]);
    } else {
      for (int l = 0; l < 4; l++) store(E, j + l, kernel_of(E, d[l], sqi, E.rows[j + l]));
    }
  }
  for (; j < E.end; j++) {
    const i64 r = E.rows[j];
    const double* b = E.x + r * p;
    double d = 0;
    for (i64 t = 0; t < p; t++) d += xi[t] * b[t];
    if (E.kind == 2) {
      const double e = sqi + E.sq[r] - 2 * d;
      const v4 k = exp4(v4{-E.gamma * (e > 0 ? e : 0), 0, 0, 0});
      store(E, j, k[0]);
    } else {
      store(E, j, kernel_of(E, d, sqi, r));
    }
  }
}

__attribute__((target("avx2,fma"))) void entries_avx2(const Entries& E) { entries(E); }
void entries_base(const Entries& E) { entries(E); }

Napi::Value SvmKernelEntries(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "svmKernelEntries", msg); };
  Typed x, sq, rows, signs, out, args;
  if (!read_typed_args(info, {&x, &sq, &rows, &signs, &out, &args})) {
    return fail("expected (x, sq, rows, signs, out, args) as typed arrays");
  }
  if (x.type != napi_float64_array || sq.type != napi_float64_array || args.type != napi_float64_array) return fail("x, sq and args must be Float64Arrays");
  if (rows.type != napi_int32_array) return fail("rows must be an Int32Array");
  if (signs.type != napi_int8_array) return fail("signs must be an Int8Array");
  if (out.type != napi_float32_array) return fail("out must be a Float32Array");
  if (args.length < 10) return fail("args must be [n, p, i, start, end, kind, gamma, coef0, degree, signI]");
  const double* a = static_cast<const double*>(args.data);
  for (int d = 0; d < 6; d++) {
    if (!(a[d] >= 0) || a[d] != std::floor(a[d]) || a[d] > 2147483647.0) return fail("n, p, i, start, end and kind must be non-negative integers");
  }
  if (!(a[8] >= 0) || a[8] != std::floor(a[8]) || a[8] > 2147483647.0) return fail("degree must be a non-negative integer");
  const i64 n = i64(a[0]), p = i64(a[1]);
  Entries E{};
  E.i = i64(a[2]); E.start = i64(a[3]); E.end = i64(a[4]); E.kind = int(a[5]);
  E.gamma = a[6]; E.coef0 = a[7]; E.degree = int(a[8]); E.signI = a[9] < 0 ? -1 : 1;
  E.p = p;
  if (p < 1 || n < 1) return fail("needs n ≥ 1 and p ≥ 1");
  if (n > i64(x.length) / p) return fail("x is shorter than n·p");
  if (E.i >= n) return fail("i must be < n");
  if (E.kind > 3) return fail("kind must be 0 (linear), 1 (poly), 2 (rbf) or 3 (sigmoid)");
  if (E.start > E.end || E.end > i64(rows.length) || E.end > i64(out.length)) return fail("need start ≤ end ≤ rows.length and end ≤ out.length");
  if (signs.length != 0 && i64(signs.length) < E.end) return fail("signs must be empty or hold at least end values");
  if (E.kind == 2 && i64(sq.length) < n) return fail("sq must hold n squared norms for the rbf kernel");
  E.rows = static_cast<const int32_t*>(rows.data);
  for (i64 j = E.start; j < E.end; j++) {
    if (E.rows[j] < 0 || E.rows[j] >= n) return fail("rows[" + std::to_string(j) + "] = " + std::to_string(E.rows[j]) + " is outside [0, n)");
  }
  E.x = static_cast<const double*>(x.data);
  E.sq = E.kind == 2 ? static_cast<const double*>(sq.data) : nullptr;
  E.signs = signs.length ? static_cast<const int8_t*>(signs.data) : nullptr;
  E.out = static_cast<float*>(out.data);
  if (use_avx2()) entries_avx2(E);
  else entries_base(E);
  return env.Undefined();
}

// ---- the solver's two O(active) loops (no FMA contraction: the same roundings as the js loops)

// select's second loop (libsvm's WSS3 over j for the chosen i):
//   args = [n, gmax, qdi, yi2, tau]; out ← [gmax2, gminIdx, objMin]
void select_j(const double* G, const int8_t* y, const uint8_t* status, const double* QD, const float* Qi, i64 n, double gmax, double qdi,
              double yi2, double tau, double* out) {
  double gmax2 = -INFINITY, objMin = INFINITY;
  i64 gminIdx = -1;
  for (i64 j = 0; j < n; j++) {
    const double gj = G[j];
    if (y[j] == 1) {
      if (status[j] != 0) {  // not LOWER
        const double gd = gmax + gj;
        if (gj >= gmax2) gmax2 = gj;
        if (gd > 0) {
          const double qc = qdi + QD[j] - yi2 * double(Qi[j]);
          const double od = -(gd * gd) / (qc > 0 ? qc : tau);
          if (od <= objMin) { gminIdx = j; objMin = od; }
        }
      }
    } else if (status[j] != 1) {  // not UPPER
      const double gd = gmax - gj;
      if (-gj >= gmax2) gmax2 = -gj;
      if (gd > 0) {
        const double qc = qdi + QD[j] + yi2 * double(Qi[j]);
        const double od = -(gd * gd) / (qc > 0 ? qc : tau);
        if (od <= objMin) { gminIdx = j; objMin = od; }
      }
    }
  }
  out[0] = gmax2; out[1] = double(gminIdx); out[2] = objMin;
}

#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
void update_g(double* G, const float* Qi, const float* Qj, double dai, double daj, i64 n) {
  for (i64 k = 0; k < n; k++) G[k] += double(Qi[k]) * dai + double(Qj[k]) * daj;
}
#pragma GCC pop_options

// svmSelectI(G, y, status, args, out)   args = [n]: out ← [gmax, gmaxIdx] (WSS3's first loop)
Napi::Value SvmSelectI(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "svmSelectI", msg); };
  Typed G, y, status, args, out;
  if (!read_typed_args(info, {&G, &y, &status, &args, &out})) {
    return fail("expected (G, y, status, args, out) as typed arrays");
  }
  if (G.type != napi_float64_array || args.type != napi_float64_array || out.type != napi_float64_array) return fail("G, args and out must be Float64Arrays");
  if (y.type != napi_int8_array || status.type != napi_uint8_array) return fail("y must be an Int8Array and status a Uint8Array");
  if (args.length < 1 || out.length < 2) return fail("args must be [n] and out hold 2 values");
  const double* a = static_cast<const double*>(args.data);
  if (!(a[0] >= 0) || a[0] != std::floor(a[0]) || a[0] > 2147483647.0) return fail("n must be a non-negative integer");
  const i64 n = i64(a[0]);
  if (i64(G.length) < n || i64(y.length) < n || i64(status.length) < n) return fail("G, y and status must hold n values");
  const double* g = static_cast<const double*>(G.data);
  const int8_t* yy = static_cast<const int8_t*>(y.data);
  const uint8_t* st = static_cast<const uint8_t*>(status.data);
  double gmax = -INFINITY;
  i64 idx = -1;
  for (i64 t = 0; t < n; t++) {
    if (yy[t] == 1) { if (st[t] != 1 && -g[t] >= gmax) { gmax = -g[t]; idx = t; } }
    else if (st[t] != 0 && g[t] >= gmax) { gmax = g[t]; idx = t; }
  }
  double* o = static_cast<double*>(out.data);
  o[0] = gmax; o[1] = double(idx);
  return env.Undefined();
}

// svmSelectJ(G, y, status, QD, Qi, args, out)   args = [n, gmax, qdi, yi2, tau]
Napi::Value SvmSelectJ(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "svmSelectJ", msg); };
  Typed G, y, status, QD, Qi, args, out;
  if (!read_typed_args(info, {&G, &y, &status, &QD, &Qi, &args, &out})) {
    return fail("expected (G, y, status, QD, Qi, args, out) as typed arrays");
  }
  if (G.type != napi_float64_array || QD.type != napi_float64_array || args.type != napi_float64_array || out.type != napi_float64_array) return fail("G, QD, args and out must be Float64Arrays");
  if (y.type != napi_int8_array || status.type != napi_uint8_array || Qi.type != napi_float32_array) return fail("y must be an Int8Array, status a Uint8Array and Qi a Float32Array");
  if (args.length < 5 || out.length < 3) return fail("args must be [n, gmax, qdi, yi2, tau] and out hold 3 values");
  const double* a = static_cast<const double*>(args.data);
  if (!(a[0] >= 0) || a[0] != std::floor(a[0]) || a[0] > 2147483647.0) return fail("n must be a non-negative integer");
  const i64 n = i64(a[0]);
  if (i64(G.length) < n || i64(y.length) < n || i64(status.length) < n || i64(QD.length) < n || i64(Qi.length) < n) return fail("G, y, status, QD and Qi must hold n values");
  select_j(static_cast<const double*>(G.data), static_cast<const int8_t*>(y.data), static_cast<const uint8_t*>(status.data), static_cast<const double*>(QD.data),
           static_cast<const float*>(Qi.data), n, a[1], a[2], a[3], a[4], static_cast<double*>(out.data));
  return env.Undefined();
}

// svmUpdateG(G, Qi, Qj, args)   args = [n, dai, daj]: G[k] += Qi[k]·dai + Qj[k]·daj for k < n
Napi::Value SvmUpdateG(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "svmUpdateG", msg); };
  Typed G, Qi, Qj, args;
  if (!read_typed_args(info, {&G, &Qi, &Qj, &args})) {
    return fail("expected (G, Qi, Qj, args) as typed arrays");
  }
  if (G.type != napi_float64_array || args.type != napi_float64_array || Qi.type != napi_float32_array || Qj.type != napi_float32_array) return fail("G and args must be Float64Arrays, Qi and Qj Float32Arrays");
  if (args.length < 3) return fail("args must be [n, dai, daj]");
  const double* a = static_cast<const double*>(args.data);
  if (!(a[0] >= 0) || a[0] != std::floor(a[0]) || a[0] > 2147483647.0) return fail("n must be a non-negative integer");
  const i64 n = i64(a[0]);
  if (i64(G.length) < n || i64(Qi.length) < n || i64(Qj.length) < n) return fail("G, Qi and Qj must hold n values");
  update_g(static_cast<double*>(G.data), static_cast<const float*>(Qi.data), static_cast<const float*>(Qj.data), a[1], a[2], n);
  return env.Undefined();
}

}  // namespace

void register_svm(Napi::Env env, Napi::Object exports) {
  exports.Set("svmKernelEntries", Napi::Function::New(env, SvmKernelEntries, "svmKernelEntries"));
  exports.Set("svmSelectI", Napi::Function::New(env, SvmSelectI, "svmSelectI"));
  exports.Set("svmSelectJ", Napi::Function::New(env, SvmSelectJ, "svmSelectJ"));
  exports.Set("svmUpdateG", Napi::Function::New(env, SvmUpdateG, "svmUpdateG"));
}

}  // namespace nabla

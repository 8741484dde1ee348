// Kernels of histogram gradient boosting (src/learn/boosting/): the gradient/Hessian histogram of
// a node's rows, the stable partition of a node's rows by a split, and the binning of a float64
// matrix into uint8 codes. Each does exactly what its JavaScript twin in src/learn/boosting/
// does, in the same order (float64 sums per bin in row order), so both give the same bits.
// Every argument is checked before any memory is touched; a bad one throws a RangeError.
// No FMA contraction: the gains must round as the JavaScript twin's do.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "common.h"
#include "threadpool.h"

namespace nabla {
namespace {

struct Typed {
  napi_typedarray_type type = napi_int8_array;
  i64 length = 0;
  void* data = nullptr;
};

// Reads argument k as a typed array of the given type; false (with a pending exception) otherwise.
struct Call {
  const Napi::CallbackInfo& info;
  const char* fn;
  bool ok = true;
  Call(const Napi::CallbackInfo& i, const char* f) : info(i), fn(f) {}
  void fail(const std::string& msg) {
    if (ok) Napi::RangeError::New(info.Env(), std::string("nabla native ") + fn + ": " + msg).ThrowAsJavaScriptException();
    ok = false;
  }
  template <class T>
  T* arr(size_t k, napi_typedarray_type want, const char* name, i64* length) {
    *length = 0;
    if (!ok) return nullptr;
    bool is = false;
    Typed t;
    size_t len = 0;
    if (k >= info.Length() || napi_is_typedarray(info.Env(), info[k], &is) != napi_ok || !is ||
        napi_get_typedarray_info(info.Env(), info[k], &t.type, &len, &t.data, nullptr, nullptr) != napi_ok || t.type != want) {
      fail(std::string(name) + " has the wrong type");
      return nullptr;
    }
    *length = i64(len);
    return static_cast<T*>(t.data);
  }
  bool isNull(size_t k) { return k >= info.Length() || info[k].IsNull() || info[k].IsUndefined(); }
  i64 integer(size_t k, const char* name, i64 lo, i64 hi) {
    if (!ok) return 0;
    if (k >= info.Length() || !info[k].IsNumber()) { fail(std::string(name) + " must be a number"); return 0; }
    double v = info[k].As<Napi::Number>().DoubleValue();
    if (!(v == std::floor(v)) || v < double(lo) || v > double(hi)) {
      fail(std::string(name) + " = " + std::to_string(v) + " is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return 0;
    }
    return i64(v);
  }
};

constexpr i64 kMaxInt = i64(1) << 53;

// Whether every rows[start:end) is in [0, n): one branch-free (vectorised) pass.
bool rows_inside(const std::int32_t* rows, i64 start, i64 end, i64 n) {
  std::uint32_t worst = 0;
  for (i64 k = start; k < end; k++) worst = std::max(worst, std::uint32_t(rows[k]));
  return start == end || std::uint64_t(worst) < std::uint64_t(n);
}

// ---- histogram ------------------------------------------------------------------------------

struct HistArgs {
  double* hist;
  const std::uint8_t* codes;  // row-major, rows `stride` codes apart
  const double* gh;           // interleaved gradient, Hessian
  const std::int32_t* rows;
  i64 start, end, stride, w;  // w = 2 · maxBins
  const std::int32_t* feats;  // the features to fill
  i64 nf;
  bool identity;              // feats == 0, 1, ..., nf − 1
};

// The gradient/Hessian pair of a row, held in a register (hist and gh are both double*: loaded
// through a pointer it would be reloaded after every store to hist).
#if defined(__SSE2__)
using Pair = __m128d;
inline Pair load_pair(const double* src) { return _mm_loadu_pd(src); }
inline void add_pair(double* b, Pair v) { _mm_storeu_pd(b, _mm_add_pd(_mm_loadu_pd(b), v)); }
#else
struct Pair { double g, h; };
inline Pair load_pair(const double* src) { return Pair{src[0], src[1]}; }
inline void add_pair(double* b, Pair v) { b[0] += v.g; b[1] += v.h; }
#endif

constexpr bool kLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
constexpr i64 kPrefetch = 16;  // rows ahead: a deep node's rows are scattered

// Sums over rows[start:end) into the features feats[f0:f1) (already zeroed).
void hist_range(const HistArgs& a, i64 f0, i64 f1) {
  double* hist = a.hist;
  const i64 stride = a.stride, w = a.w;
  for (i64 k = a.start; k < a.end; k++) {
    if (k + kPrefetch < a.end) {
      const i64 q = a.rows[k + kPrefetch];
      __builtin_prefetch(a.codes + q * stride);
      __builtin_prefetch(a.gh + 2 * q);
    }
    const i64 r = a.rows[k];
    const Pair v = load_pair(a.gh + 2 * r);
    const std::uint8_t* c = a.codes + r * stride;
    if (a.identity) {
      double* base = hist + f0 * w;
      i64 f = f0;
      // Eight codes per load (uint8 may alias the histogram's doubles, so codes read one at a
      // time would be reloaded after every store); little-endian: code f + i is byte i.
      for (; kLittleEndian && f + 8 <= f1; f += 8, base += 8 * w) {
        std::uint64_t word;
        std::memcpy(&word, c + f, 8);
        add_pair(base + 2 * i64(word & 255), v);
        add_pair(base + w + 2 * i64((word >> 8) & 255), v);
        add_pair(base + 2 * w + 2 * i64((word >> 16) & 255), v);
        add_pair(base + 3 * w + 2 * i64((word >> 24) & 255), v);
        add_pair(base + 4 * w + 2 * i64((word >> 32) & 255), v);
        add_pair(base + 5 * w + 2 * i64((word >> 40) & 255), v);
        add_pair(base + 6 * w + 2 * i64((word >> 48) & 255), v);
        add_pair(base + 7 * w + 2 * i64(word >> 56), v);
      }
      for (; f < f1; f++, base += w) add_pair(base + 2 * i64(c[f]), v);
    } else {
      for (i64 j = f0; j < f1; j++) {
        const i64 f = a.feats[j];
        add_pair(hist + f * w + 2 * i64(c[f]), v);
      }
    }
  }
}

// gbmHistogram(hist, codes, p, stride, maxBins, rows, start, end, gh, features)
Napi::Value Histogram(const Napi::CallbackInfo& info) {
  Call c(info, "gbmHistogram");
  i64 nHist, nCodes, nRows, nGh, nFeat;
  double* hist = c.arr<double>(0, napi_float64_array, "hist (Float64Array)", &nHist);
  const std::uint8_t* codes = c.arr<std::uint8_t>(1, napi_uint8_array, "codes (Uint8Array)", &nCodes);
  const i64 p = c.integer(2, "p", 0, kMaxInt);
  const i64 stride = c.integer(3, "stride", 1, kMaxInt);
  const i64 maxBins = c.integer(4, "maxBins", 1, 256);
  const std::int32_t* rows = c.arr<std::int32_t>(5, napi_int32_array, "rows (Int32Array)", &nRows);
  const i64 start = c.integer(6, "start", 0, kMaxInt);
  const i64 end = c.integer(7, "end", 0, kMaxInt);
  const double* gh = c.arr<double>(8, napi_float64_array, "gh (Float64Array)", &nGh);
  const std::int32_t* feats = c.arr<std::int32_t>(9, napi_int32_array, "features (Int32Array)", &nFeat);
  if (!c.ok) return info.Env().Undefined();
  if (stride < p) { c.fail("stride < p"); return info.Env().Undefined(); }
  if (start > end || end > nRows) { c.fail("[start, end) is not inside rows"); return info.Env().Undefined(); }
  const i64 n = nCodes / stride;  // rows of codes
  if (nGh / 2 < n) { c.fail("gh holds fewer than 2 · n values"); return info.Env().Undefined(); }
  const i64 w = 2 * maxBins;
  bool identity = true;
  std::vector<std::uint8_t> seen(std::size_t(p), 0);  // a feature twice would race between threads
  for (i64 j = 0; j < nFeat; j++) {
    const i64 f = feats[j];
    if (f < 0 || f >= p) { c.fail("feature " + std::to_string(f) + " is outside [0, p)"); return info.Env().Undefined(); }
    if (seen[f]++) { c.fail("feature " + std::to_string(f) + " is listed twice"); return info.Env().Undefined(); }
    if (f * w + w > nHist) { c.fail("hist is too short for feature " + std::to_string(f)); return info.Env().Undefined(); }
    if (f != j) identity = false;
  }
  if (!rows_inside(rows, start, end, n)) { c.fail("a row is outside [0, n)"); return info.Env().Undefined(); }
  // A code ≥ maxBins would land outside its feature's bins: with maxBins = 256 none can; otherwise
  // check the codes of the features used (of the rows used) first.
  if (maxBins < 256) {
    for (i64 k = start; k < end; k++) {
      const std::uint8_t* row = codes + i64(rows[k]) * stride;
      std::uint8_t worst = 0;
      for (i64 j = 0; j < nFeat; j++) worst = std::max(worst, row[feats[j]]);
      if (worst >= maxBins) { c.fail("a code is ≥ maxBins"); return info.Env().Undefined(); }
    }
  }
  for (i64 j = 0; j < nFeat; j++) std::memset(hist + i64(feats[j]) * w, 0, sizeof(double) * w);
  HistArgs a{hist, codes, gh, rows, start, end, stride, w, feats, nFeat, identity};
  // Threads take disjoint feature ranges (every bin is summed by one thread in row order, so the
  // result does not depend on the thread count); only worth it on large nodes.
  const i64 work = (end - start) * nFeat;
  const int nt = pool_threads();
  const i64 chunks = std::min<i64>(std::min<i64>(nt, nFeat), work / (i64(1) << 16));
  if (chunks <= 1) {
    hist_range(a, 0, nFeat);
  } else {
    struct Ctx { const HistArgs* a; i64 chunks, nf; } ctx{&a, chunks, nFeat};
    parallel_tasks(chunks, [](i64 t, void* v) {
      Ctx* x = static_cast<Ctx*>(v);
      hist_range(*x->a, t * x->nf / x->chunks, (t + 1) * x->nf / x->chunks);
    }, &ctx);
  }
  return info.Env().Undefined();
}

// gbmSubtract(parent, child, maxBins, features): parent −= child over the features' bins.
Napi::Value Subtract(const Napi::CallbackInfo& info) {
  Call c(info, "gbmSubtract");
  i64 nP, nC, nFeat;
  double* parent = c.arr<double>(0, napi_float64_array, "parent (Float64Array)", &nP);
  const double* child = c.arr<double>(1, napi_float64_array, "child (Float64Array)", &nC);
  const i64 maxBins = c.integer(2, "maxBins", 1, 256);
  const std::int32_t* feats = c.arr<std::int32_t>(3, napi_int32_array, "features (Int32Array)", &nFeat);
  if (!c.ok) return info.Env().Undefined();
  const i64 w = 2 * maxBins, lim = std::min(nP, nC);
  for (i64 j = 0; j < nFeat; j++) {
    if (feats[j] < 0 || i64(feats[j]) * w + w > lim) { c.fail("feature " + std::to_string(feats[j]) + " is outside the histograms"); return info.Env().Undefined(); }
  }
  for (i64 j = 0; j < nFeat; j++) {
    double* o = parent + i64(feats[j]) * w;
    const double* s = child + i64(feats[j]) * w;
    for (i64 i = 0; i < w; i++) o[i] -= s[i];
  }
  return info.Env().Undefined();
}

// ---- split finding ------------------------------------------------------------------------

struct Reg { double lambda, alpha; };

inline double soft(double g, const Reg& r) {
  if (!(r.alpha > 0)) return g;
  return g > r.alpha ? g - r.alpha : g < -r.alpha ? g + r.alpha : 0.0;
}

// T(G)² / (H + λ), T the soft-threshold by alpha: leafScore in src/learn/boosting/split.ts.
inline double leaf_score(double g, double h, const Reg& r) {
  const double t = soft(g, r);
  return (t * t) / (h + r.lambda);
}

// leaf_score(gl, hl) + leaf_score(gr, hr) − parent with the two divisions in one instruction
// (each lane rounds as a scalar division does: the same bits; ~13 % faster here).
inline double split_gain(double gl, double hl, double gr, double hr, double parent, const Reg& r) {
#if defined(__SSE2__)
  const double tl = soft(gl, r), tr = soft(gr, r);
  const __m128d q = _mm_div_pd(_mm_set_pd(tr * tr, tl * tl), _mm_set_pd(hr + r.lambda, hl + r.lambda));
  return (_mm_cvtsd_f64(q) + _mm_cvtsd_f64(_mm_unpackhi_pd(q, q))) - parent;
#else
  return leaf_score(gl, hl, r) + leaf_score(gr, hr, r) - parent;
#endif
}

// The running best of a split search.
struct Scan {
  double G, H, parent, mcw;
  Reg r;
  double bestGain;
  bool found;
  double* out;  // [feature, bin, defaultLeft, gain, gLeft, hLeft]
  inline void offer(double gain, i64 f, i64 b, bool defaultLeft, double gl, double hl) {
    if (gain > bestGain) {
      bestGain = gain;
      found = true;
      out[0] = double(f); out[1] = double(b); out[2] = defaultLeft ? 1 : 0; out[3] = gain; out[4] = gl; out[5] = hl;
    }
  }
  // Both candidates of threshold b (missing values right, then left) from the running sums.
  inline void both(i64 f, i64 b, double gl, double hl, double gm, double hm, bool hasMissing) {
    double hr = H - hl;
    if (hl >= mcw && hr >= mcw) offer(split_gain(gl, hl, G - gl, hr, parent, r), f, b, !hasMissing, gl, hl);
    if (!hasMissing) return;
    const double gl2 = gl + gm, hl2 = hl + hm;
    hr = H - hl2;
    if (hl2 >= mcw && hr >= mcw) offer(split_gain(gl2, hl2, G - gl2, hr, parent, r), f, b, true, gl2, hl2);
  }
};

// Scans feature f's thresholds 0..last−1 (hb: its histogram; gm, hm: its missing bin).
void scan_scalar(const double* hb, i64 last, double gm, double hm, bool hasMissing, i64 f, Scan& sc) {
  double gl = 0, hl = 0;
  for (i64 b = 0; b < last; b++) {
    gl += hb[2 * b];
    hl += hb[2 * b + 1];
    sc.both(f, b, gl, hl, gm, hm, hasMissing);
  }
}

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
// AVX2: the running sums first (one pair addition per bin, the scalar order), then the gains of
// four thresholds at a time with the scalar operations lane by lane (the same bits), and only
// when a lane beats the best so far, the four are offered in order as the scalar scan would.
__attribute__((target("avx2"))) inline __m256d soft4(__m256d g, double alpha) {
  if (!(alpha > 0)) return g;
  const __m256d a = _mm256_set1_pd(alpha), na = _mm256_set1_pd(-alpha);
  const __m256d lo = _mm256_blendv_pd(_mm256_setzero_pd(), _mm256_add_pd(g, a), _mm256_cmp_pd(g, na, _CMP_LT_OQ));
  return _mm256_blendv_pd(lo, _mm256_sub_pd(g, a), _mm256_cmp_pd(g, a, _CMP_GT_OQ));
}

__attribute__((target("avx2"))) inline __m256d gains4(__m256d gl, __m256d hl, const Scan& sc) {
  const __m256d lambda = _mm256_set1_pd(sc.r.lambda), mcw = _mm256_set1_pd(sc.mcw);
  const __m256d hr = _mm256_sub_pd(_mm256_set1_pd(sc.H), hl);
  const __m256d tl = soft4(gl, sc.r.alpha), tr = soft4(_mm256_sub_pd(_mm256_set1_pd(sc.G), gl), sc.r.alpha);
  const __m256d sl = _mm256_div_pd(_mm256_mul_pd(tl, tl), _mm256_add_pd(hl, lambda));
  const __m256d sr = _mm256_div_pd(_mm256_mul_pd(tr, tr), _mm256_add_pd(hr, lambda));
  const __m256d gain = _mm256_sub_pd(_mm256_add_pd(sl, sr), _mm256_set1_pd(sc.parent));
  const __m256d ok = _mm256_and_pd(_mm256_cmp_pd(hl, mcw, _CMP_GE_OQ), _mm256_cmp_pd(hr, mcw, _CMP_GE_OQ));
  return _mm256_blendv_pd(_mm256_set1_pd(-HUGE_VAL), gain, ok);
}

// The running sums of features feats[0..nf) (bins 0..most−1), four features at a time so four
// chains of dependent additions overlap; each is summed in bin order (the scalar values).
__attribute__((target("avx2"))) void prefix_avx2(const double* hist, i64 w, const std::int32_t* feats, i64 nf, i64 most, double* pg, double* ph, i64 ld) {
  for (i64 j0 = 0; j0 < nf; j0 += 4) {
    const double* hb[4];
    i64 row[4];
    for (i64 t = 0; t < 4; t++) {
      const bool live = j0 + t < nf;
      hb[t] = hist + i64(feats[live ? j0 + t : j0]) * w;
      row[t] = (live ? j0 + t : nf) * ld;  // row nf: a spare for idle lanes
    }
    __m128d a0 = _mm_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
    for (i64 b = 0; b < most; b++) {
      a0 = _mm_add_pd(a0, _mm_loadu_pd(hb[0] + 2 * b));
      a1 = _mm_add_pd(a1, _mm_loadu_pd(hb[1] + 2 * b));
      a2 = _mm_add_pd(a2, _mm_loadu_pd(hb[2] + 2 * b));
      a3 = _mm_add_pd(a3, _mm_loadu_pd(hb[3] + 2 * b));
      _mm_storel_pd(pg + row[0] + b, a0); _mm_storeh_pd(ph + row[0] + b, a0);
      _mm_storel_pd(pg + row[1] + b, a1); _mm_storeh_pd(ph + row[1] + b, a1);
      _mm_storel_pd(pg + row[2] + b, a2); _mm_storeh_pd(ph + row[2] + b, a2);
      _mm_storel_pd(pg + row[3] + b, a3); _mm_storeh_pd(ph + row[3] + b, a3);
    }
  }
}

__attribute__((target("avx2"))) void scan_avx2(const double* pg, const double* ph, i64 last, double gm, double hm, bool hasMissing, i64 f, Scan& sc) {
  const __m256d vgm = _mm256_set1_pd(gm), vhm = _mm256_set1_pd(hm);
  i64 b0 = 0;
  for (; b0 + 4 <= last; b0 += 4) {
    const __m256d gl = _mm256_loadu_pd(pg + b0), hl = _mm256_loadu_pd(ph + b0);
    const __m256d best = _mm256_set1_pd(sc.bestGain);
    int beat = _mm256_movemask_pd(_mm256_cmp_pd(gains4(gl, hl, sc), best, _CMP_GT_OQ));
    if (hasMissing) beat |= _mm256_movemask_pd(_mm256_cmp_pd(gains4(_mm256_add_pd(gl, vgm), _mm256_add_pd(hl, vhm), sc), best, _CMP_GT_OQ));
    if (beat) for (i64 b = b0; b < b0 + 4; b++) sc.both(f, b, pg[b], ph[b], gm, hm, hasMissing);
  }
  for (i64 b = b0; b < last; b++) sc.both(f, b, pg[b], ph[b], gm, hm, hasMissing);
}

// AVX2 unless the CPU lacks it or NABLA_SIMD=scalar (as for the other kernels: for testing).
bool has_avx2() {
  static const bool k = __builtin_cpu_supports("avx2") && !(std::getenv("NABLA_SIMD") && std::string(std::getenv("NABLA_SIMD")) == "scalar");
  return k;
}
#else
bool has_avx2() { return false; }
#endif


// gbmBestSplit(hist, nBins, maxBins, missingBin, features, G, H, lambda, alpha, minChildWeight, out)
// → whether a split beats 1e-6; out = [feature, bin, defaultLeft, gain, gLeft, hLeft]. The numeric
// part of findBestSplit in src/learn/boosting/split.ts, operation for operation (same ties).
Napi::Value BestSplit(const Napi::CallbackInfo& info) {
  Call c(info, "gbmBestSplit");
  i64 nHist, p, nFeat, nOut;
  const double* hist = c.arr<double>(0, napi_float64_array, "hist (Float64Array)", &nHist);
  const std::int32_t* nBins = c.arr<std::int32_t>(1, napi_int32_array, "nBins (Int32Array)", &p);
  const i64 maxBins = c.integer(2, "maxBins", 1, 256);
  const i64 miss = c.integer(3, "missingBin", 0, 255);
  const std::int32_t* feats = c.arr<std::int32_t>(4, napi_int32_array, "features (Int32Array)", &nFeat);
  double num[5];
  const char* names[5] = {"G", "H", "lambda", "alpha", "minChildWeight"};
  for (int k = 0; k < 5 && c.ok; k++) {
    if (size_t(5 + k) >= info.Length() || !info[5 + k].IsNumber()) c.fail(std::string(names[k]) + " must be a number");
    else num[k] = info[5 + k].As<Napi::Number>().DoubleValue();
  }
  double* out = c.arr<double>(10, napi_float64_array, "out (Float64Array)", &nOut);
  if (!c.ok) return info.Env().Undefined();
  if (nOut < 6) { c.fail("out holds fewer than 6 values"); return info.Env().Undefined(); }
  if (miss >= maxBins) { c.fail("missingBin ≥ maxBins"); return info.Env().Undefined(); }
  const i64 w = 2 * maxBins;
  for (i64 j = 0; j < nFeat; j++) {
    const i64 f = feats[j];
    if (f < 0 || f >= p) { c.fail("feature " + std::to_string(f) + " is outside [0, nBins.length)"); return info.Env().Undefined(); }
    if (nBins[f] < 1 || nBins[f] > maxBins - 1) { c.fail("nBins[" + std::to_string(f) + "] is outside [1, maxBins − 1]"); return info.Env().Undefined(); }
    if (f * w + w > nHist) { c.fail("hist is too short for feature " + std::to_string(f)); return info.Env().Undefined(); }
  }
  const double G = num[0], H = num[1], mcw = num[4];
  const Reg r{num[2], num[3]};
  const double parent = leaf_score(G, H, r);
  Scan sc{G, H, parent, mcw, r, 1e-6, false, out};  // 1e-6: XGBoost's kRtEps, as in js
  if (has_avx2()) {
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
    thread_local std::vector<double> pg, ph;
    const i64 ld = maxBins;
    if (i64(pg.size()) < (nFeat + 1) * ld) { pg.resize(std::size_t((nFeat + 1) * ld)); ph.resize(std::size_t((nFeat + 1) * ld)); }
    i64 most = 0;
    for (i64 j = 0; j < nFeat; j++) most = std::max(most, i64(nBins[feats[j]]) - 1);
    prefix_avx2(hist, w, feats, nFeat, most, pg.data(), ph.data(), ld);
    for (i64 j = 0; j < nFeat; j++) {
      const i64 f = feats[j];
      const double gm = hist[f * w + 2 * miss], hm = hist[f * w + 2 * miss + 1];
      scan_avx2(pg.data() + j * ld, ph.data() + j * ld, i64(nBins[f]) - 1, gm, hm, hm > 0 || gm != 0, f, sc);
    }
#endif
  } else {
    for (i64 j = 0; j < nFeat; j++) {
      const i64 f = feats[j];
      const double* hb = hist + f * w;
      const double gm = hb[2 * miss], hm = hb[2 * miss + 1];
      scan_scalar(hb, i64(nBins[f]) - 1, gm, hm, hm > 0 || gm != 0, f, sc);
    }
  }
  const bool found = sc.found;
  return Napi::Boolean::New(info.Env(), found);
}

// ---- partition ------------------------------------------------------------------------------

// gbmPartition(rows, scratch, start, end, bins, n, feature, bin, missingBin, defaultLeft) → mid.
// Stable: rows[start:mid) go left (code ≤ bin, or missing with defaultLeft), rows[mid:end) right.
Napi::Value Partition(const Napi::CallbackInfo& info) {
  Call c(info, "gbmPartition");
  i64 nRows, nScratch, nBins;
  std::int32_t* rows = c.arr<std::int32_t>(0, napi_int32_array, "rows (Int32Array)", &nRows);
  std::int32_t* scratch = c.arr<std::int32_t>(1, napi_int32_array, "scratch (Int32Array)", &nScratch);
  const i64 start = c.integer(2, "start", 0, kMaxInt);
  const i64 end = c.integer(3, "end", 0, kMaxInt);
  const std::uint8_t* bins = c.arr<std::uint8_t>(4, napi_uint8_array, "bins (Uint8Array)", &nBins);
  const i64 n = c.integer(5, "n", 0, kMaxInt);
  const i64 feature = c.integer(6, "feature", 0, kMaxInt);
  const i64 bin = c.integer(7, "bin", -1, 255);
  const i64 missing = c.integer(8, "missingBin", 0, 255);
  const i64 defaultLeft = c.integer(9, "defaultLeft", 0, 1);
  if (!c.ok) return info.Env().Undefined();
  if (start > end || end > nRows) { c.fail("[start, end) is not inside rows"); return info.Env().Undefined(); }
  if (nScratch < end - start) { c.fail("scratch is shorter than the range"); return info.Env().Undefined(); }
  if (feature * n + n > nBins) { c.fail("bins holds no column for this feature"); return info.Env().Undefined(); }
  const std::uint8_t* col = bins + feature * n;
  if (!rows_inside(rows, start, end, n)) { c.fail("a row is outside [0, n)"); return info.Env().Undefined(); }
  // Branch-free, as the JavaScript twin: every row is written to both sides, one cursor moves.
  i64 l = start, r = 0;
  for (i64 k = start; k < end; k++) {
    const std::int32_t row = rows[k];
    const i64 code = col[row];
    const i64 isLeft = (code <= bin) | ((code == missing) & defaultLeft);
    rows[l] = row;
    scratch[r] = row;
    l += isLeft;
    r += isLeft ^ 1;
  }
  std::memcpy(rows + l, scratch, sizeof(std::int32_t) * r);
  return Napi::Number::New(info.Env(), double(l));
}

// ---- binning --------------------------------------------------------------------------------

// gbmBinCodes(x, n, p, padded, missingBin, rowOut, stride, colOut | null): the codes of a row-major
// [n, p] float64 matrix by each feature's cuts padded with +Infinity to 256 (padded[256 f + b]).
Napi::Value BinCodes(const Napi::CallbackInfo& info) {
  Call c(info, "gbmBinCodes");
  i64 nX, nPad, nRowOut, nColOut = 0;
  const double* x = c.arr<double>(0, napi_float64_array, "x (Float64Array)", &nX);
  const i64 n = c.integer(1, "n", 0, kMaxInt);
  const i64 p = c.integer(2, "p", 0, kMaxInt);
  const double* padded = c.arr<double>(3, napi_float64_array, "padded (Float64Array)", &nPad);
  const i64 missing = c.integer(4, "missingBin", 0, 255);
  std::uint8_t* rowOut = c.arr<std::uint8_t>(5, napi_uint8_array, "rowOut (Uint8Array)", &nRowOut);
  const i64 stride = c.integer(6, "stride", 1, kMaxInt);
  std::uint8_t* colOut = c.isNull(7) ? nullptr : c.arr<std::uint8_t>(7, napi_uint8_array, "colOut (Uint8Array)", &nColOut);
  if (!c.ok) return info.Env().Undefined();
  if (stride < p) { c.fail("stride < p"); return info.Env().Undefined(); }
  if (n * p > nX) { c.fail("x holds fewer than n · p values"); return info.Env().Undefined(); }
  if (256 * p > nPad) { c.fail("padded holds fewer than 256 · p cuts"); return info.Env().Undefined(); }
  if (n * stride > nRowOut) { c.fail("rowOut holds fewer than n · stride codes"); return info.Env().Undefined(); }
  if (colOut && n * p > nColOut) { c.fail("colOut holds fewer than n · p codes"); return info.Env().Undefined(); }
  const std::uint8_t miss = std::uint8_t(missing);
  auto body = [&](i64 i0, i64 i1) {
    for (i64 i = i0; i < i1; i++) {
      const double* xr = x + i * p;
      std::uint8_t* out = rowOut + i * stride;
      for (i64 f = 0; f < p; f++) {
        const double v = xr[f];
        std::uint8_t code;
        if (v != v) {
          code = miss;
        } else {
          const double* cut = padded + 256 * f;
          i64 lo = 0;
          lo += (cut[lo + 127] < v) << 7;
          lo += (cut[lo + 63] < v) << 6;
          lo += (cut[lo + 31] < v) << 5;
          lo += (cut[lo + 15] < v) << 4;
          lo += (cut[lo + 7] < v) << 3;
          lo += (cut[lo + 3] < v) << 2;
          lo += (cut[lo + 1] < v) << 1;
          lo += (cut[lo] < v);
          code = std::uint8_t(lo);
        }
        out[f] = code;
        if (colOut) colOut[f * n + i] = code;
      }
    }
  };
  parallel_for(n, 4096, body);
  return info.Env().Undefined();
}

// ---- sorting the columns for the bin cuts --------------------------------------------------

// LSD radix sort of float64 values (no NaN), as radixSortFloat64 in src/learn/boosting/radix.ts:
// keys that order like the numbers (−0 before +0), four 16-bit digits, a pass skipped when every
// value has the same digit.
void radix_sort(double* v, i64 n, std::vector<std::uint64_t>& a, std::vector<std::uint64_t>& b, std::vector<std::uint32_t>& count) {
  if (n < 2) return;
  a.resize(n);
  b.resize(n);
  count.resize(65536);
  for (i64 i = 0; i < n; i++) {
    std::uint64_t u;
    std::memcpy(&u, v + i, 8);
    a[i] = (u >> 63) ? ~u : (u | (std::uint64_t(1) << 63));
  }
  std::uint64_t* src = a.data();
  std::uint64_t* dst = b.data();
  for (int pass = 0; pass < 4; pass++) {
    const int shift = 16 * pass;
    std::fill(count.begin(), count.end(), 0u);
    for (i64 i = 0; i < n; i++) count[(src[i] >> shift) & 0xffff]++;
    if (count[(src[0] >> shift) & 0xffff] == std::uint32_t(n)) continue;
    std::uint32_t sum = 0;
    for (int d = 0; d < 65536; d++) { const std::uint32_t c = count[d]; count[d] = sum; sum += c; }
    for (i64 i = 0; i < n; i++) dst[count[(src[i] >> shift) & 0xffff]++] = src[i];
    std::swap(src, dst);
  }
  for (i64 i = 0; i < n; i++) {
    const std::uint64_t k = src[i];
    const std::uint64_t u = (k >> 63) ? (k & ~(std::uint64_t(1) << 63)) : ~k;
    std::memcpy(v + i, &u, 8);
  }
}

// gbmSortColumns(cols, n, counts): sorts cols[f · n, f · n + counts[f]) ascending for every f
// (no NaN), the columns in parallel.
Napi::Value SortColumns(const Napi::CallbackInfo& info) {
  Call c(info, "gbmSortColumns");
  i64 nCols, p;
  double* cols = c.arr<double>(0, napi_float64_array, "cols (Float64Array)", &nCols);
  const i64 n = c.integer(1, "n", 0, kMaxInt);
  const std::int32_t* counts = c.arr<std::int32_t>(2, napi_int32_array, "counts (Int32Array)", &p);
  if (!c.ok) return info.Env().Undefined();
  if (n * p > nCols) { c.fail("cols holds fewer than n · counts.length values"); return info.Env().Undefined(); }
  for (i64 f = 0; f < p; f++) {
    if (counts[f] < 0 || counts[f] > n) { c.fail("counts[" + std::to_string(f) + "] is outside [0, n]"); return info.Env().Undefined(); }
  }
  struct Ctx { double* cols; i64 n; const std::int32_t* counts; } ctx{cols, n, counts};
  parallel_tasks(p, [](i64 f, void* v) {
    Ctx* x = static_cast<Ctx*>(v);
    thread_local std::vector<std::uint64_t> a, b;
    thread_local std::vector<std::uint32_t> count;
    radix_sort(x->cols + f * x->n, x->counts[f], a, b, count);
  }, &ctx);
  return info.Env().Undefined();
}

}  // namespace

// Called from addon.cc's Init.
void register_gbm(Napi::Env env, Napi::Object exports) {
  exports.Set("gbmHistogram", Napi::Function::New(env, Histogram, "gbmHistogram"));
  exports.Set("gbmSubtract", Napi::Function::New(env, Subtract, "gbmSubtract"));
  exports.Set("gbmPartition", Napi::Function::New(env, Partition, "gbmPartition"));
  exports.Set("gbmBinCodes", Napi::Function::New(env, BinCodes, "gbmBinCodes"));
  exports.Set("gbmBestSplit", Napi::Function::New(env, BestSplit, "gbmBestSplit"));
  exports.Set("gbmSortColumns", Napi::Function::New(env, SortColumns, "gbmSortColumns"));
}

}  // namespace nabla

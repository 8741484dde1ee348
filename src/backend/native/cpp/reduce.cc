// Reductions over any set of dims, scans, softmax / log-softmax and logsumexp.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "iter.h"
#include "kernels.h"
#include "threadpool.h"

namespace nabla {

static constexpr i64 kGrain = 1 << 16;

namespace {

inline double identity(int op) {
  switch (op) {
    case R_SUM: case R_ANY: return 0.0;
    case R_PROD: case R_ALL: return 1.0;
    case R_MAX: return -std::numeric_limits<double>::infinity();
    case R_MIN: return std::numeric_limits<double>::infinity();
    default: return 0.0;
  }
}

// Folds v into acc; max/min propagate NaN as the js backend does.
inline double fold(int op, double acc, double v) {
  switch (op) {
    case R_SUM: return acc + v;
    case R_PROD: return acc * v;
    case R_MAX: return (v > acc || v != v) && acc == acc ? v : acc;
    case R_MIN: return (v < acc || v != v) && acc == acc ? v : acc;
    case R_ANY: return (acc != 0.0 || v != 0.0) ? 1.0 : 0.0;
    case R_ALL: return (acc != 0.0 && v != 0.0) ? 1.0 : 0.0;
    default: return acc;
  }
}

template <class T>
double fold_run(int op, double acc, const T* x, i64 n, i64 s, const RowKernels<T>& rk) {
  if (s == 1 && op == R_SUM) return acc + rk.sum(n, x);
  if (s == 1 && op == R_MAX && n > 0) {
    T m = rk.max(n, x);
    return fold(op, acc, double(m));
  }
  if (s == 1 && op == R_MIN && n > 0) {
    double r = acc;
    for (i64 k = 0; k < n; k++) r = fold(op, r, double(x[k]));
    return r;
  }
  switch (op) {
    case R_SUM: { double r = acc; for (i64 k = 0; k < n; k++) r += double(x[k * s]); return r; }
    case R_PROD: { double r = acc; for (i64 k = 0; k < n; k++) r *= double(x[k * s]); return r; }
    default: { double r = acc; for (i64 k = 0; k < n; k++) r = fold(op, r, double(x[k * s])); return r; }
  }
}

template <class O>
void store_out(const std::vector<double>& acc, O* out) {
  for (size_t i = 0; i < acc.size(); i++) out[i] = O(acc[i]);
}

struct Split {
  int nd = 0;  // the full shape
  i64 shape[kMaxDims];
  i64 xs[kMaxDims];    // x strides
  i64 os[kMaxDims];    // out strides (0 on reduced dims)
  int kn = 0, rn = 0;  // kept / reduced dims
  i64 kshape[kMaxDims], kstr[kMaxDims], rshape[kMaxDims], rstr[kMaxDims];
  i64 outN = 1, redN = 1, total = 1;
};

template <class T, class O>
void reduce_typed(int op, const Split& sp, const T* x, i64 xoff, O* out, const RowKernels<T>& rk) {
  const i64 outN = sp.outN, redN = sp.redN;
  if (outN == 0) return;
  if (redN == 0) {
    for (i64 i = 0; i < outN; i++) out[i] = O(op == R_ARGMAX || op == R_ARGMIN ? -1.0 : identity(op));
    return;
  }
  const bool arg = op == R_ARGMAX || op == R_ARGMIN;
  if (!arg && outN * 8 <= sp.total) {
    // Walk x in its memory order (dims sorted by stride, largest outside), folding into per-task
    // accumulators indexed by output position.
    int order[kMaxDims];
    for (int d = 0; d < sp.nd; d++) order[d] = d;
    std::stable_sort(order, order + sp.nd, [&](int p, int q) { return std::llabs(sp.xs[p]) > std::llabs(sp.xs[q]); });
    i64 pshape[kMaxDims], pxs[kMaxDims], pos_[kMaxDims];
    for (int d = 0; d < sp.nd; d++) { pshape[d] = sp.shape[order[d]]; pxs[d] = sp.xs[order[d]]; pos_[d] = sp.os[order[d]]; }
    const i64* st[2] = {pxs, pos_};
    const i64 offs[2] = {xoff, 0};
    Walk w(sp.nd, pshape, 2, st, offs);
    const i64 sx = w.step(0), so = w.step(1);
    int nt = pool_threads();
    i64 tasks = sp.total >= 2 * kGrain ? std::min<i64>(nt, sp.total / kGrain) : 1;
    std::vector<std::vector<double>> accs(size_t(tasks), std::vector<double>(size_t(outN), identity(op)));
    i64 per = (sp.total + tasks - 1) / tasks;
    parallel_for(tasks, 1, [&](i64 t0, i64 t1) {
      for (i64 t = t0; t < t1; t++) {
        double* acc = accs[size_t(t)].data();
        w.runs(t * per, std::min(sp.total, (t + 1) * per), [&](i64, const i64* o, i64 n) {
          const T* xp = x + o[0];
          if (so == 0) {
            acc[o[1]] = fold_run(op, acc[o[1]], xp, n, sx, rk);
          } else if (op == R_SUM) {
            double* a = acc + o[1];
            if (so == 1 && sx == 1) for (i64 k = 0; k < n; k++) a[k] += double(xp[k]);
            else for (i64 k = 0; k < n; k++) a[k * so] += double(xp[k * sx]);
          } else if ((op == R_MAX || op == R_MIN) && so == 1 && sx == 1) {
            double* a = acc + o[1];
            if (op == R_MAX)
              for (i64 k = 0; k < n; k++) { const double v = double(xp[k]), c = a[k]; a[k] = ((v > c) | (v != v)) & (c == c) ? v : c; }
            else
              for (i64 k = 0; k < n; k++) { const double v = double(xp[k]), c = a[k]; a[k] = ((v < c) | (v != v)) & (c == c) ? v : c; }
          } else {
            double* a = acc + o[1];
            for (i64 k = 0; k < n; k++) a[k * so] = fold(op, a[k * so], double(xp[k * sx]));
          }
        });
      }
    });
    std::vector<double>& r = accs[0];
    for (size_t t = 1; t < accs.size(); t++)
      for (i64 i = 0; i < outN; i++) r[size_t(i)] = fold(op == R_MAX || op == R_MIN || op == R_ANY || op == R_ALL ? op : (op == R_PROD ? R_PROD : R_SUM), r[size_t(i)], accs[t][size_t(i)]);
    store_out(r, out);
    return;
  }
  // One output at a time: walk the reduced dims for each kept position.
  const i64* kst[1] = {sp.kstr};
  const i64 zero = 0;
  Walk kw(sp.kn, sp.kshape, 1, kst, &zero);
  const i64* rst[1] = {sp.rstr};
  Walk rw(sp.rn, sp.rshape, 1, rst, &zero);
  const i64 rs = rw.step(0);
  const i64 grain = std::max<i64>(1, kGrain / redN);
  parallel_for(outN, grain, [&](i64 b, i64 e) {
    kw.runs(b, e, [&](i64 pos, const i64* ko, i64 n) {
      const i64 kstep = kw.step(0);
      for (i64 k = 0; k < n; k++) {
        const i64 base = xoff + ko[0] + k * kstep;
        if (!arg) {
          double acc = identity(op);
          rw.runs(0, redN, [&](i64, const i64* ro, i64 m) { acc = fold_run(op, acc, x + base + ro[0], m, rs, rk); });
          out[pos + k] = O(acc);
        } else {
          double best = 0;
          i64 bi = -1;
          bool isnan = false;
          rw.runs(0, redN, [&](i64 rpos, const i64* ro, i64 m) {
            if (isnan) return;
            const T* xp = x + base + ro[0];
            for (i64 j = 0; j < m; j++) {
              double v = double(xp[j * rs]);
              if (v != v) { bi = rpos + j; isnan = true; return; }
              if (bi < 0 || (op == R_ARGMAX ? v > best : v < best)) { best = v; bi = rpos + j; }
            }
          });
          out[pos + k] = O(bi);
        }
      }
    });
  });
}

}  // namespace

const char* k_reduce(int op, const StridedView& x, int nd, const i64* shape, const bool* reduced, const Arr& out) {
  if (op < 0 || op >= R_COUNT) return "unknown reduce op";
  if (const char* e = check_view(x, nd, shape)) return e;
  Split sp;
  sp.nd = nd;
  i64 ostride[kMaxDims];
  {
    i64 s = 1;
    for (int d = nd - 1; d >= 0; d--) {
      if (reduced[d]) { ostride[d] = 0; continue; }
      ostride[d] = s;
      s *= shape[d];
    }
  }
  for (int d = 0; d < nd; d++) {
    sp.shape[d] = shape[d];
    sp.xs[d] = x.strides[d];
    sp.os[d] = ostride[d];
    sp.total *= shape[d];
    if (reduced[d]) { sp.rshape[sp.rn] = shape[d]; sp.rstr[sp.rn++] = x.strides[d]; sp.redN *= shape[d]; }
    else { sp.kshape[sp.kn] = shape[d]; sp.kstr[sp.kn++] = x.strides[d]; sp.outN *= shape[d]; }
  }
  if (sp.outN > out.length) return "output array too small";
  const IsaTable& t = isa();
  DType want = (op == R_ARGMAX || op == R_ARGMIN) ? DT_I32 : (op == R_ANY || op == R_ALL) ? DT_U8 : x.arr.dt;
  if (out.dt != want) return "unexpected output dtype";
  if (x.arr.dt == DT_F32) {
    const float* xd = static_cast<const float*>(x.arr.data);
    if (want == DT_I32) reduce_typed(op, sp, xd, x.offset, static_cast<std::int32_t*>(out.data), t.f32);
    else if (want == DT_U8) reduce_typed(op, sp, xd, x.offset, static_cast<std::uint8_t*>(out.data), t.f32);
    else reduce_typed(op, sp, xd, x.offset, static_cast<float*>(out.data), t.f32);
  } else if (x.arr.dt == DT_F64) {
    const double* xd = static_cast<const double*>(x.arr.data);
    if (want == DT_I32) reduce_typed(op, sp, xd, x.offset, static_cast<std::int32_t*>(out.data), t.f64);
    else if (want == DT_U8) reduce_typed(op, sp, xd, x.offset, static_cast<std::uint8_t*>(out.data), t.f64);
    else reduce_typed(op, sp, xd, x.offset, static_cast<double*>(out.data), t.f64);
  } else {
    return "unsupported dtype";
  }
  return nullptr;
}

// ---- scan ------------------------------------------------------------------------------------

template <class T>
static void scan_typed(int op, const T* x, i64 outer, i64 n, i64 inner, T* out) {
  parallel_for(outer, std::max<i64>(1, kGrain / std::max<i64>(1, n * inner)), [&](i64 b, i64 e) {
    std::vector<double> acc{};
    acc.resize(size_t(inner));
    for (i64 o = b; o < e; o++) {
      std::fill(acc.begin(), acc.end(), op == 0 ? 0.0 : 1.0);
      for (i64 k = 0; k < n; k++) {
        const T* xp = x + (o * n + k) * inner;
        T* y = out + (o * n + k) * inner;
        if (op == 0) for (i64 i = 0; i < inner; i++) { acc[size_t(i)] += double(xp[i]); y[i] = T(acc[size_t(i)]); }
        else for (i64 i = 0; i < inner; i++) { acc[size_t(i)] *= double(xp[i]); y[i] = T(acc[size_t(i)]); }
      }
    }
  });
}

static const char* check_block(const Arr& x, i64 outer, i64 n, i64 inner, const Arr& out, i64 outN) {
  if (outer < 0 || n < 0 || inner < 0) return "negative size";
  if (sat_prod({outer, n, inner}) > x.length) return "input array too small";
  if (outN > out.length) return "output array too small";
  if (x.dt != out.dt) return "input and output dtypes differ";
  if (x.dt != DT_F32 && x.dt != DT_F64) return "unsupported dtype";
  return nullptr;
}

const char* k_scan(int op, const Arr& x, i64 outer, i64 n, i64 inner, const Arr& out) {
  if (const char* e = check_block(x, outer, n, inner, out, sat_prod({outer, n, inner}))) return e;
  if (sat_prod({outer, n, inner}) == 0) return nullptr;
  if (x.dt == DT_F32) scan_typed(op, static_cast<const float*>(x.data), outer, n, inner, static_cast<float*>(out.data));
  else scan_typed(op, static_cast<const double*>(x.data), outer, n, inner, static_cast<double*>(out.data));
  return nullptr;
}

// ---- softmax / logsumexp ---------------------------------------------------------------------

template <class T>
static void softmax_typed(const T* x, i64 outer, i64 n, i64 inner, T* out, bool log, const RowKernels<T>& rk) {
  if (inner == 1) {
    parallel_for(outer, std::max<i64>(1, kGrain / std::max<i64>(1, n)), [&](i64 b, i64 e) {
      for (i64 o = b; o < e; o++) rk.softmax_row(n, x + o * n, out + o * n, log);
    });
    return;
  }
  // Strided along n: vectorise across the inner positions instead.
  parallel_for(outer, std::max<i64>(1, kGrain / std::max<i64>(1, n * inner)), [&](i64 b, i64 e) {
    std::vector<T> mx(static_cast<size_t>(inner));
    std::vector<double> sum(static_cast<size_t>(inner));
    for (i64 o = b; o < e; o++) {
      const T* xb = x + o * n * inner;
      T* yb = out + o * n * inner;
      std::fill(mx.begin(), mx.end(), T(-INFINITY));
      std::fill(sum.begin(), sum.end(), 0.0);
      for (i64 k = 0; k < n; k++)
        for (i64 i = 0; i < inner; i++) {
          T v = xb[k * inner + i];
          T& m = mx[size_t(i)];
          if ((v > m || v != v) && m == m) m = v;
        }
      for (i64 i = 0; i < inner; i++) if (mx[size_t(i)] == T(-INFINITY)) mx[size_t(i)] = T(0);
      for (i64 k = 0; k < n; k++) {
        rk.binary(B_SUB, inner, xb + k * inner, 1, mx.data(), 1, yb + k * inner);
        rk.unary(U_EXP, inner, yb + k * inner, 1, yb + k * inner, T(0), T(0));
        for (i64 i = 0; i < inner; i++) sum[size_t(i)] += double(yb[k * inner + i]);
      }
      if (log) {
        for (i64 i = 0; i < inner; i++) sum[size_t(i)] = std::log(sum[size_t(i)]);
        for (i64 k = 0; k < n; k++)
          for (i64 i = 0; i < inner; i++)
            yb[k * inner + i] = T(double(xb[k * inner + i] - mx[size_t(i)]) - sum[size_t(i)]);
      } else {
        for (i64 i = 0; i < inner; i++) sum[size_t(i)] = 1.0 / sum[size_t(i)];
        for (i64 k = 0; k < n; k++)
          for (i64 i = 0; i < inner; i++) yb[k * inner + i] = T(double(yb[k * inner + i]) * sum[size_t(i)]);
      }
    }
  });
}

const char* k_softmax(const Arr& x, i64 outer, i64 n, i64 inner, const Arr& out, bool log) {
  if (const char* e = check_block(x, outer, n, inner, out, sat_prod({outer, n, inner}))) return e;
  if (sat_prod({outer, n, inner}) == 0) return nullptr;
  hint_huge_pages(out.data, sat_prod({outer, n, inner}) * (out.dt == DT_F64 ? 8 : 4));
  const IsaTable& t = isa();
  if (x.dt == DT_F32) softmax_typed(static_cast<const float*>(x.data), outer, n, inner, static_cast<float*>(out.data), log, t.f32);
  else softmax_typed(static_cast<const double*>(x.data), outer, n, inner, static_cast<double*>(out.data), log, t.f64);
  return nullptr;
}

template <class T>
static void logsumexp_typed(const T* x, i64 outer, i64 n, i64 inner, T* out, const RowKernels<T>& rk) {
  parallel_for(outer * inner, std::max<i64>(1, kGrain / std::max<i64>(1, n)), [&](i64 b, i64 e) {
    std::vector<T> tmp(static_cast<size_t>(inner == 1 ? n : 0));
    for (i64 r = b; r < e; r++) {
      const i64 o = r / inner, i = r % inner;
      const T* xb = x + o * n * inner + i;
      double m = -INFINITY;
      if (inner == 1) m = n > 0 ? double(rk.max(n, xb)) : m;
      else for (i64 k = 0; k < n; k++) { double v = xb[k * inner]; if ((v > m || v != v) && m == m) m = v; }
      if (m == INFINITY || m == -INFINITY) { out[r] = T(m); continue; }
      double s = 0;
      if (inner == 1) {
        // exp(x - m) through the SIMD kernels, summed in double.
        T mt = T(m);
        rk.binary(B_SUB, n, xb, 1, &mt, 0, tmp.data());
        rk.unary(U_EXP, n, tmp.data(), 1, tmp.data(), T(0), T(0));
        s = rk.sum(n, tmp.data());
      } else {
        for (i64 k = 0; k < n; k++) s += std::exp(double(xb[k * inner]) - m);
      }
      out[r] = T(m + std::log(s));
    }
  });
}

const char* k_logsumexp(const Arr& x, i64 outer, i64 n, i64 inner, const Arr& out) {
  if (const char* e = check_block(x, outer, n, inner, out, sat_prod({outer, inner}))) return e;
  if (sat_prod({outer, inner}) == 0) return nullptr;
  const IsaTable& t = isa();
  if (x.dt == DT_F32) logsumexp_typed(static_cast<const float*>(x.data), outer, n, inner, static_cast<float*>(out.data), t.f32);
  else logsumexp_typed(static_cast<const double*>(x.data), outer, n, inner, static_cast<double*>(out.data), t.f64);
  return nullptr;
}

}  // namespace nabla

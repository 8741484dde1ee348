// copy, unary, binary, where and matmul: N-d strided walks that call the SIMD row kernels.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "iter.h"
#include "kernels.h"
#include "threadpool.h"

namespace nabla {

static constexpr i64 kGrain = 1 << 16;  // elements per task before an op is worth splitting

void hint_huge_pages(void* data, i64 bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t(2) << 20;
  if (bytes < i64(4 * kHuge)) return;
  std::uintptr_t b = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  std::uintptr_t e = (reinterpret_cast<std::uintptr_t>(data) + std::uintptr_t(bytes)) & ~(kHuge - 1);
  if (e > b) madvise(reinterpret_cast<void*>(b), e - b, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

static i64 dtype_size(DType dt) { return dt == DT_F64 ? 8 : dt == DT_U8 ? 1 : 4; }
static void hint_out(const Arr& out, i64 n) {
  if (std::getenv("NABLA_NO_THP") == nullptr) hint_huge_pages(out.data, n * dtype_size(out.dt));
}

const char* check_view(const StridedView& v, int nd, const i64* shape) {
  i64 lo = v.offset, hi = v.offset;
  for (int d = 0; d < nd; d++) {
    if (shape[d] < 0) return "negative dimension";
    if (shape[d] == 0) return nullptr;  // touches nothing
  }
  for (int d = 0; d < nd; d++) {
    i64 span;
    if (__builtin_mul_overflow(shape[d] - 1, v.strides[d], &span)) return "view strides overflow";
    if (span > 0 ? __builtin_add_overflow(hi, span, &hi) : __builtin_add_overflow(lo, span, &lo)) return "view strides overflow";
  }
  if (lo < 0 || hi >= v.arr.length) return "view reaches outside its array";
  return nullptr;
}

// Element count, saturating (an impossible size then fails the output-size check).
static i64 numel(int nd, const i64* shape) {
  i64 n = 1;
  for (int d = 0; d < nd; d++)
    if (__builtin_mul_overflow(n, shape[d], &n)) return INT64_MAX;
  return n;
}

template <class F>
static void parallel_range(i64 total, F&& f) {
  parallel_for(total, kGrain, f, 64);
}

// ---- copy ------------------------------------------------------------------------------------

// JavaScript's ToInt32 (what storing a number into an Int32Array does).
static inline std::int32_t js_to_int32(double d) {
  if (!std::isfinite(d)) return 0;
  d = std::trunc(d);
  if (d >= -2147483648.0 && d <= 2147483647.0) return std::int32_t(d);
  double m = std::fmod(d, 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return std::int32_t(std::uint32_t(m));
}

template <class O, class I>
struct Cvt {
  static O go(I v) { return O(v); }
};
template <class I>
struct Cvt<std::uint8_t, I> {
  static std::uint8_t go(I v) { return v != I(0) ? 1 : 0; }  // NaN is nonzero
};
template <>
struct Cvt<std::uint8_t, std::uint8_t> {
  static std::uint8_t go(std::uint8_t v) { return v; }
};
template <>
struct Cvt<std::int32_t, float> {
  static std::int32_t go(float v) { return js_to_int32(v); }
};
template <>
struct Cvt<std::int32_t, double> {
  static std::int32_t go(double v) { return js_to_int32(v); }
};

template <class T> const RowKernels<T>& row_kernels();
template <> const RowKernels<float>& row_kernels<float>() { return isa().f32; }
template <> const RowKernels<double>& row_kernels<double>() { return isa().f64; }

// A transposing copy: the innermost output dim walks the source with stride s != 1 while the
// next one is contiguous in the source. Copied in 32x32 tiles so both sides stay in cache.
template <class O, class I>
static bool copy_transposed(const Walk& w, const I* src, O* out) {
  if (w.nd < 2 || w.step(0) == 1 || w.strides[0][w.nd - 2] != 1) return false;
  const i64 R = w.shape[w.nd - 2], C = w.shape[w.nd - 1], s = w.step(0);
  if (R < 8 || C < 8) return false;
  constexpr i64 T = 32;
  const i64 outer = w.total / (R * C), rt = (R + T - 1) / T;
  parallel_for(outer * rt, std::max<i64>(1, (i64(1) << 14) / (T * C)), [&](i64 b, i64 e) {
    for (i64 task = b; task < e; task++) {
      const i64 o = task / rt, r0 = (task % rt) * T, r1 = std::min(R, r0 + T);
      i64 off = w.offsets[0], rem = o;
      for (int d = w.nd - 3; d >= 0; d--) {
        off += (rem % w.shape[d]) * w.strides[0][d];
        rem /= w.shape[d];
      }
      O* dst = out + o * R * C;
      if constexpr (std::is_same<O, I>::value && (std::is_same<O, float>::value || std::is_same<O, double>::value)) {
        const RowKernels<O>& rk = row_kernels<O>();
        rk.transpose(r1 - r0, C, src + off + r0, s, dst + r0 * C, C);
      } else {
        for (i64 c0 = 0; c0 < C; c0 += T) {
          const i64 c1 = std::min(C, c0 + T);
          for (i64 r = r0; r < r1; r++) {
            const I* sp = src + off + r;
            O* dp = dst + r * C;
            for (i64 c = c0; c < c1; c++) dp[c] = Cvt<O, I>::go(sp[c * s]);
          }
        }
      }
    }
  });
  return true;
}

template <class O, class I>
static void copy_typed(const Walk& w, const I* src, O* out) {
  if (copy_transposed(w, src, out)) return;
  const i64 s = w.step(0);
  parallel_range(w.total, [&](i64 b, i64 e) {
    w.runs(b, e, [&](i64 pos, const i64* offs, i64 n) {
      const I* x = src + offs[0];
      O* y = out + pos;
      if (std::is_same<O, I>::value && s == 1) {
        std::memcpy(y, x, size_t(n) * sizeof(O));
      } else if (s == 1) {
        for (i64 k = 0; k < n; k++) y[k] = Cvt<O, I>::go(x[k]);
      } else {
        for (i64 k = 0; k < n; k++) y[k] = Cvt<O, I>::go(x[k * s]);
      }
    });
  });
}

template <class I>
static void copy_to(const Walk& w, const I* src, const Arr& out) {
  switch (out.dt) {
    case DT_F32: copy_typed(w, src, static_cast<float*>(out.data)); break;
    case DT_F64: copy_typed(w, src, static_cast<double*>(out.data)); break;
    case DT_I32: copy_typed(w, src, static_cast<std::int32_t*>(out.data)); break;
    case DT_U8: copy_typed(w, src, static_cast<std::uint8_t*>(out.data)); break;
    default: break;
  }
}

const char* k_copy(const StridedView& src, int nd, const i64* shape, const Arr& out) {
  if (const char* e = check_view(src, nd, shape)) return e;
  const i64 total = numel(nd, shape);
  if (total > out.length) return "output array too small";
  if (total == 0) return nullptr;
  hint_out(out, total);
  const i64* st[1] = {src.strides};
  Walk w(nd, shape, 1, st, &src.offset);
  switch (src.arr.dt) {
    case DT_F32: copy_to(w, static_cast<const float*>(src.arr.data), out); break;
    case DT_F64: copy_to(w, static_cast<const double*>(src.arr.data), out); break;
    case DT_I32: copy_to(w, static_cast<const std::int32_t*>(src.arr.data), out); break;
    case DT_U8: copy_to(w, static_cast<const std::uint8_t*>(src.arr.data), out); break;
    default: return "unsupported dtype";
  }
  return nullptr;
}

// ---- unary -----------------------------------------------------------------------------------

template <class T>
static void unary_typed(int op, const Walk& w, const T* x, T* out, T p0, T p1, const RowKernels<T>& rk) {
  const i64 s = w.step(0);
  parallel_range(w.total, [&](i64 b, i64 e) {
    w.runs(b, e, [&](i64 pos, const i64* offs, i64 n) { rk.unary(op, n, x + offs[0], s, out + pos, p0, p1); });
  });
}

template <class T>
static void predicate_typed(int op, const Walk& w, const T* x, std::uint8_t* out) {
  const i64 s = w.step(0);
  parallel_range(w.total, [&](i64 b, i64 e) {
    w.runs(b, e, [&](i64 pos, const i64* offs, i64 n) {
      const T* xp = x + offs[0];
      std::uint8_t* y = out + pos;
      switch (op) {
        case U_ISNAN: for (i64 k = 0; k < n; k++) y[k] = xp[k * s] != xp[k * s]; break;
        case U_ISINF: for (i64 k = 0; k < n; k++) y[k] = std::isinf(xp[k * s]); break;
        case U_ISFINITE: for (i64 k = 0; k < n; k++) y[k] = std::isfinite(xp[k * s]); break;
        case U_LOGICAL_NOT: for (i64 k = 0; k < n; k++) y[k] = xp[k * s] == T(0); break;
        default: break;
      }
    });
  });
}

const char* k_unary(int op, const StridedView& x, int nd, const i64* shape, const Arr& out, double p0, double p1) {
  if (op < 0 || op >= U_COUNT) return "unknown unary op";
  if (const char* e = check_view(x, nd, shape)) return e;
  const i64 total = numel(nd, shape);
  if (total > out.length) return "output array too small";
  if (total == 0) return nullptr;
  hint_out(out, total);
  const i64* st[1] = {x.strides};
  Walk w(nd, shape, 1, st, &x.offset);
  const IsaTable& t = isa();
  if (unary_is_predicate(op)) {
    if (out.dt != DT_U8) return "predicate ops write a bool (Uint8Array) output";
    if (x.arr.dt == DT_F32) predicate_typed(op, w, static_cast<const float*>(x.arr.data), static_cast<std::uint8_t*>(out.data));
    else if (x.arr.dt == DT_F64) predicate_typed(op, w, static_cast<const double*>(x.arr.data), static_cast<std::uint8_t*>(out.data));
    else return "unsupported dtype";
    return nullptr;
  }
  if (x.arr.dt != out.dt) return "input and output dtypes differ";
  if (x.arr.dt == DT_F32)
    unary_typed<float>(op, w, static_cast<const float*>(x.arr.data), static_cast<float*>(out.data), float(p0), float(p1), t.f32);
  else if (x.arr.dt == DT_F64)
    unary_typed<double>(op, w, static_cast<const double*>(x.arr.data), static_cast<double*>(out.data), p0, p1, t.f64);
  else return "unsupported dtype";
  return nullptr;
}

// ---- binary ----------------------------------------------------------------------------------

template <class T>
static void binary_typed(int op, const Walk& w, const T* a, const T* b, void* out, const RowKernels<T>& rk) {
  const i64 sa = w.step(0), sb = w.step(1);
  const bool pred = binary_is_predicate(op);
  parallel_range(w.total, [&](i64 lo, i64 hi) {
    w.runs(lo, hi, [&](i64 pos, const i64* offs, i64 n) {
      if (pred) rk.compare(op, n, a + offs[0], sa, b + offs[1], sb, static_cast<std::uint8_t*>(out) + pos);
      else rk.binary(op, n, a + offs[0], sa, b + offs[1], sb, static_cast<T*>(out) + pos);
    });
  });
}

const char* k_binary(int op, const StridedView& a, const StridedView& b, int nd, const i64* shape, const Arr& out) {
  if (op < 0 || op >= B_COUNT) return "unknown binary op";
  if (const char* e = check_view(a, nd, shape)) return e;
  if (const char* e = check_view(b, nd, shape)) return e;
  if (a.arr.dt != b.arr.dt) return "operands differ in dtype";
  const i64 total = numel(nd, shape);
  if (total > out.length) return "output array too small";
  if (total == 0) return nullptr;
  if (binary_is_predicate(op) ? out.dt != DT_U8 : out.dt != a.arr.dt) return "unexpected output dtype";
  hint_out(out, total);
  const i64* st[2] = {a.strides, b.strides};
  const i64 offs[2] = {a.offset, b.offset};
  Walk w(nd, shape, 2, st, offs);
  const IsaTable& t = isa();
  if (a.arr.dt == DT_F32) binary_typed<float>(op, w, static_cast<const float*>(a.arr.data), static_cast<const float*>(b.arr.data), out.data, t.f32);
  else if (a.arr.dt == DT_F64) binary_typed<double>(op, w, static_cast<const double*>(a.arr.data), static_cast<const double*>(b.arr.data), out.data, t.f64);
  else return "unsupported dtype";
  return nullptr;
}

// ---- where -----------------------------------------------------------------------------------

// Vectorised runs with a contiguous condition (where_run.cc): mode bit 1 = a contiguous, bit 0 =
// b contiguous, else stride 0.
void where_run_f32(int mode, i64 n, const std::uint8_t* c, const float* a, const float* b, float* y);
void where_run_f64(int mode, i64 n, const std::uint8_t* c, const double* a, const double* b, double* y);
void where_run_i32(int mode, i64 n, const std::uint8_t* c, const std::int32_t* a, const std::int32_t* b, std::int32_t* y);
static inline void where_run(int m, i64 n, const std::uint8_t* c, const float* a, const float* b, float* y) { where_run_f32(m, n, c, a, b, y); }
static inline void where_run(int m, i64 n, const std::uint8_t* c, const double* a, const double* b, double* y) { where_run_f64(m, n, c, a, b, y); }
static inline void where_run(int m, i64 n, const std::uint8_t* c, const std::int32_t* a, const std::int32_t* b, std::int32_t* y) { where_run_i32(m, n, c, a, b, y); }

template <class T>
static void where_typed(const Walk& w, const std::uint8_t* c, const T* a, const T* b, T* out) {
  const i64 sc = w.step(0), sa = w.step(1), sb = w.step(2);
  const bool fast = !std::is_same<T, std::uint8_t>::value && sc == 1 && (sa == 0 || sa == 1) && (sb == 0 || sb == 1);
  const int mode = (sa == 1 ? 2 : 0) | (sb == 1 ? 1 : 0);
  parallel_range(w.total, [&](i64 lo, i64 hi) {
    w.runs(lo, hi, [&](i64 pos, const i64* offs, i64 n) {
      const std::uint8_t* cp = c + offs[0];
      const T* ap = a + offs[1];
      const T* bp = b + offs[2];
      T* y = out + pos;
      if constexpr (!std::is_same<T, std::uint8_t>::value) {
        if (fast && n > 0) return where_run(mode, n, cp, ap, bp, y);
      }
      for (i64 k = 0; k < n; k++) y[k] = cp[k * sc] ? ap[k * sa] : bp[k * sb];
    });
  });
}

const char* k_where(const StridedView& c, const StridedView& a, const StridedView& b, int nd, const i64* shape, const Arr& out) {
  if (const char* e = check_view(c, nd, shape)) return e;
  if (const char* e = check_view(a, nd, shape)) return e;
  if (const char* e = check_view(b, nd, shape)) return e;
  if (c.arr.dt != DT_U8) return "condition must be bool (Uint8Array)";
  if (a.arr.dt != b.arr.dt || a.arr.dt != out.dt) return "operands differ in dtype";
  const i64 total = numel(nd, shape);
  if (total > out.length) return "output array too small";
  if (total == 0) return nullptr;
  const i64* st[3] = {c.strides, a.strides, b.strides};
  const i64 offs[3] = {c.offset, a.offset, b.offset};
  Walk w(nd, shape, 3, st, offs);
  const std::uint8_t* cd = static_cast<const std::uint8_t*>(c.arr.data);
  switch (a.arr.dt) {
    case DT_F32: where_typed(w, cd, static_cast<const float*>(a.arr.data), static_cast<const float*>(b.arr.data), static_cast<float*>(out.data)); break;
    case DT_F64: where_typed(w, cd, static_cast<const double*>(a.arr.data), static_cast<const double*>(b.arr.data), static_cast<double*>(out.data)); break;
    case DT_I32: where_typed(w, cd, static_cast<const std::int32_t*>(a.arr.data), static_cast<const std::int32_t*>(b.arr.data), static_cast<std::int32_t*>(out.data)); break;
    case DT_U8: where_typed(w, cd, static_cast<const std::uint8_t*>(a.arr.data), static_cast<const std::uint8_t*>(b.arr.data), static_cast<std::uint8_t*>(out.data)); break;
    default: return "unsupported dtype";
  }
  return nullptr;
}

// ---- matmul ----------------------------------------------------------------------------------

const char* k_matmul(const StridedView& a, const StridedView& b, i64 batch, i64 M, i64 K, i64 N, const Arr& out) {
  const i64 ash[3] = {batch, M, K}, bsh[3] = {batch, K, N};
  if (const char* e = check_view(a, 3, ash)) return e;
  if (const char* e = check_view(b, 3, bsh)) return e;
  if (a.arr.dt != b.arr.dt || a.arr.dt != out.dt) return "operands differ in dtype";
  const i64 shp[3] = {batch, M, N};
  if (numel(3, shp) > out.length) return "output array too small";
  if (batch == 0 || M == 0 || N == 0) return nullptr;
  hint_out(out, batch * M * N);
  const IsaTable& t = isa();
  if (a.arr.dt == DT_F32) {
    const float* A = static_cast<const float*>(a.arr.data) + a.offset;
    const float* B = static_cast<const float*>(b.arr.data) + b.offset;
    t.f32.gemm(batch, M, N, K, A, a.strides[0], a.strides[1], a.strides[2], B, b.strides[0], b.strides[1], b.strides[2], static_cast<float*>(out.data));
  } else if (a.arr.dt == DT_F64) {
    const double* A = static_cast<const double*>(a.arr.data) + a.offset;
    const double* B = static_cast<const double*>(b.arr.data) + b.offset;
    t.f64.gemm(batch, M, N, K, A, a.strides[0], a.strides[1], a.strides[2], B, b.strides[0], b.strides[1], b.strides[2], static_cast<double*>(out.data));
  } else {
    return "unsupported dtype";
  }
  return nullptr;
}

}  // namespace nabla

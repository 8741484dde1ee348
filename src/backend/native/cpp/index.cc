// gather, scatter, indexSelect, indexAdd and sort. Every index is checked against its dim, so a
// bad index is an error, never an out-of-bounds access.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "iter.h"
#include "kernels.h"
#include "threadpool.h"

namespace nabla {
namespace {

// Adds as JavaScript's typed arrays do: int32 wraps modulo 2^32 (no signed overflow in C++).
template <class T> inline T js_add(T a, T b) { return a + b; }
template <> inline std::int32_t js_add(std::int32_t a, std::int32_t b) { return std::int32_t(std::uint32_t(a) + std::uint32_t(b)); }
template <> inline std::uint8_t js_add(std::uint8_t a, std::uint8_t b) { return std::uint8_t(a + b); }

template <class F>
const char* by_dtype(DType dt, F&& f) {
  switch (dt) {
    case DT_F32: f(float()); return nullptr;
    case DT_F64: f(double()); return nullptr;
    case DT_I32: f(std::int32_t()); return nullptr;
    case DT_U8: f(std::uint8_t()); return nullptr;
    default: return "unsupported dtype";
  }
}

i64 prod(int nd, const i64* s) {
  i64 n = 1;
  for (int d = 0; d < nd; d++)
    if (__builtin_mul_overflow(n, s[d], &n)) return INT64_MAX;
  return n;
}

// First index entry outside [0, size) over a strided index view, or -1.
i64 bad_index(const Walk& w, const std::int32_t* idx, i64 size) {
  i64 bad = -1;
  w.runs(0, w.total, [&](i64 pos, const i64* o, i64 n) {
    if (bad >= 0) return;
    const i64 s = w.step(0);
    for (i64 k = 0; k < n; k++) {
      const std::int32_t v = idx[o[0] + k * s];
      if (v < 0 || v >= size) { bad = pos + k; return; }
    }
  });
  return bad;
}

}  // namespace

const char* k_gather(const StridedView& x, int nd, const i64* xshape, int dim, const StridedView& index, const i64* ishape, const Arr& out) {
  if (dim < 0 || dim >= nd) return "dim out of range";
  if (index.arr.dt != DT_I32) return "index must be an Int32Array";
  if (x.arr.dt != out.dt) return "input and output dtypes differ";
  for (int d = 0; d < nd; d++)
    if (d != dim && ishape[d] > xshape[d]) return "index larger than the input outside dim";
  const i64 total = prod(nd, ishape);
  if (total > out.length) return "output array too small";
  if (const char* e = check_view(index, nd, ishape)) return e;
  if (total == 0) return nullptr;
  // x is read at index's coordinates outside dim and anywhere along dim.
  i64 reach[kMaxDims];
  for (int d = 0; d < nd; d++) reach[d] = d == dim ? xshape[d] : ishape[d];
  if (const char* e = check_view(x, nd, reach)) return e;
  const i64* ist[1] = {index.strides};
  Walk iw(nd, ishape, 1, ist, &index.offset);
  const std::int32_t* id = static_cast<const std::int32_t*>(index.arr.data);
  if (bad_index(iw, id, xshape[dim]) >= 0) return "index out of range";
  i64 xs[kMaxDims];
  for (int d = 0; d < nd; d++) xs[d] = d == dim ? 0 : x.strides[d];
  const i64* st[2] = {index.strides, xs};
  const i64 offs[2] = {index.offset, x.offset};
  Walk w(nd, ishape, 2, st, offs);
  const i64 sdim = x.strides[dim];
  return by_dtype(x.arr.dt, [&](auto tag) {
    using T = decltype(tag);
    const T* xd = static_cast<const T*>(x.arr.data);
    T* od = static_cast<T*>(out.data);
    const i64 si = w.step(0), sx = w.step(1);
    parallel_for(total, 1 << 16, [&](i64 b, i64 e) {
      w.runs(b, e, [&](i64 pos, const i64* o, i64 n) {
        for (i64 k = 0; k < n; k++) od[pos + k] = xd[o[1] + k * sx + i64(id[o[0] + k * si]) * sdim];
      });
    });
  });
}

const char* k_scatter(const Arr& out, int nd, const i64* oshape, int dim, const StridedView& index, const i64* ishape, const StridedView& src, bool add) {
  if (dim < 0 || dim >= nd) return "dim out of range";
  if (index.arr.dt != DT_I32) return "index must be an Int32Array";
  if (src.arr.dt != out.dt) return "source and output dtypes differ";
  for (int d = 0; d < nd; d++)
    if (d != dim && ishape[d] > oshape[d]) return "index larger than the output outside dim";
  if (prod(nd, oshape) > out.length) return "output array too small";
  if (const char* e = check_view(index, nd, ishape)) return e;
  if (const char* e = check_view(src, nd, ishape)) return e;
  if (prod(nd, ishape) == 0) return nullptr;
  const i64* ist[1] = {index.strides};
  Walk iw(nd, ishape, 1, ist, &index.offset);
  const std::int32_t* id = static_cast<const std::int32_t*>(index.arr.data);
  if (bad_index(iw, id, oshape[dim]) >= 0) return "index out of range";
  i64 os[kMaxDims], ostride[kMaxDims];
  {
    i64 s = 1;
    for (int d = nd - 1; d >= 0; d--) { ostride[d] = s; s *= oshape[d]; }
  }
  for (int d = 0; d < nd; d++) os[d] = d == dim ? 0 : ostride[d];
  const i64* st[3] = {index.strides, src.strides, os};
  const i64 offs[3] = {index.offset, src.offset, 0};
  Walk w(nd, ishape, 3, st, offs);
  const i64 sdim = ostride[dim];
  return by_dtype(out.dt, [&](auto tag) {
    using T = decltype(tag);
    const T* sd = static_cast<const T*>(src.arr.data);
    T* od = static_cast<T*>(out.data);
    const i64 si = w.step(0), ss = w.step(1), so = w.step(2);
    // Serial: with repeated indices the order of writes (and of adds) is the js backend's.
    w.runs(0, w.total, [&](i64, const i64* o, i64 n) {
      for (i64 k = 0; k < n; k++) {
        T& dst = od[o[2] + k * so + i64(id[o[0] + k * si]) * sdim];
        const T v = sd[o[1] + k * ss];
        dst = add ? js_add(dst, v) : v;
      }
    });
  });
}

const char* k_index_select(const StridedView& x, int nd, const i64* xshape, int dim, const Arr& index, const Arr& out) {
  if (dim < 0 || dim >= nd) return "dim out of range";
  if (index.dt != DT_I32) return "index must be an Int32Array";
  if (x.arr.dt != out.dt) return "input and output dtypes differ";
  if (const char* e = check_view(x, nd, xshape)) return e;
  const i64 L = index.length;
  const std::int32_t* id = static_cast<const std::int32_t*>(index.data);
  for (i64 j = 0; j < L; j++)
    if (id[j] < 0 || id[j] >= xshape[dim]) return "index out of range";
  const i64 outer = prod(dim, xshape), inner = prod(nd - dim - 1, xshape + dim + 1);
  const i64 total = sat_prod({outer, L, inner});
  if (total > out.length) return "output array too small";
  if (total == 0) return nullptr;
  const i64 zero = 0;
  const i64* ost[1] = {x.strides};
  Walk ow(dim, xshape, 1, ost, &zero);
  const i64* ist[1] = {x.strides + dim + 1};
  Walk iw(nd - dim - 1, xshape + dim + 1, 1, ist, &zero);
  const i64 sdim = x.strides[dim], istep = iw.step(0);
  return by_dtype(x.arr.dt, [&](auto tag) {
    using T = decltype(tag);
    const T* xd = static_cast<const T*>(x.arr.data);
    T* od = static_cast<T*>(out.data);
    // Tasks are (outer position, selected entry) pairs: each writes its own inner block.
    parallel_for(outer * L, std::max<i64>(1, (i64(1) << 15) / inner), [&](i64 b, i64 e) {
      ow.runs(b / L, (e - 1) / L + 1, [&](i64 opos, const i64* oo, i64 n) {
        const i64 ostep = ow.step(0);
        for (i64 k = 0; k < n; k++) {
          const i64 o = opos + k;
          for (i64 j = std::max(b - o * L, i64(0)); j < L && o * L + j < e; j++) {
            const T* base = xd + x.offset + oo[0] + k * ostep + i64(id[j]) * sdim;
            T* dst = od + (o * L + j) * inner;
            iw.runs(0, inner, [&](i64 ipos, const i64* io, i64 m) {
              if (istep == 1) std::memcpy(dst + ipos, base + io[0], size_t(m) * sizeof(T));
              else for (i64 q = 0; q < m; q++) dst[ipos + q] = base[io[0] + q * istep];
            });
          }
        }
      });
    });
  });
}

const char* k_index_add(const Arr& out, int nd, const i64* oshape, int dim, const Arr& index, const StridedView& src, const i64* sshape) {
  if (dim < 0 || dim >= nd) return "dim out of range";
  if (index.dt != DT_I32) return "index must be an Int32Array";
  if (src.arr.dt != out.dt) return "source and output dtypes differ";
  for (int d = 0; d < nd; d++)
    if (d == dim ? sshape[d] != index.length : sshape[d] != oshape[d]) return "source shape does not match";
  if (prod(nd, oshape) > out.length) return "output array too small";
  if (const char* e = check_view(src, nd, sshape)) return e;
  const std::int32_t* id = static_cast<const std::int32_t*>(index.data);
  const i64 L = index.length;
  for (i64 j = 0; j < L; j++)
    if (id[j] < 0 || id[j] >= oshape[dim]) return "index out of range";
  const i64 outer = prod(dim, oshape), inner = prod(nd - dim - 1, oshape + dim + 1), n = oshape[dim];
  if (sat_prod({outer, L, inner}) == 0) return nullptr;
  const i64 zero = 0;
  const i64* ost[1] = {src.strides};
  Walk ow(dim, sshape, 1, ost, &zero);
  const i64* ist[1] = {src.strides + dim + 1};
  Walk iw(nd - dim - 1, sshape + dim + 1, 1, ist, &zero);
  const i64 sdim = src.strides[dim], istep = iw.step(0);
  return by_dtype(out.dt, [&](auto tag) {
    using T = decltype(tag);
    const T* sd = static_cast<const T*>(src.arr.data);
    T* od = static_cast<T*>(out.data);
    // Parallel over outer positions only: repeated indices within one are added in order.
    parallel_for(outer, std::max<i64>(1, (i64(1) << 15) / std::max<i64>(1, L * inner)), [&](i64 b, i64 e) {
      ow.runs(b, e, [&](i64 opos, const i64* oo, i64 cnt) {
        const i64 ostep = ow.step(0);
        for (i64 k = 0; k < cnt; k++) {
          const i64 o = opos + k;
          for (i64 j = 0; j < L; j++) {
            const T* base = sd + src.offset + oo[0] + k * ostep + j * sdim;
            T* dst = od + (o * n + id[j]) * inner;
            iw.runs(0, inner, [&](i64 ipos, const i64* io, i64 m) {
              const T* sp = base + io[0];
              T* dp = dst + ipos;
              if (istep == 1) for (i64 q = 0; q < m; q++) dp[q] = js_add(dp[q], sp[q]);
              else for (i64 q = 0; q < m; q++) dp[q] = js_add(dp[q], sp[q * istep]);
            });
          }
        }
      });
    });
  });
}

const char* k_sort(const Arr& x, i64 outer, i64 n, bool descending, const Arr& values, const Arr& indices) {
  if (outer < 0 || n < 0) return "negative size";
  if (n > 2147483647) return "rows too long for int32 indices";
  const i64 total = sat_prod({outer, n});
  if (total > x.length) return "input array too small";
  if (total > values.length || total > indices.length) return "output arrays too small";
  if (values.dt != x.dt) return "values dtype differs from the input's";
  if (indices.dt != DT_I32) return "indices must be an Int32Array";
  if (total == 0) return nullptr;
  std::int32_t* ip = static_cast<std::int32_t*>(indices.data);
  return by_dtype(x.dt, [&](auto tag) {
    using T = decltype(tag);
    const T* xd = static_cast<const T*>(x.data);
    T* vd = static_cast<T*>(values.data);
    parallel_for(outer, std::max<i64>(1, 4096 / std::max<i64>(1, n)), [&](i64 b, i64 e) {
      for (i64 o = b; o < e; o++) {
        const T* row = xd + o * n;
        std::int32_t* ir = ip + o * n;
        std::iota(ir, ir + n, 0);
        // NaN is larger than every number (first when descending); ties keep their order.
        auto isnan = [](T v) { return v != v; };
        if (descending)
          std::stable_sort(ir, ir + n, [&](std::int32_t a, std::int32_t c) {
            const T va = row[a], vc = row[c];
            if (isnan(va) || isnan(vc)) return isnan(va) && !isnan(vc);
            return va > vc;
          });
        else
          std::stable_sort(ir, ir + n, [&](std::int32_t a, std::int32_t c) {
            const T va = row[a], vc = row[c];
            if (isnan(va) || isnan(vc)) return !isnan(va) && isnan(vc);
            return va < vc;
          });
        for (i64 k = 0; k < n; k++) vd[o * n + k] = row[ir[k]];
      }
    });
  });
}

}  // namespace nabla

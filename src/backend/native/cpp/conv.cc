// im2col / col2im and 2-D pooling (forward and backward), parallel over planes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "kernels.h"
#include "threadpool.h"

namespace nabla {

static const char* check_geo(const Geo& g) {
  const i64 v[] = {g.n, g.c, g.h, g.w, g.oH, g.oW};
  for (i64 x : v) if (x < 0) return "negative size";
  if (g.kH < 1 || g.kW < 1 || g.sH < 1 || g.sW < 1 || g.dH < 1 || g.dW < 1 || g.pH < 0 || g.pW < 0)
    return "invalid window";
  return nullptr;
}

static i64 plane_grain(i64 per_plane) { return std::max<i64>(1, (i64(1) << 15) / std::max<i64>(1, per_plane)); }

// ---- im2col / col2im -------------------------------------------------------------------------

// Copies n elements of a short row inline (16 bytes at a time): im2col copies rows of oW
// elements, often a few dozen, where a call to memcpy costs more than the copy
// (The empty asm keeps GCC from turning the loop back into a memcpy call.)
template <class T>
static inline void copy_row(T* __restrict d, const T* __restrict s, i64 n) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  typedef float V __attribute__((vector_size(16)));
  constexpr i64 W = 16 / sizeof(T);
  i64 i = 0;
  for (; i + W <= n; i += W) {
    V v;
    __builtin_memcpy(&v, s + i, 16);
    __asm__("" : "+x"(v));
    __builtin_memcpy(d + i, &v, 16);
  }
  if (i < n && n >= W) {  // the last vector, overlapping the previous one
    V v;
    __builtin_memcpy(&v, s + n - W, 16);
    __asm__("" : "+x"(v));
    __builtin_memcpy(d + n - W, &v, 16);
  } else {
    for (; i < n; i++) {
      d[i] = s[i];
      __asm__("" ::: "memory");
    }
  }
#else
  std::memcpy(d, s, size_t(n) * sizeof(T));
#endif
}

// One plane's kH*kW rows of im2col, each oH*oW long; row (ki, kj) starts at out + (ki*kW + kj)*rs.
template <class T>
static void im2col_plane(const T* x, const Geo& g, T* out, i64 rs) {
  for (i64 ki = 0; ki < g.kH; ki++) {
    for (i64 kj = 0; kj < g.kW; kj++) {
      T* o = out + (ki * g.kW + kj) * rs;
      // Output columns whose input column is inside the image: ix = ox*sW - pW + kj*dW in [0, w).
      const i64 off = kj * g.dW - g.pW;
      i64 ox0 = off >= 0 ? 0 : (-off + g.sW - 1) / g.sW;
      i64 ox1 = g.w - off <= 0 ? 0 : (g.w - off + g.sW - 1) / g.sW;  // first ox with ix >= w
      ox0 = std::min(ox0, g.oW);
      ox1 = std::max(ox0, std::min(ox1, g.oW));
      for (i64 oy = 0; oy < g.oH; oy++, o += g.oW) {
        const i64 iy = oy * g.sH - g.pH + ki * g.dH;
        if (iy < 0 || iy >= g.h) { std::memset(o, 0, size_t(g.oW) * sizeof(T)); continue; }
        const T* row = x + iy * g.w + off;
        for (i64 ox = 0; ox < ox0; ox++) o[ox] = T(0);
        if (g.sW == 1) copy_row(o + ox0, row + ox0, ox1 - ox0);
        else for (i64 ox = ox0; ox < ox1; ox++) o[ox] = row[ox * g.sW];
        for (i64 ox = ox1; ox < g.oW; ox++) o[ox] = T(0);
      }
    }
  }
}

template <class T>
static void col2im_plane(const T* cols, const Geo& g, T* x, i64 rs) {
  std::memset(x, 0, size_t(g.h * g.w) * sizeof(T));
  for (i64 ki = 0; ki < g.kH; ki++) {
    for (i64 kj = 0; kj < g.kW; kj++) {
      const T* c = cols + (ki * g.kW + kj) * rs;
      const i64 off = kj * g.dW - g.pW;
      i64 ox0 = off >= 0 ? 0 : (-off + g.sW - 1) / g.sW;
      i64 ox1 = g.w - off <= 0 ? 0 : (g.w - off + g.sW - 1) / g.sW;
      ox0 = std::min(ox0, g.oW);
      ox1 = std::max(ox0, std::min(ox1, g.oW));
      for (i64 oy = 0; oy < g.oH; oy++, c += g.oW) {
        const i64 iy = oy * g.sH - g.pH + ki * g.dH;
        if (iy < 0 || iy >= g.h) continue;
        T* row = x + iy * g.w + off;
        if (g.sW == 1) for (i64 ox = ox0; ox < ox1; ox++) row[ox] += c[ox];
        else for (i64 ox = ox0; ox < ox1; ox++) row[ox * g.sW] += c[ox];
      }
    }
  }
}

// AVX-512 planes for unit column stride (any padding, dilation and row stride), float32: each
// output row of oW columns is one or two 16-lane masked loads and stores instead of a scalar or
// 16-byte copy loop (the rows of LeNet-sized maps are 10 to 28 long, so loop overhead and the
// zero edges dominated). Lanes outside the image read nothing (masked loads do not touch masked-
// out addresses) and give 0; lanes past oW are not written. col2im adds each column element into
// its image element in the same (ki, kj, oy) order as the scalar plane, so results are identical.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NABLA_CONV_AVX512 1
#include <immintrin.h>

static bool conv_avx512() { return isa_is_avx512(); }

// Lane masks of column chunk q (16 output columns from 16q) for kernel column offset `off`:
// `in` lanes read the image (0 <= ox + off < w and ox < oW), `out` lanes exist (ox < oW).
static inline void chunk_masks(i64 q, i64 off, const Geo& g, std::uint16_t* in, std::uint16_t* out) {
  std::uint32_t mi = 0, mo = 0;
  for (int l = 0; l < 16; l++) {
    const i64 ox = 16 * q + l;
    if (ox >= g.oW) break;
    mo |= 1u << l;
    if (ox + off >= 0 && ox + off < g.w) mi |= 1u << l;
  }
  *in = std::uint16_t(mi);
  *out = std::uint16_t(mo);
}

__attribute__((target("avx512f"))) static void im2col_plane_avx512(const float* x, const Geo& g, float* out, i64 rs) {
  const i64 nq = (g.oW + 15) / 16;
  if (nq > 8) return im2col_plane(x, g, out, rs);
  std::uint16_t mi[8], mo[8];
  for (i64 ki = 0; ki < g.kH; ki++) {
    for (i64 kj = 0; kj < g.kW; kj++) {
      float* o = out + (ki * g.kW + kj) * rs;
      const i64 off = kj * g.dW - g.pW;
      for (i64 q = 0; q < nq; q++) chunk_masks(q, off, g, &mi[q], &mo[q]);
      // Rows in order, each stored as whole vectors while they end inside this kernel row's
      // oH x oW block: the lanes past oW land on the next rows, which overwrite them. The
      // rows near the block's end are stored under their masks.
      for (i64 oy = 0; oy < g.oH; oy++, o += g.oW) {
        const i64 iy = oy * g.sH - g.pH + ki * g.dH;
        const bool in = iy >= 0 && iy < g.h;
        const char* row = reinterpret_cast<const char*>(x) + ((in ? iy : 0) * g.w + off) * i64(sizeof(float));
        const bool last = (g.oH - oy) * g.oW < 16 * nq;
        for (i64 q = 0; q < nq; q++) {
          const __m512 v = _mm512_maskz_loadu_ps(in ? mi[q] : 0, row + 16 * q * i64(sizeof(float)));
          if (last) _mm512_mask_storeu_ps(o + 16 * q, mo[q], v);
          else _mm512_storeu_ps(o + 16 * q, v);
        }
      }
    }
  }
}

// col2im by image rows: each 16-column chunk of an image row gathers its kH x kW contributions
// (column row (ki, kj), output row iy - ki, shifted by the kernel column) in a register and is
// stored once; four image rows at a time, so that four independent sums are in flight. Unit
// strides only (sH = sW = 1): every output row then maps to one image row. Each sum runs over
// ki, then kj, from 0: the order in which the scalar plane adds into each image element, so
// results are identical.
__attribute__((target("avx512f"))) static void col2im_plane_avx512(const float* cols, const Geo& g, float* x, i64 rs) {
  constexpr int R = 4;
  const i64 nq = (g.w + 15) / 16;
  for (i64 q = 0; q < nq; q++) {
    const i64 ix0 = 16 * q;
    const std::uint16_t mx = std::uint16_t(g.w - ix0 >= 16 ? 0xFFFFu : (1u << (g.w - ix0)) - 1u);
    // lane masks of each kernel column: lane l reads output column ox0 + l, valid in [0, oW)
    std::uint16_t mk[64];
    const i64 kw = std::min<i64>(g.kW, 64);
    for (i64 kj = 0; kj < kw; kj++) {
      const i64 ox0 = ix0 + g.pW - kj * g.dW;
      std::uint32_t m = mx;
      if (ox0 < 0) m &= ~(ox0 <= -16 ? 0xFFFFu : (1u << -ox0) - 1u);
      if (ox0 + 16 > g.oW) m &= (g.oW - ox0 <= 0 ? 0u : (1u << (g.oW - ox0)) - 1u);
      mk[kj] = std::uint16_t(m);
    }
    for (i64 iy = 0; iy < g.h; iy += R) {
      const int nr = int(std::min<i64>(R, g.h - iy));
      __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
      for (i64 ki = 0; ki < g.kH; ki++) {
        // the output row of each of the R image rows (clamped; a row outside gets mask 0)
        const float* base[R];
        std::uint16_t rm[R];
        for (int r = 0; r < R; r++) {
          const i64 oy = iy + r + g.pH - ki * g.dH;  // sH = 1
          const bool ok = r < nr && oy >= 0 && oy < g.oH;
          rm[r] = ok ? 0xFFFF : 0;
          base[r] = cols + ki * g.kW * rs + (ok ? oy : 0) * g.oW;
        }
        if (!(rm[0] | rm[1] | rm[2] | rm[3])) continue;
        for (i64 kj = 0; kj < g.kW; kj++) {
          const std::uint16_t m = mk[kj];
          if (!m) continue;
          // a masked-out lane reads nothing, so the shifted address may point before the row
          const i64 sh = kj * rs + ix0 + g.pW - kj * g.dW;
          a0 = _mm512_add_ps(a0, _mm512_maskz_loadu_ps(m & rm[0], base[0] + sh));
          a1 = _mm512_add_ps(a1, _mm512_maskz_loadu_ps(m & rm[1], base[1] + sh));
          a2 = _mm512_add_ps(a2, _mm512_maskz_loadu_ps(m & rm[2], base[2] + sh));
          a3 = _mm512_add_ps(a3, _mm512_maskz_loadu_ps(m & rm[3], base[3] + sh));
        }
      }
      const __m512 acc[R] = {a0, a1, a2, a3};
      for (int r = 0; r < nr; r++) _mm512_mask_storeu_ps(x + (iy + r) * g.w + ix0, mx, acc[r]);
    }
  }
}
#endif

// The plane kernels for one dtype and window: the AVX-512 rows where they apply.
template <class T>
static void im2col_plane_best(const T* x, const Geo& g, T* out, i64 rs) {
#ifdef NABLA_CONV_AVX512
  if constexpr (std::is_same<T, float>::value) {
    if (g.sW == 1 && conv_avx512()) return im2col_plane_avx512(x, g, out, rs);
  }
#endif
  im2col_plane(x, g, out, rs);
}

template <class T>
static void col2im_plane_best(const T* cols, const Geo& g, T* x, i64 rs) {
#ifdef NABLA_CONV_AVX512
  if constexpr (std::is_same<T, float>::value) {
    if (g.sH == 1 && g.sW == 1 && g.kW <= 64 && conv_avx512()) return col2im_plane_avx512(cols, g, x, rs);
  }
#endif
  col2im_plane(cols, g, x, rs);
}

// Where plane p = (image, channel) of the columns starts, and its row stride: [N, C*kH*kW, L]
// (image-major), or [C*kH*kW, N, L] with `inner` (the batch inside each row: one GEMM covers
// every image).
static inline void plane_place(const Geo& g, i64 p, bool inner, i64* base, i64* rs) {
  const i64 L = g.oH * g.oW, kk = g.kH * g.kW;
  if (!inner) { *base = p * kk * L; *rs = L; return; }
  const i64 n = p / g.c, c = p % g.c;
  *base = (c * kk * g.n + n) * L;
  *rs = g.n * L;
}

template <class T>
static void im2col_typed(const T* x, const Geo& g, T* out, bool inner) {
  const i64 planes = g.n * g.c, hw = g.h * g.w, per = g.kH * g.kW * g.oH * g.oW;
  parallel_for(planes, plane_grain(per), [&](i64 b, i64 e) {
    for (i64 p = b; p < e; p++) {
      i64 base, rs;
      plane_place(g, p, inner, &base, &rs);
      im2col_plane_best(x + p * hw, g, out + base, rs);
    }
  });
}

template <class T>
static void col2im_typed(const T* cols, const Geo& g, T* x, bool inner) {
  const i64 planes = g.n * g.c, hw = g.h * g.w, per = g.kH * g.kW * g.oH * g.oW;
  parallel_for(planes, plane_grain(per), [&](i64 b, i64 e) {
    for (i64 p = b; p < e; p++) {
      i64 base, rs;
      plane_place(g, p, inner, &base, &rs);
      col2im_plane_best(cols + base, g, x + p * hw, rs);
    }
  });
}

static const char* check_pair(const Arr& a, i64 na, const Arr& b, i64 nb) {
  if (a.dt != b.dt) return "input and output dtypes differ";
  if (a.dt != DT_F32 && a.dt != DT_F64) return "unsupported dtype";
  if (na > a.length) return "input array too small";
  if (nb > b.length) return "output array too small";
  return nullptr;
}

const char* k_im2col(const Arr& x, const Geo& g, const Arr& out, bool inner) {
  if (const char* e = check_geo(g)) return e;
  const i64 planes = sat_prod({g.n, g.c});
  if (const char* e = check_pair(x, sat_prod({planes, g.h, g.w}), out, sat_prod({planes, g.kH, g.kW, g.oH, g.oW}))) return e;
  if (planes == 0 || sat_prod({g.oH, g.oW}) == 0) return nullptr;
  if (x.dt == DT_F32) im2col_typed(static_cast<const float*>(x.data), g, static_cast<float*>(out.data), inner);
  else im2col_typed(static_cast<const double*>(x.data), g, static_cast<double*>(out.data), inner);
  return nullptr;
}

const char* k_col2im(const Arr& cols, const Geo& g, const Arr& out, bool inner) {
  if (const char* e = check_geo(g)) return e;
  const i64 planes = sat_prod({g.n, g.c});
  if (const char* e = check_pair(cols, sat_prod({planes, g.kH, g.kW, g.oH, g.oW}), out, sat_prod({planes, g.h, g.w}))) return e;
  if (sat_prod({planes, g.h, g.w}) == 0) return nullptr;
  if (cols.dt == DT_F32) col2im_typed(static_cast<const float*>(cols.data), g, static_cast<float*>(out.data), inner);
  else col2im_typed(static_cast<const double*>(cols.data), g, static_cast<double*>(out.data), inner);
  return nullptr;
}

// ---- max pooling -----------------------------------------------------------------------------

// First valid position along one window axis and one past the last: o*s - p + k*d in [0, n).
static inline void window_range(i64 o, i64 s, i64 p, i64 d, i64 k, i64 n, i64* k0, i64* k1) {
  const i64 base = o * s - p;
  i64 a = base >= 0 ? 0 : (-base + d - 1) / d;
  i64 b = n - base <= 0 ? 0 : (n - base + d - 1) / d;
  *k0 = std::min(a, k);
  *k1 = std::max(*k0, std::min(b, k));
}

// The common 2x2 window, stride 2, no padding or dilation: every window lies inside the plane.
// A branch-free tournament (v0 vs v1, v2 vs v3, then the winners; a later value wins only when
// strictly greater, which is the first-maximum rule of the scan) that the compiler vectorises;
// a row holding a NaN is redone with the first-NaN rule.
template <class T>
static void maxpool_2x2_plane(const T* __restrict xp, const Geo& g, T* __restrict op, std::int32_t* __restrict ip) {
  const i64 oW = g.oW;
  for (i64 oy = 0; oy < g.oH; oy++) {
    const i64 r0 = 2 * oy * g.w, r1 = r0 + g.w;
    const T* __restrict a = xp + r0;
    const T* __restrict c = xp + r1;
    T* __restrict o = op + oy * oW;
    std::int32_t* __restrict ix = ip + oy * oW;
    int nan = 0;
    i64 ox = 0;
#if defined(__GNUC__) && !defined(__clang__)
    if constexpr (std::is_same<T, float>::value) {
      // four outputs at a time in 128-bit vectors (baseline SSE2 / NEON): deinterleave the even
      // and odd columns of both rows, then the same tournament lane by lane
      typedef float vf __attribute__((vector_size(16)));
      typedef std::int32_t vi __attribute__((vector_size(16)));
      const vi ev = {0, 2, 4, 6}, od = {1, 3, 5, 7};
      for (; ox + 4 <= oW; ox += 4) {
        vf a0, a1, c0, c1;
        __builtin_memcpy(&a0, a + 2 * ox, 16);
        __builtin_memcpy(&a1, a + 2 * ox + 4, 16);
        __builtin_memcpy(&c0, c + 2 * ox, 16);
        __builtin_memcpy(&c1, c + 2 * ox + 4, 16);
        const vf v0 = __builtin_shuffle(a0, a1, ev), v1 = __builtin_shuffle(a0, a1, od);
        const vf v2 = __builtin_shuffle(c0, c1, ev), v3 = __builtin_shuffle(c0, c1, od);
        const vi g01 = v1 > v0, g23 = v3 > v2;  // -1 where true
        const vf m01 = g01 ? v1 : v0, m23 = g23 ? v3 : v2;
        const vi hi = m23 > m01;
        const vf best = hi ? m23 : m01;
        const vi k01 = std::int32_t(r0 + 2 * ox) + ev - g01, k23 = std::int32_t(r1 + 2 * ox) + ev - g23;
        const vi k = hi ? k23 : k01;
        __builtin_memcpy(o + ox, &best, 16);
        __builtin_memcpy(ix + ox, &k, 16);
        const vi nn = (v0 != v0) | (v1 != v1) | (v2 != v2) | (v3 != v3);
        nan |= nn[0] | nn[1] | nn[2] | nn[3];
      }
    }
#endif
    for (; ox < oW; ox++) {
      const T v0 = a[2 * ox], v1 = a[2 * ox + 1], v2 = c[2 * ox], v3 = c[2 * ox + 1];
      const bool g01 = v1 > v0, g23 = v3 > v2;
      const T m01 = g01 ? v1 : v0, m23 = g23 ? v3 : v2;
      const bool hi = m23 > m01;
      o[ox] = hi ? m23 : m01;
      const std::int32_t k01 = std::int32_t(r0 + 2 * ox) + std::int32_t(g01);
      const std::int32_t k23 = std::int32_t(r1 + 2 * ox) + std::int32_t(g23);
      ix[ox] = hi ? k23 : k01;
      nan |= int(v0 != v0) | int(v1 != v1) | int(v2 != v2) | int(v3 != v3);
    }
    if (__builtin_expect(nan, 0)) {
      for (i64 ox = 0; ox < oW; ox++) {
        const T v[4] = {a[2 * ox], a[2 * ox + 1], c[2 * ox], c[2 * ox + 1]};
        const i64 at[4] = {r0 + 2 * ox, r0 + 2 * ox + 1, r1 + 2 * ox, r1 + 2 * ox + 1};
        for (int q = 0; q < 4; q++)
          if (v[q] != v[q]) { o[ox] = v[q]; ix[ox] = std::int32_t(at[q]); break; }
      }
    }
  }
}

// 2x2 windows, stride 2, no padding or dilation: every window lies inside the plane and no two
// windows overlap.
static bool is_pool_2x2(const Geo& g) {
  return g.kH == 2 && g.kW == 2 && g.sH == 2 && g.sW == 2 && g.pH == 0 && g.pW == 0 && g.dH == 1 && g.dW == 1 &&
         2 * g.oH <= g.h && 2 * g.oW <= g.w;
}

#ifdef NABLA_CONV_AVX512
// AVX-512 2x2 pooling, 16 windows at a time. A group of 16 windows reads (forward) or writes
// (backward) 32 floats of the windows' top row at two places `lo` and `hi` (and the same floats
// of the row below, w further on): a wide output row takes 16 consecutive windows (hi = lo + 16);
// rows of at most 8 windows go two at a time (hi = the top row of the next pair of image rows),
// so that LeNet's 5-wide rows fill 10 lanes instead of 5. Loads and stores are masked to the
// windows' columns: nothing outside them is touched.
#define NABLA_POOL_TARGET __attribute__((target("avx512f")))

struct PoolLanes {
  alignas(64) std::int32_t even[16];  // lane j's window: its left column within the 32 floats (lo, hi) ...
  alignas(64) std::int32_t odd[16];   // ... and its right column
  alignas(64) std::int32_t ilo[16];   // the inverse: where each float of lo comes from in (left, right) ...
  alignas(64) std::int32_t ihi[16];   // ... and each float of hi
  alignas(64) std::int32_t at[16];    // lane j's window top-left, relative to lo
};

// `first` windows read from lo (16: the 16 windows of one row, 8 in lo and 8 in hi); the rest
// from hi, which is hi_at after lo.
static PoolLanes pool_lanes(i64 first, i64 hi_at) {
  PoolLanes L;
  const int in_lo = int(std::min<i64>(first, 8));
  for (int j = 0; j < 16; j++) {
    const bool lo = j < first;
    const int col = lo ? 2 * j : 16 + 2 * int(j - first);
    L.even[j] = col & 31;
    L.odd[j] = (col + 1) & 31;
    L.at[j] = std::int32_t(lo ? 2 * j : hi_at + 2 * (j - first));
    // float f of lo is window f / 2's left (even f) or right (odd f) column; hi's follow lo's
    const int side = j & 1 ? 16 : 0;
    L.ilo[j] = side + j / 2;
    L.ihi[j] = side + in_lo + j / 2;
  }
  return L;
}

static PoolLanes pool_lanes_for(const Geo& g) { return g.oW <= 8 ? pool_lanes(g.oW, 2 * g.w) : pool_lanes(16, 0); }

static inline __mmask16 low_lanes(i64 n) { return n <= 0 ? 0 : n >= 16 ? 0xFFFF : __mmask16((1u << n) - 1u); }

// Calls f(lo, hi, mlo, mhi, mo, out) for each group of windows of a plane: lo and hi are plane
// offsets, mlo and mhi their float masks, mo the lanes that exist, out the first output.
template <class F>
NABLA_POOL_TARGET __attribute__((always_inline)) static inline void pool_groups(const Geo& g, F&& f) {
  const i64 w = g.w, oW = g.oW, oH = g.oH;
  if (oW <= 8) {
    const __mmask16 m = low_lanes(2 * oW);
    i64 oy = 0;
    for (; oy + 1 < oH; oy += 2) f(2 * oy * w, 2 * (oy + 1) * w, m, m, m, oy * oW);
    if (oy < oH) f(2 * oy * w, 2 * oy * w, m, __mmask16(0), low_lanes(oW), oy * oW);
    return;
  }
  const i64 full = oW / 16, rem = oW % 16;
  const __mmask16 rlo = low_lanes(2 * rem), rhi = low_lanes(2 * rem - 16), ro = low_lanes(rem);
  for (i64 oy = 0; oy < oH; oy++) {
    const i64 row = 2 * oy * w, out = oy * oW;
    for (i64 q = 0; q < full; q++) f(row + 32 * q, row + 32 * q + 16, 0xFFFF, 0xFFFF, 0xFFFF, out + 16 * q);
    if (rem) f(row + 32 * full, row + 32 * full + 16, rlo, rhi, ro, out + 16 * full);
  }
}

// The scalar plane's tournament (a later value wins only when strictly greater), then lanes
// holding a NaN take the first NaN in window order. Same values and indices as the scalar plane.
NABLA_POOL_TARGET static void maxpool_2x2_planes_avx512(const float* x, const Geo& g, float* out, std::int32_t* idx,
                                                        i64 b, i64 e) {
  const PoolLanes L = pool_lanes_for(g);
  const __m512i even = _mm512_load_si512(L.even), odd = _mm512_load_si512(L.odd), at = _mm512_load_si512(L.at);
  const i64 w = g.w, hw = g.h * g.w, n = g.oH * g.oW;
  const __m512i one = _mm512_set1_epi32(1), down = _mm512_set1_epi32(std::int32_t(w));
  for (i64 p = b; p < e; p++) {
    const float* xp = x + p * hw;
    float* op = out + p * n;
    std::int32_t* ip = idx + p * n;
    pool_groups(g, [&](i64 lo, i64 hi, __mmask16 mlo, __mmask16 mhi, __mmask16 mo, i64 o) NABLA_POOL_TARGET {
      const __m512 al = _mm512_maskz_loadu_ps(mlo, xp + lo), ah = _mm512_maskz_loadu_ps(mhi, xp + hi);
      const __m512 cl = _mm512_maskz_loadu_ps(mlo, xp + lo + w), ch = _mm512_maskz_loadu_ps(mhi, xp + hi + w);
      const __m512 v0 = _mm512_permutex2var_ps(al, even, ah), v1 = _mm512_permutex2var_ps(al, odd, ah);
      const __m512 v2 = _mm512_permutex2var_ps(cl, even, ch), v3 = _mm512_permutex2var_ps(cl, odd, ch);
      const __mmask16 g01 = _mm512_cmp_ps_mask(v1, v0, _CMP_GT_OQ), g23 = _mm512_cmp_ps_mask(v3, v2, _CMP_GT_OQ);
      const __m512 m01 = _mm512_mask_blend_ps(g01, v0, v1), m23 = _mm512_mask_blend_ps(g23, v2, v3);
      const __mmask16 bottom = _mm512_cmp_ps_mask(m23, m01, _CMP_GT_OQ);
      __m512 best = _mm512_mask_blend_ps(bottom, m01, m23);
      // the index: the window's top-left, + w when the bottom pair wins, + 1 when its right column does
      const __mmask16 right = __mmask16((bottom & g23) | (~bottom & g01));
      const __m512i k0 = _mm512_add_epi32(at, _mm512_set1_epi32(std::int32_t(lo)));
      __m512i k = _mm512_mask_add_epi32(k0, bottom, k0, down);
      k = _mm512_mask_add_epi32(k, right, k, one);
      const __mmask16 nan = (_mm512_cmp_ps_mask(v0, v1, _CMP_UNORD_Q) | _mm512_cmp_ps_mask(v2, v3, _CMP_UNORD_Q)) & mo;
      if (__builtin_expect(nan != 0, 0)) {  // later positions first, so the first NaN is the last written
        const __m512i k2 = _mm512_add_epi32(k0, down);
        const __mmask16 n3 = _mm512_cmp_ps_mask(v3, v3, _CMP_UNORD_Q), n2 = _mm512_cmp_ps_mask(v2, v2, _CMP_UNORD_Q);
        const __mmask16 n1 = _mm512_cmp_ps_mask(v1, v1, _CMP_UNORD_Q), n0 = _mm512_cmp_ps_mask(v0, v0, _CMP_UNORD_Q);
        best = _mm512_mask_mov_ps(best, n3, v3);
        k = _mm512_mask_add_epi32(k, n3, k2, one);
        best = _mm512_mask_mov_ps(best, n2, v2);
        k = _mm512_mask_mov_epi32(k, n2, k2);
        best = _mm512_mask_mov_ps(best, n1, v1);
        k = _mm512_mask_add_epi32(k, n1, k0, one);
        best = _mm512_mask_mov_ps(best, n0, v0);
        k = _mm512_mask_mov_epi32(k, n0, k0);
      }
      _mm512_mask_storeu_ps(op + o, mo, best);
      _mm512_mask_storeu_epi32(ip + o, mo, k);
    });
  }
}

// Backward of one plane by direct writes: every window's four positions get its gradient at
// the argmax and 0 elsewhere (0 + g, as the scatter computes it: -0 becomes +0). Valid only when
// each index lies in its own window (as the forward makes them); false when one does not, and
// the caller then redoes the plane with the scatter.
NABLA_POOL_TARGET static bool maxpool_back_2x2_plane_avx512(const float* gop, const std::int32_t* ip, const Geo& g,
                                                            const PoolLanes& L, float* gp) {
  const __m512i ilo = _mm512_load_si512(L.ilo), ihi = _mm512_load_si512(L.ihi), at = _mm512_load_si512(L.at);
  const i64 w = g.w;
  const __m512i one = _mm512_set1_epi32(1), down = _mm512_set1_epi32(std::int32_t(w));
  const __m512i down1 = _mm512_add_epi32(down, one);
  const __m512 zero = _mm512_setzero_ps();
  // rows and columns that no window covers stay 0
  if (2 * g.oW < w || 2 * g.oH < g.h) std::memset(gp, 0, size_t(g.h * w) * sizeof(float));
  bool ok = true;
  pool_groups(g, [&](i64 lo, i64 hi, __mmask16 mlo, __mmask16 mhi, __mmask16 mo, i64 o) NABLA_POOL_TARGET {
    if (!ok) return;
    const __m512 gz = _mm512_add_ps(zero, _mm512_maskz_loadu_ps(mo, gop + o));
    const __m512i rel = _mm512_sub_epi32(_mm512_maskz_loadu_epi32(mo, ip + o),
                                         _mm512_add_epi32(at, _mm512_set1_epi32(std::int32_t(lo))));
    const __mmask16 e0 = _mm512_cmpeq_epi32_mask(rel, _mm512_setzero_si512()), e1 = _mm512_cmpeq_epi32_mask(rel, one);
    const __mmask16 e2 = _mm512_cmpeq_epi32_mask(rel, down), e3 = _mm512_cmpeq_epi32_mask(rel, down1);
    if (__builtin_expect(((e0 | e1 | e2 | e3) & mo) != mo, 0)) { ok = false; return; }
    // each position's gradient in window order (top-left, top-right, bottom-left, bottom-right),
    // then interleaved into the rows' floats
    const __m512 z0 = _mm512_maskz_mov_ps(e0, gz), z1 = _mm512_maskz_mov_ps(e1, gz);
    const __m512 z2 = _mm512_maskz_mov_ps(e2, gz), z3 = _mm512_maskz_mov_ps(e3, gz);
    _mm512_mask_storeu_ps(gp + lo, mlo, _mm512_permutex2var_ps(z0, ilo, z1));
    _mm512_mask_storeu_ps(gp + hi, mhi, _mm512_permutex2var_ps(z0, ihi, z1));
    _mm512_mask_storeu_ps(gp + lo + w, mlo, _mm512_permutex2var_ps(z2, ilo, z3));
    _mm512_mask_storeu_ps(gp + hi + w, mhi, _mm512_permutex2var_ps(z2, ihi, z3));
  });
  return ok;
}
#undef NABLA_POOL_TARGET
#endif

template <class T>
static void maxpool_typed(const T* x, const Geo& g, T* out, std::int32_t* idx) {
  const i64 P = g.n * g.c, hw = g.h * g.w, L = g.oH * g.oW;
  if (is_pool_2x2(g)) {
    parallel_for(P, plane_grain(4 * L), [&](i64 b, i64 e) {
#ifdef NABLA_CONV_AVX512
      if constexpr (std::is_same<T, float>::value) {
        if (conv_avx512()) return maxpool_2x2_planes_avx512(x, g, out, idx, b, e);
      }
#endif
      for (i64 p = b; p < e; p++) maxpool_2x2_plane(x + p * hw, g, out + p * L, idx + p * L);
    });
    return;
  }
  parallel_for(P, plane_grain(L * g.kH * g.kW), [&](i64 b, i64 e) {
    for (i64 p = b; p < e; p++) {
      const T* xp = x + p * hw;
      T* op = out + p * L;
      std::int32_t* ip = idx + p * L;
      for (i64 oy = 0; oy < g.oH; oy++) {
        i64 ky0, ky1;
        window_range(oy, g.sH, g.pH, g.dH, g.kH, g.h, &ky0, &ky1);
        const i64 y0 = oy * g.sH - g.pH;
        for (i64 ox = 0; ox < g.oW; ox++) {
          i64 kx0, kx1;
          window_range(ox, g.sW, g.pW, g.dW, g.kW, g.w, &kx0, &kx1);
          const i64 x0 = ox * g.sW - g.pW;
          T best = T(-INFINITY);
          i64 bi = -1;
          if (ky0 < ky1 && kx0 < kx1) {
            // Branch-free scan (the first maximum wins); a NaN anywhere reruns the exact rule.
            bi = (y0 + ky0 * g.dH) * g.w + x0 + kx0 * g.dW;
            best = xp[bi];
            bool nan = best != best;
            for (i64 ky = ky0; ky < ky1; ky++) {
              const i64 row = (y0 + ky * g.dH) * g.w + x0;
              for (i64 kx = kx0; kx < kx1; kx++) {
                const i64 at = row + kx * g.dW;
                const T v = xp[at];
                const bool gt = v > best;
                best = gt ? v : best;
                bi = gt ? at : bi;
                nan |= v != v;
              }
            }
            if (nan) {  // the first NaN in window order wins
              for (i64 ky = ky0; ky < ky1 && nan; ky++)
                for (i64 kx = kx0; kx < kx1; kx++) {
                  const i64 at = (y0 + ky * g.dH) * g.w + x0 + kx * g.dW;
                  if (xp[at] != xp[at]) { best = xp[at]; bi = at; nan = false; break; }
                }
            }
          }
          op[oy * g.oW + ox] = best;
          ip[oy * g.oW + ox] = std::int32_t(bi);
        }
      }
    }
  });
}

const char* k_maxpool(const Arr& x, const Geo& g, const Arr& out, const Arr& indices) {
  if (const char* e = check_geo(g)) return e;
  const i64 P = sat_prod({g.n, g.c}), L = sat_prod({g.oH, g.oW});
  if (const char* e = check_pair(x, sat_prod({P, g.h, g.w}), out, sat_prod({P, L}))) return e;
  if (indices.dt != DT_I32 || indices.length < sat_prod({P, L})) return "indices must be an Int32Array of the output's size";
  if (g.h * g.w > 2147483647) return "plane too large";
  if (sat_prod({P, L}) == 0) return nullptr;
  std::int32_t* ip = static_cast<std::int32_t*>(indices.data);
  if (x.dt == DT_F32) maxpool_typed(static_cast<const float*>(x.data), g, static_cast<float*>(out.data), ip);
  else maxpool_typed(static_cast<const double*>(x.data), g, static_cast<double*>(out.data), ip);
  return nullptr;
}

// Scatter-add of one plane's gradient into its zeroed input plane.
template <class T>
static void maxpool_back_scatter(const T* gop, const std::int32_t* ip, i64 L, i64 hw, T* gp) {
  std::memset(gp, 0, size_t(hw) * sizeof(T));
  for (i64 i = 0; i < L; i++) {
    const std::int32_t k = ip[i];
    if (k >= 0 && k < hw) gp[k] += gop[i];  // an index outside the plane is ignored, never followed
  }
}

template <class T>
static void maxpool_back_typed(const T* go, const std::int32_t* idx, const Geo& g, T* gi) {
  const i64 P = g.n * g.c, hw = g.h * g.w, L = g.oH * g.oW;
#ifdef NABLA_CONV_AVX512
  if constexpr (std::is_same<T, float>::value) {
    if (is_pool_2x2(g) && hw <= 2147483647 && conv_avx512()) {  // int32 lane arithmetic on plane offsets
      const PoolLanes lanes = pool_lanes_for(g);
      parallel_for(P, plane_grain(L + hw), [&](i64 b, i64 e) {
        for (i64 p = b; p < e; p++)
          if (!maxpool_back_2x2_plane_avx512(go + p * L, idx + p * L, g, lanes, gi + p * hw))
            maxpool_back_scatter(go + p * L, idx + p * L, L, hw, gi + p * hw);
      });
      return;
    }
  }
#endif
  parallel_for(P, plane_grain(L + hw), [&](i64 b, i64 e) {
    for (i64 p = b; p < e; p++) maxpool_back_scatter(go + p * L, idx + p * L, L, hw, gi + p * hw);
  });
}

const char* k_maxpool_backward(const Arr& gradOut, const Arr& indices, const Geo& g, const Arr& gradIn) {
  if (const char* e = check_geo(g)) return e;
  const i64 P = sat_prod({g.n, g.c}), L = sat_prod({g.oH, g.oW});
  if (const char* e = check_pair(gradOut, sat_prod({P, L}), gradIn, sat_prod({P, g.h, g.w}))) return e;
  if (indices.dt != DT_I32 || indices.length < sat_prod({P, L})) return "indices must be an Int32Array of gradOut's size";
  if (sat_prod({P, g.h, g.w}) == 0) return nullptr;
  const std::int32_t* ip = static_cast<const std::int32_t*>(indices.data);
  if (gradOut.dt == DT_F32) maxpool_back_typed(static_cast<const float*>(gradOut.data), ip, g, static_cast<float*>(gradIn.data));
  else maxpool_back_typed(static_cast<const double*>(gradOut.data), ip, g, static_cast<double*>(gradIn.data));
  return nullptr;
}

// ---- average pooling -------------------------------------------------------------------------

// PyTorch's divisor for one window (as the js backend computes it).
static inline double pool_divisor(const Geo& g, i64 oy, i64 ox, bool cip) {
  const i64 y0 = oy * g.sH - g.pH, x0 = ox * g.sW - g.pW;
  const i64 y1 = std::min(y0 + g.kH, g.h + g.pH), x1 = std::min(x0 + g.kW, g.w + g.pW);
  if (cip) return double((y1 - y0) * (x1 - x0));
  return double((std::min(y1, g.h) - std::max<i64>(y0, 0)) * (std::min(x1, g.w) - std::max<i64>(x0, 0)));
}

template <class T>
static void avgpool_typed(const T* x, const Geo& g, bool cip, T* out) {
  const i64 P = g.n * g.c, hw = g.h * g.w, L = g.oH * g.oW;
  parallel_for(P, plane_grain(L * g.kH * g.kW), [&](i64 b, i64 e) {
    for (i64 p = b; p < e; p++) {
      const T* xp = x + p * hw;
      T* op = out + p * L;
      for (i64 oy = 0; oy < g.oH; oy++) {
        const i64 y0 = oy * g.sH - g.pH;
        const i64 ya = std::max<i64>(y0, 0), yb = std::min(y0 + g.kH, g.h);
        for (i64 ox = 0; ox < g.oW; ox++) {
          const i64 x0 = ox * g.sW - g.pW;
          const i64 xa = std::max<i64>(x0, 0), xb = std::min(x0 + g.kW, g.w);
          double s = 0;
          for (i64 iy = ya; iy < yb; iy++)
            for (i64 ix = xa; ix < xb; ix++) s += double(xp[iy * g.w + ix]);
          op[oy * g.oW + ox] = T(s / pool_divisor(g, oy, ox, cip));
        }
      }
    }
  });
}

template <class T>
static void avgpool_back_typed(const T* go, const Geo& g, bool cip, T* gi) {
  const i64 P = g.n * g.c, hw = g.h * g.w, L = g.oH * g.oW;
  parallel_for(P, plane_grain(L * g.kH * g.kW), [&](i64 b, i64 e) {
    for (i64 p = b; p < e; p++) {
      T* gp = gi + p * hw;
      std::memset(gp, 0, size_t(hw) * sizeof(T));
      const T* gop = go + p * L;
      for (i64 oy = 0; oy < g.oH; oy++) {
        const i64 y0 = oy * g.sH - g.pH;
        const i64 ya = std::max<i64>(y0, 0), yb = std::min(y0 + g.kH, g.h);
        for (i64 ox = 0; ox < g.oW; ox++) {
          const i64 x0 = ox * g.sW - g.pW;
          const i64 xa = std::max<i64>(x0, 0), xb = std::min(x0 + g.kW, g.w);
          const T v = T(double(gop[oy * g.oW + ox]) / pool_divisor(g, oy, ox, cip));
          for (i64 iy = ya; iy < yb; iy++)
            for (i64 ix = xa; ix < xb; ix++) gp[iy * g.w + ix] += v;
        }
      }
    }
  });
}

const char* k_avgpool(const Arr& x, const Geo& g, bool cip, const Arr& out) {
  if (const char* e = check_geo(g)) return e;
  const i64 P = sat_prod({g.n, g.c}), L = sat_prod({g.oH, g.oW});
  if (const char* e = check_pair(x, sat_prod({P, g.h, g.w}), out, sat_prod({P, L}))) return e;
  if (sat_prod({P, L}) == 0) return nullptr;
  if (x.dt == DT_F32) avgpool_typed(static_cast<const float*>(x.data), g, cip, static_cast<float*>(out.data));
  else avgpool_typed(static_cast<const double*>(x.data), g, cip, static_cast<double*>(out.data));
  return nullptr;
}

const char* k_avgpool_backward(const Arr& gradOut, const Geo& g, bool cip, const Arr& gradIn) {
  if (const char* e = check_geo(g)) return e;
  const i64 P = sat_prod({g.n, g.c}), L = sat_prod({g.oH, g.oW});
  if (const char* e = check_pair(gradOut, sat_prod({P, L}), gradIn, sat_prod({P, g.h, g.w}))) return e;
  if (sat_prod({P, g.h, g.w}) == 0) return nullptr;
  if (gradOut.dt == DT_F32) avgpool_back_typed(static_cast<const float*>(gradOut.data), g, cip, static_cast<float*>(gradIn.data));
  else avgpool_back_typed(static_cast<const double*>(gradOut.data), g, cip, static_cast<double*>(gradIn.data));
  return nullptr;
}

}  // namespace nabla

// im2col / col2im and 2-D pooling (forward and backward), parallel over planes.
#include <algorithm>
#include <cmath>
#include <cstring>

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

template <class T>
static void im2col_plane(const T* x, const Geo& g, T* out) {
  const i64 L = g.oH * g.oW;
  for (i64 ki = 0; ki < g.kH; ki++) {
    for (i64 kj = 0; kj < g.kW; kj++) {
      T* o = out + (ki * g.kW + kj) * L;
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
        if (g.sW == 1) std::memcpy(o + ox0, row + ox0, size_t(ox1 - ox0) * sizeof(T));
        else for (i64 ox = ox0; ox < ox1; ox++) o[ox] = row[ox * g.sW];
        for (i64 ox = ox1; ox < g.oW; ox++) o[ox] = T(0);
      }
    }
  }
}

template <class T>
static void col2im_plane(const T* cols, const Geo& g, T* x) {
  const i64 L = g.oH * g.oW;
  std::memset(x, 0, size_t(g.h * g.w) * sizeof(T));
  for (i64 ki = 0; ki < g.kH; ki++) {
    for (i64 kj = 0; kj < g.kW; kj++) {
      const T* c = cols + (ki * g.kW + kj) * L;
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

template <class T>
static void im2col_typed(const T* x, const Geo& g, T* out) {
  const i64 planes = g.n * g.c, hw = g.h * g.w, per = g.kH * g.kW * g.oH * g.oW;
  parallel_for(planes, plane_grain(per), [&](i64 b, i64 e) {
    for (i64 p = b; p < e; p++) im2col_plane(x + p * hw, g, out + p * per);
  });
}

template <class T>
static void col2im_typed(const T* cols, const Geo& g, T* x) {
  const i64 planes = g.n * g.c, hw = g.h * g.w, per = g.kH * g.kW * g.oH * g.oW;
  parallel_for(planes, plane_grain(per), [&](i64 b, i64 e) {
    for (i64 p = b; p < e; p++) col2im_plane(cols + p * per, g, x + p * hw);
  });
}

static const char* check_pair(const Arr& a, i64 na, const Arr& b, i64 nb) {
  if (a.dt != b.dt) return "input and output dtypes differ";
  if (a.dt != DT_F32 && a.dt != DT_F64) return "unsupported dtype";
  if (na > a.length) return "input array too small";
  if (nb > b.length) return "output array too small";
  return nullptr;
}

const char* k_im2col(const Arr& x, const Geo& g, const Arr& out) {
  if (const char* e = check_geo(g)) return e;
  const i64 planes = sat_prod({g.n, g.c});
  if (const char* e = check_pair(x, sat_prod({planes, g.h, g.w}), out, sat_prod({planes, g.kH, g.kW, g.oH, g.oW}))) return e;
  if (planes == 0 || sat_prod({g.oH, g.oW}) == 0) return nullptr;
  if (x.dt == DT_F32) im2col_typed(static_cast<const float*>(x.data), g, static_cast<float*>(out.data));
  else im2col_typed(static_cast<const double*>(x.data), g, static_cast<double*>(out.data));
  return nullptr;
}

const char* k_col2im(const Arr& cols, const Geo& g, const Arr& out) {
  if (const char* e = check_geo(g)) return e;
  const i64 planes = sat_prod({g.n, g.c});
  if (const char* e = check_pair(cols, sat_prod({planes, g.kH, g.kW, g.oH, g.oW}), out, sat_prod({planes, g.h, g.w}))) return e;
  if (sat_prod({planes, g.h, g.w}) == 0) return nullptr;
  if (cols.dt == DT_F32) col2im_typed(static_cast<const float*>(cols.data), g, static_cast<float*>(out.data));
  else col2im_typed(static_cast<const double*>(cols.data), g, static_cast<double*>(out.data));
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

template <class T>
static void maxpool_typed(const T* x, const Geo& g, T* out, std::int32_t* idx) {
  const i64 P = g.n * g.c, hw = g.h * g.w, L = g.oH * g.oW;
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

template <class T>
static void maxpool_back_typed(const T* go, const std::int32_t* idx, const Geo& g, T* gi) {
  const i64 P = g.n * g.c, hw = g.h * g.w, L = g.oH * g.oW;
  parallel_for(P, plane_grain(L + hw), [&](i64 b, i64 e) {
    for (i64 p = b; p < e; p++) {
      T* gp = gi + p * hw;
      std::memset(gp, 0, size_t(hw) * sizeof(T));
      const T* gop = go + p * L;
      const std::int32_t* ip = idx + p * L;
      for (i64 i = 0; i < L; i++) {
        const std::int32_t k = ip[i];
        if (k >= 0 && k < hw) gp[k] += gop[i];  // an index outside the plane is ignored, never followed
      }
    }
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

// Direct 2-D convolution for few channels (float32, AVX-512, groups = 1, stride 1):
//
//   convDirectSuits(dims)                           whether these kernels run this shape
//   convDirectForward(x, w, bias|null, out, dims)   out [N, O, oH, oW] = x ⋆ w (+ bias)
//   convDirectWeightGrad(x, gy, dw, dims)           dw [O, C, kH, kW] = Σ_n gy[n] ⋆ x[n]
//   convDirectAvailable()                           whether this machine runs them at all
//
// dims = [N, C, H, W, O, kH, kW, pH, pW, dH, dW] (a Float64Array); oH = H + 2pH - dH(kH-1),
// oW likewise. Why: in a LeNet-sized network (C·kH·kW = 25 or 150, O = 6 or 16) im2col + GEMM
// writes and re-reads a column matrix kH·kW times the input for only O multiply-adds per column
// element, so the column traffic, not the arithmetic, sets the pace. These kernels read the image
// in place, keep a tile of outputs (forward) or of weight-gradient sums (backward) in registers,
// and write the result in its final layout: no columns, no [O, N·L] permutation, the bias in the
// same pass. Two families (plan_of picks one):
//   rows      16 output columns per vector (masked loads: lanes in the padding read nothing and
//             count as 0), for few output channels on rows that fill their vectors;
//   channels  16 output channels per vector (image values broadcast from a zero-padded copy), for
//             O a multiple of 16 with 3x3 or 5x5 taps, where rows are too short for 16 lanes.
//
// An output is summed over (c, ki, kj) with FMA from 0, then + bias: the GEMM path's order, so
// the forward matches it bit for bit while C·kH·kW fits one GEMM K block (256). A weight gradient is summed over (n, oy, column chunk,
// lane) or (n, oy, ox): a different order, equal to rounding. Sizes are checked against the
// arrays before anything is read or written.
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common.h"
#include "kernels.h"
#include "napi_typed.h"
#include "threadpool.h"

namespace nabla {
namespace {

struct DirGeo {
  i64 N, C, H, W, O, kH, kW, pH, pW, dH, dW, oH, oW;
};

enum class Plan { None, Rows, Channels };

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NABLA_CONV_DIRECT 1
// GCC 12's AVX-512 headers fill unused lanes from _mm*_undefined_*(), which -Wuninitialized
// flags once the intrinsics are inlined into a target("avx512f") function: a false positive.
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

bool direct_available() { return isa_is_avx512(); }

// Lane masks per (kernel column kj, 16-column chunk q), index kj * nq + q: `in` lanes read the
// image (ox < oW and 0 <= ox + kj*dW - pW < W), `out` lanes (index q) are outputs (ox < oW).
struct Masks {
  i64 nq;
  std::vector<std::uint16_t> in, out;
  explicit Masks(const DirGeo& g) : nq((g.oW + 15) / 16), in(size_t(g.kW * nq)), out(size_t(nq)) {
    for (i64 q = 0; q < nq; q++) {
      std::uint32_t mo = 0;
      for (int l = 0; l < 16 && 16 * q + l < g.oW; l++) mo |= 1u << l;
      out[size_t(q)] = std::uint16_t(mo);
      for (i64 kj = 0; kj < g.kW; kj++) {
        std::uint32_t mi = 0;
        const i64 off = kj * g.dW - g.pW;
        for (int l = 0; l < 16 && 16 * q + l < g.oW; l++) {
          const i64 ix = 16 * q + l + off;
          if (ix >= 0 && ix < g.W) mi |= 1u << l;
        }
        in[size_t(kj * nq + q)] = std::uint16_t(mi);
      }
    }
  }
};

// The address of image column `ix0` of row `iy` of plane xc, as bytes: lanes masked out are not
// read, so the vector may start before the row (padding) without touching memory there.
inline const char* row_at(const float* xc, i64 iy, i64 W, i64 ix0) {
  return reinterpret_cast<const char*>(xc) + (iy * W + ix0) * i64(sizeof(float));
}

// Lanes `m` of the 16 floats at p, the others 0. A masked load is several times slower than a
// plain one on the AMD cores we measured, so where all 16 floats lie inside the array [lo, hi)
// they are loaded whole and masked in a register; only vectors at the array's ends take the
// masked load (which reads nothing outside the mask).
struct Span {
  std::uintptr_t lo, hi;  // the array's bytes, hi one past the end
  Span(const float* p, i64 n) : lo(reinterpret_cast<std::uintptr_t>(p)), hi(lo + std::uintptr_t(n) * sizeof(float)) {}
};
__attribute__((target("avx512f"))) inline __m512 load_lanes(const Span& a, const char* p, std::uint16_t m) {
  const std::uintptr_t u = reinterpret_cast<std::uintptr_t>(p);
  if (__builtin_expect(u >= a.lo && u + 64 <= a.hi, 1)) return _mm512_maskz_mov_ps(m, _mm512_loadu_ps(p));
  return _mm512_maskz_loadu_ps(m, p);
}

constexpr int kSlots = 4;  // output vectors (row, chunk) per forward tile

// Forward: OB output channels from o0 of image n; each tile is OB x kSlots vectors of outputs,
// one (output row, 16-column chunk) per slot, summed over every tap in registers.
template <int OB>
__attribute__((target("avx512f"))) void forward_block(const DirGeo& g, const Masks& m, const float* x, const float* w,
                                                      const float* bias, float* out, i64 n, i64 o0) {
  const i64 HW = g.H * g.W, L = g.oH * g.oW, KK = g.kH * g.kW, CKK = g.C * KK, nq = m.nq;
  const i64 slots = g.oH * nq;
  const float* xn = x + n * g.C * HW;
  const Span xs(x, g.N * g.C * HW);
  float* on = out + (n * g.O + o0) * L;
  for (i64 s0 = 0; s0 < slots; s0 += kSlots) {
    i64 oy[kSlots], q[kSlots];
    bool live[kSlots];
    for (int s = 0; s < kSlots; s++) {
      live[s] = s0 + s < slots;
      oy[s] = live[s] ? (s0 + s) / nq : 0;
      q[s] = live[s] ? (s0 + s) % nq : 0;
    }
    __m512 acc[OB][kSlots];
#pragma GCC unroll 8
    for (int o = 0; o < OB; o++)
#pragma GCC unroll 4
      for (int s = 0; s < kSlots; s++) acc[o][s] = _mm512_setzero_ps();
    for (i64 c = 0; c < g.C; c++) {
      const float* xc = xn + c * HW;
      for (i64 ki = 0; ki < g.kH; ki++) {
        const char* base[kSlots];
        const std::uint16_t* mk[kSlots];
        std::uint16_t rm[kSlots];
        bool any = false;
        for (int s = 0; s < kSlots; s++) {
          const i64 iy = oy[s] - g.pH + ki * g.dH;
          const bool ok = live[s] && iy >= 0 && iy < g.H;
          rm[s] = ok ? 0xFFFF : 0;
          any |= ok;
          base[s] = row_at(xc, ok ? iy : 0, g.W, 16 * q[s] - g.pW);
          mk[s] = m.in.data() + q[s];
        }
        if (!any) continue;
        const float* wk = w + o0 * CKK + c * KK + ki * g.kW;  // w[o0, c, ki, 0]
        for (i64 kj = 0; kj < g.kW; kj++) {
          __m512 xv[kSlots];
#pragma GCC unroll 4
          for (int s = 0; s < kSlots; s++)
            xv[s] = load_lanes(xs, base[s] + kj * g.dW * i64(sizeof(float)), std::uint16_t(rm[s] & mk[s][kj * nq]));
#pragma GCC unroll 8
          for (int o = 0; o < OB; o++) {
            const __m512 wb = _mm512_set1_ps(wk[o * CKK + kj]);
#pragma GCC unroll 4
            for (int s = 0; s < kSlots; s++) acc[o][s] = _mm512_fmadd_ps(wb, xv[s], acc[o][s]);
          }
        }
      }
    }
#pragma GCC unroll 8
    for (int o = 0; o < OB; o++) {
      const __m512 b = bias ? _mm512_set1_ps(bias[o0 + o]) : _mm512_setzero_ps();
#pragma GCC unroll 4
      for (int s = 0; s < kSlots; s++) {
        if (!live[s]) continue;
        const __m512 v = bias ? _mm512_add_ps(acc[o][s], b) : acc[o][s];
        _mm512_mask_storeu_ps(on + o * L + oy[s] * g.oW + 16 * q[s], m.out[size_t(q[s])], v);
      }
    }
  }
}

// Weight gradient: dw[o0..o0+OB, c, ki, kj0..kj0+KJ] as OB x KJ vector sums over every image,
// output row and chunk (gy's lanes past oW are loaded as 0), reduced across lanes at the end.
// The sizes are copied to locals so that the loop keeps them in registers.
template <int OB, int KJ>
__attribute__((target("avx512f"))) void wgrad_block(const DirGeo& g, const Masks& m, const float* x, const float* gy, float* dw,
                                                    i64 o0, i64 c, i64 ki, i64 kj0) {
  const i64 N = g.N, C = g.C, O = g.O, W = g.W, oW = g.oW, dW = g.dW;
  const i64 HW = g.H * W, L = g.oH * oW, KK = g.kH * g.kW, nq = m.nq;
  // output rows whose image row oy - pH + ki*dH lies inside the image
  const i64 shift = ki * g.dH - g.pH;
  const i64 oy0 = std::max<i64>(0, -shift), oy1 = std::min<i64>(g.oH, g.H - shift);
  std::uint16_t mi[KJ][8], mo[8];  // nq <= 8 (checked by the caller)
  for (i64 q = 0; q < nq; q++) {
    mo[q] = m.out[size_t(q)];
    for (int j = 0; j < KJ; j++) mi[j][q] = m.in[size_t((kj0 + j) * nq + q)];
  }
  __m512 acc[OB][KJ];
#pragma GCC unroll 8
  for (int o = 0; o < OB; o++)
#pragma GCC unroll 8
    for (int j = 0; j < KJ; j++) acc[o][j] = _mm512_setzero_ps();
  for (i64 n = 0; n < N; n++) {
    const float* xc = x + (n * C + c) * HW + kj0 * dW - g.pW;  // lane 0 of column chunk 0, kernel column kj0
    const float* gn = gy + (n * O + o0) * L;
    for (i64 oy = oy0; oy < oy1; oy++) {
      const char* xrow = reinterpret_cast<const char*>(xc + (oy + shift) * W);
      const float* grow = gn + oy * oW;
      for (i64 q = 0; q < nq; q++) {
        __m512 gv[OB];
#pragma GCC unroll 8
        for (int o = 0; o < OB; o++) gv[o] = _mm512_maskz_loadu_ps(mo[q], grow + o * L + 16 * q);
#pragma GCC unroll 8
        for (int j = 0; j < KJ; j++) {
          const __m512 xv = _mm512_maskz_loadu_ps(mi[j][q], xrow + (16 * q + j * dW) * i64(sizeof(float)));
#pragma GCC unroll 8
          for (int o = 0; o < OB; o++) acc[o][j] = _mm512_fmadd_ps(gv[o], xv, acc[o][j]);
        }
      }
    }
  }
#pragma GCC unroll 8
  for (int o = 0; o < OB; o++)
#pragma GCC unroll 8
    for (int j = 0; j < KJ; j++) dw[(o0 + o) * C * KK + c * KK + ki * g.kW + kj0 + j] = _mm512_reduce_add_ps(acc[o][j]);
}

// The channel blocks: O split into near-equal blocks of at most `most`.
struct Blocks {
  i64 count, size;
  Blocks(i64 total, i64 most) : count((total + most - 1) / most), size(count ? (total + count - 1) / count : 0) {}
  i64 start(i64 b) const { return b * size; }
  int width(i64 b, i64 total) const { return int(std::min(size, total - b * size)); }
};

constexpr int kFwdOB = 6;                 // 6 x 4 accumulators + 4 image vectors + a weight
constexpr int kGradOB = 4, kGradKJ = 5;   // 4 x 5 accumulators + 4 gradient vectors + an image vector

void rows_forward(const DirGeo& g, const float* x, const float* w, const float* bias, float* out) {
  const Masks m(g);
  const Blocks ob(g.O, kFwdOB);
  parallel_for(g.N * ob.count, 1, [&](i64 b, i64 e) {
    for (i64 t = b; t < e; t++) {
      const i64 n = t / ob.count, blk = t % ob.count, o0 = ob.start(blk);
      switch (ob.width(blk, g.O)) {
        case 1: forward_block<1>(g, m, x, w, bias, out, n, o0); break;
        case 2: forward_block<2>(g, m, x, w, bias, out, n, o0); break;
        case 3: forward_block<3>(g, m, x, w, bias, out, n, o0); break;
        case 4: forward_block<4>(g, m, x, w, bias, out, n, o0); break;
        case 5: forward_block<5>(g, m, x, w, bias, out, n, o0); break;
        default: forward_block<6>(g, m, x, w, bias, out, n, o0); break;
      }
    }
  });
}

template <int OB>
void wgrad_kj(const DirGeo& g, const Masks& m, const float* x, const float* gy, float* dw, i64 o0, i64 c, i64 ki, i64 kj0, int kj) {
  switch (kj) {
    case 1: wgrad_block<OB, 1>(g, m, x, gy, dw, o0, c, ki, kj0); break;
    case 2: wgrad_block<OB, 2>(g, m, x, gy, dw, o0, c, ki, kj0); break;
    case 3: wgrad_block<OB, 3>(g, m, x, gy, dw, o0, c, ki, kj0); break;
    case 4: wgrad_block<OB, 4>(g, m, x, gy, dw, o0, c, ki, kj0); break;
    default: wgrad_block<OB, 5>(g, m, x, gy, dw, o0, c, ki, kj0); break;
  }
}

void rows_weight_grad(const DirGeo& g, const float* x, const float* gy, float* dw) {
  const Masks m(g);
  const Blocks ob(g.O, kGradOB), jb(g.kW, kGradKJ);
  const i64 tasks = g.C * g.kH * ob.count * jb.count;
  parallel_for(tasks, 1, [&](i64 b, i64 e) {
    for (i64 t = b; t < e; t++) {
      i64 r = t;
      const i64 bj = r % jb.count; r /= jb.count;
      const i64 bo = r % ob.count; r /= ob.count;
      const i64 ki = r % g.kH, c = r / g.kH;
      const i64 o0 = ob.start(bo), kj0 = jb.start(bj);
      const int kj = jb.width(bj, g.kW);
      switch (ob.width(bo, g.O)) {
        case 1: wgrad_kj<1>(g, m, x, gy, dw, o0, c, ki, kj0, kj); break;
        case 2: wgrad_kj<2>(g, m, x, gy, dw, o0, c, ki, kj0, kj); break;
        case 3: wgrad_kj<3>(g, m, x, gy, dw, o0, c, ki, kj0, kj); break;
        default: wgrad_kj<4>(g, m, x, gy, dw, o0, c, ki, kj0, kj); break;
      }
    }
  });
}

// ---- channel kernels: 16 output channels per vector ------------------------------------------
// For O a multiple of 16 and rows too short to fill 16-lane row vectors (LeNet's second layer:
// 10 columns): a vector holds one output position's 16 channels, every lane useful. The image
// values are broadcast from memory into the multiply-adds. They work on the image zero-padded
// (when there is padding; a copy per image) so that no tap needs a bounds check.

// Image n zero-padded to [C, Hp, Wp] in `buf`, or the image itself when there is no padding.
const float* padded_image(const DirGeo& g, const float* x, i64 n, std::vector<float>& buf) {
  const i64 HW = g.H * g.W;
  const float* xn = x + n * g.C * HW;
  if (g.pH == 0 && g.pW == 0) return xn;
  const i64 Hp = g.H + 2 * g.pH, Wp = g.W + 2 * g.pW;
  buf.assign(size_t(g.C * Hp * Wp), 0.0f);
  for (i64 c = 0; c < g.C; c++)
    for (i64 y = 0; y < g.H; y++)
      std::memcpy(buf.data() + (c * Hp + y + g.pH) * Wp + g.pW, xn + c * HW + y * g.W, size_t(g.W) * sizeof(float));
  return buf.data();
}

// Forward tile: R output rows from oy x P columns from ox0, 16 channels from o0, of one image
// (xp padded [C, Hp, Wp]); wT is the weight as [C*kH*kW, O]. Writes out[o0.., oy.., ox0..] of
// the image's [O, oH, oW] block through a small transpose (t, position-major).
template <int R, int P>
__attribute__((target("avx512f"))) void chan_forward_tile(const DirGeo& g, const float* xp, const float* wT, const float* bias,
                                                          float* on, i64 o0, i64 oy, i64 ox0, int rows) {
  const i64 Hp = g.H + 2 * g.pH, Wp = g.W + 2 * g.pW, O = g.O, kH = g.kH, kW = g.kW, dH = g.dH, dW = g.dW;
  __m512 acc[R][P];
#pragma GCC unroll 4
  for (int r = 0; r < R; r++)
#pragma GCC unroll 16
    for (int p = 0; p < P; p++) acc[r][p] = _mm512_setzero_ps();
  const float* wt = wT + o0;
  for (i64 c = 0; c < g.C; c++) {
    const float* xc = xp + c * Hp * Wp + oy * Wp + ox0;
    for (i64 ki = 0; ki < kH; ki++) {
      const float* xr = xc + ki * dH * Wp;
      for (i64 kj = 0; kj < kW; kj++, wt += O) {
        const __m512 wv = _mm512_loadu_ps(wt);
        const float* xk = xr + kj * dW;
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) {
          const float* xq = xk + (r < rows ? r : 0) * Wp;
#pragma GCC unroll 16
          for (int p = 0; p < P; p++) acc[r][p] = _mm512_fmadd_ps(wv, _mm512_set1_ps(xq[p]), acc[r][p]);
        }
      }
    }
  }
  const __m512 b = bias ? _mm512_loadu_ps(bias + o0) : _mm512_setzero_ps();
  alignas(64) float t[R * P][16];
#pragma GCC unroll 4
  for (int r = 0; r < R; r++)
#pragma GCC unroll 16
    for (int p = 0; p < P; p++) _mm512_store_ps(t[r * P + p], bias ? _mm512_add_ps(acc[r][p], b) : acc[r][p]);
  const i64 L = g.oH * g.oW;
  for (int l = 0; l < 16; l++) {
    float* ol = on + (o0 + l) * L;
    for (int r = 0; r < rows; r++)
      for (int p = 0; p < P; p++) ol[(oy + r) * g.oW + ox0 + p] = t[r * P + p][l];
  }
}

// One image, channels o0..o0+16: tiles of 2 rows x up to 12 columns (24 accumulators).
template <int P>
void chan_forward_cols(const DirGeo& g, const float* xp, const float* wT, const float* bias, float* on, i64 o0, i64 ox0) {
  for (i64 oy = 0; oy < g.oH; oy += 2) {
    const int rows = int(std::min<i64>(2, g.oH - oy));
    chan_forward_tile<2, P>(g, xp, wT, bias, on, o0, oy, ox0, rows);
  }
}

void chan_forward_image(const DirGeo& g, const float* xp, const float* wT, const float* bias, float* on, i64 o0) {
  for (i64 ox0 = 0; ox0 < g.oW; ox0 += 12) {
    switch (std::min<i64>(12, g.oW - ox0)) {
      case 1: chan_forward_cols<1>(g, xp, wT, bias, on, o0, ox0); break;
      case 2: chan_forward_cols<2>(g, xp, wT, bias, on, o0, ox0); break;
      case 3: chan_forward_cols<3>(g, xp, wT, bias, on, o0, ox0); break;
      case 4: chan_forward_cols<4>(g, xp, wT, bias, on, o0, ox0); break;
      case 5: chan_forward_cols<5>(g, xp, wT, bias, on, o0, ox0); break;
      case 6: chan_forward_cols<6>(g, xp, wT, bias, on, o0, ox0); break;
      case 7: chan_forward_cols<7>(g, xp, wT, bias, on, o0, ox0); break;
      case 8: chan_forward_cols<8>(g, xp, wT, bias, on, o0, ox0); break;
      case 9: chan_forward_cols<9>(g, xp, wT, bias, on, o0, ox0); break;
      case 10: chan_forward_cols<10>(g, xp, wT, bias, on, o0, ox0); break;
      case 11: chan_forward_cols<11>(g, xp, wT, bias, on, o0, ox0); break;
      default: chan_forward_cols<12>(g, xp, wT, bias, on, o0, ox0); break;
    }
  }
}

// w [O, C*kH*kW] -> [C*kH*kW, O].
std::vector<float> transposed_weight(const DirGeo& g, const float* w) {
  const i64 K = g.C * g.kH * g.kW;
  std::vector<float> wT(size_t(K * g.O));
  for (i64 o = 0; o < g.O; o++)
    for (i64 k = 0; k < K; k++) wT[size_t(k * g.O + o)] = w[o * K + k];
  return wT;
}

void chan_forward(const DirGeo& g, const float* x, const float* w, const float* bias, float* out) {
  const std::vector<float> wT = transposed_weight(g, w);
  const i64 ob = g.O / 16, L = g.oH * g.oW;
  parallel_for(g.N, 1, [&](i64 b, i64 e) {
    std::vector<float> pad;
    for (i64 n = b; n < e; n++) {
      const float* xp = padded_image(g, x, n, pad);
      for (i64 k = 0; k < ob; k++) chan_forward_image(g, xp, wT.data(), bias, out + n * g.O * L, 16 * k);
    }
  });
}

// Weight gradient for one input channel c and 16*OV output channels from o0, a KH x KW kernel
// with unit column dilation: OV*KH*KW vector sums (over every image and output position) of gy's
// channels at the position times the image value under each tap. xp: the images, zero-padded
// ([N, C, Hp, Wp]); gyT: gy as [N, L, O].
template <int KH, int KW, int OV>
__attribute__((target("avx512f"))) void chan_wgrad_block(const DirGeo& g, const float* xp, const float* gyT, float* dw, i64 c, i64 o0) {
  const i64 Hp = g.H + 2 * g.pH, Wp = g.W + 2 * g.pW, L = g.oH * g.oW, O = g.O, dH = g.dH;
  __m512 acc[OV][KH][KW];
#pragma GCC unroll 2
  for (int v = 0; v < OV; v++)
#pragma GCC unroll 8
    for (int i = 0; i < KH; i++)
#pragma GCC unroll 8
      for (int j = 0; j < KW; j++) acc[v][i][j] = _mm512_setzero_ps();
  for (i64 n = 0; n < g.N; n++) {
    const float* xc = xp + (n * g.C + c) * Hp * Wp;
    const float* gn = gyT + n * L * O + o0;
    for (i64 oy = 0; oy < g.oH; oy++) {
      const float* xr[KH];
#pragma GCC unroll 8
      for (int i = 0; i < KH; i++) xr[i] = xc + (oy + i * dH) * Wp;
      const float* gp = gn + oy * g.oW * O;
      for (i64 ox = 0; ox < g.oW; ox++, gp += O) {
        __m512 gv[OV];
#pragma GCC unroll 2
        for (int v = 0; v < OV; v++) gv[v] = _mm512_loadu_ps(gp + 16 * v);
#pragma GCC unroll 8
        for (int i = 0; i < KH; i++)
#pragma GCC unroll 8
          for (int j = 0; j < KW; j++) {
            const __m512 xv = _mm512_set1_ps(xr[i][ox + j]);
#pragma GCC unroll 2
            for (int v = 0; v < OV; v++) acc[v][i][j] = _mm512_fmadd_ps(gv[v], xv, acc[v][i][j]);
          }
      }
    }
  }
  alignas(64) float t[16];
  const i64 KK = KH * KW;
  for (int v = 0; v < OV; v++)
    for (int i = 0; i < KH; i++)
      for (int j = 0; j < KW; j++) {
        _mm512_store_ps(t, acc[v][i][j]);
        for (int l = 0; l < 16; l++) dw[((o0 + 16 * v + l) * g.C + c) * KK + i * KW + j] = t[l];
      }
}

void chan_weight_grad(const DirGeo& g, const float* x, const float* gy, float* dw) {
  const i64 L = g.oH * g.oW, O = g.O;
  std::vector<float> gyT(size_t(g.N * L * O));  // gy [N, O, L] -> [N, L, O]
  for (i64 n = 0; n < g.N; n++)
    for (i64 o = 0; o < O; o++) {
      const float* src = gy + (n * O + o) * L;
      float* dst = gyT.data() + n * L * O + o;
      for (i64 l = 0; l < L; l++) dst[l * O] = src[l];
    }
  // every image zero-padded once (x itself when there is no padding)
  std::vector<float> padded;
  const float* xp = x;
  if (g.pH || g.pW) {
    const i64 per = g.C * (g.H + 2 * g.pH) * (g.W + 2 * g.pW);
    padded.resize(size_t(g.N * per));
    std::vector<float> one;
    for (i64 n = 0; n < g.N; n++) std::memcpy(padded.data() + n * per, padded_image(g, x, n, one), size_t(per) * sizeof(float));
    xp = padded.data();
  }
  // 3x3: 32 output channels a task (18 sums) when O allows; 5x5: 16 (25 sums)
  const int ov = g.kH == 3 && O % 32 == 0 ? 2 : 1;
  const i64 ob = O / (16 * ov);
  parallel_for(g.C * ob, 1, [&](i64 b, i64 e) {
    for (i64 t = b; t < e; t++) {
      const i64 c = t / ob, o0 = 16 * ov * (t % ob);
      if (g.kH == 5) chan_wgrad_block<5, 5, 1>(g, xp, gyT.data(), dw, c, o0);
      else if (ov == 2) chan_wgrad_block<3, 3, 2>(g, xp, gyT.data(), dw, c, o0);
      else chan_wgrad_block<3, 3, 1>(g, xp, gyT.data(), dw, c, o0);  // plan_of admits 5x5 and 3x3 only
    }
  });
}

void forward(const DirGeo& g, Plan plan, const float* x, const float* w, const float* bias, float* out) {
  if (plan == Plan::Channels) chan_forward(g, x, w, bias, out);
  else rows_forward(g, x, w, bias, out);
}

void weight_grad(const DirGeo& g, Plan plan, const float* x, const float* gy, float* dw) {
  if (plan == Plan::Channels) chan_weight_grad(g, x, gy, dw);
  else rows_weight_grad(g, x, gy, dw);
}
#else
bool direct_available() { return false; }
#endif

Plan plan_of(const DirGeo& g);

// Which kernels a shape suits (the addon's choice, so the TypeScript side has no thresholds).
// Their edge over im2col + GEMM is the column traffic they avoid, which matters when there are
// few output channels to share it. The row kernels vectorise 16 output columns, so they need
// rows that fill most of their vectors (at most 8 of them per row); the channel kernels need
// whole vectors of output channels, and 3x3 or 5x5 kernels with unit column dilation.

Plan plan_of(const DirGeo& g) {
  if (!direct_available() || g.N * g.O * g.oH * g.oW == 0) return Plan::None;
  const i64 nq = (g.oW + 15) / 16, ckk = g.C * g.kH * g.kW;
  if (nq <= 8 && g.O <= 32 && ckk <= 256 && 4 * g.oW >= 3 * 16 * nq) return Plan::Rows;
  if (g.O % 16 == 0 && g.O <= 64 && ckk <= 512 && g.dW == 1 && g.kH == g.kW && (g.kH == 3 || g.kH == 5)) return Plan::Channels;
  return Plan::None;
}

// ---- bindings --------------------------------------------------------------------------------

const char* read_geo(const TypedArg& d, DirGeo* g) {
  if (d.type != napi_float64_array || d.length < 11) return "dims must be a Float64Array [N, C, H, W, O, kH, kW, pH, pW, dH, dW]";
  const double* v = static_cast<const double*>(d.data);
  i64 f[11];
  for (int i = 0; i < 11; i++) {
    if (!(v[i] >= 0 && v[i] <= 2147483647.0 && v[i] == std::floor(v[i]))) return "dims must be non-negative integers below 2^31";
    f[i] = i64(v[i]);
  }
  *g = DirGeo{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], 0, 0};
  if (g->kH < 1 || g->kW < 1 || g->dH < 1 || g->dW < 1) return "kernel size and dilation must be >= 1";
  g->oH = g->H + 2 * g->pH - g->dH * (g->kH - 1);
  g->oW = g->W + 2 * g->pW - g->dW * (g->kW - 1);
  if (g->oH < 1 || g->oW < 1) return "the window does not fit the padded image";
  return nullptr;
}

// Elements of each operand, overflow-safe (sat_prod saturates).
const char* check_len(const TypedArg& a, i64 need, const char* what) {
  if (a.type != napi_float32_array) return what;
  return i64(a.length) < need ? what : nullptr;
}

Napi::Value Available(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), direct_available()); }

Napi::Value Suits(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  TypedArg d;
  if (info.Length() < 1 || !read_typed(env, info[0], &d)) return range_error(env, "convDirectSuits", "expected (dims) a Float64Array");
  DirGeo g;
  if (const char* e = read_geo(d, &g)) return range_error(env, "convDirectSuits", e);
  return Napi::Boolean::New(env, plan_of(g) != Plan::None);
}

Napi::Value Forward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  constexpr const char* fn = "convDirectForward";
  TypedArg x, w, bias, out, d;
  if (info.Length() < 5 || !read_typed(env, info[0], &x) || !read_typed(env, info[1], &w) ||
      !read_typed(env, info[2], &bias, true) || !read_typed(env, info[3], &out) || !read_typed(env, info[4], &d))
    return range_error(env, fn, "expected (x, w, bias | null, out, dims) typed arrays");
  DirGeo g;
  if (const char* e = read_geo(d, &g)) return range_error(env, fn, e);
  const char* e = check_len(x, sat_prod({g.N, g.C, g.H, g.W}), "x must be a Float32Array of N*C*H*W elements");
  if (!e) e = check_len(w, sat_prod({g.O, g.C, g.kH, g.kW}), "w must be a Float32Array of O*C*kH*kW elements");
  if (!e && bias.present) e = check_len(bias, g.O, "bias must be a Float32Array of O elements");
  if (!e) e = check_len(out, sat_prod({g.N, g.O, g.oH, g.oW}), "out must be a Float32Array of N*O*oH*oW elements");
  if (e) return range_error(env, fn, e);
  if (plan_of(g) == Plan::None && g.N * g.O * g.oH * g.oW > 0) return range_error(env, fn, "this shape is not one the direct kernels run (check convDirectSuits first)");
#ifdef NABLA_CONV_DIRECT
  if (g.N * g.O > 0) forward(g, plan_of(g), static_cast<const float*>(x.data), static_cast<const float*>(w.data),
                             bias.present ? static_cast<const float*>(bias.data) : nullptr, static_cast<float*>(out.data));
#endif
  return env.Undefined();
}

Napi::Value WeightGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  constexpr const char* fn = "convDirectWeightGrad";
  TypedArg x, gy, dw, d;
  if (!read_typed_args(info, {&x, &gy, &dw, &d})) return range_error(env, fn, "expected (x, gy, dw, dims) typed arrays");
  DirGeo g;
  if (const char* e = read_geo(d, &g)) return range_error(env, fn, e);
  const char* e = check_len(x, sat_prod({g.N, g.C, g.H, g.W}), "x must be a Float32Array of N*C*H*W elements");
  if (!e) e = check_len(gy, sat_prod({g.N, g.O, g.oH, g.oW}), "gy must be a Float32Array of N*O*oH*oW elements");
  if (!e) e = check_len(dw, sat_prod({g.O, g.C, g.kH, g.kW}), "dw must be a Float32Array of O*C*kH*kW elements");
  if (e) return range_error(env, fn, e);
  if (plan_of(g) == Plan::None) {
    if (g.N * g.O * g.oH * g.oW > 0) return range_error(env, fn, "this shape is not one the direct kernels run (check convDirectSuits first)");
    std::fill_n(static_cast<float*>(dw.data), size_t(g.O * g.C * g.kH * g.kW), 0.0f);  // nothing to sum
    return env.Undefined();
  }
#ifdef NABLA_CONV_DIRECT
  if (g.O * g.C > 0) weight_grad(g, plan_of(g), static_cast<const float*>(x.data), static_cast<const float*>(gy.data), static_cast<float*>(dw.data));
#endif
  return env.Undefined();
}

}  // namespace

// Called from addon.cc's Init.
void register_conv_direct(Napi::Env env, Napi::Object exports) {
  exports.Set("convDirectAvailable", Napi::Function::New(env, Available, "convDirectAvailable"));
  exports.Set("convDirectSuits", Napi::Function::New(env, Suits, "convDirectSuits"));
  exports.Set("convDirectForward", Napi::Function::New(env, Forward, "convDirectForward"));
  exports.Set("convDirectWeightGrad", Napi::Function::New(env, WeightGrad, "convDirectWeightGrad"));
}

}  // namespace nabla

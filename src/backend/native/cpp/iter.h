// Walking strided views as runs along their innermost (coalesced) dimension.
#pragma once
#include <cstdint>

#include "kernels.h"

namespace nabla {

// Up to 4 operands walked over one shape; the operand offsets are element offsets.
struct Walk {
  int nd = 0;      // after coalescing (0 = a single element)
  int nops = 0;
  i64 shape[kMaxDims];
  i64 strides[4][kMaxDims];
  i64 offsets[4];
  i64 total = 1;

  // Drops size-1 dims and merges dims that every operand walks as one (as the js backend does).
  Walk(int ndim, const i64* shp, int nop, const i64* const* strd, const i64* offs) : nops(nop) {
    for (int j = 0; j < nop; j++) offsets[j] = offs[j];
    for (int d = 0; d < ndim; d++) total *= shp[d];
    for (int d = 0; d < ndim; d++) {
      if (shp[d] == 1) continue;
      bool merge = nd > 0;
      for (int j = 0; merge && j < nop; j++) merge = strides[j][nd - 1] == strd[j][d] * shp[d];
      if (merge) {
        shape[nd - 1] *= shp[d];
        for (int j = 0; j < nop; j++) strides[j][nd - 1] = strd[j][d];
      } else {
        shape[nd] = shp[d];
        for (int j = 0; j < nop; j++) strides[j][nd] = strd[j][d];
        nd++;
      }
    }
  }

  i64 inner() const { return nd == 0 ? 1 : shape[nd - 1]; }
  i64 step(int j) const { return nd == 0 ? 0 : strides[j][nd - 1]; }

  // Calls f(pos, offs, n) for the runs covering flat positions [begin, end): pos is the flat
  // (row-major) index of the run's first element, offs[j] each operand's element offset of it.
  template <class F>
  void runs(i64 begin, i64 end, F&& f) const {
    if (begin >= end) return;
    if (nd == 0) {
      f(i64(0), offsets, i64(1));
      return;
    }
    i64 idx[kMaxDims];
    i64 rem = begin;
    for (int d = nd - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem /= shape[d];
    }
    const i64 n = shape[nd - 1];
    i64 offs[4];
    i64 pos = begin;
    while (pos < end) {
      for (int j = 0; j < nops; j++) {
        i64 o = offsets[j];
        for (int d = 0; d < nd; d++) o += idx[d] * strides[j][d];
        offs[j] = o;
      }
      i64 len = n - idx[nd - 1];
      if (len > end - pos) len = end - pos;
      f(pos, static_cast<const i64*>(offs), len);
      pos += len;
      idx[nd - 1] = 0;
      for (int d = nd - 2; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
  }
};

}  // namespace nabla

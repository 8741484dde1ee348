// The backend's kernels over typed arrays, as addon.cc calls them. Every function checks that
// the element ranges it will touch lie inside the arrays and returns an error message (or
// nullptr on success) instead of reading out of bounds.
#pragma once
#include <cstdint>
#include <initializer_list>

#include "common.h"

namespace nabla {

enum DType : int { DT_F32 = 0, DT_F64 = 1, DT_I32 = 2, DT_U8 = 3, DT_OTHER = 4 };

struct Arr {
  void* data = nullptr;
  i64 length = 0;  // elements
  DType dt = DT_OTHER;
};

constexpr int kMaxDims = 16;

// Product of sizes, saturating at INT64_MAX (which then fails every array-length check).
inline i64 sat_prod(std::initializer_list<i64> xs) {
  i64 r = 1;
  for (i64 x : xs) {
    if (x < 0) return INT64_MAX;
    if (__builtin_mul_overflow(r, x, &r)) return INT64_MAX;
  }
  return r;
}

// A strided view: element (i0, i1, ...) at data[offset + sum(i_d * strides[d])].
struct StridedView {
  Arr arr;
  i64 offset = 0;
  i64 strides[kMaxDims] = {};
};

// Asks the OS to back a large, freshly allocated output with huge pages (Linux THP in madvise
// mode), so writing it costs a few page faults rather than one per 4 KiB. A hint only.
void hint_huge_pages(void* data, i64 bytes);

// Checks that a view over `shape` stays inside its array; nullptr when it does.
const char* check_view(const StridedView& v, int nd, const i64* shape);

const char* k_copy(const StridedView& src, int nd, const i64* shape, const Arr& out);
const char* k_unary(int op, const StridedView& x, int nd, const i64* shape, const Arr& out, double p0, double p1);
const char* k_binary(int op, const StridedView& a, const StridedView& b, int nd, const i64* shape, const Arr& out);
const char* k_where(const StridedView& c, const StridedView& a, const StridedView& b, int nd, const i64* shape, const Arr& out);
const char* k_reduce(int op, const StridedView& x, int nd, const i64* shape, const bool* reduced, const Arr& out);
const char* k_scan(int op, const Arr& x, i64 outer, i64 n, i64 inner, const Arr& out);
const char* k_matmul(const StridedView& a, const StridedView& b, i64 batch, i64 M, i64 K, i64 N, const Arr& out);
const char* k_softmax(const Arr& x, i64 outer, i64 n, i64 inner, const Arr& out, bool log);
const char* k_logsumexp(const Arr& x, i64 outer, i64 n, i64 inner, const Arr& out);

// gather / scatter / indexSelect / indexAdd (any dtype; index int32, every entry checked) and a
// stable row sort (NaN sorts as the largest value).
const char* k_gather(const StridedView& x, int nd, const i64* xshape, int dim, const StridedView& index, const i64* ishape, const Arr& out);
const char* k_scatter(const Arr& out, int nd, const i64* oshape, int dim, const StridedView& index, const i64* ishape, const StridedView& src, bool add);
const char* k_index_select(const StridedView& x, int nd, const i64* xshape, int dim, const Arr& index, const Arr& out);
const char* k_index_add(const Arr& out, int nd, const i64* oshape, int dim, const Arr& index, const StridedView& src, const i64* sshape);
const char* k_sort(const Arr& x, i64 outer, i64 n, bool descending, const Arr& values, const Arr& indices);

struct Geo {  // planes (n*c) of h x w, and the window
  i64 n, c, h, w, kH, kW, sH, sW, pH, pW, dH, dW, oH, oW;
};
// inner: columns laid out [C*kH*kW, N, oH*oW] instead of [N, C*kH*kW, oH*oW].
const char* k_im2col(const Arr& x, const Geo& g, const Arr& out, bool inner = false);
const char* k_col2im(const Arr& cols, const Geo& g, const Arr& out, bool inner = false);
const char* k_maxpool(const Arr& x, const Geo& g, const Arr& out, const Arr& indices);
const char* k_maxpool_backward(const Arr& gradOut, const Arr& indices, const Geo& g, const Arr& gradIn);
const char* k_avgpool(const Arr& x, const Geo& g, bool countIncludePad, const Arr& out);
const char* k_avgpool_backward(const Arr& gradOut, const Geo& g, bool countIncludePad, const Arr& gradIn);

}  // namespace nabla

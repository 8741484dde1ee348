// N-API bindings. Zero-copy: kernels read and write the typed arrays' own memory. Views are
// described by a Float64Array "meta" the TypeScript side fills (see src/backend/native/backend.ts
// for the layouts). Every call is synchronous; errors become JavaScript RangeError/TypeError.
#include <napi.h>

#include <cmath>
#include <cstdlib>
#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#endif

#include "common.h"
#include "kernels.h"
#include "threadpool.h"

namespace nabla {
void register_optim(Napi::Env env, Napi::Object exports);  // optim.cc
void register_attention(Napi::Env env, Napi::Object exports);  // attention.cc
void register_norm(Napi::Env env, Napi::Object exports);  // norm.cc
void register_act(Napi::Env env, Napi::Object exports);   // act.cc
void register_kmeans(Napi::Env env, Napi::Object exports);  // kmeans.cc
void register_gram(Napi::Env env, Napi::Object exports);  // gram.cc
void register_rnn(Napi::Env env, Napi::Object exports);  // rnn.cc
void register_gbm(Napi::Env env, Napi::Object exports);    // gbm.cc
void register_svm(Napi::Env env, Napi::Object exports);    // svm.cc
void register_cd(Napi::Env env, Napi::Object exports);     // cd.cc
void register_knn(Napi::Env env, Napi::Object exports);    // knn.cc
void register_relu_back(Napi::Env env, Napi::Object exports);  // relu_back.cc
void register_conv_direct(Napi::Env env, Napi::Object exports);  // conv_direct.cc
namespace {

bool get_arr(napi_env env, napi_value v, Arr* out) {
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return false;
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok) return false;
  out->data = data;
  out->length = i64(length);
  switch (type) {
    case napi_float32_array: out->dt = DT_F32; break;
    case napi_float64_array: out->dt = DT_F64; break;
    case napi_int32_array: out->dt = DT_I32; break;
    case napi_uint8_array: out->dt = DT_U8; break;
    default: out->dt = DT_OTHER; break;
  }
  return true;
}

// Reads meta[pos...] as integers, checking that each is an integer inside the double's exact range.
struct Meta {
  const double* d = nullptr;
  i64 n = 0, pos = 0;
  bool ok = true;
  i64 next() {
    if (pos >= n) { ok = false; return 0; }
    double v = d[pos++];
    if (!(v == std::floor(v)) || std::fabs(v) > 9007199254740992.0) { ok = false; return 0; }
    return i64(v);
  }
};

bool get_meta(napi_env env, napi_value v, Meta* m) {
  Arr a;
  if (!get_arr(env, v, &a) || a.dt != DT_F64) return false;
  m->d = static_cast<const double*>(a.data);
  m->n = a.length;
  return true;
}

void throw_type(const Napi::Env& env, const char* msg) { Napi::TypeError::New(env, msg).ThrowAsJavaScriptException(); }
void throw_range(const Napi::Env& env, const char* fn, const char* msg) {
  Napi::RangeError::New(env, std::string("nabla native ") + fn + ": " + msg).ThrowAsJavaScriptException();
}

struct Args {
  const Napi::CallbackInfo& info;
  const char* fn;
  bool ok = true;
  Args(const Napi::CallbackInfo& i, const char* f) : info(i), fn(f) {}
  Arr arr(size_t k) {
    Arr a;
    if (ok && (k >= info.Length() || !get_arr(info.Env(), info[k], &a))) {
      throw_type(info.Env(), (std::string(fn) + ": argument " + std::to_string(k) + " must be a typed array").c_str());
      ok = false;
    }
    return a;
  }
  Meta meta(size_t k) {
    Meta m;
    if (ok && (k >= info.Length() || !get_meta(info.Env(), info[k], &m))) {
      throw_type(info.Env(), (std::string(fn) + ": argument " + std::to_string(k) + " must be a Float64Array").c_str());
      ok = false;
    }
    return m;
  }
  double num(size_t k) {
    if (!ok) return 0;
    if (k >= info.Length() || !info[k].IsNumber()) {
      throw_type(info.Env(), (std::string(fn) + ": argument " + std::to_string(k) + " must be a number").c_str());
      ok = false;
      return 0;
    }
    return info[k].As<Napi::Number>().DoubleValue();
  }
  i64 integer(size_t k) {
    double v = num(k);
    if (ok && (v != std::floor(v) || std::fabs(v) > 9007199254740992.0)) {
      throw_range(info.Env(), fn, "expected an integer");
      ok = false;
    }
    return i64(v);
  }
  bool boolean(size_t k) {
    if (!ok) return false;
    if (k >= info.Length() || !info[k].IsBoolean()) {
      throw_type(info.Env(), (std::string(fn) + ": argument " + std::to_string(k) + " must be a boolean").c_str());
      ok = false;
      return false;
    }
    return info[k].As<Napi::Boolean>().Value();
  }
  bool check_meta(const Meta& m) {
    if (ok && !m.ok) {
      throw_range(info.Env(), fn, "malformed view description");
      ok = false;
    }
    return ok;
  }
  void finish(const char* err) {
    if (ok && err) throw_range(info.Env(), fn, err);
  }
};

// meta: [nd, shape..., then per view: offset, strides...]
bool read_shape(Meta& m, int* nd, i64* shape) {
  i64 n = m.next();
  if (!m.ok || n < 0 || n > kMaxDims) { m.ok = false; return false; }
  *nd = int(n);
  for (int d = 0; d < *nd; d++) {
    shape[d] = m.next();
    if (shape[d] < 0) m.ok = false;
  }
  return m.ok;
}
void read_view(Meta& m, int nd, StridedView* v) {
  v->offset = m.next();
  for (int d = 0; d < nd; d++) v->strides[d] = m.next();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("simd", Napi::String::New(info.Env(), isa().name));
  o.Set("threads", Napi::Number::New(info.Env(), pool_threads()));
  // The op codes' names, in code order: the TypeScript side checks them against its tables.
  static const char* const unary[] = {
      "neg", "abs", "sign", "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "reciprocal", "square",
      "sin", "cos", "tan", "tanh", "sigmoid", "relu", "erf", "gelu", "geluTanh", "silu",
      "floor", "ceil", "round", "trunc", "isnan", "isinf", "isfinite", "logicalNot",
      "softplus", "leakyRelu", "elu", "clamp", "powScalar", "rpowScalar", "addScalar", "mulScalar"};
  static const char* const binary[] = {
      "add", "sub", "mul", "div", "pow", "maximum", "minimum", "atan2", "remainder", "floorDivide",
      "eq", "ne", "lt", "le", "gt", "ge", "logicalAnd", "logicalOr", "logicalXor"};
  static const char* const reduce[] = {"sum", "prod", "max", "min", "argmax", "argmin", "any", "all"};
  static_assert(sizeof(unary) / sizeof(unary[0]) == U_COUNT, "unary op table");
  static_assert(sizeof(binary) / sizeof(binary[0]) == B_COUNT, "binary op table");
  static_assert(sizeof(reduce) / sizeof(reduce[0]) == R_COUNT, "reduce op table");
  auto list = [&](const char* const* names, int n) {
    Napi::Array arr = Napi::Array::New(info.Env(), size_t(n));
    for (int i = 0; i < n; i++) arr.Set(uint32_t(i), Napi::String::New(info.Env(), names[i]));
    return arr;
  };
  o.Set("unaryOps", list(unary, U_COUNT));
  o.Set("binaryOps", list(binary, B_COUNT));
  o.Set("reduceOps", list(reduce, R_COUNT));
  return o;
}

// copy(src, out, meta)
Napi::Value Copy(const Napi::CallbackInfo& info) {
  Args a(info, "copy");
  StridedView v;
  v.arr = a.arr(0);
  Arr out = a.arr(1);
  Meta m = a.meta(2);
  int nd = 0;
  i64 shape[kMaxDims];
  if (a.ok) { read_shape(m, &nd, shape); read_view(m, nd, &v); }
  if (a.check_meta(m)) a.finish(k_copy(v, nd, shape, out));
  return info.Env().Undefined();
}

// unary(op, x, out, meta, p0, p1)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  Args a(info, "unary");
  int op = int(a.integer(0));
  StridedView v;
  v.arr = a.arr(1);
  Arr out = a.arr(2);
  Meta m = a.meta(3);
  double p0 = a.num(4), p1 = a.num(5);
  int nd = 0;
  i64 shape[kMaxDims];
  if (a.ok) { read_shape(m, &nd, shape); read_view(m, nd, &v); }
  if (a.check_meta(m)) a.finish(k_unary(op, v, nd, shape, out, p0, p1));
  return info.Env().Undefined();
}

// binary(op, a, b, out, meta)
Napi::Value Binary(const Napi::CallbackInfo& info) {
  Args a(info, "binary");
  int op = int(a.integer(0));
  StridedView x, y;
  x.arr = a.arr(1);
  y.arr = a.arr(2);
  Arr out = a.arr(3);
  Meta m = a.meta(4);
  int nd = 0;
  i64 shape[kMaxDims];
  if (a.ok) { read_shape(m, &nd, shape); read_view(m, nd, &x); read_view(m, nd, &y); }
  if (a.check_meta(m)) a.finish(k_binary(op, x, y, nd, shape, out));
  return info.Env().Undefined();
}

// where(cond, a, b, out, meta)
Napi::Value Where(const Napi::CallbackInfo& info) {
  Args a(info, "where");
  StridedView c, x, y;
  c.arr = a.arr(0);
  x.arr = a.arr(1);
  y.arr = a.arr(2);
  Arr out = a.arr(3);
  Meta m = a.meta(4);
  int nd = 0;
  i64 shape[kMaxDims];
  if (a.ok) { read_shape(m, &nd, shape); read_view(m, nd, &c); read_view(m, nd, &x); read_view(m, nd, &y); }
  if (a.check_meta(m)) a.finish(k_where(c, x, y, nd, shape, out));
  return info.Env().Undefined();
}

// reduce(op, x, out, meta): meta = [nd, shape..., offset, strides..., reduced flags (nd)...]
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Args a(info, "reduce");
  int op = int(a.integer(0));
  StridedView v;
  v.arr = a.arr(1);
  Arr out = a.arr(2);
  Meta m = a.meta(3);
  int nd = 0;
  i64 shape[kMaxDims];
  bool red[kMaxDims] = {};
  if (a.ok) {
    read_shape(m, &nd, shape);
    read_view(m, nd, &v);
    for (int d = 0; d < nd; d++) red[d] = m.next() != 0;
  }
  if (a.check_meta(m)) a.finish(k_reduce(op, v, nd, shape, red, out));
  return info.Env().Undefined();
}

// scan(op, x, out, outer, n, inner)
Napi::Value Scan(const Napi::CallbackInfo& info) {
  Args a(info, "scan");
  int op = int(a.integer(0));
  Arr x = a.arr(1), out = a.arr(2);
  i64 outer = a.integer(3), n = a.integer(4), inner = a.integer(5);
  if (a.ok) a.finish(k_scan(op, x, outer, n, inner, out));
  return info.Env().Undefined();
}

// matmul(a, b, out, meta): meta = [batch, M, K, N, aoff, sab, rsa, csa, boff, sbb, rsb, csb]
Napi::Value Matmul(const Napi::CallbackInfo& info) {
  Args a(info, "matmul");
  StridedView x, y;
  x.arr = a.arr(0);
  y.arr = a.arr(1);
  Arr out = a.arr(2);
  Meta m = a.meta(3);
  i64 batch = 0, M = 0, K = 0, N = 0;
  if (a.ok) {
    batch = m.next(); M = m.next(); K = m.next(); N = m.next();
    read_view(m, 3, &x);
    read_view(m, 3, &y);
    if (batch < 0 || M < 0 || K < 0 || N < 0) m.ok = false;
  }
  if (a.check_meta(m)) a.finish(k_matmul(x, y, batch, M, K, N, out));
  return info.Env().Undefined();
}

// softmax(x, out, outer, n, inner, log)
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Args a(info, "softmax");
  Arr x = a.arr(0), out = a.arr(1);
  i64 outer = a.integer(2), n = a.integer(3), inner = a.integer(4);
  bool log = a.boolean(5);
  if (a.ok) a.finish(k_softmax(x, outer, n, inner, out, log));
  return info.Env().Undefined();
}

// logsumexp(x, out, outer, n, inner)
Napi::Value Logsumexp(const Napi::CallbackInfo& info) {
  Args a(info, "logsumexp");
  Arr x = a.arr(0), out = a.arr(1);
  i64 outer = a.integer(2), n = a.integer(3), inner = a.integer(4);
  if (a.ok) a.finish(k_logsumexp(x, outer, n, inner, out));
  return info.Env().Undefined();
}

// Reads [nd, dim] (nd >= 1) at the start of an indexing meta.
bool read_nd_dim(Meta& m, int* nd, int* dim) {
  i64 n = m.next(), d = m.next();
  if (!m.ok || n < 1 || n > kMaxDims || d < 0 || d >= n) { m.ok = false; return false; }
  *nd = int(n);
  *dim = int(d);
  return true;
}
void read_dims(Meta& m, int nd, i64* shape) {
  for (int d = 0; d < nd; d++) {
    shape[d] = m.next();
    if (shape[d] < 0) m.ok = false;
  }
}

// gather(x, index, out, meta): meta = [nd, dim, xshape..., xoff, xstrides..., ishape..., ioff, istrides...]
Napi::Value Gather(const Napi::CallbackInfo& info) {
  Args a(info, "gather");
  StridedView x, idx;
  x.arr = a.arr(0);
  idx.arr = a.arr(1);
  Arr out = a.arr(2);
  Meta m = a.meta(3);
  int nd = 0, dim = 0;
  i64 xs[kMaxDims], is[kMaxDims];
  if (a.ok && read_nd_dim(m, &nd, &dim)) { read_dims(m, nd, xs); read_view(m, nd, &x); read_dims(m, nd, is); read_view(m, nd, &idx); }
  if (a.check_meta(m)) a.finish(k_gather(x, nd, xs, dim, idx, is, out));
  return info.Env().Undefined();
}

// scatter(out, index, src, meta, add): meta = [nd, dim, oshape..., ishape..., ioff, istrides..., soff, sstrides...]
Napi::Value Scatter(const Napi::CallbackInfo& info) {
  Args a(info, "scatter");
  Arr out = a.arr(0);
  StridedView idx, src;
  idx.arr = a.arr(1);
  src.arr = a.arr(2);
  Meta m = a.meta(3);
  bool add = a.boolean(4);
  int nd = 0, dim = 0;
  i64 os[kMaxDims], is[kMaxDims];
  if (a.ok && read_nd_dim(m, &nd, &dim)) { read_dims(m, nd, os); read_dims(m, nd, is); read_view(m, nd, &idx); read_view(m, nd, &src); }
  if (a.check_meta(m)) a.finish(k_scatter(out, nd, os, dim, idx, is, src, add));
  return info.Env().Undefined();
}

// indexSelect(x, index, out, meta): meta = [nd, dim, xshape..., xoff, xstrides...]
Napi::Value IndexSelect(const Napi::CallbackInfo& info) {
  Args a(info, "indexSelect");
  StridedView x;
  x.arr = a.arr(0);
  Arr idx = a.arr(1), out = a.arr(2);
  Meta m = a.meta(3);
  int nd = 0, dim = 0;
  i64 xs[kMaxDims];
  if (a.ok && read_nd_dim(m, &nd, &dim)) { read_dims(m, nd, xs); read_view(m, nd, &x); }
  if (a.check_meta(m)) a.finish(k_index_select(x, nd, xs, dim, idx, out));
  return info.Env().Undefined();
}

// indexAdd(out, index, src, meta): meta = [nd, dim, oshape..., sshape..., soff, sstrides...]
Napi::Value IndexAdd(const Napi::CallbackInfo& info) {
  Args a(info, "indexAdd");
  Arr out = a.arr(0), idx = a.arr(1);
  StridedView src;
  src.arr = a.arr(2);
  Meta m = a.meta(3);
  int nd = 0, dim = 0;
  i64 os[kMaxDims], ss[kMaxDims];
  if (a.ok && read_nd_dim(m, &nd, &dim)) { read_dims(m, nd, os); read_dims(m, nd, ss); read_view(m, nd, &src); }
  if (a.check_meta(m)) a.finish(k_index_add(out, nd, os, dim, idx, src, ss));
  return info.Env().Undefined();
}

// sort(x, values, indices, outer, n, descending)
Napi::Value Sort(const Napi::CallbackInfo& info) {
  Args a(info, "sort");
  Arr x = a.arr(0), values = a.arr(1), indices = a.arr(2);
  i64 outer = a.integer(3), n = a.integer(4);
  bool desc = a.boolean(5);
  if (a.ok) a.finish(k_sort(x, outer, n, desc, values, indices));
  return info.Env().Undefined();
}

// geo: [n, c, h, w, kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW]
bool read_geo(Meta& m, Geo* g) {
  i64* f[] = {&g->n, &g->c, &g->h, &g->w, &g->kH, &g->kW, &g->sH, &g->sW, &g->pH, &g->pW, &g->dH, &g->dW, &g->oH, &g->oW};
  for (i64* p : f) *p = m.next();
  return m.ok;
}

// im2col(x, out, geo[, inner]) / col2im(cols, out, geo[, inner])
Napi::Value Im2col(const Napi::CallbackInfo& info) {
  Args a(info, "im2col");
  Arr x = a.arr(0), out = a.arr(1);
  Meta m = a.meta(2);
  Geo g{};
  if (a.ok) read_geo(m, &g);
  const bool inner = info.Length() > 3 && a.boolean(3);  // optional: the [C*kH*kW, N, L] layout
  if (a.check_meta(m)) a.finish(k_im2col(x, g, out, inner));
  return info.Env().Undefined();
}
Napi::Value Col2im(const Napi::CallbackInfo& info) {
  Args a(info, "col2im");
  Arr x = a.arr(0), out = a.arr(1);
  Meta m = a.meta(2);
  Geo g{};
  if (a.ok) read_geo(m, &g);
  const bool inner = info.Length() > 3 && a.boolean(3);  // optional: the [C*kH*kW, N, L] layout
  if (a.check_meta(m)) a.finish(k_col2im(x, g, out, inner));
  return info.Env().Undefined();
}
// maxPool2d(x, out, indices, geo)
Napi::Value MaxPool(const Napi::CallbackInfo& info) {
  Args a(info, "maxPool2d");
  Arr x = a.arr(0), out = a.arr(1), idx = a.arr(2);
  Meta m = a.meta(3);
  Geo g{};
  if (a.ok) read_geo(m, &g);
  if (a.check_meta(m)) a.finish(k_maxpool(x, g, out, idx));
  return info.Env().Undefined();
}
// maxPool2dBackward(gradOut, indices, gradIn, geo)
Napi::Value MaxPoolBack(const Napi::CallbackInfo& info) {
  Args a(info, "maxPool2dBackward");
  Arr go = a.arr(0), idx = a.arr(1), gi = a.arr(2);
  Meta m = a.meta(3);
  Geo g{};
  if (a.ok) read_geo(m, &g);
  if (a.check_meta(m)) a.finish(k_maxpool_backward(go, idx, g, gi));
  return info.Env().Undefined();
}
// avgPool2d(x, out, geo, countIncludePad)
Napi::Value AvgPool(const Napi::CallbackInfo& info) {
  Args a(info, "avgPool2d");
  Arr x = a.arr(0), out = a.arr(1);
  Meta m = a.meta(2);
  bool cip = a.boolean(3);
  Geo g{};
  if (a.ok) read_geo(m, &g);
  if (a.check_meta(m)) a.finish(k_avgpool(x, g, cip, out));
  return info.Env().Undefined();
}
// avgPool2dBackward(gradOut, gradIn, geo, countIncludePad)
Napi::Value AvgPoolBack(const Napi::CallbackInfo& info) {
  Args a(info, "avgPool2dBackward");
  Arr go = a.arr(0), gi = a.arr(1);
  Meta m = a.meta(2);
  bool cip = a.boolean(3);
  Geo g{};
  if (a.ok) read_geo(m, &g);
  if (a.check_meta(m)) a.finish(k_avgpool_backward(go, g, cip, gi));
  return info.Env().Undefined();
}

// Tensors are large typed arrays allocated and freed at a high rate. glibc serves blocks over
// its mmap threshold with fresh mmaps (then every 4 KiB page faults on first write, and munmap on
// free); keeping blocks up to 32 MiB in the heap lets them be reused instead, much as PyTorch's
// caching allocator does. NABLA_MALLOC_TUNE=0 leaves malloc alone.
void tune_malloc() {
#if defined(__linux__) && defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
  const char* v = std::getenv("NABLA_MALLOC_TUNE");
  if (v && v[0] == '0') return;
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  tune_malloc();
  (void)pool_threads();  // start the workers now: NABLA_THREADS is read at load
  (void)isa();
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("copy", Napi::Function::New(env, Copy, "copy"));
  exports.Set("unary", Napi::Function::New(env, Unary, "unary"));
  exports.Set("binary", Napi::Function::New(env, Binary, "binary"));
  exports.Set("where", Napi::Function::New(env, Where, "where"));
  exports.Set("reduce", Napi::Function::New(env, Reduce, "reduce"));
  exports.Set("scan", Napi::Function::New(env, Scan, "scan"));
  exports.Set("matmul", Napi::Function::New(env, Matmul, "matmul"));
  exports.Set("softmax", Napi::Function::New(env, Softmax, "softmax"));
  exports.Set("logsumexp", Napi::Function::New(env, Logsumexp, "logsumexp"));
  exports.Set("gather", Napi::Function::New(env, Gather, "gather"));
  exports.Set("scatter", Napi::Function::New(env, Scatter, "scatter"));
  exports.Set("indexSelect", Napi::Function::New(env, IndexSelect, "indexSelect"));
  exports.Set("indexAdd", Napi::Function::New(env, IndexAdd, "indexAdd"));
  exports.Set("sort", Napi::Function::New(env, Sort, "sort"));
  exports.Set("im2col", Napi::Function::New(env, Im2col, "im2col"));
  exports.Set("col2im", Napi::Function::New(env, Col2im, "col2im"));
  exports.Set("maxPool2d", Napi::Function::New(env, MaxPool, "maxPool2d"));
  exports.Set("maxPool2dBackward", Napi::Function::New(env, MaxPoolBack, "maxPool2dBackward"));
  exports.Set("avgPool2d", Napi::Function::New(env, AvgPool, "avgPool2d"));
  exports.Set("avgPool2dBackward", Napi::Function::New(env, AvgPoolBack, "avgPool2dBackward"));
  register_conv_direct(env, exports);
  register_optim(env, exports);
  register_attention(env, exports);
  register_norm(env, exports);
  register_act(env, exports);
  register_kmeans(env, exports);
  register_gram(env, exports);
  register_rnn(env, exports);
  register_gbm(env, exports);
  register_svm(env, exports);
  register_cd(env, exports);
  register_knn(env, exports);
  register_relu_back(env, exports);
  return exports;
}

}  // namespace
}  // namespace nabla

static Napi::Object InitNabla(Napi::Env env, Napi::Object exports) { return nabla::Init(env, exports); }

NODE_API_MODULE(nabla_native, InitNabla)

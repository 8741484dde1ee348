// Fused layer normalisation over the last n elements of contiguous rows:
//
//   layerNormForward(x, weight|null, bias|null, out, mean, rstd, rows, n, eps)
//     out = (x - mean) * rstd * weight + bias; mean and rstd [rows] are saved for the backward
//   layerNormBackward(g, x, mean, rstd, weight|null, dx, dweight|null, dbias|null, rows, n)
//     dx = rstd * (gw - mean(gw) - xhat * mean(gw * xhat)) with gw = g * weight, written;
//     dweight += sum over rows of g * xhat, dbias += sum over rows of g
//
// Statistics are accumulated in double (float32 data too). Every array is checked against
// rows * n (or n, or rows) before anything is read or written.
#include <napi.h>

#include <cmath>
#include <string>
#include <vector>

#include "common.h"
#include "napi_typed.h"

namespace nabla {
namespace {

using Typed = TypedArg;

bool typed(napi_env env, napi_value v, Typed* t) { return read_typed(env, v, t, true); }

// Compiled for AVX-512, AVX2 and the baseline, chosen at load (GCC's function multiversioning).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define NABLA_CLONES __attribute__((target_clones("avx512f", "avx2,fma", "default")))
#else
#define NABLA_CLONES
#endif

template <class T>
inline __attribute__((always_inline)) void forward(i64 rows, i64 n, const T* x, const T* w, const T* b, T* out, T* mean, T* rstd, double eps) {
  for (i64 r = 0; r < rows; r++) {
    const T* xr = x + r * n;
    T* o = out + r * n;
    double s = 0;
#pragma omp simd reduction(+ : s)
    for (i64 i = 0; i < n; i++) s += xr[i];
    const double mu = s / double(n);
    double v = 0;
#pragma omp simd reduction(+ : v)
    for (i64 i = 0; i < n; i++) { double d = double(xr[i]) - mu; v += d * d; }
    const double rs = 1.0 / std::sqrt(v / double(n) + eps);
    mean[r] = T(mu);
    rstd[r] = T(rs);
    const T m = T(mu), q = T(rs);
    if (w && b) for (i64 i = 0; i < n; i++) o[i] = (xr[i] - m) * q * w[i] + b[i];
    else if (w) for (i64 i = 0; i < n; i++) o[i] = (xr[i] - m) * q * w[i];
    else if (b) for (i64 i = 0; i < n; i++) o[i] = (xr[i] - m) * q + b[i];
    else for (i64 i = 0; i < n; i++) o[i] = (xr[i] - m) * q;
  }
}

template <class T>
inline __attribute__((always_inline)) void backward(i64 rows, i64 n, const T* g, const T* x, const T* mean, const T* rstd, const T* w, T* dx, T* dw, T* db) {
  std::vector<T> xh(static_cast<size_t>(n)), gw(static_cast<size_t>(n));
  for (i64 r = 0; r < rows; r++) {
    const T* gr = g + r * n;
    const T* xr = x + r * n;
    const T m = mean[r], q = rstd[r];
    double s1 = 0, s2 = 0;
#pragma omp simd reduction(+ : s1, s2)
    for (i64 i = 0; i < n; i++) {
      const T h = (xr[i] - m) * q;
      const T a = w ? gr[i] * w[i] : gr[i];
      xh[size_t(i)] = h;
      gw[size_t(i)] = a;
      s1 += a;
      s2 += double(a) * double(h);
    }
    const T c1 = T(s1 / double(n)), c2 = T(s2 / double(n));
    T* d = dx + r * n;
    for (i64 i = 0; i < n; i++) d[i] = q * (gw[size_t(i)] - c1 - xh[size_t(i)] * c2);
    if (dw) for (i64 i = 0; i < n; i++) dw[i] += gr[i] * xh[size_t(i)];
    if (db) for (i64 i = 0; i < n; i++) db[i] += gr[i];
  }
}

NABLA_CLONES void forward_f32(i64 rows, i64 n, const float* x, const float* w, const float* b, float* out, float* mean, float* rstd, double eps) {
  forward<float>(rows, n, x, w, b, out, mean, rstd, eps);
}
NABLA_CLONES void forward_f64(i64 rows, i64 n, const double* x, const double* w, const double* b, double* out, double* mean, double* rstd, double eps) {
  forward<double>(rows, n, x, w, b, out, mean, rstd, eps);
}
NABLA_CLONES void backward_f32(i64 rows, i64 n, const float* g, const float* x, const float* mean, const float* rstd, const float* w, float* dx, float* dw, float* db) {
  backward<float>(rows, n, g, x, mean, rstd, w, dx, dw, db);
}
NABLA_CLONES void backward_f64(i64 rows, i64 n, const double* g, const double* x, const double* mean, const double* rstd, const double* w, double* dx, double* dw, double* db) {
  backward<double>(rows, n, g, x, mean, rstd, w, dx, dw, db);
}

Napi::Value Fail(Napi::Env env, const char* fn, const std::string& msg) {
  Napi::RangeError::New(env, std::string("nabla native ") + fn + ": " + msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

bool integer(const Napi::Value& v, i64* out) {
  if (!v.IsNumber()) return false;
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d == std::floor(d)) || d < 0 || d > 9007199254740992.0) return false;
  *out = i64(d);
  return true;
}

// Checks arrays: `need` elements each (0 = skip absent optional ones), same float type as the first.
bool check(Napi::Env env, const char* fn, const Napi::CallbackInfo& info, size_t count, const i64* need, const bool* optional, Typed* t) {
  for (size_t i = 0; i < count; i++) {
    if (!typed(env, info[i], &t[i])) { Fail(env, fn, "argument " + std::to_string(i) + " must be a typed array or null"); return false; }
    if (!t[i].present) {
      if (!optional[i]) { Fail(env, fn, "argument " + std::to_string(i) + " is required"); return false; }
      continue;
    }
    if (t[i].type != t[0].type) { Fail(env, fn, "all arrays must share the first one's type"); return false; }
    if (i64(t[i].length) < need[i]) { Fail(env, fn, "argument " + std::to_string(i) + " has " + std::to_string(t[i].length) + " elements, expected at least " + std::to_string(need[i])); return false; }
  }
  if (t[0].type != napi_float32_array && t[0].type != napi_float64_array) { Fail(env, fn, "expected Float32Array or Float64Array data"); return false; }
  return true;
}

Napi::Value LayerNormForward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* fn = "layerNormForward";
  i64 rows = 0, n = 0;
  if (info.Length() < 9 || !integer(info[6], &rows) || !integer(info[7], &n) || !info[8].IsNumber()) return Fail(env, fn, "expected (x, weight, bias, out, mean, rstd, rows, n, eps)");
  i64 total = 0;
  if (__builtin_mul_overflow(rows, n, &total)) return Fail(env, fn, "sizes too large");
  const double eps = info[8].As<Napi::Number>().DoubleValue();
  Typed t[6];
  const i64 need[6] = {total, n, n, total, rows, rows};
  const bool opt[6] = {false, true, true, false, false, false};
  if (!check(env, fn, info, 6, need, opt, t)) return env.Undefined();
  if (n == 0) return env.Undefined();
  if (t[0].type == napi_float32_array) {
    forward_f32(rows, n, static_cast<const float*>(t[0].data), static_cast<const float*>(t[1].data), static_cast<const float*>(t[2].data),
                   static_cast<float*>(t[3].data), static_cast<float*>(t[4].data), static_cast<float*>(t[5].data), eps);
  } else {
    forward_f64(rows, n, static_cast<const double*>(t[0].data), static_cast<const double*>(t[1].data), static_cast<const double*>(t[2].data),
                    static_cast<double*>(t[3].data), static_cast<double*>(t[4].data), static_cast<double*>(t[5].data), eps);
  }
  return env.Undefined();
}

Napi::Value LayerNormBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* fn = "layerNormBackward";
  i64 rows = 0, n = 0;
  if (info.Length() < 10 || !integer(info[8], &rows) || !integer(info[9], &n)) return Fail(env, fn, "expected (g, x, mean, rstd, weight, dx, dweight, dbias, rows, n)");
  i64 total = 0;
  if (__builtin_mul_overflow(rows, n, &total)) return Fail(env, fn, "sizes too large");
  Typed t[8];
  const i64 need[8] = {total, total, rows, rows, n, total, n, n};
  const bool opt[8] = {false, false, false, false, true, false, true, true};
  if (!check(env, fn, info, 8, need, opt, t)) return env.Undefined();
  if (n == 0) return env.Undefined();
  if (t[0].type == napi_float32_array) {
    backward_f32(rows, n, static_cast<const float*>(t[0].data), static_cast<const float*>(t[1].data), static_cast<const float*>(t[2].data),
                    static_cast<const float*>(t[3].data), static_cast<const float*>(t[4].data), static_cast<float*>(t[5].data),
                    static_cast<float*>(t[6].data), static_cast<float*>(t[7].data));
  } else {
    backward_f64(rows, n, static_cast<const double*>(t[0].data), static_cast<const double*>(t[1].data), static_cast<const double*>(t[2].data),
                     static_cast<const double*>(t[3].data), static_cast<const double*>(t[4].data), static_cast<double*>(t[5].data),
                     static_cast<double*>(t[6].data), static_cast<double*>(t[7].data));
  }
  return env.Undefined();
}

}  // namespace

// Called from addon.cc's Init.
void register_norm(Napi::Env env, Napi::Object exports) {
  exports.Set("layerNormForward", Napi::Function::New(env, LayerNormForward, "layerNormForward"));
  exports.Set("layerNormBackward", Napi::Function::New(env, LayerNormBackward, "layerNormBackward"));
}

}  // namespace nabla

// Fused activation backward kernels over contiguous arrays of n elements:
//
//   geluBackward(g, x, dx, n, approximate)
//     dx = g * gelu'(x) in one pass; approximate 0: exact, gelu'(x) = Φ(x) + x φ(x);
//     approximate 1: PyTorch's tanh form, gelu'(x) = ½(1 + t) + ½ x (1 - t²) √(2/π)(1 + 3·0.044715 x²),
//     t = tanh(√(2/π)(x + 0.044715 x³)).
//
//   colSum(x, out, rows, cols)
//     out[c] = Σ_r x[r, c] over a contiguous [rows, cols] array (Linear's bias gradient), in double.
//
// float32 uses the backend's vectorisable erf/exp/tanh (isa_math.h, compiled here for AVX-512,
// AVX2 and the baseline by GCC's target_clones); float64 the C library. The three arrays must be
// of one float type and hold at least n elements (checked before anything is read or written).
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "common.h"
#include "napi_typed.h"
#include "threadpool.h"

namespace nabla {
namespace {

#ifndef NABLA_LEVEL
#define NABLA_LEVEL 0  // only the portable scalar functions of isa_math.h
#endif
#include "isa_math.h"

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define NABLA_ACT_CLONES __attribute__((target_clones("avx512f", "avx2,fma", "default")))
#else
#define NABLA_ACT_CLONES
#endif

constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;
constexpr double kSqrt2OverPi = 0.79788456080286535588;
constexpr double kTanhC = 0.044715;

template <class T>
inline __attribute__((always_inline)) void gelu_back(i64 n, const T* g, const T* x, T* dx, bool tanhForm) {
  if (tanhForm) {
#pragma omp simd
    for (i64 i = 0; i < n; i++) {
      const T v = x[i], v2 = v * v;
      const T t = m_tanh(T(kSqrt2OverPi) * (v + T(kTanhC) * v2 * v));
      const T d = T(0.5) * (T(1) + t) + T(0.5) * v * (T(1) - t * t) * (T(kSqrt2OverPi) * (T(1) + T(3 * kTanhC) * v2));
      dx[i] = g[i] * d;
    }
  } else {
#pragma omp simd
    for (i64 i = 0; i < n; i++) {
      const T v = x[i];
      const T cdf = T(0.5) * (T(1) + m_erf(v * T(kInvSqrt2)));
      const T pdf = m_exp(T(-0.5) * v * v) * T(kInvSqrt2Pi);
      dx[i] = g[i] * (cdf + v * pdf);
    }
  }
}

// out[c] = sum over r < rows of x[r * cols + c], accumulated in double, in column blocks whose
// accumulators stay in L1 (one pass over x, rows read in order).
template <class T>
inline __attribute__((always_inline)) void col_sum(i64 rows, i64 cols, const T* x, T* out) {
  constexpr i64 kBlock = 512;
  double acc[kBlock];
  for (i64 c0 = 0; c0 < cols; c0 += kBlock) {
    const i64 w = cols - c0 < kBlock ? cols - c0 : kBlock;
    for (i64 j = 0; j < w; j++) acc[j] = 0;
    for (i64 r = 0; r < rows; r++) {
      const T* xr = x + r * cols + c0;
#pragma omp simd
      for (i64 j = 0; j < w; j++) acc[j] += double(xr[j]);
    }
    for (i64 j = 0; j < w; j++) out[c0 + j] = T(acc[j]);
  }
}

NABLA_ACT_CLONES void col_sum_f32(i64 rows, i64 cols, const float* x, float* out) { col_sum(rows, cols, x, out); }
NABLA_ACT_CLONES void col_sum_f64(i64 rows, i64 cols, const double* x, double* out) { col_sum(rows, cols, x, out); }

NABLA_ACT_CLONES void gelu_back_f32(i64 n, const float* g, const float* x, float* dx, bool t) { gelu_back(n, g, x, dx, t); }
NABLA_ACT_CLONES void gelu_back_f64(i64 n, const double* g, const double* x, double* dx, bool t) { gelu_back(n, g, x, dx, t); }

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

using Arr = TypedArg;

bool typed(napi_env env, napi_value v, Arr* a) { return read_typed(env, v, a); }

Napi::Value GeluBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* fn = "geluBackward";
  i64 n = 0, approx = 0;
  if (info.Length() < 5 || !integer(info[3], &n) || !integer(info[4], &approx) || n < 0 || (approx != 0 && approx != 1)) {
    return Fail(env, fn, "expected (g, x, dx, n >= 0, approximate 0|1)");
  }
  Arr a[3];
  for (int i = 0; i < 3; i++) {
    if (!typed(env, info[i], &a[i])) return Fail(env, fn, "argument " + std::to_string(i) + " must be a typed array");
    if (a[i].type != a[0].type) return Fail(env, fn, "g, x and dx must share one type");
    if (i64(a[i].length) < n) return Fail(env, fn, "argument " + std::to_string(i) + " has " + std::to_string(a[i].length) + " elements, expected at least " + std::to_string(n));
  }
  if (a[0].type != napi_float32_array && a[0].type != napi_float64_array) return Fail(env, fn, "expected Float32Array or Float64Array data");
  const bool t = approx == 1;
  if (a[0].type == napi_float32_array) {
    const float *g = static_cast<const float*>(a[0].data), *x = static_cast<const float*>(a[1].data);
    float* dx = static_cast<float*>(a[2].data);
    parallel_for(n, 1 << 15, [&](i64 b, i64 e) { gelu_back_f32(e - b, g + b, x + b, dx + b, t); }, 16);
  } else {
    const double *g = static_cast<const double*>(a[0].data), *x = static_cast<const double*>(a[1].data);
    double* dx = static_cast<double*>(a[2].data);
    parallel_for(n, 1 << 14, [&](i64 b, i64 e) { gelu_back_f64(e - b, g + b, x + b, dx + b, t); }, 8);
  }
  return env.Undefined();
}

Napi::Value ColSum(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* fn = "colSum";
  i64 rows = 0, cols = 0, total = 0;
  if (info.Length() < 4 || !integer(info[2], &rows) || !integer(info[3], &cols)) return Fail(env, fn, "expected (x, out, rows, cols)");
  if (__builtin_mul_overflow(rows, cols, &total)) return Fail(env, fn, "sizes too large");
  Arr a[2];
  const i64 need[2] = {total, cols};
  for (int i = 0; i < 2; i++) {
    if (!typed(env, info[i], &a[i])) return Fail(env, fn, "argument " + std::to_string(i) + " must be a typed array");
    if (a[i].type != a[0].type) return Fail(env, fn, "x and out must share one type");
    if (i64(a[i].length) < need[i]) return Fail(env, fn, "argument " + std::to_string(i) + " has " + std::to_string(a[i].length) + " elements, expected at least " + std::to_string(need[i]));
  }
  if (a[0].type == napi_float32_array) col_sum_f32(rows, cols, static_cast<const float*>(a[0].data), static_cast<float*>(a[1].data));
  else if (a[0].type == napi_float64_array) col_sum_f64(rows, cols, static_cast<const double*>(a[0].data), static_cast<double*>(a[1].data));
  else return Fail(env, fn, "expected Float32Array or Float64Array data");
  return env.Undefined();
}

}  // namespace

// Called from addon.cc's Init.
void register_act(Napi::Env env, Napi::Object exports) {
  exports.Set("geluBackward", Napi::Function::New(env, GeluBackward, "geluBackward"));
  exports.Set("colSum", Napi::Function::New(env, ColSum, "colSum"));
}

}  // namespace nabla

// ReLU's first-order backward as one pass (PyTorch's threshold_backward):
//
//   reluBackward(g, x, dx, n)     dx[i] = x[i] <= 0 ? 0 : g[i]
//
// so a NaN input passes its gradient through and an x <= 0 gives +0 whatever g holds (Inf, NaN),
// as torch's relu backward does. float32/float64, compiled for AVX-512, AVX2 and the baseline
// (target_clones). The three arrays must be of one float type with at least n elements (checked
// before anything is read or written).
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "common.h"
#include "napi_typed.h"
#include "threadpool.h"

namespace nabla {
namespace {

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define NABLA_RELU_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NABLA_RELU_CLONES
#endif

template <class T>
inline __attribute__((always_inline)) void relu_back(i64 n, const T* __restrict g, const T* __restrict x, T* __restrict dx) {
  for (i64 i = 0; i < n; i++) dx[i] = x[i] <= T(0) ? T(0) : g[i];
}

NABLA_RELU_CLONES void relu_back_f32(i64 n, const float* g, const float* x, float* dx) { relu_back(n, g, x, dx); }
NABLA_RELU_CLONES void relu_back_f64(i64 n, const double* g, const double* x, double* dx) { relu_back(n, g, x, dx); }

Napi::Value Fail(Napi::Env env, const std::string& msg) {
  Napi::RangeError::New(env, "nabla native reluBackward: " + msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

using Arr = TypedArg;

bool typed(napi_env env, napi_value v, Arr* a) { return read_typed(env, v, a); }

Napi::Value ReluBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[3].IsNumber()) return Fail(env, "expected (g, x, dx, n >= 0)");
  const double nd = info[3].As<Napi::Number>().DoubleValue();
  if (!(nd == std::floor(nd)) || nd < 0 || nd > 9007199254740992.0) return Fail(env, "expected (g, x, dx, n >= 0)");
  const i64 n = i64(nd);
  Arr a[3];
  for (int i = 0; i < 3; i++) {
    if (!typed(env, info[i], &a[i])) return Fail(env, "argument " + std::to_string(i) + " must be a typed array");
    if (a[i].type != a[0].type) return Fail(env, "g, x and dx must share one type");
    if (i64(a[i].length) < n) return Fail(env, "argument " + std::to_string(i) + " has " + std::to_string(a[i].length) + " elements, expected at least " + std::to_string(n));
  }
  if (a[0].type == napi_float32_array) {
    const float *g = static_cast<const float*>(a[0].data), *x = static_cast<const float*>(a[1].data);
    float* dx = static_cast<float*>(a[2].data);
    parallel_for(n, 1 << 16, [&](i64 b, i64 e) { relu_back_f32(e - b, g + b, x + b, dx + b); }, 16);
  } else if (a[0].type == napi_float64_array) {
    const double *g = static_cast<const double*>(a[0].data), *x = static_cast<const double*>(a[1].data);
    double* dx = static_cast<double*>(a[2].data);
    parallel_for(n, 1 << 15, [&](i64 b, i64 e) { relu_back_f64(e - b, g + b, x + b, dx + b); }, 16);
  } else {
    return Fail(env, "expected Float32Array or Float64Array data");
  }
  return env.Undefined();
}

}  // namespace

// Called from addon.cc's Init.
void register_relu_back(Napi::Env env, Napi::Object exports) {
  exports.Set("reluBackward", Napi::Function::New(env, ReluBackward, "reluBackward"));
}

}  // namespace nabla

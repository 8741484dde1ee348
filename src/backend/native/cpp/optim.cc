// Fused optimizer updates: optimizerStep(kind, param, grad, state[], hp). The same op-by-op math
// as src/backend/js/optim.ts (which documents the layouts of state and hp per kind): float32 is
// computed in float, each op rounded as a float32 tensor op rounds it, so both backends and the
// tensor-op fallback in src/optim/ give the same bits. No FMA contraction here: a fused a*b+c
// would round once where the tensor ops round twice.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <napi.h>

#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>

#include "common.h"
#include "napi_typed.h"
#include "threadpool.h"

namespace nabla {
namespace {

enum OptimKind : int { O_SGD, O_ADAGRAD, O_RMSPROP, O_ADAM, O_ADAMAX, O_ADADELTA, O_NADAM, O_COUNT };
const int kHp[O_COUNT] = {7, 4, 7, 9, 6, 5, 7};
const int kState[O_COUNT] = {1, 1, 3, 3, 2, 2, 2};

template <class T>
struct Step {
  i64 n;
  T* p;
  const T* g;
  T* s[3];
  const double* h;
};

template <class T>
inline T nan_max(T a, T b) {  // torch.maximum / amax: NaN wins; written branch-free so loops vectorize
  T t = !(a <= b) ? a : b;  // a when a > b or a is NaN
  return b != b ? b : t;
}

// Runs f(std::true_type / std::false_type ...) for the runtime flags, so each loop is compiled
// without branches (and vectorizes) for the combination in use.
template <class F>
inline void flags(F&& f) { f(); }
template <class F, class... B>
inline void flags(F&& f, bool b, B... rest) {
  if (b) flags([&](auto... c) { f(std::true_type{}, c...); }, rest...);
  else flags([&](auto... c) { f(std::false_type{}, c...); }, rest...);
}

// maximize: ascend (the gradient's sign flipped exactly); wd: add wd * x (L2 penalty).
template <bool MAX, bool WD, class T>
inline T grad_in(T g, T x, T wd) {
  T d = MAX ? -g : g;
  if (WD) d = d + T(x * wd);
  return d;
}

template <class T>
void sgd(const Step<T>& k, i64 b, i64 e) {
  const T lr = T(k.h[0]), mom = T(k.h[1]), wd = T(k.h[3]), keep = T(1.0 - k.h[2]), neg_lr = -lr;
  T* __restrict p = k.p;
  const T* __restrict g = k.g;
  T* __restrict buf = k.s[0];
  flags([&](auto MAX, auto WD, auto MOM, auto FIRST, auto NEST) {
    for (i64 i = b; i < e; i++) {
      T d = grad_in<MAX, WD>(g[i], p[i], wd);
      if (MOM) {
        T bi = FIRST ? d : T(T(buf[i] * mom) + T(d * keep));
        buf[i] = bi;
        d = NEST ? T(d + T(bi * mom)) : bi;
      }
      p[i] = p[i] + T(d * neg_lr);
    }
  }, k.h[5] != 0, wd != 0, mom != 0 && buf != nullptr, k.h[6] != 0, k.h[4] != 0);
}

template <class T>
void adagrad(const Step<T>& k, i64 b, i64 e) {
  const T neg_clr = -T(k.h[0]), eps = T(k.h[1]), wd = T(k.h[2]);
  T* __restrict p = k.p;
  const T* __restrict g = k.g;
  T* __restrict sum = k.s[0];
  flags([&](auto MAX, auto WD) {
    for (i64 i = b; i < e; i++) {
      T d = grad_in<MAX, WD>(g[i], p[i], wd);
      T s = sum[i] + T(d * d);
      sum[i] = s;
      T std_ = T(std::sqrt(s)) + eps;
      p[i] = p[i] + T(T(d * neg_clr) / std_);
    }
  }, k.h[3] != 0, wd != 0);
}

template <class T>
void rmsprop(const Step<T>& k, i64 b, i64 e) {
  const T lr = T(k.h[0]), alpha = T(k.h[1]), eps = T(k.h[2]), wd = T(k.h[3]), mom = T(k.h[4]);
  const T keep = T(1.0 - k.h[1]), neg_lr = -lr;
  T* __restrict p = k.p;
  const T* __restrict g = k.g;
  T* __restrict sq = k.s[0];
  T* __restrict ga = k.s[1];
  T* __restrict buf = k.s[2];
  flags([&](auto MAX, auto WD, auto CENTERED, auto MOM) {
    for (i64 i = b; i < e; i++) {
      T d = grad_in<MAX, WD>(g[i], p[i], wd);
      T v = T(sq[i] * alpha) + T(T(d * keep) * d);
      sq[i] = v;
      T avg;
      if (CENTERED) {
        T a = T(ga[i] * alpha) + T(d * keep);
        ga[i] = a;
        avg = std::sqrt(T(v + T(-a * a)));
      } else {
        avg = std::sqrt(v);
      }
      avg = avg + eps;
      if (MOM) {
        T bi = T(buf[i] * mom) + T(d / avg);
        buf[i] = bi;
        p[i] = p[i] + T(bi * neg_lr);
      } else {
        p[i] = p[i] + T(T(d * neg_lr) / avg);
      }
    }
  }, k.h[6] != 0, wd != 0, k.h[5] != 0 && ga != nullptr, mom > 0 && buf != nullptr);
}

template <class T>
void adam(const Step<T>& k, i64 b, i64 e) {
  const T b1 = T(k.h[0]), b2 = T(k.h[1]), eps = T(k.h[2]), wd = T(k.h[3]), decay = T(k.h[4]);
  const T neg_step = -T(k.h[5]), bc2_sqrt = T(k.h[6]), k1 = T(1.0 - k.h[0]), k2 = T(1.0 - k.h[1]);
  T* __restrict p = k.p;
  const T* __restrict g = k.g;
  T* __restrict m = k.s[0];
  T* __restrict v = k.s[1];
  T* __restrict vmax = k.s[2];
  flags([&](auto MAX, auto WD, auto DECAY, auto AMS) {
    for (i64 i = b; i < e; i++) {
      T x = p[i];
      if (DECAY) x = x * decay;
      T d = grad_in<MAX, WD>(g[i], x, wd);
      T mi = T(m[i] * b1) + T(d * k1);
      m[i] = mi;
      T vi = T(v[i] * b2) + T(T(d * k2) * d);
      v[i] = vi;
      if (AMS) {
        vi = nan_max(vmax[i], vi);
        vmax[i] = vi;
      }
      T denom = T(T(std::sqrt(vi)) / bc2_sqrt) + eps;
      p[i] = x + T(T(mi * neg_step) / denom);
    }
  }, k.h[8] != 0, wd != 0, decay != 1, k.h[7] != 0 && vmax != nullptr);
}

template <class T>
void adamax(const Step<T>& k, i64 b, i64 e) {
  const T b1 = T(k.h[0]), b2 = T(k.h[1]), eps = T(k.h[2]), wd = T(k.h[3]), neg_clr = -T(k.h[4]);
  const T k1 = T(1.0 - k.h[0]);
  T* __restrict p = k.p;
  const T* __restrict g = k.g;
  T* __restrict m = k.s[0];
  T* __restrict u = k.s[1];
  flags([&](auto MAX, auto WD) {
    for (i64 i = b; i < e; i++) {
      T d = grad_in<MAX, WD>(g[i], p[i], wd);
      T mi = T(m[i] * b1) + T(d * k1);
      m[i] = mi;
      T ui = nan_max(T(u[i] * b2), T(std::fabs(d) + eps));
      u[i] = ui;
      p[i] = p[i] + T(T(mi * neg_clr) / ui);
    }
  }, k.h[5] != 0, wd != 0);
}

template <class T>
void adadelta(const Step<T>& k, i64 b, i64 e) {
  const T lr = T(k.h[0]), rho = T(k.h[1]), eps = T(k.h[2]), wd = T(k.h[3]), keep = T(1.0 - k.h[1]), neg_lr = -lr;
  T* __restrict p = k.p;
  const T* __restrict g = k.g;
  T* __restrict sq = k.s[0];
  T* __restrict acc = k.s[1];
  flags([&](auto MAX, auto WD) {
    for (i64 i = b; i < e; i++) {
      T d = grad_in<MAX, WD>(g[i], p[i], wd);
      T v = T(sq[i] * rho) + T(T(d * keep) * d);
      sq[i] = v;
      T std_ = std::sqrt(T(v + eps));
      T delta = T(T(std::sqrt(T(acc[i] + eps))) / std_) * d;
      acc[i] = T(acc[i] * rho) + T(T(delta * keep) * delta);
      p[i] = p[i] + T(delta * neg_lr);
    }
  }, k.h[4] != 0, wd != 0);
}

template <class T>
void nadam(const Step<T>& k, i64 b, i64 e) {
  const T b1 = T(k.h[0]), b2 = T(k.h[1]), eps = T(k.h[2]), wd = T(k.h[3]), bc2 = T(k.h[4]);
  const T cg = T(k.h[5]), ca = T(k.h[6]), k1 = T(1.0 - k.h[0]), k2 = T(1.0 - k.h[1]);
  T* __restrict p = k.p;
  const T* __restrict g = k.g;
  T* __restrict m = k.s[0];
  T* __restrict v = k.s[1];
  flags([&](auto WD) {
    for (i64 i = b; i < e; i++) {
      T d = grad_in<false, WD>(g[i], p[i], wd);
      T mi = T(m[i] * b1) + T(d * k1);
      m[i] = mi;
      T vi = T(v[i] * b2) + T(T(d * k2) * d);
      v[i] = vi;
      T denom = T(std::sqrt(T(vi / bc2))) + eps;
      T x = p[i] + T(T(d * cg) / denom);
      p[i] = x + T(T(mi * ca) / denom);
    }
  }, wd != 0);
}

// Which state buffers a kind reads with these flags (the others may be empty arrays).
bool needs_state(int kind, int j, const double* h) {
  switch (kind) {
    case O_SGD: return h[1] != 0;
    case O_RMSPROP: return j == 0 || (j == 1 && h[5] != 0) || (j == 2 && h[4] > 0);
    case O_ADAM: return j < 2 || h[7] != 0;
    default: return true;
  }
}

template <class T>
inline void step_range(int kind, const Step<T>& k, i64 b, i64 e) {
  switch (kind) {
    case O_SGD: sgd(k, b, e); break;
    case O_ADAGRAD: adagrad(k, b, e); break;
    case O_RMSPROP: rmsprop(k, b, e); break;
    case O_ADAM: adam(k, b, e); break;
    case O_ADAMAX: adamax(k, b, e); break;
    case O_ADADELTA: adadelta(k, b, e); break;
    default: nadam(k, b, e); break;
  }
}

// The loops compiled per instruction set (flatten inlines every kind's loops into each copy, so
// they vectorise with AVX-512 / AVX2 registers and divisions), picked by the backend's run-time
// dispatch (isa(), which honours NABLA_SIMD). No "fma" in the targets and fp-contract is off
// above: every copy rounds each op exactly as the baseline and the js kernel do.
template <class T>
using RangeFn = void (*)(int, const Step<T>&, i64, i64);
template <class T>
__attribute__((flatten)) void range_base(int kind, const Step<T>& k, i64 b, i64 e) { step_range(kind, k, b, e); }
#if defined(__GNUC__) && !defined(__clang__) && (defined(__x86_64__) || defined(__i386__))
#define NABLA_OPT_ISA 1
template <class T>
__attribute__((flatten, target("avx512f,avx512dq,avx512vl,avx512bw,no-fma"))) void range_512(int kind, const Step<T>& k, i64 b, i64 e) {
  step_range(kind, k, b, e);
}
template <class T>
__attribute__((flatten, target("avx2,no-fma"))) void range_256(int kind, const Step<T>& k, i64 b, i64 e) {
  step_range(kind, k, b, e);
}
#endif

template <class T>
RangeFn<T> pick_range() {
#ifdef NABLA_OPT_ISA
  const char* name = isa().name;
  if (!std::strcmp(name, "avx512")) return &range_512<T>;
  if (!std::strcmp(name, "avx2")) return &range_256<T>;
#endif
  return &range_base<T>;
}

template <class T>
void run(int kind, const Step<T>& k) {
  static const RangeFn<T> fn = pick_range<T>();
  auto body = [&](i64 b, i64 e) { fn(kind, k, b, e); };
  parallel_for(k.n, i64(1) << 15, body, 16);
}

using Typed = TypedArg;

bool typed(napi_env env, napi_value v, Typed* t) { return read_typed(env, v, t); }

Napi::Value OptimizerStep(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& msg) { return range_error(env, "optimizerStep", msg); };
  if (info.Length() < 5 || !info[0].IsNumber() || !info[3].IsArray()) return fail("expected (kind, param, grad, state[], hp)");
  int kind = info[0].As<Napi::Number>().Int32Value();
  if (kind < 0 || kind >= O_COUNT) return fail("unknown kind " + std::to_string(kind));
  Typed p, g, h;
  if (!typed(env, info[1], &p) || !typed(env, info[2], &g) || !typed(env, info[4], &h)) return fail("param, grad and hp must be typed arrays");
  if (p.type != napi_float32_array && p.type != napi_float64_array) return fail("param must be a Float32Array or Float64Array");
  if (g.type != p.type || g.length != p.length) return fail("grad must match param's type and length");
  if (h.type != napi_float64_array || h.length < size_t(kHp[kind])) return fail("hp must be a Float64Array of " + std::to_string(kHp[kind]) + " values");
  const double* hp = static_cast<const double*>(h.data);
  Napi::Array st = info[3].As<Napi::Array>();
  void* bufs[3] = {nullptr, nullptr, nullptr};
  for (int j = 0; j < kState[kind]; j++) {
    bool need = needs_state(kind, j, hp);
    if (uint32_t(j) >= st.Length()) {
      if (need) return fail("missing state buffer " + std::to_string(j));
      continue;
    }
    Typed s;
    if (!typed(env, st.Get(uint32_t(j)), &s) || s.type != p.type) return fail("state buffer " + std::to_string(j) + " must match param's type");
    if (s.length == p.length) bufs[j] = s.data;
    else if (need || s.length != 0) return fail("state buffer " + std::to_string(j) + " must have param's length");
  }
  if (p.type == napi_float32_array) {
    Step<float> k{i64(p.length), static_cast<float*>(p.data), static_cast<const float*>(g.data),
                  {static_cast<float*>(bufs[0]), static_cast<float*>(bufs[1]), static_cast<float*>(bufs[2])}, hp};
    run(kind, k);
  } else {
    Step<double> k{i64(p.length), static_cast<double*>(p.data), static_cast<const double*>(g.data),
                   {static_cast<double*>(bufs[0]), static_cast<double*>(bufs[1]), static_cast<double*>(bufs[2])}, hp};
    run(kind, k);
  }
  return env.Undefined();
}

}  // namespace

// Called from addon.cc's Init.
void register_optim(Napi::Env env, Napi::Object exports) {
  exports.Set("optimizerStep", Napi::Function::New(env, OptimizerStep, "optimizerStep"));
}

}  // namespace nabla

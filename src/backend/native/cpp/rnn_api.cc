// N-API bindings of the whole-sequence LSTM/GRU kernels (rnn.cc).
//
// JavaScript API (every length checked, RangeError instead of an out-of-bounds access):
//   lstmForward(dims, x, wIh, wHh, bIh|null, bHh|null, h0|null, c0|null, gates, cs, out)
//   lstmBackward(dims, x, wIh, wHh, h0|null, c0|null, gates, cs, out, gOut,
//                dx|null, dWih, dWhh, dBias|null, dh0|null, dc0|null)
//   gruForward(dims, x, wIh, wHh, bIh|null, bHh|null, h0|null, gates, ghn, out)
//   gruBackward(dims, x, wIh, wHh, h0|null, gates, ghn, out, gOut,
//               dx|null, dWih, dWhh, dBih|null, dBhh|null, dh0|null)
// dims = Float64Array [T, B, I, H, reverse]; x [T, B, I] time-major; gates [T, B, 4H] (LSTM) or
// [T, B, 3H] (GRU), written by the forward: the activated gates; cs [T, B, H] (LSTM cell
// states); ghn [T, B, H] (GRU: W_hn h + b_hn); out [T + 1, B, H] (LSTM: the T hidden states by
// time index, then the final cell state) or [T, B, H] (GRU); gOut is out's gradient.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "common.h"
#include "napi_typed.h"
#include "kernels.h"
#include "rnn.h"

namespace nabla {
namespace {

using View = TypedArg;

// Reads a typed array (or null/undefined when `optional`); false on a wrong type.
bool view(napi_env env, napi_value v, View* out, bool optional) { return read_typed(env, v, out, optional); }

struct Args {
  Napi::Env env;
  std::string err;
  napi_typedarray_type type = napi_float32_array;
  explicit Args(Napi::Env e) : env(e) {}
  // Checks one array: present (unless optional), the float type, exactly `n` elements.
  bool get(const Napi::CallbackInfo& info, size_t idx, const char* name, i64 n, bool optional, View* v) {
    if (!err.empty()) return false;
    if (idx >= info.Length() || !view(env, info[idx], v, optional)) {
      err = std::string(name) + (optional ? " must be a typed array or null" : " must be a typed array");
      return false;
    }
    if (!v->present) return true;
    if (v->type != type) { err = std::string(name) + " must have the same float type as x"; return false; }
    if (n == INT64_MAX || v->length != size_t(n)) {
      err = std::string(name) + " has " + std::to_string(v->length) + " elements, expected " + std::to_string(n);
      return false;
    }
    return true;
  }
};

bool read_dims(const Napi::CallbackInfo& info, RnnDims* d, std::string* err) {
  View dv;
  if (info.Length() < 1 || !view(info.Env(), info[0], &dv, false) || dv.type != napi_float64_array || dv.length < 5) {
    *err = "dims must be a Float64Array [T, B, I, H, reverse]";
    return false;
  }
  const double* v = static_cast<const double*>(dv.data);
  for (int k = 0; k < 4; k++) {
    if (!(v[k] >= 1 && v[k] <= 1e9 && v[k] == std::floor(v[k]))) { *err = "dims T, B, I, H must be positive integers"; return false; }
  }
  d->T = i64(v[0]); d->B = i64(v[1]); d->I = i64(v[2]); d->H = i64(v[3]);
  d->reverse = v[4] != 0;
  if (sat_prod({d->T, d->B, 4 * d->H}) == INT64_MAX || sat_prod({4 * d->H, d->I}) == INT64_MAX || sat_prod({d->T, d->B, d->I}) == INT64_MAX) {
    *err = "dims too large";
    return false;
  }
  return true;
}

bool first_type(const Napi::CallbackInfo& info, size_t idx, napi_typedarray_type* t) {
  View v;
  if (idx >= info.Length() || !view(info.Env(), info[idx], &v, false)) return false;
  if (v.type != napi_float32_array && v.type != napi_float64_array) return false;
  *t = v.type;
  return true;
}

template <class T> T* P(const View& v) { return v.present ? static_cast<T*>(v.data) : nullptr; }

Napi::Value LstmForward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& m) { return range_error(env, "lstmForward", m); };
  RnnDims d;
  std::string e;
  if (!read_dims(info, &d, &e)) return fail(e);
  Args a(env);
  if (!first_type(info, 1, &a.type)) return fail("x must be a Float32Array or Float64Array");
  const i64 G = 4 * d.H, BH = d.B * d.H;
  View x, wih, whh, bih, bhh, h0, c0, gates, cs, out;
  a.get(info, 1, "x", sat_prod({d.T, d.B, d.I}), false, &x);
  a.get(info, 2, "wIh", sat_prod({G, d.I}), false, &wih);
  a.get(info, 3, "wHh", sat_prod({G, d.H}), false, &whh);
  a.get(info, 4, "bIh", G, true, &bih);
  a.get(info, 5, "bHh", G, true, &bhh);
  a.get(info, 6, "h0", BH, true, &h0);
  a.get(info, 7, "c0", BH, true, &c0);
  a.get(info, 8, "gates", sat_prod({d.T, d.B, G}), false, &gates);
  a.get(info, 9, "cs", sat_prod({d.T, BH}), false, &cs);
  a.get(info, 10, "out", sat_prod({d.T + 1, BH}), false, &out);
  if (!a.err.empty()) return fail(a.err);
  if (a.type == napi_float32_array) {
    lstm_forward<float>(d, P<float>(x), P<float>(wih), P<float>(whh), P<float>(bih), P<float>(bhh), P<float>(h0),
                        P<float>(c0), P<float>(gates), P<float>(cs), P<float>(out));
  } else {
    lstm_forward<double>(d, P<double>(x), P<double>(wih), P<double>(whh), P<double>(bih), P<double>(bhh), P<double>(h0),
                         P<double>(c0), P<double>(gates), P<double>(cs), P<double>(out));
  }
  return env.Undefined();
}

Napi::Value LstmBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& m) { return range_error(env, "lstmBackward", m); };
  RnnDims d;
  std::string e;
  if (!read_dims(info, &d, &e)) return fail(e);
  Args a(env);
  if (!first_type(info, 1, &a.type)) return fail("x must be a Float32Array or Float64Array");
  const i64 G = 4 * d.H, BH = d.B * d.H;
  View x, wih, whh, h0, c0, gates, cs, out, gout, dx, dwih, dwhh, dbias, dh0, dc0;
  a.get(info, 1, "x", sat_prod({d.T, d.B, d.I}), false, &x);
  a.get(info, 2, "wIh", sat_prod({G, d.I}), false, &wih);
  a.get(info, 3, "wHh", sat_prod({G, d.H}), false, &whh);
  a.get(info, 4, "h0", BH, true, &h0);
  a.get(info, 5, "c0", BH, true, &c0);
  a.get(info, 6, "gates", sat_prod({d.T, d.B, G}), false, &gates);
  a.get(info, 7, "cs", sat_prod({d.T, BH}), false, &cs);
  a.get(info, 8, "out", sat_prod({d.T + 1, BH}), false, &out);
  a.get(info, 9, "gOut", sat_prod({d.T + 1, BH}), false, &gout);
  a.get(info, 10, "dx", sat_prod({d.T, d.B, d.I}), true, &dx);
  a.get(info, 11, "dWih", sat_prod({G, d.I}), false, &dwih);
  a.get(info, 12, "dWhh", sat_prod({G, d.H}), false, &dwhh);
  a.get(info, 13, "dBias", G, true, &dbias);
  a.get(info, 14, "dh0", BH, true, &dh0);
  a.get(info, 15, "dc0", BH, true, &dc0);
  if (!a.err.empty()) return fail(a.err);
  if (a.type == napi_float32_array) {
    lstm_backward<float>(d, P<float>(x), P<float>(wih), P<float>(whh), P<float>(h0), P<float>(c0), P<float>(gates),
                         P<float>(cs), P<float>(out), P<float>(gout), P<float>(dx), P<float>(dwih), P<float>(dwhh),
                         P<float>(dbias), P<float>(dh0), P<float>(dc0));
  } else {
    lstm_backward<double>(d, P<double>(x), P<double>(wih), P<double>(whh), P<double>(h0), P<double>(c0), P<double>(gates),
                          P<double>(cs), P<double>(out), P<double>(gout), P<double>(dx), P<double>(dwih), P<double>(dwhh),
                          P<double>(dbias), P<double>(dh0), P<double>(dc0));
  }
  return env.Undefined();
}

Napi::Value GruForward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& m) { return range_error(env, "gruForward", m); };
  RnnDims d;
  std::string e;
  if (!read_dims(info, &d, &e)) return fail(e);
  Args a(env);
  if (!first_type(info, 1, &a.type)) return fail("x must be a Float32Array or Float64Array");
  const i64 G = 3 * d.H, BH = d.B * d.H;
  View x, wih, whh, bih, bhh, h0, gates, ghn, out;
  a.get(info, 1, "x", sat_prod({d.T, d.B, d.I}), false, &x);
  a.get(info, 2, "wIh", sat_prod({G, d.I}), false, &wih);
  a.get(info, 3, "wHh", sat_prod({G, d.H}), false, &whh);
  a.get(info, 4, "bIh", G, true, &bih);
  a.get(info, 5, "bHh", G, true, &bhh);
  a.get(info, 6, "h0", BH, true, &h0);
  a.get(info, 7, "gates", sat_prod({d.T, d.B, G}), false, &gates);
  a.get(info, 8, "ghn", sat_prod({d.T, BH}), false, &ghn);
  a.get(info, 9, "out", sat_prod({d.T, BH}), false, &out);
  if (!a.err.empty()) return fail(a.err);
  if (a.type == napi_float32_array) {
    gru_forward<float>(d, P<float>(x), P<float>(wih), P<float>(whh), P<float>(bih), P<float>(bhh), P<float>(h0),
                       P<float>(gates), P<float>(ghn), P<float>(out));
  } else {
    gru_forward<double>(d, P<double>(x), P<double>(wih), P<double>(whh), P<double>(bih), P<double>(bhh), P<double>(h0),
                        P<double>(gates), P<double>(ghn), P<double>(out));
  }
  return env.Undefined();
}

Napi::Value GruBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const std::string& m) { return range_error(env, "gruBackward", m); };
  RnnDims d;
  std::string e;
  if (!read_dims(info, &d, &e)) return fail(e);
  Args a(env);
  if (!first_type(info, 1, &a.type)) return fail("x must be a Float32Array or Float64Array");
  const i64 G = 3 * d.H, BH = d.B * d.H;
  View x, wih, whh, h0, gates, ghn, out, gout, dx, dwih, dwhh, dbih, dbhh, dh0;
  a.get(info, 1, "x", sat_prod({d.T, d.B, d.I}), false, &x);
  a.get(info, 2, "wIh", sat_prod({G, d.I}), false, &wih);
  a.get(info, 3, "wHh", sat_prod({G, d.H}), false, &whh);
  a.get(info, 4, "h0", BH, true, &h0);
  a.get(info, 5, "gates", sat_prod({d.T, d.B, G}), false, &gates);
  a.get(info, 6, "ghn", sat_prod({d.T, BH}), false, &ghn);
  a.get(info, 7, "out", sat_prod({d.T, BH}), false, &out);
  a.get(info, 8, "gOut", sat_prod({d.T, BH}), false, &gout);
  a.get(info, 9, "dx", sat_prod({d.T, d.B, d.I}), true, &dx);
  a.get(info, 10, "dWih", sat_prod({G, d.I}), false, &dwih);
  a.get(info, 11, "dWhh", sat_prod({G, d.H}), false, &dwhh);
  a.get(info, 12, "dBih", G, true, &dbih);
  a.get(info, 13, "dBhh", G, true, &dbhh);
  a.get(info, 14, "dh0", BH, true, &dh0);
  if (!a.err.empty()) return fail(a.err);
  if (a.type == napi_float32_array) {
    gru_backward<float>(d, P<float>(x), P<float>(wih), P<float>(whh), P<float>(h0), P<float>(gates), P<float>(ghn),
                        P<float>(out), P<float>(gout), P<float>(dx), P<float>(dwih), P<float>(dwhh), P<float>(dbih),
                        P<float>(dbhh), P<float>(dh0));
  } else {
    gru_backward<double>(d, P<double>(x), P<double>(wih), P<double>(whh), P<double>(h0), P<double>(gates), P<double>(ghn),
                         P<double>(out), P<double>(gout), P<double>(dx), P<double>(dwih), P<double>(dwhh), P<double>(dbih),
                         P<double>(dbhh), P<double>(dh0));
  }
  return env.Undefined();
}

}  // namespace

// Called from addon.cc's Init.
void register_rnn(Napi::Env env, Napi::Object exports) {
  exports.Set("lstmForward", Napi::Function::New(env, LstmForward, "lstmForward"));
  exports.Set("lstmBackward", Napi::Function::New(env, LstmBackward, "lstmBackward"));
  exports.Set("gruForward", Napi::Function::New(env, GruForward, "gruForward"));
  exports.Set("gruBackward", Napi::Function::New(env, GruBackward, "gruBackward"));
}

}  // namespace nabla

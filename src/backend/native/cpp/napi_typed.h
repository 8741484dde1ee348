// A typed-array argument of an addon function, read without throwing: the caller turns a false
// into a RangeError that names the function and the argument. Shared by every kernel file.
#pragma once

#include <napi.h>

#include <cstddef>
#include <initializer_list>
#include <string>

namespace nabla {

struct TypedArg {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  /** False when the argument was null/undefined (accepted only with allowAbsent). */
  bool present = false;
};

/** Reads `v` as a typed array into `t`. null/undefined read as absent: true with allowAbsent, else false. */
inline bool read_typed(napi_env env, napi_value v, TypedArg* t, bool allowAbsent = false) {
  napi_valuetype vt;
  if (napi_typeof(env, v, &vt) == napi_ok && (vt == napi_null || vt == napi_undefined)) return allowAbsent;
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  if (napi_get_typedarray_info(env, v, &t->type, &t->length, &t->data, nullptr, nullptr) != napi_ok) return false;
  t->present = true;
  return true;
}

/** Reads info[0], info[1], ... into `out` in order; false when an argument is missing or not a typed array. */
inline bool read_typed_args(const Napi::CallbackInfo& info, std::initializer_list<TypedArg*> out) {
  if (info.Length() < out.size()) return false;
  size_t k = 0;
  for (TypedArg* t : out) {
    if (!read_typed(info.Env(), info[k++], t)) return false;
  }
  return true;
}

/** Throws "nabla native <fn>: <msg>" as a RangeError; returns undefined for the binding to return. */
inline Napi::Value range_error(Napi::Env env, const char* fn, const std::string& msg) {
  Napi::RangeError::New(env, std::string("nabla native ") + fn + ": " + msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

}  // namespace nabla

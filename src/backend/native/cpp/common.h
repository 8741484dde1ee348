// Shared declarations of the native backend: op codes (kept in the same order as the
// TypeScript unions in src/backend/types.ts; src/backend/native/ops.ts maps names to these)
// and the table of SIMD kernels each instruction-set translation unit provides.
#pragma once
#include <cstdint>

namespace nabla {

using i64 = std::int64_t;

enum UnaryOp : int {
  U_NEG, U_ABS, U_SIGN, U_EXP, U_LOG, U_LOG1P, U_EXPM1, U_SQRT, U_RSQRT, U_RECIPROCAL, U_SQUARE,
  U_SIN, U_COS, U_TAN, U_TANH, U_SIGMOID, U_RELU, U_ERF, U_GELU, U_GELU_TANH, U_SILU,
  U_FLOOR, U_CEIL, U_ROUND, U_TRUNC,
  U_ISNAN, U_ISINF, U_ISFINITE, U_LOGICAL_NOT,
  U_SOFTPLUS, U_LEAKY_RELU, U_ELU, U_CLAMP, U_POW_SCALAR, U_RPOW_SCALAR, U_ADD_SCALAR, U_MUL_SCALAR,
  U_COUNT
};

enum BinaryOp : int {
  B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_ATAN2, B_REMAINDER, B_FLOOR_DIVIDE,
  B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE, B_LOGICAL_AND, B_LOGICAL_OR, B_LOGICAL_XOR,
  B_COUNT
};

enum ReduceOp : int { R_SUM, R_PROD, R_MAX, R_MIN, R_ARGMAX, R_ARGMIN, R_ANY, R_ALL, R_COUNT };

// Unary ops whose result is a predicate (written as 0/1).
inline bool unary_is_predicate(int op) { return op == U_ISNAN || op == U_ISINF || op == U_ISFINITE || op == U_LOGICAL_NOT; }
inline bool binary_is_predicate(int op) { return op >= B_EQ; }

// Kernels over one row of n elements. x/a/b have element strides (0, 1 or any); outputs are
// contiguous. Predicates write uint8 0/1.
template <class T>
struct RowKernels {
  void (*gemm)(i64 batch, i64 M, i64 N, i64 K, const T* A, i64 sab, i64 rsa, i64 csa, const T* B, i64 sbb,
               i64 rsb, i64 csb, T* C);
  void (*unary)(int op, i64 n, const T* x, i64 sx, T* out, T p0, T p1);
  void (*binary)(int op, i64 n, const T* a, i64 sa, const T* b, i64 sb, T* out);
  void (*compare)(int op, i64 n, const T* a, i64 sa, const T* b, i64 sb, std::uint8_t* out);
  double (*sum)(i64 n, const T* x);                 // contiguous, accumulated in double
  T (*max)(i64 n, const T* x);                      // NaN-propagating
  void (*softmax_row)(i64 n, const T* x, T* out, bool log);  // contiguous row
  void (*axpy)(i64 n, T alpha, const T* x, T* y);   // y += alpha * x, contiguous
  // dst[r * ldd + c] = src[r + c * s] for r < R, c < C (a transposing copy)
  void (*transpose)(i64 R, i64 C, const T* src, i64 s, T* dst, i64 ldd);
};

struct IsaTable {
  const char* name;
  RowKernels<float> f32;
  RowKernels<double> f64;
};

// Each returns nullptr when the translation unit was compiled without its instruction set.
const IsaTable* isa_table_avx512();
const IsaTable* isa_table_avx2();
const IsaTable* isa_table_generic();

// The table for this CPU (chosen once). NABLA_SIMD=avx512|avx2|scalar may lower the choice.
const IsaTable& isa();
// Whether isa() chose the AVX-512 kernels (the CPU has them and NABLA_SIMD allows them): the
// kernel files with their own target("avx512f") code paths follow the same choice.
bool isa_is_avx512();

}  // namespace nabla

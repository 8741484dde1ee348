// Whole-sequence LSTM and GRU layer kernels (one layer, one direction, all T steps), as
// cuDNN/oneDNN run them (the LSTM's shown):
//
//   forward:  gates[T*B, 4H] = x[T*B, I] @ W_ih^T              (one GEMM for every step)
//             per step: rec[B, 4H] = h_prev @ W_hh^T            (W_hh packed once per call)
//                       i, f, g, o = act(gates_t + b_ih + b_hh + rec)   (fused, in place)
//                       c = f * c_prev + i * g, h = o * tanh(c)
//   backward: per step (reversed): dgates_t from the saved activations (fused),
//                       dh_prev = dgates_t @ W_hh                 (W_hh packed once per call)
//             then one GEMM each: dW_ih = dgates^T x, dW_hh = dgates^T h_prev, dx = dgates W_ih,
//             and the bias gradient as the column sums of dgates.
//
// Gate order i, f, g, o (PyTorch's). float32 on AVX-512 runs the packed step GEMM and the fused
// gate math with intrinsics (rnn_avx512.h, chosen at run time as the rest of the backend
// chooses: isa().name); everything else (float64, other CPUs) uses the backend's GEMM and the
// same scalar math as the elementwise kernels (rnn_gates.h). The bindings are in rnn_api.cc.
//
// GRU (PyTorch's): r, z = sigmoid(x W_i{r,z}^T + b_i{r,z} + h W_h{r,z}^T + b_h{r,z}),
// n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn)), h' = n + z * (h - n); its backward keeps
// two gate-gradient arrays (of the input projection and of the recurrent product, which differ
// in the n block by the factor r).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <vector>

#include "common.h"
#include "rnn.h"
#include "rnn_avx512.h"
#include "rnn_gates.h"
#include "threadpool.h"

namespace nabla {

namespace {

template <class T>
T* scratch(std::vector<T>& v, i64 n) {
  if (i64(v.size()) < n) v.resize(size_t(n));
  return v.data();
}

template <class T>
struct Bufs {  // per-thread scratch, reused across calls (no page faults per call)
  std::vector<T> a, b, c, d, e, f;
  static Bufs& get() { thread_local Bufs s; return s; }
};

// C[M, N] = A[M, K] @ B[K, N] with the backend's GEMM; element (k, n) of B at B[k*rsb + n*csb].
template <class T>
void gemm(i64 M, i64 N, i64 K, const T* A, i64 rsa, i64 csa, const T* B, i64 rsb, i64 csb, T* C) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) { std::memset(C, 0, size_t(M * N) * sizeof(T)); return; }
  const RowKernels<T>& rk = [] () -> const RowKernels<T>& {
    if constexpr (std::is_same<T, float>::value) return isa().f32; else return isa().f64;
  }();
  rk.gemm(1, M, N, K, A, 0, rsa, csa, B, 0, rsb, csb, C);
}

template <class T>
bool fast() {
#ifdef NABLA_RNN_X86
  if constexpr (std::is_same<T, float>::value) return std::strcmp(isa().name, "avx512") == 0;
#endif
  return false;
}

// The step GEMM against W_hh for the forward (rec = h @ W_hh^T: B(k, n) = W_hh[n*H + k]) or the
// backward (dh = dgates @ W_hh: B(k, n) = W_hh[k*H + n]); packed once when the fast path runs.
template <class T>
struct StepGemm {
  i64 N, K, rsb, csb;
  const T* W;
  const float* packed = nullptr;
  StepGemm(i64 N_, i64 K_, const T* W_, i64 rsb_, i64 csb_, std::vector<float>& buf) : N(N_), K(K_), rsb(rsb_), csb(csb_), W(W_) {
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (fast<T>()) {
        const i64 np = (N + rnn_avx512::NR - 1) / rnn_avx512::NR;
        // 64-byte aligned start inside the vector.
        float* base = scratch(buf, np * K * rnn_avx512::NR + 16);
        float* p = reinterpret_cast<float*>((reinterpret_cast<std::uintptr_t>(base) + 63) & ~std::uintptr_t(63));
        rnn_avx512::pack(K, N, W, rsb, csb, p);
        packed = p;
      }
    }
#else
    (void)buf;
#endif
  }
  void run(i64 M, const T* A, i64 lda, T* C) const {
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (packed) { rnn_avx512::step_gemm(M, N, K, A, lda, packed, C, N); return; }
    }
#endif
    gemm<T>(M, N, K, A, lda, 1, W, rsb, csb, C);
  }
};

// Column sums of a [rows, n] matrix, accumulated in double.
template <class T>
void colsum(i64 rows, i64 n, const T* m, T* out) {
  std::vector<double> acc(size_t(n), 0.0);
  double* a = acc.data();
  for (i64 r = 0; r < rows; r++) {
    const T* row = m + r * n;
#pragma omp simd
    for (i64 j = 0; j < n; j++) a[j] += double(row[j]);
  }
  for (i64 j = 0; j < n; j++) out[j] = T(a[j]);
}

// The gradients that are one GEMM each over all steps, given the gate-gradients of the input
// projection dgx [T, B, G] and of the recurrent product dgh [T, B, G] (the same array for LSTM):
// dW_ih = dgx^T x, dW_hh = sum_t dgh_t^T h_prev(t), dx = dgx W_ih (when dx is wanted).
template <class T>
void weight_grads(const RnnDims& d, i64 G, const T* dgx, const T* dgh, const T* x, const T* wih, const T* out,
                  const T* h0, T* dx, T* dwih, T* dwhh) {
  const i64 T_ = d.T, B = d.B, I = d.I, H = d.H, BH = B * H;
  // dW_ih = dgx^T @ x: A(m, k) = dgx[k*G + m].
  gemm<T>(G, I, T_ * B, dgx, 1, G, x, I, 1, dwih);
  // dW_hh: the hidden states shifted by one step (the steps whose previous state is in out),
  // plus the first processed step's term against h0.
  const i64 first = d.reverse ? T_ - 1 : 0;
  const T* dgs = d.reverse ? dgh : dgh + B * G;
  const T* hps = d.reverse ? out + BH : out;
  gemm<T>(G, H, (T_ - 1) * B, dgs, 1, G, hps, H, 1, dwhh);
  if (h0) {
    T* tmp = scratch(Bufs<T>::get().f, G * H);
    gemm<T>(G, H, B, dgh + first * B * G, 1, G, h0, H, 1, tmp);
    for (i64 j = 0; j < G * H; j++) dwhh[j] += tmp[j];
  }
  // dx = dgx @ W_ih: B(k, n) = W_ih[k*I + n].
  if (dx) gemm<T>(T_ * B, I, G, dgx, G, 1, wih, I, 1, dx);
}

}  // namespace

template <class T>
void lstm_forward(const RnnDims& d, const T* x, const T* wih, const T* whh, const T* bih, const T* bhh, const T* h0,
                  const T* c0, T* gates, T* cs, T* out) {
  const i64 T_ = d.T, B = d.B, I = d.I, H = d.H, G = 4 * H, BH = B * H;
  Bufs<T>& bufs = Bufs<T>::get();
  // gates = x @ W_ih^T for all steps: B(k, n) = W_ih[n*I + k].
  gemm<T>(T_ * B, G, I, x, I, 1, wih, 1, I, gates);
  const T* bias = nullptr;
  if (bih || bhh) {
    T* bs = scratch(bufs.a, G);
    for (i64 j = 0; j < G; j++) bs[j] = (bih ? bih[j] : T(0)) + (bhh ? bhh[j] : T(0));
    if (bih && !bhh) std::memcpy(bs, bih, size_t(G) * sizeof(T));
    if (bhh && !bih) std::memcpy(bs, bhh, size_t(G) * sizeof(T));
    bias = bs;
  }
  T* rec = scratch(bufs.b, B * G);
  thread_local std::vector<float> packbuf;
  StepGemm<T> sg(G, H, whh, 1, H, packbuf);
  for (i64 s = 0; s < T_; s++) {
    const i64 t = d.reverse ? T_ - 1 - s : s, tp = d.reverse ? t + 1 : t - 1;
    const T* hp = s == 0 ? h0 : out + tp * BH;
    const T* cp = s == 0 ? c0 : cs + tp * BH;
    T* gt = gates + t * B * G;
    if (hp) {
      sg.run(B, hp, H, rec);
    } else {
      std::memset(rec, 0, size_t(B * G) * sizeof(T));
    }
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (sg.packed) { rnn_avx512::gates_fwd(B, H, gt, rec, bias, cp, cs + t * BH, out + t * BH, s + 1 < T_ ? (d.reverse ? -1 : 1) : 0); continue; }
    }
#endif
    rnn_scalar::gates_fwd_scalar<T>(B, H, gt, rec, bias, cp, cs + t * BH, out + t * BH);
  }
  const i64 tl = d.reverse ? 0 : T_ - 1;
  std::memcpy(out + T_ * BH, cs + tl * BH, size_t(BH) * sizeof(T));
}

template <class T>
void lstm_backward(const RnnDims& d, const T* x, const T* wih, const T* whh, const T* h0, const T* c0, const T* gates,
                   const T* cs, const T* out, const T* gout, T* dx, T* dwih, T* dwhh, T* dbias, T* dh0, T* dc0) {
  const i64 T_ = d.T, B = d.B, H = d.H, G = 4 * H, BH = B * H;
  Bufs<T>& bufs = Bufs<T>::get();
  T* dg = scratch(bufs.c, T_ * B * G);
  T* dh = scratch(bufs.d, BH);
  T* dc = scratch(bufs.e, BH);
  std::memset(dh, 0, size_t(BH) * sizeof(T));
  std::memcpy(dc, gout + T_ * BH, size_t(BH) * sizeof(T));  // the final cell state's gradient
  thread_local std::vector<float> packbuf;
  StepGemm<T> sg(H, G, whh, H, 1, packbuf);
  for (i64 s = T_ - 1; s >= 0; s--) {
    const i64 t = d.reverse ? T_ - 1 - s : s, tp = d.reverse ? t + 1 : t - 1;
    const T* cp = s == 0 ? c0 : cs + tp * BH;
    T* dgt = dg + t * B * G;
    bool done = false;
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (sg.packed) { rnn_avx512::gates_bwd(B, H, gates + t * B * G, cs + t * BH, cp, gout + t * BH, dh, dc, dgt, s > 1 ? (d.reverse ? 1 : -1) : 0); done = true; }
    }
#endif
    if (!done) rnn_scalar::gates_bwd_scalar<T>(B, H, gates + t * B * G, cs + t * BH, cp, gout + t * BH, dh, dc, dgt);
    if (s > 0 || dh0) sg.run(B, dgt, G, dh);  // dh_prev = dgates_t @ W_hh
  }
  if (dh0) std::memcpy(dh0, dh, size_t(BH) * sizeof(T));
  if (dc0) std::memcpy(dc0, dc, size_t(BH) * sizeof(T));
  weight_grads<T>(d, G, dg, dg, x, wih, out, h0, dx, dwih, dwhh);
  if (dbias) colsum<T>(T_ * B, G, dg, dbias);
}

template <class T>
void gru_forward(const RnnDims& d, const T* x, const T* wih, const T* whh, const T* bih, const T* bhh, const T* h0,
                 T* gates, T* ghn, T* out) {
  const i64 T_ = d.T, B = d.B, I = d.I, H = d.H, G = 3 * H, BH = B * H;
  gemm<T>(T_ * B, G, I, x, I, 1, wih, 1, I, gates);
  T* rec = scratch(Bufs<T>::get().b, B * G);
  thread_local std::vector<float> packbuf;
  StepGemm<T> sg(G, H, whh, 1, H, packbuf);
  for (i64 s = 0; s < T_; s++) {
    const i64 t = d.reverse ? T_ - 1 - s : s, tp = d.reverse ? t + 1 : t - 1;
    const T* hp = s == 0 ? h0 : out + tp * BH;
    if (hp) sg.run(B, hp, H, rec);
    else std::memset(rec, 0, size_t(B * G) * sizeof(T));
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (sg.packed) { rnn_avx512::gru_fwd(B, H, gates + t * B * G, rec, bih, bhh, hp, ghn + t * BH, out + t * BH, s + 1 < T_ ? (d.reverse ? -1 : 1) : 0); continue; }
    }
#endif
    rnn_scalar::gru_fwd_scalar<T>(B, H, gates + t * B * G, rec, bih, bhh, hp, ghn + t * BH, out + t * BH);
  }
}

template <class T>
void gru_backward(const RnnDims& d, const T* x, const T* wih, const T* whh, const T* h0, const T* gates, const T* ghn,
                  const T* out, const T* gout, T* dx, T* dwih, T* dwhh, T* dbih, T* dbhh, T* dh0) {
  const i64 T_ = d.T, B = d.B, H = d.H, G = 3 * H, BH = B * H;
  Bufs<T>& bufs = Bufs<T>::get();
  T* dgx = scratch(bufs.c, T_ * B * G);
  T* dgh = scratch(bufs.a, T_ * B * G);
  T* dh = scratch(bufs.d, BH);
  T* dhz = scratch(bufs.e, BH);
  std::memset(dh, 0, size_t(BH) * sizeof(T));
  thread_local std::vector<float> packbuf;
  StepGemm<T> sg(H, G, whh, H, 1, packbuf);
  for (i64 s = T_ - 1; s >= 0; s--) {
    const i64 t = d.reverse ? T_ - 1 - s : s, tp = d.reverse ? t + 1 : t - 1;
    const T* hp = s == 0 ? h0 : out + tp * BH;
    T* gx = dgx + t * B * G;
    T* gh = dgh + t * B * G;
    bool done = false;
#ifdef NABLA_RNN_X86
    if constexpr (std::is_same<T, float>::value) {
      if (sg.packed) { rnn_avx512::gru_bwd(B, H, gates + t * B * G, ghn + t * BH, hp, gout + t * BH, dh, gx, gh, dhz, s > 1 ? (d.reverse ? 1 : -1) : 0); done = true; }
    }
#endif
    if (!done) rnn_scalar::gru_bwd_scalar<T>(B, H, gates + t * B * G, ghn + t * BH, hp, gout + t * BH, dh, gx, gh, dhz);
    if (s > 0 || dh0) {
      sg.run(B, gh, G, dh);  // dh_prev = dht * z + dgh_t @ W_hh
      for (i64 k = 0; k < BH; k++) dh[k] = dhz[k] + dh[k];
    }
  }
  if (dh0) std::memcpy(dh0, dh, size_t(BH) * sizeof(T));
  weight_grads<T>(d, G, dgx, dgh, x, wih, out, h0, dx, dwih, dwhh);
  if (dbih) colsum<T>(T_ * B, G, dgx, dbih);
  if (dbhh) colsum<T>(T_ * B, G, dgh, dbhh);
}

#define NABLA_RNN_INSTANTIATE(T)                                                                                     \
  template void lstm_forward<T>(const RnnDims&, const T*, const T*, const T*, const T*, const T*, const T*, const T*, \
                                T*, T*, T*);                                                                          \
  template void lstm_backward<T>(const RnnDims&, const T*, const T*, const T*, const T*, const T*, const T*,         \
                                 const T*, const T*, const T*, T*, T*, T*, T*, T*, T*);                             \
  template void gru_forward<T>(const RnnDims&, const T*, const T*, const T*, const T*, const T*, const T*, T*, T*,  \
                               T*);                                                                                   \
  template void gru_backward<T>(const RnnDims&, const T*, const T*, const T*, const T*, const T*, const T*,          \
                                const T*, const T*, T*, T*, T*, T*, T*, T*);
NABLA_RNN_INSTANTIATE(float)
NABLA_RNN_INSTANTIATE(double)
#undef NABLA_RNN_INSTANTIATE

}  // namespace nabla

// The whole-sequence LSTM/GRU drivers of rnn.cc (instantiated for float and double), called by
// the N-API bindings in rnn_api.cc; shapes and layouts are described there.
#pragma once
#include "common.h"

namespace nabla {

struct RnnDims {
  i64 T, B, I, H;
  bool reverse;
};

template <class T>
void lstm_forward(const RnnDims& d, const T* x, const T* wih, const T* whh, const T* bih, const T* bhh, const T* h0,
                  const T* c0, T* gates, T* cs, T* out);
template <class T>
void lstm_backward(const RnnDims& d, const T* x, const T* wih, const T* whh, const T* h0, const T* c0, const T* gates,
                   const T* cs, const T* out, const T* gout, T* dx, T* dwih, T* dwhh, T* dbias, T* dh0, T* dc0);
template <class T>
void gru_forward(const RnnDims& d, const T* x, const T* wih, const T* whh, const T* bih, const T* bhh, const T* h0,
                 T* gates, T* ghn, T* out);
template <class T>
void gru_backward(const RnnDims& d, const T* x, const T* wih, const T* whh, const T* h0, const T* gates, const T* ghn,
                  const T* out, const T* gout, T* dx, T* dwih, T* dwhh, T* dbih, T* dbhh, T* dh0);

}  // namespace nabla

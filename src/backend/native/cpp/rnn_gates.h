// Scalar gate math of the whole-sequence LSTM/GRU kernels (any ISA, float or double): the same
// sigmoid/tanh as the elementwise kernels (isa_math.h). Included by rnn.cc only.
#pragma once
#include <cmath>
#include <cstdint>

#include "common.h"

namespace nabla {

namespace rnn_scalar {
#define NABLA_LEVEL 0
#include "isa_math.h"
#undef NABLA_LEVEL

template <class T>
void gates_fwd_scalar(i64 B, i64 H, T* g, const T* rec, const T* bias, const T* cp, T* c, T* h) {
  const i64 G = 4 * H;
  for (i64 b = 0; b < B; b++) {
    T* gr = g + b * G;
    const T* rr = rec + b * G;
    for (i64 j = 0; j < G; j++) gr[j] = (bias ? gr[j] + bias[j] : gr[j]) + rr[j];
    for (i64 j = 0; j < H; j++) {
      const T i = m_sigmoid(gr[j]), f = m_sigmoid(gr[H + j]), gg = m_tanh(gr[2 * H + j]), o = m_sigmoid(gr[3 * H + j]);
      const T cv = f * (cp ? cp[b * H + j] : T(0)) + i * gg;
      gr[j] = i; gr[H + j] = f; gr[2 * H + j] = gg; gr[3 * H + j] = o;
      c[b * H + j] = cv;
      h[b * H + j] = o * m_tanh(cv);
    }
  }
}

// dh (read), dc (read and replaced by the gradient flowing to c_prev), dy (may be null).
template <class T>
void gates_bwd_scalar(i64 B, i64 H, const T* g, const T* c, const T* cp, const T* dy, const T* dh, T* dc, T* dg) {
  const i64 G = 4 * H;
  for (i64 b = 0; b < B; b++) {
    const T* gr = g + b * G;
    T* dr = dg + b * G;
    for (i64 j = 0; j < H; j++) {
      const i64 k = b * H + j;
      const T i = gr[j], f = gr[H + j], gg = gr[2 * H + j], o = gr[3 * H + j];
      const T tc = m_tanh(c[k]);
      const T dht = dy ? dh[k] + dy[k] : dh[k];
      const T dct = dc[k] + dht * o * (T(1) - tc * tc);
      const T cpv = cp ? cp[k] : T(0);
      dr[j] = dct * gg * (i * (T(1) - i));
      dr[H + j] = dct * cpv * (f * (T(1) - f));
      dr[2 * H + j] = dct * i * (T(1) - gg * gg);
      dr[3 * H + j] = dht * tc * (o * (T(1) - o));
      dc[k] = dct * f;
    }
  }
}

// GRU (gates r, z, n): g holds x W_ih^T (replaced by r, z, n), rec holds h W_hh^T; ghn keeps
// W_hn h + b_hn for the backward. h = n + z * (h_prev - n), as the js recurrence computes it.
template <class T>
void gru_fwd_scalar(i64 B, i64 H, T* g, const T* rec, const T* bih, const T* bhh, const T* hp, T* ghn, T* h) {
  const i64 G = 3 * H;
  for (i64 b = 0; b < B; b++) {
    T* gr = g + b * G;
    const T* rr = rec + b * G;
    for (i64 j = 0; j < H; j++) {
      const i64 k = b * H + j;
      T x[3], y[3];
      for (int q = 0; q < 3; q++) {
        x[q] = bih ? gr[q * H + j] + bih[q * H + j] : gr[q * H + j];
        y[q] = bhh ? rr[q * H + j] + bhh[q * H + j] : rr[q * H + j];
      }
      const T r = m_sigmoid(x[0] + y[0]), z = m_sigmoid(x[1] + y[1]);
      const T n = m_tanh(x[2] + r * y[2]);
      const T hv = hp ? hp[k] : T(0);
      gr[j] = r; gr[H + j] = z; gr[2 * H + j] = n;
      ghn[k] = y[2];
      h[k] = n + z * (hv - n);
    }
  }
}

// dgx / dgh: the gradients of x W_ih^T + b_ih and of h W_hh^T + b_hh; dhz = dh_t * z (the part
// of dh_prev that bypasses W_hh).
template <class T>
void gru_bwd_scalar(i64 B, i64 H, const T* g, const T* ghn, const T* hp, const T* dy, const T* dh, T* dgx, T* dgh, T* dhz) {
  const i64 G = 3 * H;
  for (i64 b = 0; b < B; b++) {
    const T* gr = g + b * G;
    T* dx = dgx + b * G;
    T* dr = dgh + b * G;
    for (i64 j = 0; j < H; j++) {
      const i64 k = b * H + j;
      const T r = gr[j], z = gr[H + j], n = gr[2 * H + j];
      const T dht = dy ? dh[k] + dy[k] : dh[k];
      const T dn = dht * (T(1) - z) * (T(1) - n * n);
      const T drv = dn * ghn[k] * (r * (T(1) - r));
      const T dzv = dht * ((hp ? hp[k] : T(0)) - n) * (z * (T(1) - z));
      dx[j] = drv; dx[H + j] = dzv; dx[2 * H + j] = dn;
      dr[j] = drv; dr[H + j] = dzv; dr[2 * H + j] = dn * r;
      dhz[k] = dht * z;
    }
  }
}

}  // namespace rnn_scalar

}  // namespace nabla

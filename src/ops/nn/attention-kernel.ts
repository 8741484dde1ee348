import { activeAddon } from '../../backend/index.js';

// The fused attention kernel: the js twin of src/backend/native/cpp/attention.cc (same meta
// layout), used on the js backend or when the addon lacks the functions. For each (batch, head)
// pair b: P = softmax(scale * Q K^T + m1 + m2, causal), out = P V; the backward recomputes P and
// ADDS dQ, dK, dV into their arrays.
//
// meta = [BH, L, S, E, Ev, scale, causal, select1] then nine slots q, k, v, m1, m2, out|dOut, dq,
// dk, dv, each [rowStride, colStride, offset_0 .. offset_{BH-1}]. select1 = 1: m1 stands for a
// bool mask, so its -inf entries pass no gradient (the math path's where()); causal likewise.

export type FloatArray = Float32Array | Float64Array;

/** Slot indices in meta. */
export const SLOT = { q: 0, k: 1, v: 2, m1: 3, m2: 4, o: 5, dq: 6, dk: 7, dv: 8 } as const;
export const NSLOT = 9;

interface Geom { BH: number; L: number; S: number; E: number; Ev: number; scale: number; causal: boolean; select1: boolean; meta: Float64Array }
const geom = (m: Float64Array): Geom => ({ BH: m[0], L: m[1], S: m[2], E: m[3], Ev: m[4], scale: m[5], causal: m[6] !== 0, select1: m[7] !== 0, meta: m });
const rs = (g: Geom, s: number): number => g.meta[8 + s * (2 + g.BH)];
const cs = (g: Geom, s: number): number => g.meta[9 + s * (2 + g.BH)];
const off = (g: Geom, s: number, b: number): number => g.meta[10 + s * (2 + g.BH) + b];

/** The addon's fused functions when the native backend is the current one. */
function native() {
  const a = activeAddon();
  return a && a.attentionForward && a.attentionBackward ? a : null;
}

/** P [L, S] of pair b (softmax rows; a row whose every score is -inf becomes NaN, as PyTorch). */
function probs(g: Geom, q: FloatArray, k: FloatArray, m1: FloatArray | null, m2: FloatArray | null, b: number, P: Float64Array): void {
  const { L, S, E } = g;
  const qo = off(g, 0, b), qr = rs(g, 0), qc = cs(g, 0), ko = off(g, 1, b), kr = rs(g, 1), kc = cs(g, 1);
  for (let i = 0; i < L; i++) {
    let mx = -Infinity;
    for (let j = 0; j < S; j++) {
      let s = 0;
      for (let e = 0; e < E; e++) s += q[qo + i * qr + e * qc] * k[ko + j * kr + e * kc];
      s *= g.scale;
      if (m1) s += m1[off(g, 3, b) + i * rs(g, 3) + j * cs(g, 3)];
      if (m2) s += m2[off(g, 4, b) + i * rs(g, 4) + j * cs(g, 4)];
      if (g.causal && j > i) s = -Infinity;
      P[i * S + j] = s;
      if (s > mx || Number.isNaN(s)) mx = Number.isNaN(mx) ? mx : s;
    }
    let sum = 0;
    for (let j = 0; j < S; j++) { const e = Math.exp(P[i * S + j] - mx); P[i * S + j] = e; sum += e; }
    for (let j = 0; j < S; j++) P[i * S + j] /= sum;
  }
}

/** Whether the native kernels run attention (and so can keep the probabilities for the backward). */
export function nativeAttention(): boolean {
  return native() !== null;
}

/**
 * out (slot o) = attention(q, k, v); see the file comment for meta. `keep` (native only, at least
 * BH·L·S elements): where the kernel leaves the probabilities for attentionBackward.
 */
export function attentionForward(q: FloatArray, k: FloatArray, v: FloatArray, m1: FloatArray | null, m2: FloatArray | null, out: FloatArray, meta: Float64Array,
  keep: FloatArray | null = null): void {
  const n = native();
  if (n) return n.attentionForward!(q, k, v, m1, m2, out, meta, keep);
  const g = geom(meta);
  const { L, S, Ev } = g;
  const P = new Float64Array(L * S);
  for (let b = 0; b < g.BH; b++) {
    probs(g, q, k, m1, m2, b, P);
    const vo = off(g, 2, b), vr = rs(g, 2), vc = cs(g, 2), oo = off(g, 5, b), or = rs(g, 5), oc = cs(g, 5);
    for (let i = 0; i < L; i++) {
      for (let c = 0; c < Ev; c++) {
        let s = 0;
        for (let j = 0; j < S; j++) s += P[i * S + j] * v[vo + j * vr + c * vc];
        out[oo + i * or + c * oc] = s;
      }
    }
  }
}

/**
 * dq, dk, dv += the gradients of attention for dOut (slot o); see the file comment for meta.
 * `kept`: the probabilities attentionForward left in its `keep` (native only), else null.
 */
export function attentionBackward(q: FloatArray, k: FloatArray, v: FloatArray, m1: FloatArray | null, m2: FloatArray | null, dOut: FloatArray,
  dq: FloatArray, dk: FloatArray, dv: FloatArray, meta: Float64Array, kept: FloatArray | null = null): void {
  const n = native();
  if (n) return n.attentionBackward!(q, k, v, m1, m2, dOut, dq, dk, dv, meta, kept);
  const g = geom(meta);
  const { L, S, E, Ev } = g;
  const P = new Float64Array(L * S), dS = new Float64Array(L * S);
  for (let b = 0; b < g.BH; b++) {
    probs(g, q, k, m1, m2, b, P);
    const at = (s: number) => [off(g, s, b), rs(g, s), cs(g, s)];
    const [qo, qr, qc] = at(0), [ko, kr, kc] = at(1), [vo, vr, vc] = at(2), [oo, or, oc] = at(5);
    const [dqo, dqr, dqc] = at(6), [dko, dkr, dkc] = at(7), [dvo, dvr, dvc] = at(8);
    for (let j = 0; j < S; j++) {
      for (let c = 0; c < Ev; c++) {
        let s = 0;
        for (let i = 0; i < L; i++) s += P[i * S + j] * dOut[oo + i * or + c * oc];
        dv[dvo + j * dvr + c * dvc] += s;
      }
    }
    for (let i = 0; i < L; i++) {
      let row = 0;
      for (let j = 0; j < S; j++) {
        let s = 0;
        for (let c = 0; c < Ev; c++) s += dOut[oo + i * or + c * oc] * v[vo + j * vr + c * vc];
        dS[i * S + j] = s;
        row += s * P[i * S + j];
      }
      for (let j = 0; j < S; j++) {
        const masked = (g.causal && j > i) || (g.select1 && m1 !== null && m1[off(g, 3, b) + i * rs(g, 3) + j * cs(g, 3)] === -Infinity);
        dS[i * S + j] = masked ? 0 : P[i * S + j] * (dS[i * S + j] - row);
      }
    }
    for (let i = 0; i < L; i++) {
      for (let e = 0; e < E; e++) {
        let s = 0;
        for (let j = 0; j < S; j++) s += dS[i * S + j] * k[ko + j * kr + e * kc];
        dq[dqo + i * dqr + e * dqc] += g.scale * s;
      }
    }
    for (let j = 0; j < S; j++) {
      for (let e = 0; e < E; e++) {
        let s = 0;
        for (let i = 0; i < L; i++) s += dS[i * S + j] * q[qo + i * qr + e * qc];
        dk[dko + j * dkr + e * dkc] += g.scale * s;
      }
    }
  }
}

import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { activeAddon } from '../backend/index.js';
import type { NativeAddon } from '../backend/native/load.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { clone, contiguous } from '../ops/cast.js';
import { narrow, select } from '../ops/movement.js';
import type { RecurrenceResult } from './rnn-kernels.js';

// One LSTM or GRU layer in one direction through the native whole-sequence kernels
// (src/backend/native/cpp/rnn.cc): the forward is one call (input projection as one GEMM, then
// per step the recurrent GEMM against a once-packed W_hh and the fused gate math), recorded as
// ONE autograd node (for the LSTM its output packs the hidden states and the final cell state);
// the backward is one call too (fused gate gradients per step, then the weight gradients as one
// GEMM each). First-order only, like the js fused recurrence (rnn-kernels.ts), which every
// other case uses.

type FloatArr = Float32Array | Float64Array;
type LstmKernel = Required<Pick<NativeAddon, 'lstmForward' | 'lstmBackward'>>;
type GruKernel = Required<Pick<NativeAddon, 'gruForward' | 'gruBackward'>>;
/** The addon's kernels for one mode. */
export type RecurrentKernel = { mode: 'LSTM'; k: LstmKernel } | { mode: 'GRU'; k: GruKernel };

let enabled = true;

/** Turns the native recurrent kernels off (or back on); for tests comparing them with the js path. */
export function setNativeRecurrence(on: boolean): void {
  enabled = on;
}

/** The addon's kernel for `mode` when the native backend is active and has one, else null. */
export function nativeRecurrentKernel(mode: string): RecurrentKernel | null {
  if (!enabled || (mode !== 'LSTM' && mode !== 'GRU')) return null;
  const a = activeAddon();
  if (!a) return null;
  if (mode === 'LSTM') return typeof a.lstmForward === 'function' && typeof a.lstmBackward === 'function' ? { mode, k: a as LstmKernel } : null;
  return typeof a.gruForward === 'function' && typeof a.gruBackward === 'function' ? { mode, k: a as GruKernel } : null;
}

export interface NativeLayerArgs {
  /** [T, B, I] time-major (any strides; copied when not contiguous). */
  x: Tensor;
  /** [G*H, I] and [G*H, H]: gates i, f, g, o (LSTM) or r, z, n (GRU). */
  wIh: Tensor;
  wHh: Tensor;
  /** [G*H] each, or null. */
  bIh: Tensor | null;
  bHh: Tensor | null;
  /** [B, H] initial states, or null for zeros (c0: LSTM only). */
  h0: Tensor | null;
  c0: Tensor | null;
  reverse: boolean;
}

// The saved activations (gates [T, B, 4H] and cell states [T, B, H], 10 MB per step for the
// char-LSTM benchmark) go back to a small pool once the backward has used them, so the next
// forward reuses them instead of allocating (and later garbage-collecting) fresh arrays. A buffer
// is owned by one forward (a token); if a retained graph is run again after its buffers were
// reused, the backward recomputes them (the forward is deterministic given the saved inputs).
const pool = new Map<string, FloatArr[]>();
const owner = new WeakMap<FloatArr, object>();
const POOL_CAP = 8; // buffers per size (a 2-layer bidirectional layer needs 4 of each)
const POOL_BYTES = 64 * 1024 * 1024; // all sizes together; other sizes are dropped to make room
let pooledBytes = 0;

function acquire(dtype: 'float32' | 'float64', n: number, token: object): FloatArr {
  const buf = pool.get(dtype + n)?.pop();
  if (buf) pooledBytes -= buf.byteLength;
  const out = buf ?? (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
  owner.set(out, token);
  return out;
}

function release(buf: FloatArr, token: object): void {
  if (owner.get(buf) !== token) return;
  owner.delete(buf);
  const key = (buf instanceof Float32Array ? 'float32' : 'float64') + buf.length;
  if (pooledBytes + buf.byteLength > POOL_BYTES) {
    // Sequence lengths or batch sizes changed: forget the other sizes' buffers.
    for (const [k, list] of pool) {
      if (k === key) continue;
      for (const b of list) pooledBytes -= b.byteLength;
      pool.delete(k);
    }
  }
  const free = pool.get(key) ?? [];
  if (free.length >= POOL_CAP || pooledBytes + buf.byteLength > POOL_BYTES) return;
  free.push(buf);
  pooledBytes += buf.byteLength;
  pool.set(key, free);
}

/** Contiguous values of a float tensor (a view of its storage when it is contiguous). */
function raw(t: Tensor): FloatArr {
  return t.dataSync() as FloatArr;
}

/** Runs one layer-direction; output [T, B, H], hN [B, H] and (LSTM) cN [B, H], as the js recurrence. */
export function nativeRecurrentLayer(kern: RecurrentKernel, a: NativeLayerArgs): RecurrenceResult {
  const lstm = kern.mode === 'LSTM';
  const x = contiguous(a.x);
  const [T, B, I] = x.shape;
  const H = a.wHh.shape[1], G = (lstm ? 4 : 3) * H;
  const dtype = x.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') throw new ValueError(`${kern.mode}: the native kernel takes float32 or float64, got ${dtype}`);
  // Saved: the activated gates, and the cell states (LSTM) or W_hn h + b_hn (GRU).
  const token = {};
  let gates = acquire(dtype, T * B * G, token), aux = acquire(dtype, T * B * H, token);
  // LSTM: the hidden states by time, then the final cell state; GRU: the hidden states.
  const all = Tensor.empty([lstm ? T + 1 : T, B, H], dtype);
  const out = all.storage as FloatArr;
  const dims = new Float64Array([T, B, I, H, a.reverse ? 1 : 0]);
  const { wIh, wHh, bIh, bHh, h0 } = a;
  const c0 = lstm ? a.c0 : null;
  const xd = raw(x), wIhD = raw(wIh), wHhD = raw(wHh);
  const h0D = h0 ? raw(h0) : null, c0D = c0 ? raw(c0) : null;
  const bIhD = bIh ? raw(bIh) : null, bHhD = bHh ? raw(bHh) : null;
  const forward = (): void => {
    if (kern.mode === 'LSTM') kern.k.lstmForward(dims, xd, wIhD, wHhD, bIhD, bHhD, h0D, c0D, gates, aux, out);
    else kern.k.gruForward(dims, xd, wIhD, wHhD, bIhD, bHhD, h0D, gates, aux, out);
  };
  forward();
  const inputs = [x, wIh, wHh, bIh, bHh, h0, c0];
  if (!inputs.some((t) => t?.requiresGrad) || !isGradEnabled()) {
    release(gates, token);
    release(aux, token);
  }
  const node = record(lstm ? 'lstmLayer' : 'gruLayer', inputs, all, (g) => {
    if (isGradEnabled()) {
      throw new ValueError(`${kern.mode}: the fused recurrence is differentiable once only; higher-order gradients (createGraph) through RNN/LSTM/GRU layers are not supported`);
    }
    if (owner.get(gates) !== token || owner.get(aux) !== token) {
      // Run again after the buffers went back to the pool: recompute them (this also rewrites
      // `out`, with the same values).
      gates = acquire(dtype, T * B * G, token);
      aux = acquire(dtype, T * B * H, token);
      forward();
    }
    const empty = (shape: number[], want: boolean | undefined): Tensor | null => (want ? Tensor.empty(shape, dtype) : null);
    const st = (t: Tensor | null): FloatArr | null => (t ? (t.storage as FloatArr) : null);
    const dx = empty([T, B, I], x.requiresGrad);
    const dWih = Tensor.empty([G, I], dtype), dWhh = Tensor.empty([G, H], dtype);
    const dh0 = empty([B, H], h0?.requiresGrad);
    let dBih: Tensor | null, dBhh: Tensor | null, dc0: Tensor | null = null;
    if (kern.mode === 'LSTM') {
      const dB = empty([G], bIh?.requiresGrad || bHh?.requiresGrad);
      dc0 = empty([B, H], c0?.requiresGrad);
      kern.k.lstmBackward(dims, xd, wIhD, wHhD, h0D, c0D, gates, aux, out, raw(g), st(dx), dWih.storage as FloatArr, dWhh.storage as FloatArr, st(dB), st(dh0), st(dc0));
      // b_ih and b_hh get the same gradient; each its own tensor (gradients may be accumulated in place).
      dBih = bIh?.requiresGrad ? dB : null;
      dBhh = bHh?.requiresGrad ? (dBih && dB ? clone(dB) : dB) : null;
    } else {
      dBih = empty([G], bIh?.requiresGrad);
      dBhh = empty([G], bHh?.requiresGrad);
      kern.k.gruBackward(dims, xd, wIhD, wHhD, h0D, gates, aux, out, raw(g), st(dx), dWih.storage as FloatArr, dWhh.storage as FloatArr, st(dBih), st(dBhh), st(dh0));
    }
    release(gates, token);
    release(aux, token);
    return [dx, wIh.requiresGrad ? dWih : null, wHh.requiresGrad ? dWhh : null, dBih, dBhh, dh0, dc0];
  });
  const hN = select(node, 0, a.reverse ? 0 : T - 1);
  if (!lstm) return { output: node, hN, cN: null };
  return { output: narrow(node, 0, 0, T), hN, cN: select(node, 0, T) }; // output [T, B, H]
}

import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { getBackend } from '../backend/index.js';
import { loadNative, type NativeAddon } from '../backend/native/load.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { clone, contiguous } from '../ops/cast.js';
import { narrow, select } from '../ops/movement.js';
import type { RecurrenceResult } from './rnn-kernels.js';

// One LSTM layer in one direction through the native whole-sequence kernel
// (src/backend/native/cpp/rnn.cc): the forward is one call (input projection as one GEMM, then
// per step the recurrent GEMM against a once-packed W_hh and the fused gate math), recorded as
// ONE autograd node whose output packs the hidden states and the final cell state; the backward
// is one call too (fused gate gradients per step, then the weight gradients as one GEMM each).
// First-order only, like the js fused recurrence (rnn-kernels.ts), which every other case uses.

type FloatArr = Float32Array | Float64Array;
type LstmKernel = Required<Pick<NativeAddon, 'lstmForward' | 'lstmBackward'>>;

let enabled = true;

/** Turns the native LSTM kernel off (or back on); for tests comparing it with the js path. */
export function setNativeLstm(on: boolean): void {
  enabled = on;
}

/** The addon's LSTM kernel when the native backend is active and has one, else null. */
export function nativeLstmKernel(): LstmKernel | null {
  if (!enabled || getBackend() !== 'native') return null;
  const r = loadNative();
  if (!('addon' in r)) return null;
  const a = r.addon;
  return typeof a.lstmForward === 'function' && typeof a.lstmBackward === 'function' ? (a as LstmKernel) : null;
}

export interface NativeLstmArgs {
  /** [T, B, I] time-major (any strides; copied when not contiguous). */
  x: Tensor;
  /** [4H, I] and [4H, H], gates i, f, g, o. */
  wIh: Tensor;
  wHh: Tensor;
  /** [4H] each, or null. */
  bIh: Tensor | null;
  bHh: Tensor | null;
  /** [B, H] initial states, or null for zeros. */
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
const POOL_CAP = 4;

function acquire(dtype: 'float32' | 'float64', n: number, token: object): FloatArr {
  const free = pool.get(dtype + n);
  const buf = free?.pop() ?? (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
  owner.set(buf, token);
  return buf;
}

function release(buf: FloatArr, token: object): void {
  if (owner.get(buf) !== token) return;
  owner.delete(buf);
  const key = (buf instanceof Float32Array ? 'float32' : 'float64') + buf.length;
  const free = pool.get(key) ?? [];
  if (free.length < POOL_CAP) free.push(buf);
  pool.set(key, free);
}

/** Contiguous values of a float tensor (a view of its storage when it is contiguous). */
function raw(t: Tensor): FloatArr {
  return t.dataSync() as FloatArr;
}

/** Runs one layer-direction; output [T, B, H], hN and cN [B, H] (as the js recurrence returns). */
export function nativeLstmLayer(k: LstmKernel, a: NativeLstmArgs): RecurrenceResult {
  const x = contiguous(a.x);
  const [T, B, I] = x.shape;
  const H = a.wHh.shape[1], G = 4 * H;
  const dtype = x.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') throw new ValueError(`LSTM: the native kernel takes float32 or float64, got ${dtype}`);
  const token = {};
  let gates = acquire(dtype, T * B * G, token), cs = acquire(dtype, T * B * H, token);
  const all = Tensor.empty([T + 1, B, H], dtype); // hidden states by time, then the final cell state
  const out = all.storage as FloatArr;
  const dims = new Float64Array([T, B, I, H, a.reverse ? 1 : 0]);
  const { wIh, wHh, bIh, bHh, h0, c0 } = a;
  const xd = raw(x), wIhD = raw(wIh), wHhD = raw(wHh);
  const h0D = h0 ? raw(h0) : null, c0D = c0 ? raw(c0) : null;
  const bIhD = bIh ? raw(bIh) : null, bHhD = bHh ? raw(bHh) : null;
  k.lstmForward(dims, xd, wIhD, wHhD, bIhD, bHhD, h0D, c0D, gates, cs, out);
  const inputs = [x, wIh, wHh, bIh, bHh, h0, c0];
  if (!inputs.some((t) => t?.requiresGrad) || !isGradEnabled()) {
    release(gates, token);
    release(cs, token);
  }
  const node = record('lstmLayer', inputs, all, (g) => {
    if (isGradEnabled()) {
      throw new ValueError('LSTM: the fused recurrence is differentiable once only; higher-order gradients (createGraph) through RNN/LSTM/GRU layers are not supported');
    }
    if (owner.get(gates) !== token || owner.get(cs) !== token) {
      // Run again after the buffers went back to the pool: recompute them (into fresh arrays,
      // which also refreshes `out` with the same values).
      gates = acquire(dtype, T * B * G, token);
      cs = acquire(dtype, T * B * H, token);
      k.lstmForward(dims, xd, wIhD, wHhD, bIhD, bHhD, h0D, c0D, gates, cs, out);
    }
    const empty = (shape: number[], want: boolean | undefined): Tensor | null => (want ? Tensor.empty(shape, dtype) : null);
    const dx = empty([T, B, I], x.requiresGrad);
    const dWih = Tensor.empty([G, I], dtype), dWhh = Tensor.empty([G, H], dtype);
    const dB = empty([G], bIh?.requiresGrad || bHh?.requiresGrad);
    const dh0 = empty([B, H], h0?.requiresGrad), dc0 = empty([B, H], c0?.requiresGrad);
    const st = (t: Tensor | null): FloatArr | null => (t ? (t.storage as FloatArr) : null);
    k.lstmBackward(dims, xd, wIhD, wHhD, h0D, c0D, gates, cs, out, raw(g), st(dx), dWih.storage as FloatArr, dWhh.storage as FloatArr, st(dB), st(dh0), st(dc0));
    release(gates, token);
    release(cs, token);
    // b_ih and b_hh get the same gradient; each its own tensor (gradients may be accumulated in place).
    const dBih = bIh?.requiresGrad ? dB : null;
    const dBhh = bHh?.requiresGrad ? (dBih && dB ? clone(dB) : dB) : null;
    return [dx, wIh.requiresGrad ? dWih : null, wHh.requiresGrad ? dWhh : null, dBih, dBhh, dh0, dc0];
  });
  const output = narrow(node, 0, 0, T); // [T, B, H]
  return { output, hN: select(node, 0, a.reverse ? 0 : T - 1), cN: select(node, 0, T) };
}

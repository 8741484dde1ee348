import { Tensor } from '../../tensor/tensor.js';
import { isFloat } from '../../tensor/dtype.js';
import { normalizeDim, numel } from '../../tensor/shape.js';
import { ValueError } from '../../tensor/errors.js';
import { backend } from '../../backend/index.js';
import { record } from '../../autograd/record.js';
import { rawCast } from '../cast.js';
import { div, mul, sub } from '../binary.js';
import { exp } from '../unary.js';
import { sum } from '../reduce.js';
import { bindMethods } from '../bind.js';
import { isGradEnabled } from '../../autograd/grad-mode.js';
import { binaryInto, binary_, scratchBinary } from '../scratch.js';

/** Options of softmax and logSoftmax. */
export interface SoftmaxOptions {
  /** Divides the logits by this before normalising: softmax(x / temperature). Default 1. */
  temperature?: number;
}

/** Runs the softmax kernel along dim d over the [outer, n, inner] layout of x; no graph. */
function softmaxRaw(x: Tensor, d: number, log: boolean): Tensor {
  const src = rawCast(x, isFloat(x.dtype) ? x.dtype : 'float32');
  const outer = numel(x.shape.slice(0, d));
  const n = x.ndim === 0 ? 1 : x.shape[d];
  const inner = numel(x.shape.slice(d + 1));
  const out = Tensor.empty(x.shape, src.dtype);
  if (out.numel() > 0) backend().softmax(src.dataSync(), outer, n, inner, out.storage, log);
  return out;
}

function withTemperature(op: string, x: Tensor, opts: SoftmaxOptions): Tensor {
  const t = opts.temperature ?? 1;
  if (!(t > 0) || !Number.isFinite(t)) throw new ValueError(`${op}: temperature must be a positive finite number, got ${t}`);
  return t === 1 ? x : div(x, t);
}

/**
 * Softmax along `dim`: exp(x) / sum(exp(x)), computed stably (the row max is subtracted first).
 * A row that holds a NaN becomes NaN; -Infinity logits get probability 0.
 *
 * ```ts
 * nb.softmax(nb.tensor([[1, 2, 3]]), -1); // [[0.0900, 0.2447, 0.6652]]
 * nb.softmax(logits, -1, { temperature: 0.5 }); // sharper
 * ```
 */
export function softmax(x: Tensor, dim: number, opts: SoftmaxOptions = {}): Tensor {
  const d = normalizeDim('softmax', dim, x.ndim);
  const xt = withTemperature('softmax', x, opts);
  const out = softmaxRaw(xt, d, false);
  // dy -> y * (g - sum(g * y)): written with tensor ops, so it is differentiable again.
  return record('softmax', [xt], out, (g) => {
    if (isGradEnabled() || g.dtype !== out.dtype) return [mul(out, sub(g, sum(mul(g, out), d, true)))];
    // First-order backward (no createGraph): the same steps through one scratch buffer.
    const t = scratchBinary('mul', g, out);
    const s = sum(t, d, true);
    return [binary_('mul', binaryInto('sub', g, s, t), out)]; // out ⊙ (g - Σ g ⊙ out)
  });
}

/** log(softmax(x)) along `dim`, computed as x - max - log(sum(exp(x - max))). */
export function logSoftmax(x: Tensor, dim: number, opts: SoftmaxOptions = {}): Tensor {
  const d = normalizeDim('logSoftmax', dim, x.ndim);
  const xt = withTemperature('logSoftmax', x, opts);
  const out = softmaxRaw(xt, d, true);
  return record('logSoftmax', [xt], out, (g) => [sub(g, mul(exp(out), sum(g, d, true)))]);
}

declare module '../../tensor/tensor.js' {
  interface Tensor {
    softmax(dim: number, opts?: SoftmaxOptions): Tensor;
    logSoftmax(dim: number, opts?: SoftmaxOptions): Tensor;
  }
}

bindMethods({ softmax, logSoftmax });

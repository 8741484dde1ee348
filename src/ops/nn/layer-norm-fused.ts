import { Tensor } from '../../tensor/tensor.js';
import { allocStorage } from '../../tensor/dtype.js';
import { record } from '../../autograd/record.js';
import { markFreshGradient } from '../../autograd/fresh.js';
import { isGradEnabled } from '../../autograd/grad-mode.js';
import { grad } from '../../autograd/engine.js';
import { layerNormBackward, layerNormForward } from './norm-kernel.js';

// layerNorm as ONE autograd node: the forward kernel saves the per-row mean and 1/std, the
// first-order backward gives dx, dweight and dbias in one pass (./norm-kernel.ts, native when
// available). With createGraph the backward differentiates `composite` (the same function from
// differentiable ops), so higher-order gradients still work.

type FloatArray = Float32Array | Float64Array;

/** Whether the fused node applies: float x, and weight/bias (if any) of x's dtype. */
export function canFuseLayerNorm(x: Tensor, weight: Tensor | null, bias: Tensor | null): boolean {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') return false;
  if ((weight && weight.dtype !== x.dtype) || (bias && bias.dtype !== x.dtype)) return false;
  return x.numel() > 0;
}

/** Normalises x over its last `n` elements (n = numel(normalizedShape)); see layerNorm. */
export function fusedLayerNorm(x: Tensor, weight: Tensor | null, bias: Tensor | null, n: number, eps: number,
  composite: (x: Tensor, w: Tensor | null, b: Tensor | null) => Tensor): Tensor {
  const dtype = x.dtype;
  const numel = x.numel(), rows = numel / n;
  const data = (t: Tensor | null): FloatArray | null => (t ? (t.dataSync() as FloatArray) : null);
  const xs = x.dataSync() as FloatArray; // a contiguous view (or copy) of x's values
  const w = data(weight), b = data(bias);
  const out = new Tensor(allocStorage(dtype, numel), x.shape, dtype);
  const mean = allocStorage(dtype, rows) as FloatArray, rstd = allocStorage(dtype, rows) as FloatArray;
  layerNormForward(xs, w, b, out.storage as FloatArray, mean, rstd, rows, n, eps);
  return record('layerNorm', [x, weight, bias], out, (g) => {
    if (isGradEnabled()) {
      const ins = [x, weight, bias];
      const want = ins.filter((t): t is Tensor => !!t && t.requiresGrad);
      const gw = grad(composite(x, weight, bias), want, { gradOutputs: g, createGraph: true, retainGraph: true, allowUnused: true });
      return ins.map((t) => (t && t.requiresGrad ? gw[want.indexOf(t)] : null));
    }
    const gs = g.dataSync() as FloatArray;
    const dx = new Tensor(allocStorage(dtype, numel), x.shape, dtype);
    const dw = weight?.requiresGrad ? new Tensor(allocStorage(dtype, n), weight.shape, dtype) : null;
    const db = bias?.requiresGrad ? new Tensor(allocStorage(dtype, n), bias.shape, dtype) : null;
    layerNormBackward(gs, xs, mean, rstd, w, dx.storage as FloatArray, (dw?.storage ?? null) as FloatArray | null, (db?.storage ?? null) as FloatArray | null, rows, n);
    return [markFreshGradient(dx), dw, db]; // dx: a new buffer only this rule has seen
  });
}

import { Tensor } from '../tensor/tensor.js';
import { allocStorage, toFloatDType } from '../tensor/dtype.js';
import { normalizeDims, numel } from '../tensor/shape.js';
import { backend } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { exp } from './unary.js';
import { mul, sub } from './binary.js';
import { reducedShape, expandReduced, type Dims } from './reduce.js';
import { reshape } from './movement.js';
import { bindMethods } from './bind.js';

/**
 * log(sum(exp(x))) over `dim` (one or several dims), computed stably: the row maximum is
 * subtracted before exponentiating, so large values do not overflow, a row of -inf gives -inf
 * (not NaN) and a size-0 dim gives -inf. Integer inputs compute in float32.
 *
 * The gradient is g · softmax(x) = g · exp(x - logsumexp(x)), written with tensor ops (so it is
 * differentiable again). As in PyTorch, a row that is all -inf has a NaN gradient.
 *
 * ```ts
 * nb.logsumexp(nb.tensor([[1000, 1000]]), 1); // tensor([1000.6931])
 * ```
 */
export function logsumexp(x: Tensor, dim: Dims, keepdim = false): Tensor {
  const dims = normalizeDims('logsumexp', dim, x.ndim);
  const dt = toFloatDType(x.dtype);
  // Move the reduced dims last and pack into a contiguous [outer, n] buffer for the kernel.
  const kept = x.shape.map((_, d) => d).filter((d) => !dims.includes(d));
  const perm = [...kept, ...dims];
  const permShape = perm.map((d) => x.shape[d]);
  const outer = numel(kept.map((d) => x.shape[d]));
  const n = numel(dims.map((d) => x.shape[d]));
  const packed = allocStorage(dt, outer * n);
  backend().copy({ data: x.storage, shape: permShape, strides: perm.map((d) => x.strides[d]), offset: x.offset }, packed);
  const shape = reducedShape(x.shape, dims, keepdim);
  const out = new Tensor(allocStorage(dt, outer), shape, dt);
  backend().logsumexp(packed, outer, n, 1, out.storage);
  return record('logsumexp', [x], out, (g) => {
    // (kept..., 1...) so that it broadcasts against x
    const lse = keepdim ? out : reshape(out, reducedShape(x.shape, dims, true));
    return [mul(expandReduced(g, x.shape, dims, keepdim), exp(sub(x, lse)))];
  });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    logsumexp(dim: Dims, keepdim?: boolean): Tensor;
  }
}

bindMethods({ logsumexp });

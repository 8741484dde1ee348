import { Tensor } from '../tensor/tensor.js';
import { allocStorage, isFloat, type DType, type TypedArray } from '../tensor/dtype.js';
import { normalizeDim, numel } from '../tensor/shape.js';
import { backend } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { viewOf } from './util.js';
import { div, mul } from './binary.js';
import { bindMethods } from './bind.js';

// Cumulative sums and products along one dim (the backend's inclusive scan kernel).

/** A contiguous copy of x in `dtype`, with its [outer, n, inner] split around `dim`. */
function packAround(x: Tensor, dim: number, dtype: DType): { data: TypedArray; outer: number; n: number; inner: number } {
  const data = allocStorage(dtype, x.numel());
  backend().copy(viewOf(x), data);
  if (x.ndim === 0) return { data, outer: 1, n: 1, inner: 1 };
  return { data, outer: numel(x.shape.slice(0, dim)), n: x.shape[dim], inner: numel(x.shape.slice(dim + 1)) };
}

/** Reverses the middle axis of a contiguous [outer, n, inner] array in place. */
function reverseMiddle(a: TypedArray, outer: number, n: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < n >> 1; k++) {
      const p = (o * n + k) * inner, q = (o * n + n - 1 - k) * inner;
      for (let i = 0; i < inner; i++) { const t = a[p + i]; a[p + i] = a[q + i]; a[q + i] = t; }
    }
  }
}

function scanRaw(op: 'sum' | 'prod', x: Tensor, dim: number, reverse: boolean): Tensor {
  const dt: DType = isFloat(x.dtype) ? x.dtype : 'int32'; // ints and bools accumulate in int32 (PyTorch: int64)
  const { data, outer, n, inner } = packAround(x, dim, dt);
  const out = new Tensor(allocStorage(dt, data.length), x.shape, dt);
  if (reverse) reverseMiddle(data, outer, n, inner);
  backend().scan(op, data, outer, n, inner, out.storage);
  if (reverse) reverseMiddle(out.storage, outer, n, inner);
  return out;
}

/**
 * Cumulative sum along dim: out[i] = x[0] + ... + x[i]. Integers and bools give int32.
 * The gradient is the reverse cumulative sum of g (itself differentiable).
 *
 * ```ts
 * nb.cumsum(nb.tensor([1, 2, 3]), 0); // tensor([1., 3., 6.])
 * ```
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('cumsum', dim, x.ndim);
  const out = scanRaw('sum', x, d, false);
  return record('cumsum', [x], out, (g) => [reverseCumsum(g, d)]);
}

/** out[i] = x[i] + ... + x[n-1] along dim: the adjoint of cumsum (and the other way round). */
function reverseCumsum(x: Tensor, d: number): Tensor {
  const out = scanRaw('sum', x, d, true);
  return record('reverseCumsum', [x], out, (g) => [cumsum(g, d)]);
}

/**
 * Cumulative product along dim: out[i] = x[0] · ... · x[i].
 *
 * Gradient: where x has no zeros, revcumsum(g · out) / x, written with tensor ops (so
 * differentiable again). Where x has zeros the division is not possible; the gradient is then
 * computed exactly by a direct O(n) pass per row (as PyTorch does) and is first-order only:
 * createGraph through cumprod of an input that contains zeros gives no second derivative.
 */
export function cumprod(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('cumprod', dim, x.ndim);
  const out = scanRaw('prod', x, d, false);
  return record('cumprod', [x], out, (g) => {
    const xs = x.dataSync();
    let hasZero = false;
    for (let i = 0; i < xs.length; i++) if (xs[i] === 0) { hasZero = true; break; }
    if (!hasZero) return [div(reverseCumsum(mul(g, out), d), x)];
    return [cumprodGradWithZeros(x, g, d)];
  });
}

/**
 * d/dx_i of sum_j g_j · prod_{k<=j} x_k, per row, when the row may contain zeros. With z the
 * first zero: before z the usual revcumsum(g · out)_i / x_i (x_i is nonzero there); at z the
 * product of the others, prod_{k<z} x_k · sum_{j>=z} g_j · prod_{z<k<=j} x_k; after z, 0.
 */
function cumprodGradWithZeros(x: Tensor, g: Tensor, dim: number): Tensor {
  const xp = packAround(x, dim, 'float64');
  const gp = packAround(g, dim, 'float64');
  const { outer, n, inner } = xp;
  const res = new Tensor(allocStorage(x.dtype, x.numel()), x.shape, x.dtype);
  const go = new Float64Array(n); // g_j · out_j along the row
  for (let o = 0; o < outer; o++) {
    for (let i0 = 0; i0 < inner; i0++) {
      const at = (k: number): number => (o * n + k) * inner + i0;
      let z = n, prefix = 1;
      for (let k = 0; k < n; k++) {
        if (xp.data[at(k)] === 0) { z = k; break; }
        prefix *= xp.data[at(k)];
        go[k] = gp.data[at(k)] * prefix;
      }
      let suffix = 0;
      for (let k = z - 1; k >= 0; k--) { suffix += go[k]; res.storage[at(k)] = suffix / xp.data[at(k)]; }
      if (z === n) continue;
      let acc = 0, run = prefix; // prefix = prod_{k<z} x_k
      for (let j = z; j < n; j++) {
        if (j > z) run *= xp.data[at(j)];
        acc += gp.data[at(j)] * run;
      }
      res.storage[at(z)] = acc;
    }
  }
  return res;
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    cumsum(dim: number): Tensor;
    cumprod(dim: number): Tensor;
  }
}

bindMethods({ cumsum, cumprod });

import type { Tensor } from '../tensor/tensor.js';
import { assertFloat } from '../tensor/dtype.js';
import { normalizeDims } from '../tensor/shape.js';
import { ValueError } from '../tensor/errors.js';
import { record } from '../autograd/record.js';
import { noGrad } from '../autograd/grad-mode.js';
import { div, eq, mul, sub, where } from './binary.js';
import { sqrt } from './unary.js';
import { expandReduced, mean, reducedShape, sum, type Dims } from './reduce.js';
import { reshape } from './movement.js';
import { bindMethods } from './bind.js';

/** Keyword options of var/std (PyTorch's keyword-only `correction` and `keepdim`, and the older `unbiased`). */
export interface VarOptions {
  /** Subtracted from the sample count in the divisor: 1 (default) is Bessel's correction, 0 the population variance. */
  correction?: number;
  /** The older form: true is correction 1, false is correction 0. */
  unbiased?: boolean;
  keepdim?: boolean;
}

/**
 * Reads PyTorch's call forms: `var(x)`, `var(x, unbiased)`, `var(x, dim, { correction, keepdim })`,
 * `var(x, dim, unbiased, keepdim)`.
 */
function parseArgs(op: string, x: Tensor, dim: Dims | boolean | null | undefined, opts: VarOptions | boolean | undefined, keepdimArg: boolean | undefined) {
  assertFloat(op, x.dtype);
  let o: VarOptions = {};
  if (typeof dim === 'boolean') { o.unbiased = dim; dim = undefined; }
  if (typeof opts === 'boolean') o = { ...o, unbiased: opts, keepdim: keepdimArg };
  else if (opts) o = { ...o, ...opts };
  if (o.correction !== undefined && o.unbiased !== undefined) {
    throw new ValueError(`${op}: pass either correction or unbiased, not both`);
  }
  const correction = o.correction ?? (o.unbiased === false ? 0 : 1);
  const dims = normalizeDims(op, dim ?? undefined, x.ndim);
  return { dims, correction, keepdim: o.keepdim ?? false };
}

/** Var/std along dims: sum((x - mean)²) / max(0, N - correction). Two passes, for accuracy. */
function variance(x: Tensor, dims: number[], correction: number, keepdim: boolean): Tensor {
  let n = 1;
  for (const d of dims) n *= x.shape[d];
  const centered = sub(x, mean(x, dims, true));
  const ss = sum(mul(centered, centered), dims, keepdim);
  // PyTorch divides by max(0, N - correction): one sample with correction 1 gives 0/0 = NaN.
  return div(ss, Math.max(0, n - correction));
}

/**
 * Variance over all elements or the given dims; float dtypes only. The gradient is written with
 * tensor ops (so it is differentiable again).
 *
 * ```ts
 * nb.var(x);                                  // unbiased, all elements
 * nb.var(x, 1, { correction: 0, keepdim: true });
 * nb.var(x, [0, 2], false);                   // PyTorch's unbiased=False form
 * ```
 */
export function var_(x: Tensor, dim?: Dims | boolean | null, opts?: VarOptions | boolean, keepdim?: boolean): Tensor {
  const a = parseArgs('var', x, dim, opts, keepdim);
  return variance(x, a.dims, a.correction, a.keepdim);
}

/**
 * Standard deviation: sqrt of `var` with the same arguments. Where the deviation is 0 the
 * gradient is 0 (as PyTorch), not the NaN that differentiating sqrt at 0 would give.
 */
export function std(x: Tensor, dim?: Dims | boolean | null, opts?: VarOptions | boolean, keepdim?: boolean): Tensor {
  const a = parseArgs('std', x, dim, opts, keepdim);
  return stdOf(x, a.dims, a.correction, a.keepdim);
}

function stdOf(x: Tensor, dims: number[], correction: number, keepdim: boolean): Tensor {
  const out = noGrad(() => sqrt(variance(x, dims, correction, keepdim)));
  return record('std', [x], out, (g) => {
    // d std / dx = (x - mean) / ((N - correction) std); a zero std means x - mean is 0 there.
    let n = 1;
    for (const d of dims) n *= x.shape[d];
    const outK = keepdim ? out : reshape(out, reducedShape(x.shape, dims, true));
    const safe = where(eq(outK, 0), 1, outK);
    const centered = sub(x, mean(x, dims, true));
    return [mul(expandReduced(g, x.shape, dims, keepdim), div(centered, mul(safe, Math.max(0, n - correction))))];
  });
}

/** `[var, mean]` sharing the arguments of `var` (PyTorch's `var_mean`). */
export function varMean(x: Tensor, dim?: Dims | boolean | null, opts?: VarOptions | boolean, keepdim?: boolean): [Tensor, Tensor] {
  const a = parseArgs('varMean', x, dim, opts, keepdim);
  return [variance(x, a.dims, a.correction, a.keepdim), mean(x, a.dims, a.keepdim)];
}

/** `[std, mean]` sharing the arguments of `std` (PyTorch's `std_mean`). */
export function stdMean(x: Tensor, dim?: Dims | boolean | null, opts?: VarOptions | boolean, keepdim?: boolean): [Tensor, Tensor] {
  const a = parseArgs('stdMean', x, dim, opts, keepdim);
  return [stdOf(x, a.dims, a.correction, a.keepdim), mean(x, a.dims, a.keepdim)];
}

export { var_ as var };

declare module '../tensor/tensor.js' {
  interface Tensor {
    var(dim?: Dims | boolean | null, opts?: VarOptions | boolean, keepdim?: boolean): Tensor;
    std(dim?: Dims | boolean | null, opts?: VarOptions | boolean, keepdim?: boolean): Tensor;
  }
}

bindMethods({ var: var_, std });

import type { Tensor } from '../tensor/tensor.js';
import { assertFloat } from '../tensor/dtype.js';
import { normalizeDims } from '../tensor/shape.js';
import { ValueError } from '../tensor/errors.js';
import { record } from '../autograd/record.js';
import { noGrad } from '../autograd/grad-mode.js';
import { div, eq, mul, ne, where } from './binary.js';
import { abs, powScalar, sign, sqrt } from './unary.js';
import { expandReduced, reducedShape, sum, type Dims } from './reduce.js';
import { amax, amin } from './extrema.js';
import { reshape } from './movement.js';
import { bindMethods } from './bind.js';

/** The order of a norm: any p >= 0, ±Infinity, or 'fro' (the 2-norm of all entries in `dim`). */
export type NormOrd = number | 'fro';

/**
 * The p-norm of x over all elements or over `dim` (one or several dims), PyTorch's `torch.norm`:
 * p = 2 / 'fro' → sqrt(Σ x²); 1 → Σ|x|; Infinity → max|x|; -Infinity → min|x|; 0 → number of
 * nonzeros; any other p > 0 → (Σ|x|^p)^(1/p). Float dtypes only.
 *
 * Gradients are written with tensor ops. At a zero norm the gradient is 0 (PyTorch's
 * subgradient), not NaN; for ±Infinity, ties share the gradient evenly.
 *
 * ```ts
 * nb.norm(nb.tensor([3, 4]));           // tensor(5.)
 * nb.norm(x, 1, -1, true);              // L1 norm of each row, kept as [.., 1]
 * ```
 */
export function norm(x: Tensor, p: NormOrd = 'fro', dim?: Dims | null, keepdim = false): Tensor {
  assertFloat('norm', x.dtype);
  const dims = normalizeDims('norm', dim ?? undefined, x.ndim);
  if (p === 'fro') p = 2;
  if (typeof p !== 'number' || Number.isNaN(p) || (p < 0 && p !== -Infinity)) {
    throw new ValueError(`norm: unsupported order p=${String(p)}; expected a number >= 0, Infinity, -Infinity or 'fro'`);
  }
  if (p === 1) return sum(abs(x), dims, keepdim);
  if (p === 0) return sum(ne(x, 0), dims, keepdim).to(x.dtype);
  // max|x| / min|x|: amax/amin share the gradient among ties, as PyTorch's norm does
  if (p === Infinity) return amax(abs(x), dims, keepdim);
  if (p === -Infinity) return amin(abs(x), dims, keepdim);
  return pNorm(x, p, dims, keepdim);
}

/** (Σ|x|^p)^(1/p) with gradient g · sign(x) |x|^(p-1) / norm^(p-1), taken as 0 where the norm is 0. */
function pNorm(x: Tensor, p: number, dims: number[], keepdim: boolean): Tensor {
  const out = noGrad(() => (p === 2 ? sqrt(sum(mul(x, x), dims, keepdim)) : powScalar(sum(powScalar(abs(x), p), dims, keepdim), 1 / p)));
  return record(p === 2 ? 'norm2' : 'normP', [x], out, (g) => {
    const outK = keepdim ? out : reshape(out, reducedShape(x.shape, dims, true));
    const zero = eq(outK, 0);
    const safe = where(zero, 1, outK); // a zero norm means x is all zeros there: the gradient is 0
    const gk = expandReduced(g, x.shape, dims, keepdim);
    if (p === 2) return [mul(gk, div(x, safe))];
    const num = mul(sign(x), powScalar(abs(x), p - 1));
    return [mul(gk, div(num, powScalar(safe, p - 1)))];
  });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    norm(p?: NormOrd, dim?: Dims | null, keepdim?: boolean): Tensor;
  }
}

bindMethods({ norm });

import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { scalar } from '../tensor/creation.js';
import { noGrad } from '../autograd/grad-mode.js';
import { add, div, mul } from '../ops/binary.js';
import { abs, clamp } from '../ops/unary.js';
import { sum } from '../ops/reduce.js';
import { amax } from '../ops/extrema.js';
import { norm } from '../ops/norm.js';
import { stack } from '../ops/join.js';
import { castTo } from '../ops/cast.js';
import { copy_ } from '../ops/inplace.js';

function gradsOf(params: Tensor | Iterable<Tensor>): Tensor[] {
  const list = params instanceof Tensor ? [params] : [...params];
  return list.map((p) => p.grad).filter((g): g is Tensor => g !== null);
}

/**
 * Scales the gradients in place so that their joint norm (as if concatenated into one vector)
 * is at most maxNorm, and returns that total norm before clipping (PyTorch's
 * `clip_grad_norm_`): coef = min(1, maxNorm / (total + 1e-6)). normType is any p > 0, or
 * Infinity / 'inf' (max |g|). With errorIfNonfinite, a NaN or infinite total norm throws instead.
 *
 * ```ts
 * loss.backward();
 * const total = optim.clipGradNorm(model.parameters(), 1.0);
 * opt.step();
 * ```
 */
export function clipGradNorm(params: Tensor | Iterable<Tensor>, maxNorm: number, normType: number | 'inf' = 2, errorIfNonfinite = false): Tensor {
  if (normType === 'inf') normType = Infinity;
  if (typeof normType !== 'number' || !(normType > 0)) throw new ValueError(`clipGradNorm: normType must be a number > 0 or Infinity ('inf'), got ${String(normType)}`);
  const p = normType;
  const grads = gradsOf(params);
  if (grads.length === 0) return scalar(0);
  return noGrad(() => {
    const dtype = grads[0].dtype;
    let total: Tensor;
    if (p === Infinity) {
      const norms = grads.map((g) => castTo(amax(abs(g.detach())), dtype));
      total = norms.length === 1 ? norms[0] : amax(stack(norms));
    } else {
      total = norm(stack(grads.map((g) => castTo(norm(g.detach(), p), dtype))), p);
    }
    const t = Number(total.item());
    if (errorIfNonfinite && !Number.isFinite(t)) {
      throw new ValueError(
        `clipGradNorm: the total norm of order ${p} of the gradients is non-finite (${t}), so it cannot be clipped; ` +
        'pass errorIfNonfinite = false to scale the gradients by the non-finite norm anyway',
      );
    }
    const coef = clamp(div(maxNorm, add(total, 1e-6)), null, 1.0);
    for (const g of grads) copy_(g, mul(g, castTo(coef, g.dtype)));
    return total;
  });
}

/** Clamps every gradient in place to [-clipValue, clipValue] (PyTorch's `clip_grad_value_`). */
export function clipGradValue(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new ValueError(`clipGradValue: clipValue must be >= 0, got ${clipValue}`);
  noGrad(() => {
    for (const g of gradsOf(params)) copy_(g, clamp(g, -clipValue, clipValue));
  });
}

/**
 * The L1 penalty lambda · Σ|θ| over the given parameters, as a differentiable scalar to add to
 * the loss (PyTorch has no built-in; this is the usual `loss + l1 * sum(p.abs().sum())`).
 * For the L2 penalty use the optimizers' weightDecay (SGD/Adam add weightDecay · θ to the
 * gradient, the gradient of (weightDecay / 2) · Σθ²); AdamW decays the weights directly.
 *
 * ```ts
 * const loss = add(crossEntropy(model.forward(x), y), optim.l1Penalty(model.parameters(), 1e-4));
 * ```
 */
export function l1Penalty(params: Iterable<Tensor>, lambda: number): Tensor {
  let total: Tensor | null = null;
  for (const p of params) {
    const s = sum(abs(p));
    total = total === null ? s : add(total, s);
  }
  return total === null ? scalar(0) : mul(total, lambda);
}

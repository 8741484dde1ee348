import type { Tensor } from '../tensor/tensor.js';
import { add, div, maximum, mul } from '../ops/binary.js';
import { abs, neg } from '../ops/unary.js';
import { copy_ } from '../ops/inplace.js';
import { checkBetas, checkNonNegative, Optimizer, zerosLikeParam, type ParamGroup, type ParamGroupInput } from './optimizer.js';

/** Adamax's options (PyTorch's defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0). */
export interface AdamaxOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

/**
 * Adamax, Adam with the infinity norm (PyTorch's `torch.optim.Adamax`): m ← β₁m + (1−β₁)g,
 * u ← max(β₂u, |g| + ε), θ ← θ − lr/(1−β₁ᵗ) · m/u.
 */
export class Adamax extends Optimizer<AdamaxOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamaxOptions>>, options: Partial<AdamaxOptions> & { fused?: boolean } = {}) {
    const { fused, ...rest } = options;
    const d: AdamaxOptions = { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false, ...rest };
    checkNonNegative('Adamax', d, ['lr', 'eps', 'weightDecay']);
    checkBetas('Adamax', d.betas);
    super(params, d, { fused });
  }

  protected updateGroup(group: ParamGroup<AdamaxOptions>): void {
    const { lr, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    for (const p of group.params) {
      const grad = p.grad;
      if (!grad) continue;
      const state = this.stateOf(p, () => ({ step: 0, expAvg: zerosLikeParam(p), expInf: zerosLikeParam(p) }));
      const step = (state.step as number) + 1;
      state.step = step;
      const m = state.expAvg as Tensor, u = state.expInf as Tensor;
      const clr = lr / (1 - beta1 ** step);
      this.update('adamax', p, grad, [m, u], [beta1, beta2, eps, weightDecay, clr, maximize ? 1 : 0], () => {
        let d = maximize ? neg(grad) : grad;
        if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
        copy_(m, add(mul(m, beta1), mul(d, 1 - beta1)));
        copy_(u, maximum(mul(u, beta2), add(abs(d), eps)));
        copy_(p, add(p, div(mul(m, -clr), u)));
      });
    }
  }
}

import type { Tensor } from '../tensor/tensor.js';
import { add, div, maximum, mul } from '../ops/binary.js';
import { neg, sqrt } from '../ops/unary.js';
import { copy_ } from '../ops/inplace.js';
import { checkBetas, checkNonNegative, Optimizer, zerosLikeParam, type ParamGroup, type ParamGroupInput } from './optimizer.js';

/** Adam's options (PyTorch's defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0). */
export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  /** Adam: L2 penalty added to the gradient. AdamW: decoupled decay θ ← θ (1 − lr · wd). */
  weightDecay: number;
  /** Normalise by the running maximum of the second moment (AMSGrad). */
  amsgrad: boolean;
  maximize: boolean;
}

type AdamInit = Partial<AdamOptions> & { fused?: boolean };

/**
 * Adam (PyTorch's `torch.optim.Adam`, its single-tensor update): m ← β₁m + (1−β₁)g,
 * v ← β₂v + (1−β₂)g², θ ← θ − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). With `amsgrad`, v is
 * replaced by its running maximum.
 *
 * ```ts
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] });
 * ```
 */
export class Adam extends Optimizer<AdamOptions> {
  /** Whether weight decay is decoupled (AdamW). */
  protected readonly decoupled: boolean = false;

  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>, options: AdamInit = {}) {
    const { fused, ...rest } = options;
    const defaults: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...rest };
    checkNonNegative(new.target.name, defaults, ['lr', 'eps', 'weightDecay']);
    checkBetas(new.target.name, defaults.betas);
    super(params, defaults, { fused });
  }

  protected updateGroup(group: ParamGroup<AdamOptions>): void {
    const { lr, eps, weightDecay, amsgrad, maximize } = group;
    const beta1 = group.betas[0], beta2 = group.betas[1];
    const decay = this.decoupled ? 1 - lr * weightDecay : 1;
    const l2 = this.decoupled ? 0 : weightDecay;
    const params = group.params;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const grad = p.grad;
      if (!grad) continue;
      const state = this.stateOf(p, () => ({ step: 0, expAvg: zerosLikeParam(p), expAvgSq: zerosLikeParam(p) }));
      if (amsgrad && !state.maxExpAvgSq) state.maxExpAvgSq = zerosLikeParam(p);
      const step = (state.step as number) + 1;
      state.step = step;
      const m = state.expAvg as Tensor, v = state.expAvgSq as Tensor;
      const vmax = amsgrad ? (state.maxExpAvgSq as Tensor) : undefined;
      const stepSize = lr / (1 - beta1 ** step);
      const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
      const hp = [beta1, beta2, eps, l2, decay, stepSize, bc2Sqrt, amsgrad ? 1 : 0, maximize ? 1 : 0];
      this.update('adam', p, grad, [m, v, vmax], hp, () => {
        let d = maximize ? neg(grad) : grad;
        if (decay !== 1) copy_(p, mul(p, decay));
        if (l2 !== 0) d = add(d, mul(p, l2));
        copy_(m, add(mul(m, beta1), mul(d, 1 - beta1)));
        copy_(v, add(mul(v, beta2), mul(mul(d, 1 - beta2), d)));
        let second = v;
        if (vmax) second = copy_(vmax, maximum(vmax, v));
        const denom = add(div(sqrt(second), bc2Sqrt), eps);
        copy_(p, add(p, div(mul(m, -stepSize), denom)));
      });
    }
  }
}

/**
 * AdamW (PyTorch's `torch.optim.AdamW`): Adam with decoupled weight decay, θ ← θ(1 − lr·wd)
 * before the Adam step; weightDecay defaults to 1e-2.
 */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>, options: AdamInit = {}) {
    super(params, { weightDecay: 1e-2, ...options });
  }
}

import type { Tensor } from '../tensor/tensor.js';
import { add, div, mul } from '../ops/binary.js';
import { sqrt } from '../ops/unary.js';
import { copy_ } from '../ops/inplace.js';
import { checkBetas, checkNonNegative, Optimizer, zerosLikeParam, type ParamGroup, type ParamGroupInput } from './optimizer.js';

/** NAdam's options (PyTorch's defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0, momentumDecay 4e-3). */
export interface NAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  momentumDecay: number;
}

/**
 * NAdam, Adam with Nesterov momentum (PyTorch 1.13's `torch.optim.NAdam`, including its
 * momentum schedule μₜ = β₁(1 − ½·0.96^(t·ψ)) and its running product kept in float32).
 * Note: PyTorch 1.13 computes the next product as Πμ · μₜ · μₜ₊₁ (μₜ counted twice); later
 * releases fixed this. nabla follows 1.13 so trajectories match it.
 */
export class NAdam extends Optimizer<NAdamOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<NAdamOptions>>, options: Partial<NAdamOptions> & { fused?: boolean } = {}) {
    const { fused, ...rest } = options;
    const d: NAdamOptions = { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, ...rest };
    checkNonNegative('NAdam', d, ['lr', 'eps', 'weightDecay', 'momentumDecay']);
    checkBetas('NAdam', d.betas);
    super(params, d, { fused });
  }

  protected updateGroup(group: ParamGroup<NAdamOptions>): void {
    const { lr, eps, weightDecay, momentumDecay } = group;
    const [beta1, beta2] = group.betas;
    const f = Math.fround; // PyTorch keeps mu_product in a float32 tensor
    for (const p of group.params) {
      const grad = p.grad;
      if (!grad) continue;
      const state = this.stateOf(p, () => ({ step: 0, muProduct: 1, expAvg: zerosLikeParam(p), expAvgSq: zerosLikeParam(p) }));
      const step = (state.step as number) + 1;
      state.step = step;
      const bc2 = 1 - beta2 ** step;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (step * momentumDecay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
      const muProduct = f((state.muProduct as number) * f(mu));
      state.muProduct = muProduct;
      const muProductNext = f(f(muProduct * f(mu)) * f(muNext));
      const coefGrad = (-lr * (1 - mu)) / (1 - muProduct);
      const coefAvg = (-lr * muNext) / (1 - muProductNext);
      const m = state.expAvg as Tensor, v = state.expAvgSq as Tensor;
      this.update('nadam', p, grad, [m, v], [beta1, beta2, eps, weightDecay, bc2, coefGrad, coefAvg], () => {
        let d = grad;
        if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
        copy_(m, add(mul(m, beta1), mul(d, 1 - beta1)));
        copy_(v, add(mul(v, beta2), mul(mul(d, 1 - beta2), d)));
        const denom = add(sqrt(div(v, bc2)), eps);
        copy_(p, add(p, div(mul(d, coefGrad), denom)));
        copy_(p, add(p, div(mul(m, coefAvg), denom)));
      });
    }
  }
}

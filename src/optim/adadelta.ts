import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { add, div, mul } from '../ops/binary.js';
import { neg, sqrt } from '../ops/unary.js';
import { copy_ } from '../ops/inplace.js';
import { checkNonNegative, Optimizer, zerosLikeParam, type ParamGroup, type ParamGroupInput } from './optimizer.js';

/** Adadelta's options (PyTorch's defaults: lr 1.0, rho 0.9, eps 1e-6, weightDecay 0). */
export interface AdadeltaOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

/**
 * Adadelta (PyTorch's `torch.optim.Adadelta`): v ← ρv + (1−ρ)g²,
 * Δ = √(a + ε)/√(v + ε) · g, a ← ρa + (1−ρ)Δ², θ ← θ − lr · Δ.
 */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdadeltaOptions>>, options: Partial<AdadeltaOptions> & { fused?: boolean } = {}) {
    const { fused, ...rest } = options;
    const d: AdadeltaOptions = { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, ...rest };
    checkNonNegative('Adadelta', d, ['lr', 'eps', 'weightDecay']);
    if (!(d.rho >= 0 && d.rho <= 1)) throw new ValueError(`Adadelta: invalid rho ${d.rho}, expected [0, 1]`);
    super(params, d, { fused });
  }

  protected updateGroup(group: ParamGroup<AdadeltaOptions>): void {
    const { lr, rho, eps, weightDecay, maximize } = group;
    for (const p of group.params) {
      const grad = p.grad;
      if (!grad) continue;
      const state = this.stateOf(p, () => ({ step: 0, squareAvg: zerosLikeParam(p), accDelta: zerosLikeParam(p) }));
      state.step = (state.step as number) + 1;
      const sq = state.squareAvg as Tensor, acc = state.accDelta as Tensor;
      this.update('adadelta', p, grad, [sq, acc], [lr, rho, eps, weightDecay, maximize ? 1 : 0], () => {
        let d = maximize ? neg(grad) : grad;
        if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
        copy_(sq, add(mul(sq, rho), mul(mul(d, 1 - rho), d)));
        const std = sqrt(add(sq, eps));
        const delta = mul(div(sqrt(add(acc, eps)), std), d);
        copy_(acc, add(mul(acc, rho), mul(mul(delta, 1 - rho), delta)));
        copy_(p, add(p, mul(delta, -lr)));
      });
    }
  }
}

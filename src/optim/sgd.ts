import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { add, mul } from '../ops/binary.js';
import { neg } from '../ops/unary.js';
import { copy_ } from '../ops/inplace.js';
import { checkNonNegative, Optimizer, zerosLikeParam, type ParamGroup, type ParamGroupInput } from './optimizer.js';

/** SGD's options (PyTorch's defaults: momentum 0, dampening 0, weightDecay 0, nesterov false). */
export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  /** L2 penalty: weightDecay · param is added to the gradient. */
  weightDecay: number;
  nesterov: boolean;
  /** Ascend the objective instead of descending it. */
  maximize: boolean;
}

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight
 * decay (PyTorch's `torch.optim.SGD`): b ← μ b + (1 − τ) g (b ← g at the first step),
 * then θ ← θ − lr · (g + μ b if nesterov else b).
 *
 * ```ts
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<SGDOptions>>, options: Partial<SGDOptions> & { lr: number; fused?: boolean }) {
    const { fused, ...rest } = options;
    const defaults: SGDOptions = { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...rest };
    checkNonNegative('SGD', defaults, ['lr', 'momentum', 'weightDecay']);
    if (defaults.nesterov && (defaults.momentum <= 0 || defaults.dampening !== 0)) {
      throw new ValueError('SGD: Nesterov momentum requires a momentum and zero dampening');
    }
    super(params, defaults, { fused });
  }

  protected updateGroup(group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    for (const p of group.params) {
      const grad = p.grad;
      if (!grad) continue;
      const state = this.stateOf(p, () => ({}));
      const first = momentum !== 0 && !state.momentumBuffer;
      if (first) state.momentumBuffer = zerosLikeParam(p);
      const buf = momentum !== 0 ? (state.momentumBuffer as Tensor) : undefined;
      const hp = [lr, momentum, dampening, weightDecay, nesterov ? 1 : 0, maximize ? 1 : 0, first ? 1 : 0];
      this.update('sgd', p, grad, [buf], hp, () => {
        let d = maximize ? neg(grad) : grad;
        if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
        if (buf) {
          copy_(buf, first ? d : add(mul(buf, momentum), mul(d, 1 - dampening)));
          d = nesterov ? add(d, mul(buf, momentum)) : buf;
        }
        copy_(p, add(p, mul(d, -lr)));
      });
    }
  }
}

import type { Tensor } from '../tensor/tensor.js';
import { full } from '../tensor/creation.js';
import { add, div, mul } from '../ops/binary.js';
import { neg, sqrt } from '../ops/unary.js';
import { copy_ } from '../ops/inplace.js';
import { checkNonNegative, Optimizer, type ParamGroup, type ParamGroupInput, type ParamState } from './optimizer.js';

/** Adagrad's options (PyTorch's defaults: lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10). */
export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

/**
 * Adagrad (PyTorch's `torch.optim.Adagrad`): s ← s + g², θ ← θ − clr · g / (√s + ε) with
 * clr = lr / (1 + (t − 1) · lrDecay). Like PyTorch, the state (sum = initialAccumulatorValue)
 * exists from construction.
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdagradOptions>>, options: Partial<AdagradOptions> & { fused?: boolean } = {}) {
    const { fused, ...rest } = options;
    const d: AdagradOptions = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...rest };
    checkNonNegative('Adagrad', d, ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps']);
    super(params, d, { fused });
    for (const g of this.paramGroups) for (const p of g.params) this.stateOf(p, () => this.initState(p, g));
  }

  private initState(p: Tensor, group: ParamGroup<AdagradOptions>): ParamState {
    return { step: 0, sum: full(p.shape, group.initialAccumulatorValue, { dtype: p.dtype }) };
  }

  protected updateGroup(group: ParamGroup<AdagradOptions>): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    for (const p of group.params) {
      const grad = p.grad;
      if (!grad) continue;
      const state = this.stateOf(p, () => this.initState(p, group));
      const step = (state.step as number) + 1;
      state.step = step;
      const sum = state.sum as Tensor;
      const clr = lr / (1 + (step - 1) * lrDecay);
      this.update('adagrad', p, grad, [sum], [clr, eps, weightDecay, maximize ? 1 : 0], () => {
        let d = maximize ? neg(grad) : grad;
        if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
        copy_(sum, add(sum, mul(d, d)));
        const std = add(sqrt(sum), eps);
        copy_(p, add(p, div(mul(d, -clr), std)));
      });
    }
  }
}

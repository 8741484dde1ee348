import type { Tensor } from '../tensor/tensor.js';
import { add, div, mul, sub } from '../ops/binary.js';
import { neg, sqrt } from '../ops/unary.js';
import { copy_ } from '../ops/inplace.js';
import { checkNonNegative, Optimizer, zerosLikeParam, type ParamGroup, type ParamGroupInput, type ParamState } from './optimizer.js';

/** RMSprop's options (PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0, centered false). */
export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  /** Normalise by the variance estimate v − E[g]² instead of v. */
  centered: boolean;
  maximize: boolean;
}

/**
 * RMSprop (PyTorch's `torch.optim.RMSprop`): v ← αv + (1−α)g², avg = √v + ε (centered:
 * √(v − ḡ²) + ε), then θ ← θ − lr · g/avg, or with momentum b ← μb + g/avg, θ ← θ − lr · b.
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<RMSpropOptions>>, options: Partial<RMSpropOptions> & { fused?: boolean } = {}) {
    const { fused, ...rest } = options;
    const d: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...rest };
    checkNonNegative('RMSprop', d, ['lr', 'eps', 'momentum', 'weightDecay', 'alpha']);
    super(params, d, { fused });
  }

  protected updateGroup(group: ParamGroup<RMSpropOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    for (const p of group.params) {
      const grad = p.grad;
      if (!grad) continue;
      const state = this.stateOf(p, (): ParamState => ({ step: 0, squareAvg: zerosLikeParam(p) }));
      if (momentum > 0 && !state.momentumBuffer) state.momentumBuffer = zerosLikeParam(p);
      if (centered && !state.gradAvg) state.gradAvg = zerosLikeParam(p);
      state.step = (state.step as number) + 1;
      const sq = state.squareAvg as Tensor;
      const ga = centered ? (state.gradAvg as Tensor) : undefined;
      const buf = momentum > 0 ? (state.momentumBuffer as Tensor) : undefined;
      const hp = [lr, alpha, eps, weightDecay, momentum, centered ? 1 : 0, maximize ? 1 : 0];
      this.update('rmsprop', p, grad, [sq, ga, buf], hp, () => {
        let d = maximize ? neg(grad) : grad;
        if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
        copy_(sq, add(mul(sq, alpha), mul(mul(d, 1 - alpha), d)));
        let avg: Tensor;
        if (ga) {
          copy_(ga, add(mul(ga, alpha), mul(d, 1 - alpha)));
          avg = sqrt(sub(sq, mul(ga, ga)));
        } else {
          avg = sqrt(sq);
        }
        avg = add(avg, eps);
        if (buf) {
          copy_(buf, add(mul(buf, momentum), div(d, avg)));
          copy_(p, add(p, mul(buf, -lr)));
        } else {
          copy_(p, add(p, div(mul(d, -lr), avg)));
        }
      });
    }
  }
}

import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';
import { perGroupLambdas, type LrLambda } from './lambda-lr.js';

/**
 * Multiplies each group's current learning rate by `lrLambda(epoch)` every epoch (PyTorch's
 * `MultiplicativeLR`); one function, or one per group. The functions are not part of stateDict.
 */
export class MultiplicativeLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(optimizer: AnyOptimizer, lrLambda: LrLambda | readonly LrLambda[], options: SchedulerOptions = {}) {
    super(optimizer, options.lastEpoch);
    this.lrLambdas = perGroupLambdas('MultiplicativeLR', lrLambda, optimizer.paramGroups.length);
    this.initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch > 0) return this.groups.map((g, i) => g.lr * this.lrLambdas[i](this.lastEpoch));
    return this.groups.map((g) => g.lr);
  }
}

import { ValueError } from '../../tensor/errors.js';
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/** A function of the epoch giving the factor applied to the initial learning rate. */
export type LrLambda = (epoch: number) => number;

/** One function per parameter group: a single function repeated, or a list checked against the group count. */
export function perGroupLambdas(who: string, lrLambda: LrLambda | readonly LrLambda[], n: number): LrLambda[] {
  if (typeof lrLambda === 'function') return new Array<LrLambda>(n).fill(lrLambda);
  if (lrLambda.length !== n) throw new ValueError(`${who}: expected ${n} lrLambdas (one per group), got ${lrLambda.length}`);
  return [...lrLambda];
}

/**
 * Sets each group's learning rate to its initial one times `lrLambda(epoch)` (PyTorch's
 * `LambdaLR`); pass one function, or one per group. The functions are not part of stateDict.
 *
 * ```ts
 * new optim.lrScheduler.LambdaLR(opt, (epoch) => 0.95 ** epoch);
 * ```
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(optimizer: AnyOptimizer, lrLambda: LrLambda | readonly LrLambda[], options: SchedulerOptions = {}) {
    super(optimizer, options.lastEpoch);
    this.lrLambdas = perGroupLambdas('LambdaLR', lrLambda, optimizer.paramGroups.length);
    this.initialStep();
  }

  protected getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i](this.lastEpoch));
  }
}

import { ValueError } from '../../tensor/errors.js';
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/**
 * Multiplies the learning rate by `gamma` every `stepSize` epochs (PyTorch's `StepLR`).
 *
 * ```ts
 * const sched = new optim.lrScheduler.StepLR(opt, 30, { gamma: 0.1 }); // lr × 0.1 at epochs 30, 60, ...
 * ```
 */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: AnyOptimizer, stepSize: number, options: SchedulerOptions & { gamma?: number } = {}) {
    super(optimizer, options.lastEpoch);
    if (!Number.isInteger(stepSize) || stepSize <= 0) throw new ValueError(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    this.stepSize = stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

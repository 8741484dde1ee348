import { ValueError } from '../../tensor/errors.js';
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/**
 * Multiplies the learning rate by a constant factor until totalIters epochs have passed, then
 * restores it (PyTorch's `ConstantLR`; defaults factor 1/3, totalIters 5).
 */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;

  constructor(optimizer: AnyOptimizer, options: SchedulerOptions & { factor?: number; totalIters?: number } = {}) {
    super(optimizer, options.lastEpoch);
    this.factor = options.factor ?? 1 / 3;
    this.totalIters = options.totalIters ?? 5;
    if (!(this.factor >= 0 && this.factor <= 1)) throw new ValueError(`ConstantLR: factor must be in [0, 1], got ${this.factor}`);
    this.initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1.0 / this.factor));
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (this.factor + (this.lastEpoch >= this.totalIters ? 1 : 0) * (1 - this.factor)));
  }
}

import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/**
 * Decays the learning rate as (1 − t/totalIters)^power until totalIters, then holds it
 * (PyTorch's `PolynomialLR`; defaults totalIters 5, power 1).
 */
export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;

  constructor(optimizer: AnyOptimizer, options: SchedulerOptions & { totalIters?: number; power?: number } = {}) {
    super(optimizer, options.lastEpoch);
    this.totalIters = options.totalIters ?? 5;
    this.power = options.power ?? 1.0;
    this.initialStep();
  }

  protected getLr(): number[] {
    const t = this.lastEpoch, n = this.totalIters;
    if (t === 0 || t > n) return this.groups.map((g) => g.lr);
    const decay = ((1.0 - t / n) / (1.0 - (t - 1) / n)) ** this.power;
    return this.groups.map((g) => g.lr * decay);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (1.0 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters) ** this.power);
  }
}

import { ValueError } from '../../tensor/errors.js';
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/** LinearLR's options (PyTorch's defaults: startFactor 1/3, endFactor 1, totalIters 5). */
export interface LinearLROptions extends SchedulerOptions {
  startFactor?: number;
  endFactor?: number;
  totalIters?: number;
}

/**
 * Scales the learning rate linearly from startFactor × lr to endFactor × lr over totalIters
 * epochs, then holds it (PyTorch's `LinearLR`): the usual warm-up.
 *
 * ```ts
 * new optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * ```
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: AnyOptimizer, options: LinearLROptions = {}) {
    super(optimizer, options.lastEpoch);
    this.startFactor = options.startFactor ?? 1 / 3;
    this.endFactor = options.endFactor ?? 1;
    this.totalIters = options.totalIters ?? 5;
    if (!(this.startFactor > 0 && this.startFactor <= 1)) throw new ValueError(`LinearLR: startFactor must be in (0, 1], got ${this.startFactor}`);
    if (!(this.endFactor >= 0 && this.endFactor <= 1)) throw new ValueError(`LinearLR: endFactor must be in [0, 1], got ${this.endFactor}`);
    this.initialStep();
  }

  protected getLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * s);
    if (this.lastEpoch > n) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1 + (e - s) / (n * s + (this.lastEpoch - 1) * (e - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((b) => b * (s + ((e - s) * Math.min(n, this.lastEpoch)) / n));
  }
}

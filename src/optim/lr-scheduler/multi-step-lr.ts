import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/**
 * Multiplies the learning rate by `gamma` at each milestone epoch (PyTorch's `MultiStepLR`;
 * a milestone listed twice multiplies by gamma²).
 *
 * ```ts
 * new optim.lrScheduler.MultiStepLR(opt, [30, 80], { gamma: 0.1 });
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** How many times each milestone was listed (PyTorch's Counter). */
  milestones: Record<number, number> = {};
  gamma: number;

  constructor(optimizer: AnyOptimizer, milestones: readonly number[], options: SchedulerOptions & { gamma?: number } = {}) {
    super(optimizer, options.lastEpoch);
    for (const m of milestones) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  protected getLr(): number[] {
    const count = this.milestones[this.lastEpoch];
    if (!count) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    let passed = 0; // bisect_right over the sorted milestones (with repeats)
    for (const [m, c] of Object.entries(this.milestones)) if (Number(m) <= this.lastEpoch) passed += c;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}

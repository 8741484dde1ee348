import { ValueError } from '../../tensor/errors.js';
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/**
 * Cosine annealing from the initial learning rate down to etaMin over TMax epochs (PyTorch's
 * `CosineAnnealingLR`), computed in PyTorch's recursive form so the sequence matches it.
 *
 * ```ts
 * new optim.lrScheduler.CosineAnnealingLR(opt, 100, { etaMin: 1e-5 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  TMax: number;
  etaMin: number;

  constructor(optimizer: AnyOptimizer, TMax: number, options: SchedulerOptions & { etaMin?: number } = {}) {
    super(optimizer, options.lastEpoch);
    if (!(TMax > 0)) throw new ValueError(`CosineAnnealingLR: TMax must be positive, got ${TMax}`);
    this.TMax = TMax;
    this.etaMin = options.etaMin ?? 0;
    this.initialStep();
  }

  protected getLr(): number[] {
    const { TMax: T, etaMin: eta, lastEpoch: t } = this;
    if (t === 0) return this.groups.map((g) => g.lr);
    if (this.stepCount === 1 && t > 0) {
      return this.baseLrs.map((b) => eta + ((b - eta) * (1 + Math.cos((t * Math.PI) / T))) / 2);
    }
    if ((((t - 1 - T) % (2 * T)) + 2 * T) % (2 * T) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i] - eta) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return this.groups.map((g) => ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (g.lr - eta) + eta);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.TMax))) / 2);
  }
}

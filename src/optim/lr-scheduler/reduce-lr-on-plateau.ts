import { ValueError } from '../../tensor/errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { ParamGroup } from '../optimizer.js';
import { copyPlain, type AnyOptimizer, type SchedulerStateDict } from './scheduler.js';

/** ReduceLROnPlateau's options (PyTorch's defaults). */
export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should decrease (a loss); 'max': increase (an accuracy). */
  mode?: 'min' | 'max';
  /** new lr = lr × factor (0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (10). */
  patience?: number;
  /** Minimum change that counts as an improvement (1e-4). */
  threshold?: number;
  /** 'rel': relative to the best value; 'abs': absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (0). */
  cooldown?: number;
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped (1e-8). */
  eps?: number;
}

/**
 * Reduces the learning rate when a metric stops improving (PyTorch's `ReduceLROnPlateau`).
 * Call `step(metric)` once per epoch with the validation loss (or accuracy with mode 'max').
 *
 * ```ts
 * const sched = new optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 3 });
 * sched.step(valLoss);
 * ```
 */
export class ReduceLROnPlateau {
  readonly optimizer: AnyOptimizer;
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  cooldownCounter = 0;
  minLrs: number[];
  eps: number;
  lastEpoch = 0;
  best: number;
  numBadEpochs = 0;
  private lastLr: number[];

  constructor(optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    this.optimizer = optimizer;
    this.factor = options.factor ?? 0.1;
    if (this.factor >= 1) throw new ValueError(`ReduceLROnPlateau: factor should be < 1.0, got ${this.factor}`);
    const n = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    if (typeof minLr === 'number') this.minLrs = new Array<number>(n).fill(minLr);
    else {
      if (minLr.length !== n) throw new ValueError(`ReduceLROnPlateau: expected ${n} minLrs, got ${minLr.length}`);
      this.minLrs = [...minLr];
    }
    this.patience = options.patience ?? 10;
    this.cooldown = options.cooldown ?? 0;
    this.mode = options.mode ?? 'min';
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? 'rel';
    this.eps = options.eps ?? 1e-8;
    if (this.mode !== 'min' && this.mode !== 'max') throw new ValueError(`ReduceLROnPlateau: mode ${String(this.mode)} is unknown, expected 'min' or 'max'`);
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') throw new ValueError(`ReduceLROnPlateau: threshold mode ${String(this.thresholdMode)} is unknown, expected 'rel' or 'abs'`);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.lastLr = this.groups.map((g) => g.lr);
  }

  private get groups(): ParamGroup[] {
    return this.optimizer.paramGroups as ParamGroup[];
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /** Records this epoch's metric (a number or a 0-d tensor) and reduces the lr after a plateau. */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? Number(metric.item()) : metric;
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.groups.map((g) => g.lr);
  }

  private reduceLr(): void {
    this.groups.forEach((g, i) => {
      const old = g.lr;
      const next = Math.max(old * this.factor, this.minLrs[i]);
      if (old - next > this.eps) g.lr = next;
    });
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) if (k !== 'optimizer') out[k] = copyPlain(v);
    return out;
  }

  loadStateDict(sd: SchedulerStateDict): void {
    const self = this as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(sd)) if (k !== 'optimizer') self[k] = copyPlain(v);
    // JSON turns the initial ±Infinity into null
    if (typeof this.best !== 'number') this.best = this.mode === 'min' ? Infinity : -Infinity;
  }
}

import type { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { clone } from '../../ops/cast.js';
import { logKey, resolveMode, type Callback, type CallbackContext } from '../callback.js';

export interface EarlyStoppingOptions {
  /** The epoch log to watch (default 'valLoss'; 'val_loss' also accepted). */
  monitor?: string;
  /** 'min' (a loss), 'max' (an accuracy), or 'auto' (default: max for accuracy-like names). */
  mode?: 'min' | 'max' | 'auto';
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** The least change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Keep a copy of the best epoch's state dict and load it back when training ends (default false). */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when the monitored metric has not improved by more than minDelta for
 * `patience` epochs (Keras's `EarlyStopping`). With restoreBestWeights it keeps an in-memory
 * copy of the best epoch's state dict and restores it at the end of training, whether training
 * stopped early or ran all its epochs.
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
  readonly mode: 'min' | 'max';
  best = NaN;
  /** The epoch (from 0) of the best value, -1 before the first. */
  bestEpoch = -1;
  /** The epoch training stopped at, or -1 if it did not stop early. */
  stoppedEpoch = -1;
  wait = 0;
  private bestWeights: Record<string, Tensor> | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    this.monitor = logKey(options.monitor ?? 'valLoss');
    this.mode = resolveMode(options.mode ?? 'auto', this.monitor);
    this.patience = options.patience ?? 0;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ValueError(`EarlyStopping: patience must be a non-negative integer, got ${this.patience}`);
  }

  onTrainBegin(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = -1;
    this.stoppedEpoch = -1;
    this.wait = 0;
    this.bestWeights = null;
  }

  private improved(v: number): boolean {
    return this.mode === 'min' ? v < this.best - this.minDelta : v > this.best + this.minDelta;
  }

  onEpochEnd(ctx: CallbackContext): void {
    const v = ctx.logs[this.monitor];
    if (v === undefined) throw new ValueError(`EarlyStopping: monitor '${this.monitor}' is not in the epoch logs (${Object.keys(ctx.logs).join(', ')}); is there validation data?`);
    if (this.improved(v) || this.bestEpoch < 0) {
      this.best = v;
      this.bestEpoch = ctx.epoch;
      this.wait = 0;
      if (this.restoreBestWeights) {
        const sd = ctx.model.stateDict();
        this.bestWeights = noGrad(() => Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, clone(t)])));
      }
      return;
    }
    this.wait++;
    if (this.wait >= Math.max(1, this.patience)) {
      this.stoppedEpoch = ctx.epoch;
      ctx.stopTraining = true;
    }
  }

  onTrainEnd(ctx: CallbackContext): void {
    if (this.restoreBestWeights && this.bestWeights) ctx.model.loadStateDict(this.bestWeights);
  }
}

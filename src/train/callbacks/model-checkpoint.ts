import { ValueError } from '../../tensor/errors.js';
import { saveSafetensors } from '../../io/safetensors.js';
import { logKey, resolveMode, type Callback, type CallbackContext, type Logs } from '../callback.js';
import { saveCheckpoint } from '../checkpoint.js';

export interface ModelCheckpointOptions {
  /** The epoch log to compare with saveBestOnly (default 'valLoss'). */
  monitor?: string;
  mode?: 'min' | 'max' | 'auto';
  /** Only write when the monitored value improves on the best so far (default false). */
  saveBestOnly?: boolean;
  /** true (default): the model's state dict only; false: a resumable checkpoint (saveCheckpoint). */
  saveWeightsOnly?: boolean;
  /** Write every N epochs (default 1). */
  every?: number;
}

/**
 * Fills a filepath template: `{epoch}` is the 1-based epoch (as Keras), `{epoch:03d}` zero-padded,
 * and `{name}` / `{name:.4f}` any epoch log (`{valLoss:.4f}`, `{accuracy:.3f}`).
 */
export function formatFilepath(template: string, epoch: number, logs: Logs): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (whole, name: string, spec: string | undefined) => {
    const v = name === 'epoch' ? epoch + 1 : logs[logKey(name)];
    if (v === undefined) throw new ValueError(`ModelCheckpoint: the filepath ${template} uses {${name}}, which is not in the epoch logs (${Object.keys(logs).join(', ')})`);
    if (!spec) return String(v);
    const fixed = /^\.(\d+)f$/.exec(spec);
    if (fixed) return v.toFixed(Number(fixed[1]));
    const padded = /^0(\d+)d$/.exec(spec);
    if (padded) return String(Math.round(v)).padStart(Number(padded[1]), '0');
    throw new ValueError(`ModelCheckpoint: unsupported format '${whole}' (use {name}, {name:.4f} or {name:03d})`);
  });
}

/**
 * Saves the model after epochs (Keras's `ModelCheckpoint`) as safetensors, atomically (a
 * temporary file renamed over the target, so a crash never leaves a truncated file). The file
 * metadata records the epoch and the monitored value. With saveBestOnly only improvements are
 * written (use a fixed filepath to keep just the best).
 *
 * ```ts
 * new train.ModelCheckpoint('ckpt/model-{epoch:02d}-{valLoss:.3f}.safetensors', { saveBestOnly: true })
 * ```
 */
export class ModelCheckpoint implements Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly every: number;
  best: number;
  /** Paths written so far, in order. */
  readonly saved: string[] = [];

  constructor(filepath: string, options: ModelCheckpointOptions = {}) {
    this.filepath = filepath;
    this.monitor = logKey(options.monitor ?? 'valLoss');
    this.mode = resolveMode(options.mode ?? 'auto', this.monitor);
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.saveWeightsOnly = options.saveWeightsOnly ?? true;
    this.every = options.every ?? 1;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  onTrainBegin(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  onEpochEnd(ctx: CallbackContext): void {
    if ((ctx.epoch + 1) % this.every !== 0) return;
    const v = ctx.logs[this.monitor];
    if (this.saveBestOnly) {
      if (v === undefined) throw new ValueError(`ModelCheckpoint: monitor '${this.monitor}' is not in the epoch logs (${Object.keys(ctx.logs).join(', ')})`);
      if (!(this.mode === 'min' ? v < this.best : v > this.best)) return;
      this.best = v;
    }
    const path = formatFilepath(this.filepath, ctx.epoch, ctx.logs);
    if (this.saveWeightsOnly) {
      const meta: Record<string, string> = { epoch: String(ctx.epoch + 1) };
      if (v !== undefined) meta[this.monitor] = String(v);
      saveSafetensors(path, ctx.model.stateDict(), meta);
    } else {
      saveCheckpoint(path, { model: ctx.model, optimizer: ctx.optimizer, scheduler: ctx.scheduler, epoch: ctx.epoch + 1, extra: { logs: ctx.logs } });
    }
    this.saved.push(path);
  }
}

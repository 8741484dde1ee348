import { valKey, type Logs } from './callback.js';

/**
 * What `fit` returns (Keras's `History`): one entry per completed epoch. `valLoss` and
 * `valMetrics` are empty without validation data; `lr` is the first group's learning rate when
 * the epoch began (the rate the epoch trained with, for per-epoch schedules).
 */
export class History {
  /** Epoch indices, counted from 0. */
  epoch: number[] = [];
  loss: number[] = [];
  valLoss: number[] = [];
  metrics: Record<string, number[]> = {};
  valMetrics: Record<string, number[]> = {};
  lr: number[] = [];
  /** Every epoch's full logs, as the callbacks saw them. */
  logs: Logs[] = [];

  /** Appends one epoch's logs (as produced by the Trainer). */
  record(epoch: number, logs: Logs, metricNames: readonly string[]): void {
    this.epoch.push(epoch);
    this.loss.push(logs.loss);
    if (logs.valLoss !== undefined) this.valLoss.push(logs.valLoss);
    for (const m of metricNames) {
      (this.metrics[m] ??= []).push(logs[m]);
      const v = logs[valKey(m)];
      if (v !== undefined) (this.valMetrics[m] ??= []).push(v);
    }
    if (logs.lr !== undefined) this.lr.push(logs.lr);
    this.logs.push({ ...logs });
  }

  /** Plain data (for a checkpoint's metadata). */
  toJSON(): Record<string, unknown> {
    return { epoch: this.epoch, loss: this.loss, valLoss: this.valLoss, metrics: this.metrics, valMetrics: this.valMetrics, lr: this.lr, logs: this.logs };
  }

  /** A History from `toJSON()`'s output. */
  static fromJSON(data: Record<string, unknown>): History {
    const h = new History();
    Object.assign(h, structuredClone(data) as Partial<History>);
    return h;
  }
}

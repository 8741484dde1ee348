import type { Callback, CallbackContext, Logs } from '../callback.js';

/** Where the bar writes: anything with write(text), e.g. process.stderr. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressBarOptions {
  /** 'stderr' (default), 'stdout', or any sink with write(). */
  stream?: 'stderr' | 'stdout' | TextSink;
  /** 'bar': redraw one line per batch (\r); 'lines': one line per epoch; 'auto' (default): bar on a TTY, lines otherwise (CI logs). */
  mode?: 'auto' | 'bar' | 'lines';
  /** Width of the bar in characters (default 24). */
  width?: number;
  /** Milliseconds between redraws in bar mode (default 100; the last batch always draws). */
  interval?: number;
}

function sinkOf(stream: ProgressBarOptions['stream']): TextSink {
  if (stream && typeof stream === 'object') return stream;
  const proc = (globalThis as { process?: { stdout?: TextSink; stderr?: TextSink } }).process;
  const s = stream === 'stdout' ? proc?.stdout : proc?.stderr;
  return s ?? { write: (text: string) => console.log(text.replace(/[\r\n]+$/, '')) };
}

/** 3.2s, 4m05s, 1h02m. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** 4 significant digits, or scientific for very small/large values. */
function fmt(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

function logText(logs: Logs): string {
  return Object.entries(logs).filter(([k]) => k !== 'size').map(([k, v]) => `${k} ${fmt(v)}`).join(' · ');
}

/**
 * A terminal progress bar (Keras's verbose=1): per batch, on a TTY,
 * `Epoch 2/10 [=========>......] 31/50 loss 0.4321 · accuracy 0.9100 · 5120 samples/s · ETA 1.2s`
 * redrawn in place; when the stream is not a TTY (CI, a log file), one line per epoch:
 * `Epoch 2/10 50/50 loss 0.4321 · valLoss 0.5012 · 5120 samples/s · 2.1s · ETA 16.8s`, the
 * ETA being the rest of the run (epochs left × mean epoch time).
 */
export class ProgressBar implements Callback {
  private readonly sink: TextSink;
  private readonly tty: boolean;
  private readonly width: number;
  private readonly interval: number;
  private trainStart = 0;
  private epochStart = 0;
  private lastDraw = 0;
  private samples = 0;
  /** Seconds from epoch begin to the last batch's end (throughput excludes validation). */
  private trainSeconds = 0;
  private sums: Logs = {};
  private epochsDone = 0;

  constructor(options: ProgressBarOptions = {}) {
    this.sink = sinkOf(options.stream);
    const mode = options.mode ?? 'auto';
    this.tty = mode === 'bar' || (mode === 'auto' && this.sink.isTTY === true);
    this.width = options.width ?? 24;
    this.interval = options.interval ?? 100;
  }

  onTrainBegin(): void {
    this.trainStart = performance.now();
    this.epochsDone = 0;
  }

  onEpochBegin(): void {
    this.epochStart = performance.now();
    this.lastDraw = 0;
    this.samples = 0;
    this.trainSeconds = 0;
    this.sums = {};
  }

  onBatchEnd(ctx: CallbackContext): void {
    const n = ctx.logs.size ?? 0;
    this.samples += n;
    for (const [k, v] of Object.entries(ctx.logs)) if (k !== 'size') this.sums[k] = (this.sums[k] ?? 0) + v * n;
    const now = performance.now();
    this.trainSeconds = (now - this.epochStart) / 1000;
    if (!this.tty) return;
    const total = ctx.stepsPerEpoch;
    const last = total !== null && ctx.batch + 1 >= total;
    if (!last && now - this.lastDraw < this.interval) return;
    this.lastDraw = now;
    const elapsed = (now - this.epochStart) / 1000;
    const done = ctx.batch + 1;
    const mean: Logs = {};
    for (const [k, v] of Object.entries(this.sums)) mean[k] = v / Math.max(1, this.samples);
    let bar = `${done}`;
    let eta = '';
    if (total !== null) {
      const filled = Math.min(this.width, Math.floor((done / total) * this.width));
      bar = `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? (done >= total ? '=' : '>') : ''}${'.'.repeat(this.width - filled)}] ${done}/${total}`;
      eta = ` · ETA ${formatDuration((elapsed / done) * (total - done))}`;
    }
    this.sink.write(`\r${this.prefix(ctx)} ${bar} ${logText(mean)} · ${this.rate()}${eta}\x1b[K`);
  }

  onEpochEnd(ctx: CallbackContext): void {
    this.epochsDone++;
    const now = performance.now();
    const elapsed = (now - this.epochStart) / 1000;
    const perEpoch = (now - this.trainStart) / 1000 / this.epochsDone;
    const left = Math.max(0, ctx.epochs - ctx.epoch - 1);
    const steps = ctx.stepsPerEpoch !== null ? ` ${ctx.batch + 1}/${ctx.stepsPerEpoch}` : '';
    const line = `${this.prefix(ctx)}${steps} ${logText(ctx.logs)} · ${this.rate()} · ${formatDuration(elapsed)} · ETA ${formatDuration(perEpoch * left)}`;
    this.sink.write(this.tty ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  private prefix(ctx: CallbackContext): string {
    return `Epoch ${ctx.epoch + 1}/${ctx.epochs}`;
  }

  private rate(): string {
    return `${this.trainSeconds > 0 ? Math.round(this.samples / this.trainSeconds) : 0} samples/s`;
  }
}

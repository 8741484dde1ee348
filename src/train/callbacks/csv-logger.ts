import type { Callback, CallbackContext } from '../callback.js';
import { AtomicLogFile } from './file-log.js';

function cell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Writes one CSV row per epoch (Keras's `CSVLogger`): `epoch` (from 0) then the epoch logs, the
 * columns fixed by the first row (or by the existing header with `append`). The file is
 * rewritten atomically after every epoch (see AtomicLogFile), so it is always a complete CSV.
 * Numbers are written in full precision (String(v)).
 */
export class CSVLogger implements Callback {
  private readonly file: AtomicLogFile;
  private columns: string[] | null = null;

  constructor(readonly filename: string, options: { append?: boolean; separator?: string } = {}) {
    this.file = new AtomicLogFile(filename, options.append ?? false);
    this.separator = options.separator ?? ',';
  }

  private readonly separator: string;

  onTrainBegin(): void {
    const existing = this.file.begin();
    const header = existing.split('\n')[0];
    this.columns = header ? header.split(this.separator) : null;
  }

  onEpochEnd(ctx: CallbackContext): void {
    const row: Record<string, number> = { epoch: ctx.epoch, ...ctx.logs };
    let text = '';
    if (!this.columns) {
      this.columns = Object.keys(row);
      text += `${this.columns.map(cell).join(this.separator)}\n`;
    }
    text += `${this.columns.map((c) => (row[c] === undefined ? '' : String(row[c]))).join(this.separator)}\n`;
    this.file.add(text);
  }
}

import type { Callback, CallbackContext } from '../callback.js';
import { AtomicLogFile } from './file-log.js';

/**
 * Writes one JSON object per line per epoch: `{"epoch":0,"loss":0.52,...}` (non-finite values
 * as null, as JSON has no NaN). The file is rewritten atomically after every epoch (see
 * AtomicLogFile); with `append` the lines already in the file are kept.
 */
export class JSONLLogger implements Callback {
  private readonly file: AtomicLogFile;

  constructor(readonly filename: string, options: { append?: boolean } = {}) {
    this.file = new AtomicLogFile(filename, options.append ?? false);
  }

  onTrainBegin(): void {
    this.file.begin();
  }

  onEpochEnd(ctx: CallbackContext): void {
    this.file.add(`${JSON.stringify({ epoch: ctx.epoch, ...ctx.logs })}\n`);
  }
}

import type { Callback } from '../callback.js';

/**
 * A callback from plain functions (Keras's `LambdaCallback`):
 *
 * ```ts
 * new train.LambdaCallback({ onEpochEnd: (ctx) => console.log(ctx.epoch, ctx.logs.loss) })
 * ```
 */
export class LambdaCallback implements Callback {
  onTrainBegin?: Callback['onTrainBegin'];
  onTrainEnd?: Callback['onTrainEnd'];
  onEpochBegin?: Callback['onEpochBegin'];
  onEpochEnd?: Callback['onEpochEnd'];
  onBatchBegin?: Callback['onBatchBegin'];
  onBatchEnd?: Callback['onBatchEnd'];

  constructor(hooks: Callback = {}) {
    Object.assign(this, hooks);
  }
}

import { ValueError } from '../../tensor/errors.js';
import type { Callback, CallbackContext } from '../callback.js';

/**
 * Sets every parameter group's learning rate at the start of each epoch from
 * `schedule(epoch, lr)` (Keras's `LearningRateScheduler`; epoch from 0, lr the first group's
 * current rate) — for a schedule written as a formula. For PyTorch's schedulers use the
 * Trainer's lrScheduler option instead.
 *
 * ```ts
 * new train.LearningRateSchedulerCallback((epoch, lr) => (epoch < 5 ? lr : lr * 0.9))
 * ```
 */
export class LearningRateSchedulerCallback implements Callback {
  constructor(readonly schedule: (epoch: number, lr: number) => number) {}

  onEpochBegin(ctx: CallbackContext): void {
    const lr = this.schedule(ctx.epoch, Number(ctx.optimizer.paramGroups[0].lr));
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) throw new ValueError(`LearningRateSchedulerCallback: the schedule returned ${String(lr)} for epoch ${ctx.epoch}, expected a finite lr >= 0`);
    for (const g of ctx.optimizer.paramGroups) g.lr = lr;
  }
}

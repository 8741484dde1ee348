import { ValueError } from '../../tensor/errors.js';
import { LRScheduler, copyPlain, type AnyOptimizer, type SchedulerOptions, type SchedulerStateDict } from './scheduler.js';

/**
 * Runs schedulers one after another, switching at the milestone epochs (PyTorch's
 * `SequentialLR`): e.g. a LinearLR warm-up for 5 epochs, then CosineAnnealingLR.
 *
 * ```ts
 * const warm = new optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const cos = new optim.lrScheduler.CosineAnnealingLR(opt, 95);
 * const sched = new optim.lrScheduler.SequentialLR(opt, [warm, cos], [5]);
 * ```
 */
export class SequentialLR extends LRScheduler {
  private readonly schedulers: LRScheduler[];
  milestones: number[];

  constructor(optimizer: AnyOptimizer, schedulers: readonly LRScheduler[], milestones: readonly number[], options: SchedulerOptions = {}) {
    super(optimizer, -1);
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) throw new ValueError(`SequentialLR: the scheduler at index ${i} belongs to a different optimizer`);
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new ValueError(`SequentialLR: expected one milestone fewer than schedulers, got ${schedulers.length} schedulers and ${milestones.length} milestones`);
    }
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = (options.lastEpoch ?? -1) + 1;
    for (const g of this.groups) g.lr = g.initialLr as number;
    for (const s of this.schedulers) s.lastEpoch -= 1; // undo the other schedulers' initial steps
    (this.schedulers[0] as SequentialLR).initialStep();
    this.lastLr = this.schedulers[0].getLastLr();
  }

  protected getLr(): number[] {
    return this.getLastLr();
  }

  override step(): void {
    this.lastEpoch++;
    let idx = 0; // bisect_right
    while (idx < this.milestones.length && this.milestones[idx] <= this.lastEpoch) idx++;
    const s = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) s.step(0);
    else s.step();
    this.lastLr = s.getLastLr();
  }

  override stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    sd.schedulers = this.schedulers.map((s) => s.stateDict());
    return sd;
  }

  override loadStateDict(sd: SchedulerStateDict): void {
    const { schedulers, ...rest } = sd;
    super.loadStateDict(rest);
    (schedulers as SchedulerStateDict[]).forEach((s, i) => this.schedulers[i].loadStateDict(copyPlain(s) as SchedulerStateDict));
  }
}

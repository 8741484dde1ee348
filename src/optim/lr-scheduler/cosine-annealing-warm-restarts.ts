import { ValueError } from '../../tensor/errors.js';
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/** CosineAnnealingWarmRestarts' options (PyTorch's defaults: Tmult 1, etaMin 0). */
export interface WarmRestartsOptions extends SchedulerOptions {
  /** Each restart multiplies the period by this integer. */
  Tmult?: number;
  etaMin?: number;
}

/**
 * SGDR: cosine annealing that restarts every T_i epochs, T_0 = T0 and T_{i+1} = Tmult · T_i
 * (PyTorch's `CosineAnnealingWarmRestarts`). `step(epoch)` accepts fractional epochs, so it can
 * be stepped once per batch with `epoch + batch / batches`.
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  T0: number;
  Ti: number;
  Tmult: number;
  etaMin: number;
  TCur: number;

  constructor(optimizer: AnyOptimizer, T0: number, options: WarmRestartsOptions = {}) {
    super(optimizer, options.lastEpoch);
    const Tmult = options.Tmult ?? 1;
    if (!Number.isInteger(T0) || T0 <= 0) throw new ValueError(`CosineAnnealingWarmRestarts: expected a positive integer T0, got ${T0}`);
    if (!Number.isInteger(Tmult) || Tmult < 1) throw new ValueError(`CosineAnnealingWarmRestarts: expected an integer Tmult >= 1, got ${Tmult}`);
    this.T0 = T0;
    this.Ti = T0;
    this.Tmult = Tmult;
    this.etaMin = options.etaMin ?? 0;
    this.TCur = this.lastEpoch;
    this.initialStep();
  }

  protected getLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.TCur) / this.Ti))) / 2);
  }

  override step(epoch?: number): void {
    this.stepCount++;
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.TCur = this.TCur + 1;
      if (this.TCur >= this.Ti) {
        this.TCur = this.TCur - this.Ti;
        this.Ti = this.Ti * this.Tmult;
      }
    } else {
      if (epoch < 0) throw new ValueError(`CosineAnnealingWarmRestarts: expected a non-negative epoch, got ${epoch}`);
      if (epoch >= this.T0) {
        if (this.Tmult === 1) {
          this.TCur = epoch % this.T0;
        } else {
          const n = Math.trunc(Math.log((epoch / this.T0) * (this.Tmult - 1) + 1) / Math.log(this.Tmult));
          this.TCur = epoch - (this.T0 * (this.Tmult ** n - 1)) / (this.Tmult - 1);
          this.Ti = this.T0 * this.Tmult ** n;
        }
      } else {
        this.Ti = this.T0;
        this.TCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    const values = this.getLr();
    this.groups.forEach((g, i) => { g.lr = values[i]; });
    this.lastLr = this.groups.map((g) => g.lr);
  }
}

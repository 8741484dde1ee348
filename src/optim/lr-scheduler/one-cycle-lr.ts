import { ValueError } from '../../tensor/errors.js';
import type { ParamGroup } from '../optimizer.js';
import { LRScheduler, groupNumber, type AnyOptimizer, type SchedulerOptions } from './scheduler.js';

/** OneCycleLR's options (PyTorch's defaults). Give totalSteps, or epochs and stepsPerEpoch. */
export interface OneCycleLROptions extends SchedulerOptions {
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the learning rate (0.3). */
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (or Adam's beta1) inversely to the learning rate (true). */
  cycleMomentum?: boolean;
  baseMomentum?: number | readonly number[];
  maxMomentum?: number | readonly number[];
  /** initialLr = maxLr / divFactor (25). */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor (1e4). */
  finalDivFactor?: number;
  /** Three phases (up, down to initialLr, then to minLr) instead of two. */
  threePhase?: boolean;
}

interface Phase { endStep: number; startLr: string; endLr: string; startMomentum: string; endMomentum: string }

function perGroup(name: string, v: number | readonly number[], n: number): number[] {
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  if (v.length !== n) throw new ValueError(`OneCycleLR: expected ${n} values for ${name}, got ${v.length}`);
  return [...v];
}

/**
 * The 1cycle policy (PyTorch's `OneCycleLR`): the learning rate rises from maxLr/divFactor to
 * maxLr over pctStart of the steps, then anneals to initialLr/finalDivFactor, while momentum (or
 * Adam's beta1) moves the opposite way. Step it once per batch.
 *
 * ```ts
 * new optim.lrScheduler.OneCycleLR(opt, 0.1, { epochs: 10, stepsPerEpoch: loader.length });
 * ```
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  useBeta1: boolean;
  phases: Phase[];

  constructor(optimizer: AnyOptimizer, maxLr: number | readonly number[], options: OneCycleLROptions = {}) {
    const groups = optimizer.paramGroups as ParamGroup[];
    const n = groups.length;
    const o = { pctStart: 0.3, annealStrategy: 'cos' as const, cycleMomentum: true, baseMomentum: 0.85, maxMomentum: 0.95, divFactor: 25, finalDivFactor: 1e4, threePhase: false, ...options };
    let totalSteps: number;
    if (o.totalSteps !== undefined) {
      if (!Number.isInteger(o.totalSteps) || o.totalSteps <= 0) throw new ValueError(`OneCycleLR: expected a positive integer totalSteps, got ${o.totalSteps}`);
      totalSteps = o.totalSteps;
    } else if (o.epochs !== undefined && o.stepsPerEpoch !== undefined) {
      if (!Number.isInteger(o.epochs) || o.epochs <= 0) throw new ValueError(`OneCycleLR: expected a positive integer epochs, got ${o.epochs}`);
      if (!Number.isInteger(o.stepsPerEpoch) || o.stepsPerEpoch <= 0) throw new ValueError(`OneCycleLR: expected a positive integer stepsPerEpoch, got ${o.stepsPerEpoch}`);
      totalSteps = o.epochs * o.stepsPerEpoch;
    } else {
      throw new ValueError('OneCycleLR: you must define either totalSteps OR (epochs AND stepsPerEpoch)');
    }
    if (!(o.pctStart >= 0 && o.pctStart <= 1)) throw new ValueError(`OneCycleLR: expected pctStart between 0 and 1, got ${o.pctStart}`);
    if (o.annealStrategy !== 'cos' && o.annealStrategy !== 'linear') throw new ValueError(`OneCycleLR: annealStrategy must be 'cos' or 'linear', got '${String(o.annealStrategy)}'`);
    const lastEpoch = o.lastEpoch ?? -1;
    const maxLrs = perGroup('maxLr', maxLr, n);
    if (lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.initialLr = maxLrs[i] / o.divFactor;
        g.maxLr = maxLrs[i];
        g.minLr = (g.initialLr as number) / o.finalDivFactor;
      });
    }
    let useBeta1 = false;
    if (o.cycleMomentum) {
      const d = optimizer.defaults as Record<string, unknown>;
      if (!('momentum' in d) && !('betas' in d)) throw new ValueError('OneCycleLR: optimizer must support momentum (or betas) with the cycleMomentum option enabled');
      useBeta1 = 'betas' in d;
      const maxM = perGroup('maxMomentum', o.maxMomentum, n);
      const baseM = perGroup('baseMomentum', o.baseMomentum, n);
      if (lastEpoch === -1) {
        groups.forEach((g, i) => {
          if (useBeta1) g.betas = [maxM[i], ...(g.betas as number[]).slice(1)];
          else g.momentum = maxM[i];
          g.maxMomentum = maxM[i];
          g.baseMomentum = baseM[i];
        });
      }
    }
    super(optimizer, lastEpoch);
    this.totalSteps = totalSteps;
    this.annealStrategy = o.annealStrategy;
    this.cycleMomentum = o.cycleMomentum;
    this.useBeta1 = useBeta1;
    const p = o.pctStart;
    this.phases = o.threePhase
      ? [
        { endStep: p * totalSteps - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
        { endStep: 2 * p * totalSteps - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        { endStep: totalSteps - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
      ]
      : [
        { endStep: p * totalSteps - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
        { endStep: totalSteps - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
      ];
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    const cosOut = Math.cos(Math.PI * pct) + 1;
    return end + ((start - end) / 2.0) * cosOut;
  }

  protected getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new ValueError(`OneCycleLR: tried to step ${stepNum + 1} times; the specified number of total steps is ${this.totalSteps}`);
    }
    return this.groups.map((g) => {
      let startStep = 0;
      let lr = 0, momentum = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const ph = this.phases[i];
        if (stepNum <= ph.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - startStep) / (ph.endStep - startStep);
          lr = this.anneal(groupNumber(g, ph.startLr), groupNumber(g, ph.endLr), pct);
          if (this.cycleMomentum) momentum = this.anneal(groupNumber(g, ph.startMomentum), groupNumber(g, ph.endMomentum), pct);
          break;
        }
        startStep = ph.endStep;
      }
      if (this.cycleMomentum) {
        if (this.useBeta1) g.betas = [momentum, ...(g.betas as number[]).slice(1)];
        else g.momentum = momentum;
      }
      return lr;
    });
  }
}

import { ValueError } from '../../tensor/errors.js';
import type { Optimizer, ParamGroup } from '../optimizer.js';

/** Any optimizer, whatever its options. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOptimizer = Optimizer<any>;

/** A scheduler's state as plain data (its fields, PyTorch's `__dict__` without the optimizer). */
export type SchedulerStateDict = Record<string, unknown>;

/** Options every epoch-based scheduler takes. */
export interface SchedulerOptions {
  /** The index of the last epoch when resuming (-1: start fresh, the default). */
  lastEpoch?: number;
}

/** A numeric option a scheduler stored on a group (initialLr, maxLr, ...). */
export function groupNumber(group: ParamGroup, key: string): number {
  const v = group[key];
  if (typeof v !== 'number') throw new ValueError(`lrScheduler: param group has no numeric '${key}' (got ${String(v)})`);
  return v;
}

/** Plain-data copy of a value (arrays and plain objects copied, functions dropped by the caller). */
export function copyPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyPlain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyPlain(x)]));
  return v;
}

/** Whether a field is plain state: not a function (lrLambdas) nor a scheduler (SequentialLR's children save their own). */
function isState(v: unknown): boolean {
  const plain = (x: unknown) => typeof x !== 'function' && !(x instanceof LRScheduler);
  return plain(v) && !(Array.isArray(v) && !v.every(plain));
}

/**
 * The base of the epoch-based schedulers (PyTorch's `_LRScheduler`): each `step()` advances
 * `lastEpoch` and writes the new learning rates into `optimizer.paramGroups[i].lr`.
 * Subclasses implement `getLr()` (PyTorch's chainable form, so sequences match it to the bit)
 * and optionally `closedFormLr()` (used by `step(epoch)`); their constructors end with
 * `this.initialStep()`, as PyTorch's base constructor does.
 *
 * ```ts
 * const sched = new optim.lrScheduler.StepLR(opt, 30, { gamma: 0.1 });
 * for (let epoch = 0; epoch < 90; epoch++) { train(); sched.step(); }
 * ```
 */
export abstract class LRScheduler {
  readonly optimizer: AnyOptimizer;
  lastEpoch: number;
  baseLrs: number[];
  /** How many times step() ran (PyTorch's `_step_count`). */
  protected stepCount = 0;
  protected lastLr: number[] = [];

  constructor(optimizer: AnyOptimizer, lastEpoch = -1) {
    this.optimizer = optimizer;
    const groups = optimizer.paramGroups as ParamGroup[];
    if (lastEpoch === -1) {
      for (const g of groups) if (g.initialLr === undefined) g.initialLr = g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) throw new ValueError(`${new.target.name}: param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer`);
      });
    }
    this.baseLrs = groups.map((g) => groupNumber(g, 'initialLr'));
    this.lastEpoch = lastEpoch;
  }

  protected get groups(): ParamGroup[] {
    return this.optimizer.paramGroups as ParamGroup[];
  }

  /** The first step, run at the end of each subclass constructor (PyTorch's `_initial_step`). */
  protected initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** The learning rates for `lastEpoch`, computed from the current ones (chainable form). */
  protected abstract getLr(): number[];

  /** The learning rates for `lastEpoch` in closed form, when the scheduler has one. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /** Advances one epoch (or, deprecated as in PyTorch, jumps to `epoch` using the closed form). */
  step(epoch?: number): void {
    this.stepCount++;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch++;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.getLr();
    }
    this.groups.forEach((g, i) => { g.lr = values[i]; });
    this.lastLr = this.groups.map((g) => g.lr);
  }

  /** The learning rates the last step set, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Plain-data state: every field but the optimizer (and functions). */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) {
      if (k === 'optimizer' || !isState(v)) continue;
      out[k] = copyPlain(v);
    }
    return out;
  }

  loadStateDict(sd: SchedulerStateDict): void {
    const self = this as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(sd)) {
      if (k === 'optimizer' || !isState(self[k])) continue;
      self[k] = copyPlain(v);
    }
  }
}

import type { Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { LRScheduler } from '../optim/lr-scheduler/scheduler.js';
import type { ReduceLROnPlateau } from '../optim/lr-scheduler/reduce-lr-on-plateau.js';
import type { History } from './history.js';

/** Any optimizer, whatever its options. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOptimizer = Optimizer<any>;

/** An epoch-based scheduler or ReduceLROnPlateau (stepped with the monitored metric). */
export type Scheduler = LRScheduler | ReduceLROnPlateau;

/**
 * Numbers logged by the fit loop. After a batch: `loss`, `size` (samples in the batch) and each
 * metric; after an epoch: `loss`, each metric, `valLoss` and `val<Metric>` (`valAccuracy`) when
 * there is validation data, and `lr` (the first group's learning rate).
 */
export type Logs = Record<string, number>;

/**
 * What every hook receives: one object, mutated as training advances. Set `stopTraining` to
 * end training after the current batch (the epoch's end hooks still run).
 */
export interface CallbackContext {
  model: Module;
  optimizer: AnyOptimizer;
  scheduler: Scheduler | null;
  /** The current epoch, counted from 0. */
  epoch: number;
  /** The total number of epochs of this fit. */
  epochs: number;
  /** The current batch within the epoch, counted from 0. */
  batch: number;
  /** Batches per epoch, when the loader knows its length (else null). */
  stepsPerEpoch: number | null;
  /** Batch logs in the batch hooks, epoch logs in the epoch hooks, the last epoch's at train end. */
  logs: Logs;
  /** The history so far (completed epochs). */
  history: History;
  /** Set true to stop after the current batch. */
  stopTraining: boolean;
}

/**
 * A training callback (Keras's `Callback`): implement any of the hooks. They run in the order
 * the callbacks were given: onTrainBegin, then per epoch onEpochBegin, per batch
 * onBatchBegin/onBatchEnd, onEpochEnd (after validation), and finally onTrainEnd.
 */
export interface Callback {
  onTrainBegin?(ctx: CallbackContext): void;
  onTrainEnd?(ctx: CallbackContext): void;
  onEpochBegin?(ctx: CallbackContext): void;
  onEpochEnd?(ctx: CallbackContext): void;
  onBatchBegin?(ctx: CallbackContext): void;
  onBatchEnd?(ctx: CallbackContext): void;
}

export type CallbackHook = keyof Callback;

/** Runs one hook on every callback, in order. */
export function runHook(callbacks: readonly Callback[], hook: CallbackHook, ctx: CallbackContext): void {
  for (const cb of callbacks) cb[hook]?.(ctx);
}

/**
 * The log key for a monitored quantity: accepts the camelCase keys (`valLoss`, `valAccuracy`)
 * and Keras's snake_case spellings (`val_loss`, `val_accuracy`).
 */
export function logKey(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `val` + the metric name capitalised: accuracy → valAccuracy. */
export function valKey(name: string): string {
  return `val${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** 'min' or 'max' for a monitored key: 'auto' picks max for accuracy-like names. */
export function resolveMode(mode: 'min' | 'max' | 'auto', monitor: string): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc|auc|precision|recall|f1|score/i.test(monitor) ? 'max' : 'min';
}

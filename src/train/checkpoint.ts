import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { getRngState, setRngState } from '../tensor/random.js';
import type { Module } from '../nn/module.js';
import type { OptimizerStateDict, ParamState } from '../optim/optimizer.js';
import { node } from '../io/node.js';
import { deserializeSafetensors, readSafetensorsHeader, saveSafetensors } from '../io/safetensors.js';
import type { AnyOptimizer, Scheduler } from './callback.js';
import { decodeJson, encodeJson } from './json.js';

/**
 * A resumable checkpoint is ONE safetensors file (readable by any safetensors reader):
 *
 * - tensors `model.<key>`: the model's state dict (PyTorch's dotted keys after the prefix);
 * - tensors `optimizer.state.<i>.<name>`: the optimizer's per-parameter tensors (`expAvg`,
 *   `momentumBuffer`, ...) for parameter index i (counted across groups, as stateDict does);
 * - `__metadata__` (string → string), JSON values where noted:
 *   `format` = "nabla.checkpoint", `version` = "1", `epoch` (completed epochs),
 *   `optimizer` (JSON: { paramGroups, state: per-parameter scalars such as `step` }),
 *   `scheduler` (JSON: the scheduler's stateDict, when one was saved),
 *   `rng` (JSON: nabla's generator state, 4 words), `extra` (JSON: the caller's data).
 *   Non-finite numbers in the JSON are written as { "$number": "Infinity" }.
 *
 * The file is written atomically (temporary file + fsync + rename): a crash or error mid-save
 * leaves the previous checkpoint intact.
 */
export const CHECKPOINT_FORMAT = 'nabla.checkpoint';

export interface SaveCheckpointOptions {
  model: Module;
  optimizer?: AnyOptimizer;
  scheduler?: Scheduler | null;
  /** Completed epochs (training resumes at this epoch index). */
  epoch?: number;
  /** Any JSON-able data (non-finite numbers allowed). */
  extra?: Record<string, unknown>;
}

export interface LoadCheckpointOptions {
  model: Module;
  optimizer?: AnyOptimizer;
  scheduler?: Scheduler | null;
  /** Put nabla's generator back to the saved state (default true). */
  restoreRng?: boolean;
  /** Passed to model.loadStateDict (default true). */
  strict?: boolean;
}

/**
 * Saves everything needed to resume training bit for bit: model, optimizer and scheduler
 * state, nabla's RNG state and the epoch (layout: see CHECKPOINT_FORMAT).
 *
 * ```ts
 * train.saveCheckpoint('ckpt.safetensors', { model, optimizer: opt, scheduler: sched, epoch: 5 });
 * const { epoch } = train.loadCheckpoint('ckpt.safetensors', { model, optimizer: opt, scheduler: sched });
 * ```
 */
export function saveCheckpoint(path: string, { model, optimizer, scheduler, epoch = 0, extra = {} }: SaveCheckpointOptions): void {
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(model.stateDict())) tensors[`model.${k}`] = t;
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    version: '1',
    epoch: String(epoch),
    rng: encodeJson(getRngState()),
    extra: encodeJson(extra),
  };
  if (optimizer) {
    const sd = optimizer.stateDict();
    const scalars: Record<string, Record<string, number>> = {};
    for (const [i, s] of Object.entries(sd.state)) {
      for (const [name, v] of Object.entries(s)) {
        if (v instanceof Tensor) tensors[`optimizer.state.${i}.${name}`] = v;
        else (scalars[i] ??= {})[name] = v;
      }
    }
    metadata.optimizer = encodeJson({ type: optimizer.constructor.name, paramGroups: sd.paramGroups, state: scalars });
  }
  if (scheduler) metadata.scheduler = encodeJson({ type: scheduler.constructor.name, state: scheduler.stateDict() });
  saveSafetensors(path, tensors, metadata);
}

/**
 * Restores a checkpoint written by saveCheckpoint into freshly built objects (same
 * architecture, same optimizer and scheduler types) and returns the epoch and extra data.
 * Throws a ValueError if the file is not a nabla checkpoint, or if an optimizer/scheduler is
 * asked for that the file does not hold.
 */
export function loadCheckpoint(path: string, { model, optimizer, scheduler, restoreRng = true, strict = true }: LoadCheckpointOptions): { epoch: number; extra: Record<string, unknown> } {
  const bytes = new Uint8Array(node('loadCheckpoint').fs.readFileSync(path));
  const meta = readSafetensorsHeader(bytes).metadata ?? {};
  if (meta.format !== CHECKPOINT_FORMAT) {
    throw new ValueError(`loadCheckpoint: ${path} is not a nabla checkpoint (metadata format is ${JSON.stringify(meta.format ?? null)}, expected "${CHECKPOINT_FORMAT}"); for a plain state dict use io.loadSafetensors`);
  }
  const all = deserializeSafetensors(bytes);
  const modelSd: Record<string, Tensor> = {};
  const optTensors: Record<string, Record<string, Tensor>> = {};
  for (const [k, t] of Object.entries(all)) {
    if (k.startsWith('model.')) modelSd[k.slice(6)] = t;
    else if (k.startsWith('optimizer.state.')) {
      const rest = k.slice('optimizer.state.'.length);
      const dot = rest.indexOf('.');
      (optTensors[rest.slice(0, dot)] ??= {})[rest.slice(dot + 1)] = t;
    }
  }
  model.loadStateDict(modelSd, { strict });
  if (optimizer) {
    if (meta.optimizer === undefined) throw new ValueError(`loadCheckpoint: ${path} holds no optimizer state`);
    const saved = decodeJson(meta.optimizer) as { type: string; paramGroups: OptimizerStateDict['paramGroups']; state: Record<string, Record<string, number>> };
    if (saved.type !== optimizer.constructor.name) throw new ValueError(`loadCheckpoint: the checkpoint's optimizer is ${saved.type}, the one given is ${optimizer.constructor.name}`);
    const state: Record<number, ParamState> = {};
    for (const i of new Set([...Object.keys(saved.state), ...Object.keys(optTensors)])) {
      state[Number(i)] = { ...saved.state[i], ...optTensors[i] };
    }
    optimizer.loadStateDict({ state, paramGroups: saved.paramGroups });
  }
  if (scheduler) {
    if (meta.scheduler === undefined) throw new ValueError(`loadCheckpoint: ${path} holds no scheduler state`);
    const saved = decodeJson(meta.scheduler) as { type: string; state: Record<string, unknown> };
    if (saved.type !== scheduler.constructor.name) throw new ValueError(`loadCheckpoint: the checkpoint's scheduler is ${saved.type}, the one given is ${scheduler.constructor.name}`);
    scheduler.loadStateDict(saved.state);
  }
  if (restoreRng) setRngState(decodeJson(meta.rng) as number[]);
  return { epoch: Number(meta.epoch), extra: (decodeJson(meta.extra ?? '{}') as Record<string, unknown>) ?? {} };
}

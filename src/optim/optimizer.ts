import { Tensor } from '../tensor/tensor.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { isFloat } from '../tensor/dtype.js';
import { enableGrad, noGrad } from '../autograd/grad-mode.js';
import { backend } from '../backend/index.js';
import type { FloatArray, OptimizerKind } from '../backend/types.js';
import { castTo, clone, contiguous } from '../ops/cast.js';
import { zeros } from '../tensor/creation.js';

/** Options every optimizer has. */
export interface OptimizerOptions {
  lr: number;
}

/**
 * A parameter group: its tensors and its own copy of every option (lr, betas, ...). Schedulers
 * add keys of their own (`initialLr`, `maxLr`, ...), hence the open index signature.
 */
export type ParamGroup<O extends OptimizerOptions = OptimizerOptions> = O & { params: Tensor[]; [extra: string]: unknown };

/** A group as the user passes it: its tensors, and any options that differ from the defaults. */
export type ParamGroupInput<O extends OptimizerOptions = OptimizerOptions> = Partial<O> & { params: Iterable<Tensor> | Tensor; [extra: string]: unknown };

/** What an optimizer keeps per parameter: tensors shaped like it, and scalars (`step`). */
export type ParamState = Record<string, Tensor | number>;

/**
 * An optimizer's state as plain data: per-parameter state keyed by the parameter's index
 * (counted across the groups in order, as PyTorch does), and each group's options with its
 * parameters as indices. Keys are PyTorch's in camelCase (`expAvg`, `momentumBuffer`,
 * `weightDecay`). Tensors are copies: later steps do not change a saved dict.
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

/** Whether the fused kernel can update this parameter in place. */
function fusable(p: Tensor, grad: Tensor, buffers: readonly (Tensor | undefined)[]): boolean {
  if (!isFloat(p.dtype) || !p.isContiguous() || grad.dtype !== p.dtype) return false;
  const n = p.numel();
  for (let i = 0; i < buffers.length; i++) {
    const b = buffers[i];
    if (b && (b.dtype !== p.dtype || !b.isContiguous() || b.numel() !== n)) return false;
  }
  return true;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const NO_STATE32 = new Float32Array(0);
const NO_STATE64 = new Float64Array(0);

function flat(t: Tensor): FloatArray {
  const n = t.numel(), s = t.storage;
  return (t.offset === 0 && s.length === n ? s : s.subarray(t.offset, t.offset + n)) as FloatArray;
}

/**
 * The base of every optimizer (PyTorch's `torch.optim.Optimizer`): parameter groups with their
 * own options, per-parameter state created on first use, `zeroGrad`, `step(closure?)`,
 * `stateDict`/`loadStateDict` and `addParamGroup`. Updates run in place under noGrad.
 *
 * Contiguous float parameters are updated by one fused backend kernel (`optimizerStep`); any
 * other layout falls back to the same math written with tensor ops (identical numbers).
 */
export abstract class Optimizer<O extends OptimizerOptions = OptimizerOptions> {
  readonly defaults: Readonly<O>;
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, created on the parameter's first update. */
  state = new Map<Tensor, ParamState>();
  /** Use the fused kernel where the layout allows (false: always the tensor-op path). */
  fused: boolean;

  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<O>> | Tensor, defaults: O, opts: { fused?: boolean } = {}) {
    const name = new.target.name;
    if (params instanceof Tensor) {
      throw new ValueError(`${name}: params should be an iterable of Tensors or of parameter groups, got a single Tensor; wrap it in an array`);
    }
    this.defaults = { ...defaults };
    this.fused = opts.fused ?? true;
    const list = [...(params as Iterable<Tensor | ParamGroupInput<O>>)];
    if (list.length === 0) throw new ValueError(`${name}: got an empty parameter list`);
    const groups = list[0] instanceof Tensor ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>] : (list as ParamGroupInput<O>[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /** Adds a group (e.g. layers unfrozen while fine-tuning); missing options take the defaults. */
  addParamGroup(group: ParamGroupInput<O>): void {
    const name = this.constructor.name;
    if (group === null || typeof group !== 'object' || group instanceof Tensor) throw new ValueError(`${name}.addParamGroup: a parameter group must be an object with params`);
    const params = group.params instanceof Tensor ? [group.params] : [...(group.params ?? [])];
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new ValueError(`${name}: can only optimize Tensors, but one of the params is ${typeof p}`);
      if (!isFloat(p.dtype)) throw new DTypeError(`${name}: can only optimize floating-point tensors, got ${p.dtype} ${fmtShape(p.shape)}`);
      if (!p.isLeaf() && !p.retainsGrad) throw new ValueError(`${name}: can't optimize a non-leaf Tensor`);
    }
    if (new Set(params).size !== params.length) throw new ValueError(`${name}: a parameter group contains the same parameter twice`);
    for (const g of this.paramGroups) {
      if (g.params.some((p) => params.includes(p))) throw new ValueError(`${name}: some parameters appear in more than one parameter group`);
    }
    const full: Record<string, unknown> = { ...group };
    for (const [k, v] of Object.entries(this.defaults)) if (full[k] === undefined) full[k] = Array.isArray(v) ? [...v] : v; // own copy of betas
    if (typeof full.lr !== 'number' || !Number.isFinite(full.lr)) throw new ValueError(`${name}: parameter group has no valid lr (got ${String(full.lr)})`);
    full.params = params;
    this.paramGroups.push(full as ParamGroup<O>);
  }

  /** Clears the gradients: sets them to null (default), or zeroes them in place. */
  zeroGrad(setToNone = true): void {
    noGrad(() => {
      for (const g of this.paramGroups) {
        const params = g.params;
        for (let i = 0; i < params.length; i++) {
          const p = params[i];
          if (!p.grad) continue;
          if (setToNone) p.grad = null;
          else if (p.grad.isContiguous() && !p.grad.requiresGrad) p.grad.zero_();
          else p.grad = zeros(p.grad.shape, { dtype: p.grad.dtype });
        }
      }
    });
  }

  /**
   * One update of every parameter that has a gradient. `closure` re-evaluates the model and
   * returns the loss (run with grad enabled first; its result is returned).
   */
  step<L>(closure?: () => L): L | undefined {
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() => {
      for (const group of this.paramGroups) this.updateGroup(group);
    });
    return loss;
  }

  /** Updates the parameters of one group (called under noGrad). */
  protected abstract updateGroup(group: ParamGroup<O>): void;

  /** The parameter's state, created by init on first use. */
  protected stateOf(p: Tensor, init: () => ParamState): ParamState {
    let s = this.state.get(p);
    if (!s || Object.keys(s).length === 0) {
      s = init();
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * Runs the fused kernel when the layout allows it, else `fallback` (the same math in tensor
   * ops). `buffers` are the kernel's state arrays in its layout (undefined when unused).
   */
  protected update(kind: OptimizerKind, p: Tensor, grad: Tensor, buffers: readonly (Tensor | undefined)[], hp: readonly number[], fallback: () => void): void {
    if (!sameShape(grad.shape, p.shape)) {
      throw new ShapeError(`${this.constructor.name}.step: gradient of shape ${fmtShape(grad.shape)} does not match its parameter ${fmtShape(p.shape)}`);
    }
    if (!this.fused || !fusable(p, grad, buffers)) return fallback();
    const g = grad.isContiguous() ? grad : contiguous(grad);
    const empty = p.dtype === 'float32' ? NO_STATE32 : NO_STATE64; // an unused state slot
    const state: FloatArray[] = [];
    for (let i = 0; i < buffers.length; i++) {
      const b = buffers[i];
      state.push(b ? flat(b) : empty);
    }
    backend().optimizerStep(kind, flat(p), flat(g), state, hp);
  }

  /** The optimizer's state as plain data (see OptimizerStateDict). */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') packed[k] = Array.isArray(v) ? [...v] : v;
      const ids = g.params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p) as number;
      });
      return { ...packed, params: ids };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(s)) copy[k] = v instanceof Tensor ? noGrad(() => clone(v)) : v;
      state[i] = copy;
    }
    return { state, paramGroups };
  }

  /**
   * Loads a state saved by `stateDict` into an optimizer over the same parameter layout (same
   * group count and sizes). Tensors are copied and cast to their parameter's dtype.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const name = this.constructor.name;
    const saved = sd.paramGroups;
    if (!Array.isArray(saved) || saved.length !== this.paramGroups.length) {
      throw new ValueError(`${name}.loadStateDict: the state dict has ${saved?.length} parameter groups, the optimizer ${this.paramGroups.length}`);
    }
    saved.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i].params.length) {
        throw new ValueError(`${name}.loadStateDict: group ${i} has ${g.params.length} parameters in the state dict, ${this.paramGroups[i].params.length} in the optimizer`);
      }
    });
    const byId = new Map<number, Tensor>();
    saved.forEach((g, i) => g.params.forEach((id, j) => byId.set(id, this.paramGroups[i].params[j])));
    const state = new Map<Tensor, ParamState>();
    for (const [key, s] of Object.entries(sd.state)) {
      const p = byId.get(Number(key));
      if (!p) throw new ValueError(`${name}.loadStateDict: state for parameter ${key}, which no group lists`);
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(s)) {
        if (!(v instanceof Tensor)) { copy[k] = v; continue; }
        if (v.ndim !== p.ndim || !v.shape.every((d, i) => d === p.shape[i])) {
          throw new ShapeError(`${name}.loadStateDict: state '${k}' of parameter ${key} has shape ${fmtShape(v.shape)}, the parameter ${fmtShape(p.shape)}`);
        }
        copy[k] = noGrad(() => clone(castTo(v.detach(), p.dtype)));
      }
      state.set(p, copy);
    }
    this.state = state;
    saved.forEach((g, i) => {
      const params = this.paramGroups[i].params;
      const next: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') next[k] = Array.isArray(v) ? [...v] : v;
      next.params = params;
      this.paramGroups[i] = next as ParamGroup<O>;
    });
  }

  toString(): string {
    const lines = [`${this.constructor.name} (`];
    this.paramGroups.forEach((g, i) => {
      lines.push(`Parameter Group ${i}`);
      for (const k of Object.keys(g).filter((k) => k !== 'params').sort()) lines.push(`    ${k}: ${JSON.stringify(g[k])}`);
    });
    lines.push(')');
    return lines.join('\n');
  }
}

/** Throws a ValueError naming the optimizer unless each listed option is a number >= 0. */
export function checkNonNegative(name: string, options: object, keys: readonly string[]): void {
  const o = options as Record<string, unknown>;
  for (const k of keys) {
    const v = o[k];
    if (typeof v !== 'number' || !(v >= 0)) throw new ValueError(`${name}: invalid ${k} ${String(v)}, expected a number >= 0`);
  }
}

/** Throws a ValueError unless both betas lie in [0, 1). */
export function checkBetas(name: string, betas: readonly number[]): void {
  betas.forEach((b, i) => {
    if (!(b >= 0 && b < 1)) throw new ValueError(`${name}: invalid beta parameter at index ${i}: ${b}, expected [0, 1)`);
  });
}

/** Zero-filled state tensor shaped like p. */
export function zerosLikeParam(p: Tensor): Tensor {
  return zeros(p.shape, { dtype: p.dtype });
}

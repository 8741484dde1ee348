import { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import { IndexError, ValueError } from '../tensor/errors.js';
import { relu } from '../ops/unary.js';
import { Module } from './module.js';
import { ReLU } from './activation.js';
import { MaxPool1d, MaxPool2d } from './pooling.js';
import { Conv2d } from './conv.js';
import { conv2dMaxPool2d } from '../ops/nn/conv-pool.js';

// Containers (PyTorch's Sequential, ModuleList, ModuleDict). Children are stored as fields and
// registered under their state-dict key ('0', '1', ... or the given name). Numeric keys get a
// field name with a prefix, because JS enumerates integer-like property names before all
// others, which would reorder mixed keys.

function fieldOf(key: string): string {
  return /^\d+$/.test(key) ? `_${key}` : key;
}

/** Registers `module` under `key`, refusing names that clash with the container's own members. */
function put(owner: Module, key: string, module: Module, op: string): void {
  if (!(module instanceof Module)) throw new ValueError(`${op}: expected a Module for '${key}', got ${String(module)}`);
  if (key === '' || key.includes('.')) throw new ValueError(`${op}: module name '${key}' must be non-empty and contain no '.'`);
  const field = fieldOf(key);
  if (field in owner && !(Object.prototype.hasOwnProperty.call(owner, field) && (owner as unknown as Record<string, unknown>)[field] instanceof Module)) {
    throw new ValueError(`${op}: module name '${key}' clashes with an attribute of ${owner.constructor.name}`);
  }
  owner.registerModule(field, module, key);
}

function indexOf(op: string, i: number, n: number): number {
  const j = i < 0 ? i + n : i;
  if (!Number.isInteger(i) || j < 0 || j >= n) throw new IndexError(`${op}: index ${i} is out of range for ${n} modules`);
  return j;
}

/** Shared list behaviour of Sequential and ModuleList. */
abstract class ListBase extends Module {
  /** The children in order. */
  protected list(): Module[] {
    // What [...this.children()] gives (the Module-valued own fields, in field order), without
    // the generator chain: Sequential.forward calls this on every step.
    const out: Module[] = [];
    const fields = this as unknown as Record<string, unknown>;
    for (const k of Object.keys(fields)) {
      const v = fields[k];
      if (v instanceof Module) out.push(v);
    }
    return out;
  }
  get length(): number {
    return this.list().length;
  }
  /** The i-th module (negative i counts from the end). */
  at(i: number): Module {
    const l = this.list();
    return l[indexOf(`${this.constructor.name}.at`, i, l.length)];
  }
  /** Adds a module at the end under the next index. */
  append(module: Module): this {
    put(this, String(this.length), module, `${this.constructor.name}.append`);
    return this;
  }
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return this.list()[Symbol.iterator]();
  }
}

/**
 * Chains modules: forward(x) = mₙ(…m₁(x)) (PyTorch's `nn.Sequential`). Built from modules
 * (keys '0', '1', …) or from an ordered record (or Map) of named modules (keys = the names;
 * use a Map when some names are integer-like, since JS objects list those first).
 *
 * ```ts
 * const mlp = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
 * mlp.forward(x);            // [B, 784] → [B, 10]
 * mlp.at(0);                 // the first Linear; state-dict keys '0.weight', '0.bias', '2.weight', ...
 * new nn.Sequential({ conv: new nn.Conv2d(1, 8, 3), act: new nn.ReLU() }); // keys 'conv.weight', ...
 * ```
 */
export class Sequential extends ListBase {
  constructor(...modules: Module[] | [Record<string, Module> | Map<string, Module>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && !(first instanceof Module) && typeof first === 'object' && first !== null) {
      // A Map keeps integer-like names in insertion order; a plain object lists them first.
      const entries = first instanceof Map ? [...first] : Object.entries(first);
      for (const [k, m] of entries) put(this, k, m, 'Sequential');
    } else {
      (modules as Module[]).forEach((m, i) => put(this, String(i), m, 'Sequential'));
    }
  }
  forward(input: Tensor): Tensor {
    let x: unknown = input;
    const ms = this.list();
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i];
      const fused = x instanceof Tensor ? convThenMaxPool(ms, i, x) : 0;
      if (fused > 0) {
        // Conv2d → [ReLU →] MaxPool2d as one op (the convolution's output is never a tensor)
        const conv = m as Conv2d, pool = ms[i + fused - 1] as MaxPool2d;
        const convOpts = { stride: conv.stride, padding: conv.padding, dilation: conv.dilation, groups: conv.groups };
        const poolOpts = { stride: pool.stride, padding: pool.padding, dilation: pool.dilation, ceilMode: pool.ceilMode };
        x = conv2dMaxPool2d(x as Tensor, conv.weight, conv.bias, convOpts, pool.kernelSize, poolOpts, fused === 3);
        i += fused - 1;
        continue;
      }
      if (i + 1 < ms.length && x instanceof Tensor && reluThenMaxPool(m, ms[i + 1], x)) {
        // maxPool(relu(x)) computed as relu(maxPool(x)): the same values and gradients, with the
        // relu (forward and backward) on the pooled, smaller tensor.
        x = relu((ms[i + 1].forward as (a: Tensor) => Tensor)(x));
        i++;
        continue;
      }
      x = (m.forward as (a: unknown) => unknown)(x);
    }
    return x as Tensor;
  }
}

/** Whether m is exactly the class `cls` (not a subclass) with no hooks, so running it differently is invisible. */
function plain(m: Module | undefined, cls: unknown): boolean {
  return m !== undefined && m.constructor === cls && !m.hasHooks();
}

/**
 * How many modules from ms[i] form Conv2d → [ReLU →] MaxPool2d on a 4-D floating x, all plain and
 * the convolution zero-padded: 2 or 3 (ReLU included), else 0. They then run as one op
 * (conv2dMaxPool2d) with the same values and gradients.
 */
function convThenMaxPool(ms: readonly Module[], i: number, x: Tensor): number {
  if (x.ndim !== 4 || !isFloat(x.dtype) || !plain(ms[i], Conv2d) || (ms[i] as Conv2d).paddingMode !== 'zeros') return 0;
  if (plain(ms[i + 1], MaxPool2d)) return 2;
  return plain(ms[i + 1], ReLU) && plain(ms[i + 2], MaxPool2d) ? 3 : 0;
}

/**
 * True when modules a, b are a plain ReLU followed by a plain max pool (no hooks on either) on a
 * floating x. Then maxPool(relu(x)) = relu(maxPool(x)) exactly, gradients included: relu is
 * monotone, so a window's maximum after relu is relu of its maximum; a window with a positive
 * maximum has the same first argmax either way (ties are between equal positives), a window
 * with none gets a zero gradient either way (relu's backward gives 0 at x <= 0), and a NaN,
 * which relu keeps, is the window's chosen element in both orders (NaN passes relu's backward).
 * relu(-0) is +0, as relu of any non-positive value.
 */
function reluThenMaxPool(a: Module, b: Module, x: Tensor): boolean {
  const ca: unknown = a.constructor, cb: unknown = b.constructor;
  return ca === ReLU && (cb === MaxPool2d || cb === MaxPool1d) && isFloat(x.dtype) && !a.hasHooks() && !b.hasHooks();
}

/** A list of modules registered as children (keys '0', '1', …), with no forward of its own (PyTorch's `nn.ModuleList`). */
export class ModuleList extends ListBase {
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }
  forward(): never {
    throw new ValueError('ModuleList: has no forward; iterate over its modules instead');
  }
}

/** Named modules registered as children (PyTorch's `nn.ModuleDict`); keys keep insertion order. */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    const entries = Symbol.iterator in modules ? [...(modules as Iterable<[string, Module]>)] : Object.entries(modules);
    for (const [k, m] of entries) this.set(k, m);
  }
  forward(): never {
    throw new ValueError('ModuleDict: has no forward; look modules up with get(key)');
  }
  /** The module under key (undefined if absent). */
  get(key: string): Module | undefined {
    for (const [k, m] of this.namedChildren()) if (k === key) return m;
    return undefined;
  }
  /** Adds or replaces the module under key. */
  set(key: string, module: Module): this {
    put(this, key, module, 'ModuleDict');
    return this;
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  keys(): string[] {
    return [...this.namedChildren()].map(([k]) => k);
  }
  values(): Module[] {
    return [...this.children()];
  }
  entries(): [string, Module][] {
    return [...this.namedChildren()];
  }
  get size(): number {
    return this.keys().length;
  }
}

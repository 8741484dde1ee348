import { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { copy_ } from '../ops/inplace.js';
import { Parameter } from './parameter.js';
import { HookList, type ForwardHook, type ForwardPreHook, type FullBackwardHook, type RemovableHandle } from './hooks.js';

/** A state dict: PyTorch's dotted keys (`0.weight`, `encoder.layers.0.linear1.bias`) to tensors. */
export type StateDict = Record<string, Tensor>;

export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** camelCase field name → PyTorch's snake_case attribute name (`runningMean` → `running_mean`). */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

interface HookState {
  forwardPre: HookList<ForwardPreHook<Module>>;
  forward: HookList<ForwardHook<Module>>;
  backward: HookList<FullBackwardHook<Module>>;
}

/**
 * The base of every layer and model (PyTorch's `nn.Module`). Parameters, buffers and child
 * modules are found from the module's own fields, in declaration order: a `Parameter` field is a
 * parameter, a `Module` field a child, and tensors registered with `registerBuffer` are buffers.
 * Keys are the snake_case of the field names (PyTorch's attribute names), unless registered
 * under an explicit name. Subclasses implement `forward`; calling `forward` runs the hooks.
 */
export abstract class Module {
  /** Training mode (dropout active, batch norm updates running statistics). */
  training = true;
  // Internal state lives in non-enumerable properties so that field discovery never sees it.
  private declare readonly _names: Map<string, string>;
  private declare readonly _buffers: Map<string, boolean>;
  private declare readonly _hooks: HookState;

  constructor() {
    const hidden = (key: string, value: unknown): void => { Object.defineProperty(this, key, { value, enumerable: false, writable: true }); };
    hidden('_names', new Map<string, string>());
    hidden('_buffers', new Map<string, boolean>());
    hidden('_hooks', { forwardPre: new HookList(), forward: new HookList(), backward: new HookList() });
    hidden('training', true);
    // Route calls of forward through the hooks: wrap the subclass's method on the instance.
    const inner = this.forward;
    hidden('forward', (...args: unknown[]) => this.callWithHooks(inner, args));
  }

  abstract forward(...args: never[]): unknown;

  // ---- registration ---------------------------------------------------------------------

  /** Sets field `field` to a parameter and records its state-dict name (default: snake_case). */
  registerParameter(field: string, param: Parameter | null, key = snakeCase(field)): void {
    (this as unknown as Record<string, unknown>)[field] = param;
    this._names.set(field, key);
  }
  /** Sets field `field` to a buffer (a tensor saved in the state dict when persistent). */
  registerBuffer(field: string, tensor: Tensor | null, persistent = true, key = snakeCase(field)): void {
    (this as unknown as Record<string, unknown>)[field] = tensor;
    this._buffers.set(field, persistent);
    this._names.set(field, key);
  }
  /** Sets field `field` to a child module under an explicit state-dict name. */
  registerModule(field: string, module: Module | null, key = snakeCase(field)): void {
    (this as unknown as Record<string, unknown>)[field] = module;
    this._names.set(field, key);
  }

  private keyOf(field: string): string {
    return this._names.get(field) ?? snakeCase(field);
  }

  /** [key, value] of the direct parameters, buffers and children, in field order. */
  protected *ownEntries(): Generator<[string, 'parameter' | 'buffer' | 'module', Parameter | Tensor | Module, boolean]> {
    for (const [field, value] of Object.entries(this)) {
      if (value instanceof Parameter) yield [this.keyOf(field), 'parameter', value, true];
      else if (value instanceof Module) yield [this.keyOf(field), 'module', value, true];
      else if (value instanceof Tensor && this._buffers.has(field)) yield [this.keyOf(field), 'buffer', value, this._buffers.get(field) as boolean];
    }
  }

  // ---- traversal ------------------------------------------------------------------------

  *namedChildren(): Generator<[string, Module]> {
    for (const [key, kind, value] of this.ownEntries()) if (kind === 'module') yield [key, value as Module];
  }
  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }
  /** This module and all below it, depth first, each once. */
  *namedModules(prefix = '', seen = new Set<Module>()): Generator<[string, Module]> {
    if (seen.has(this)) return;
    seen.add(this);
    yield [prefix, this];
    for (const [key, child] of this.namedChildren()) yield* child.namedModules(prefix ? `${prefix}.${key}` : key, seen);
  }
  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }
  /** Parameters with dotted names; shared parameters are listed once. */
  *namedParameters(prefix = '', recurse = true): Generator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    const mods: Iterable<[string, Module]> = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [path, m] of mods) {
      for (const [key, kind, value] of m.ownEntries()) {
        if (kind !== 'parameter' || seen.has(value as Tensor)) continue;
        seen.add(value as Tensor);
        yield [path ? `${path}.${key}` : key, value as Parameter];
      }
    }
  }
  /** All learnable parameters (for an optimizer). */
  parameters(recurse = true): Parameter[] {
    return [...this.namedParameters('', recurse)].map(([, p]) => p);
  }
  *namedBuffers(prefix = ''): Generator<[string, Tensor]> {
    for (const [path, m] of this.namedModules(prefix)) {
      for (const [key, kind, value] of m.ownEntries()) if (kind === 'buffer') yield [path ? `${path}.${key}` : key, value as Tensor];
    }
  }
  buffers(): Tensor[] {
    return [...this.namedBuffers()].map(([, b]) => b);
  }

  // ---- modes and utilities ---------------------------------------------------------------

  /** Sets training mode on this module and all below it. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  eval(): this {
    return this.train(false);
  }
  /** Clears the gradients of all parameters (sets them to null, as PyTorch's default). */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      if (setToNone || !p.grad) p.grad = null;
      else noGrad(() => p.grad?.zero_());
    }
  }
  /** Calls fn on every module below and then this one (PyTorch's order), e.g. for custom init. */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }
  /** Freezes (false) or unfreezes every parameter. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  // ---- state dict -------------------------------------------------------------------------

  /** Parameters and persistent buffers under PyTorch's dotted keys (detached, sharing storage). */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [path, m] of this.namedModules()) {
      for (const [key, kind, value, persistent] of m.ownEntries()) {
        if (kind === 'module' || !persistent) continue;
        const name = path ? `${path}.${key}` : key;
        if (!(name in out)) out[name] = (value as Tensor).detach();
      }
    }
    return out;
  }

  /**
   * Copies a state dict into this module's parameters and buffers. Throws a ShapeError on any
   * shape mismatch, and (strict, the default) a ValueError listing missing and unexpected keys.
   */
  loadStateDict(stateDict: StateDict, options: { strict?: boolean } = {}): LoadResult {
    const strict = options.strict ?? true;
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !(k in stateDict));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !(k in own));
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      throw new ValueError(`loadStateDict: missing keys [${missingKeys.join(', ')}], unexpected keys [${unexpectedKeys.join(', ')}]`);
    }
    for (const [key, target] of Object.entries(own)) {
      const src = stateDict[key];
      if (!src) continue;
      if (!shapesEqual(src.shape, target.shape)) {
        throw new ShapeError(`loadStateDict: size mismatch for ${key}: the checkpoint has shape ${fmtShape(src.shape)}, the model ${fmtShape(target.shape)}`);
      }
    }
    noGrad(() => {
      for (const [key, target] of Object.entries(own)) if (stateDict[key]) copy_(target, stateDict[key]);
    });
    return { missingKeys, unexpectedKeys };
  }

  // ---- hooks ------------------------------------------------------------------------------

  /** True when any forward-pre, forward or backward hook is registered on this module (not its children). */
  hasHooks(): boolean {
    const h = this._hooks;
    return h.forwardPre.size > 0 || h.forward.size > 0 || h.backward.size > 0;
  }

  registerForwardPreHook(hook: ForwardPreHook<this>): RemovableHandle {
    return this._hooks.forwardPre.add(hook as ForwardPreHook<Module>);
  }
  registerForwardHook(hook: ForwardHook<this>): RemovableHandle {
    return this._hooks.forward.add(hook as ForwardHook<Module>);
  }
  /** Hook on the gradients of the module's inputs and outputs (PyTorch's full backward hook). */
  registerFullBackwardHook(hook: FullBackwardHook<this>): RemovableHandle {
    return this._hooks.backward.add(hook as FullBackwardHook<Module>);
  }

  private callWithHooks(inner: (...args: never[]) => unknown, args: unknown[]): unknown {
    const hooks = this._hooks;
    let inputs: readonly unknown[] = args;
    if (hooks.forwardPre.size > 0) for (const h of hooks.forwardPre.values()) {
      const r = h(this, inputs);
      if (r) inputs = r;
    }
    const wantBackward = hooks.backward.size > 0 && isGradEnabled();
    const gradOutputs: (Tensor | null)[] = [];
    if (wantBackward) inputs = this.wrapInputsForBackwardHooks(inputs, gradOutputs);
    let output = inner.apply(this, inputs as never[]);
    if (hooks.forward.size > 0) for (const h of hooks.forward.values()) {
      const r = h(this, inputs, output);
      if (r !== undefined) output = r;
    }
    if (wantBackward) output = this.wrapOutputsForBackwardHooks(inputs, output, gradOutputs);
    return output;
  }

  // Identity nodes around the module: the output ones record the output gradients, the input
  // ones call the hooks once every input gradient has arrived.
  private wrapInputsForBackwardHooks(inputs: readonly unknown[], gradOutputs: (Tensor | null)[]): unknown[] {
    const tensorIdx = inputs.map((a, i) => (a instanceof Tensor && a.requiresGrad ? i : -1)).filter((i) => i >= 0);
    const gradInputs: (Tensor | null)[] = tensorIdx.map(() => null);
    let arrived = 0;
    return inputs.map((a, i) => {
      const slot = tensorIdx.indexOf(i);
      if (slot < 0) return a;
      const x = a as Tensor;
      const id = x.detach();
      return record('backwardHook', [x], id, (g) => {
        gradInputs[slot] = g;
        arrived++;
        if (arrived < tensorIdx.length) return [g];
        let result: readonly (Tensor | null)[] = gradInputs;
        for (const h of this._hooks.backward.values()) {
          const r = h(this, result, gradOutputs);
          if (r) result = r;
        }
        return [result[slot]];
      });
    });
  }

  private wrapOutputsForBackwardHooks(inputs: readonly unknown[], output: unknown, gradOutputs: (Tensor | null)[]): unknown {
    const noTensorInputs = !inputs.some((a) => a instanceof Tensor && a.requiresGrad);
    const wrap = (t: Tensor, slot: number): Tensor => {
      if (!t.requiresGrad) return t;
      gradOutputs[slot] = null;
      return record('backwardHook', [t], t.detach(), (g) => {
        gradOutputs[slot] = g;
        // With no input needing grad, PyTorch still calls the hook, with null input gradients.
        if (noTensorInputs) for (const h of this._hooks.backward.values()) h(this, [null], gradOutputs);
        return [g];
      });
    };
    if (output instanceof Tensor) return wrap(output, 0);
    if (Array.isArray(output)) return output.map((o, i) => (o instanceof Tensor ? wrap(o, i) : o));
    return output;
  }

  // ---- printing ---------------------------------------------------------------------------

  /** The text inside the parentheses of this module's line, e.g. `inFeatures=784, outFeatures=256, bias=true`. */
  extraRepr(): string {
    return '';
  }

  /** A tree like PyTorch's `print(model)`. */
  toString(): string {
    const name = this.constructor.name;
    const children = [...this.namedChildren()];
    const extra = this.extraRepr();
    if (children.length === 0) return `${name}(${extra})`;
    const lines = extra ? [extra] : [];
    for (const [key, child] of children) lines.push(`(${key}): ${child.toString().split('\n').join('\n  ')}`);
    return `${name}(\n  ${lines.join('\n  ')}\n)`;
  }
}

import type { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import { onesLike } from '../tensor/creation.js';
import { add } from '../ops/binary.js';
import { castTo } from '../ops/cast.js';
import { binary_ } from '../ops/scratch.js';
import { takeFreshGradient } from './fresh.js';
import { recycleStorage } from '../tensor/storage-pool.js';
import { withGradMode } from './grad-mode.js';
import type { GradNode } from './node.js';

export interface BackwardOptions {
  /** The gradient of the root (required when the root has more than one element). */
  gradient?: Tensor;
  /** Keep the graph so it can be run again. Defaults to createGraph. */
  retainGraph?: boolean;
  /** Record the backward pass itself, for gradients of gradients. */
  createGraph?: boolean;
}

export interface GradOptions {
  gradOutputs?: Tensor | readonly Tensor[];
  retainGraph?: boolean;
  createGraph?: boolean;
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

/** Accumulates gradients into `.grad` of the leaves reachable from `root`. */
export function backward(root: Tensor, options: BackwardOptions = {}): void {
  const createGraph = options.createGraph ?? false;
  run([root], [rootGradient('backward', root, options.gradient)], options.retainGraph ?? createGraph, createGraph, null);
}

/**
 * The gradients of `outputs` with respect to `inputs`, returned rather than accumulated into
 * `.grad` (PyTorch's `torch.autograd.grad`).
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
  const ins = Array.isArray(inputs) ? (inputs as readonly Tensor[]) : [inputs as Tensor];
  const given = options.gradOutputs === undefined ? [] : Array.isArray(options.gradOutputs) ? options.gradOutputs : [options.gradOutputs as Tensor];
  const rootGrads = outs.map((o, i) => rootGradient('grad', o, given[i]));
  for (const t of ins) {
    if (!t.requiresGrad) throw new ValueError('grad: one of the inputs does not require grad');
  }
  const createGraph = options.createGraph ?? false;
  const captured = new Map<Tensor, Tensor | null>(ins.map((t) => [t, null]));
  run(outs, rootGrads, options.retainGraph ?? createGraph, createGraph, captured);
  return ins.map((t, i) => {
    const g = captured.get(t) ?? null;
    if (g === null && !options.allowUnused) {
      throw new ValueError(`grad: input ${i} was not used in the graph of the outputs; pass { allowUnused: true } to get null for it`);
    }
    return g;
  });
}

function rootGradient(op: string, root: Tensor, gradient: Tensor | undefined): Tensor {
  if (!root.requiresGrad) {
    throw new ValueError(`${op}: the tensor does not require grad and has no gradFn (did you forget requiresGrad, or run inside noGrad?)`);
  }
  if (gradient === undefined) {
    if (root.numel() !== 1) {
      throw new ValueError(`${op}: a gradient can be created implicitly only for one-element outputs; got shape ${fmtShape(root.shape)}, pass { gradient }`);
    }
    return onesLike(root);
  }
  if (!shapesEqual(gradient.shape, root.shape)) {
    throw new ShapeError(`${op}: gradient of shape ${fmtShape(gradient.shape)} does not match the output's shape ${fmtShape(root.shape)}`);
  }
  return gradient;
}

function accumulate(prev: Tensor | null | undefined, g: Tensor): Tensor {
  return prev ? add(prev, g) : g;
}

/**
 * Runs the graph backwards from the roots in topological order. Each node runs once, after
 * every node that feeds it a gradient. Leaves accumulate into `.grad`, or into `captured`
 * when called from `grad()`.
 */
function run(roots: readonly Tensor[], rootGrads: readonly Tensor[], retainGraph: boolean, createGraph: boolean, captured: Map<Tensor, Tensor | null> | null): void {
  withGradMode(createGraph, () => runGraph(roots, rootGrads, retainGraph, createGraph, captured));
}

/** For every node reachable from the roots, how many edges feed it (the roots' own nodes start at 0). */
function countDependencies(roots: readonly Tensor[]): Map<GradNode, number> {
  const deps = new Map<GradNode, number>();
  const stack: GradNode[] = [];
  for (const r of roots) if (r.gradFn && !deps.has(r.gradFn)) { deps.set(r.gradFn, 0); stack.push(r.gradFn); }
  while (stack.length) {
    const node = stack.pop() as GradNode;
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const next = inputs[i]?.gradFn;
      if (!next) continue;
      const seen = deps.get(next);
      deps.set(next, (seen ?? 0) + 1);
      if (seen === undefined) stack.push(next);
    }
  }
  return deps;
}

/** The gradients in flight during one run. */
class Pending {
  // A node's entry is overwritten with undefined once it runs (a delete can shrink and
  // reallocate the table).
  readonly grads = new Map<GradNode, Tensor | undefined>();
  // Nodes whose pending gradient is a buffer only the engine holds (a fresh backward output
  // or a sum the engine allocated): further contributions are added into it in place. Never
  // with createGraph (the sum must be recorded) nor for tensors `grad()` captures (the same
  // object is stored there); a node's entry ends when the node runs and receives it.
  readonly owned = new Map<GradNode, boolean>();
  readonly leafGrads = new Map<Tensor, Tensor>();

  constructor(readonly createGraph: boolean, readonly captured: Map<Tensor, Tensor | null> | null) {}

  /** Hands g, the gradient of t, to t's node (summed with what it already has), or to t itself when a leaf. */
  deliver(t: Tensor, g: Tensor, gFresh: boolean): void {
    const captured = this.captured;
    const isCaptured = captured !== null && captured.has(t);
    if (isCaptured) captured.set(t, accumulate(captured.get(t), g));
    const fn = t.gradFn;
    if (fn) {
      const prev = this.grads.get(fn);
      const inPlace = !this.createGraph && !isCaptured;
      const owned = this.owned;
      if (!prev) {
        this.grads.set(fn, g);
        if (inPlace && gFresh) owned.set(fn, true);
      } else if (inPlace && owned.get(fn) === true && writableSum(prev, g)) {
        binary_('add', prev, g);
      } else if (inPlace && gFresh && writableSum(g, prev)) {
        binary_('add', g, prev); // a + b = b + a exactly: the same bits as add(prev, g)
        this.grads.set(fn, g);
        owned.set(fn, true);
      } else {
        this.grads.set(fn, add(prev, g));
        owned.set(fn, inPlace);
      }
    } else if (!captured) this.leafGrads.set(t, accumulate(this.leafGrads.get(t), g));
  }
}

function runGraph(roots: readonly Tensor[], rootGrads: readonly Tensor[], retainGraph: boolean, createGraph: boolean, captured: Map<Tensor, Tensor | null> | null): void {
  const deps = countDependencies(roots);
  const pending = new Pending(createGraph, captured);
  for (let i = 0; i < roots.length; i++) pending.deliver(roots[i], rootGrads[i], false);

  const ready: GradNode[] = [];
  for (const r of roots) if (r.gradFn && deps.get(r.gradFn) === 0 && !ready.includes(r.gradFn)) ready.push(r.gradFn);
  while (ready.length) {
    const node = ready.pop() as GradNode;
    const g = pending.grads.get(node);
    const own = pending.owned.get(node) === true;
    pending.grads.set(node, undefined);
    pending.owned.set(node, false);
    // A node that received no gradient (every path to it was null) still releases its inputs.
    let grads: readonly (Tensor | null | undefined)[] = NO_GRADS;
    if (g) {
      if (node.retained && !captured) node.retained.grad = accumulate(node.retained.grad, createGraph ? g : g.detach());
      grads = node.apply(g);
      if (!retainGraph) node.release();
      // g was a buffer only the engine held (see Pending.owned) and the rule has used it: unless
      // the rule passed it on (a gradient sharing its storage) or it became retainGrad's .grad,
      // nothing references it any more, and allocUninit may hand it out again.
      if (own && !node.retained && notPassedOn(g, grads)) recycleStorage(g.dtype, g.storage);
    }
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const inp = inputs[i];
      if (!inp) continue;
      const gi = grads[i];
      if (gi) pending.deliver(inp, fitGradient(node.name, inp, gi), takeFreshGradient(gi) && !sharesStorage(grads, i));
      const fn = inp.gradFn;
      if (fn) {
        const left = (deps.get(fn) as number) - 1;
        deps.set(fn, left);
        if (left === 0) ready.push(fn);
      }
    }
  }
  pending.leafGrads.forEach((g, leaf) => {
    leaf.grad = accumulate(leaf.grad, createGraph ? g : g.detach());
  });
}

const NO_GRADS: readonly (Tensor | null)[] = [];

/** Whether dst can take `dst += src` in place: same dtype, dst dense from offset 0, no shared storage. */
function writableSum(dst: Tensor, src: Tensor): boolean {
  return dst.dtype === src.dtype && dst.storage !== src.storage && !dst.requiresGrad && dst.offset === 0 &&
    dst.storage.length === dst.numel() && dst.isContiguous();
}

/**
 * Whether g is a whole buffer that none of the rule's returned gradients shares (compared by
 * ArrayBuffer, so a gradient over another typed array of the same memory counts as shared).
 */
function notPassedOn(g: Tensor, grads: readonly (Tensor | null | undefined)[]): boolean {
  if (g.offset !== 0 || g.storage.length !== g.numel()) return false;
  const buf = g.storage.buffer;
  for (let j = 0; j < grads.length; j++) if (grads[j] && (grads[j] as Tensor).storage.buffer === buf) return false;
  return true;
}

/** Whether grads[i] shares its storage with another gradient the same rule returned. */
function sharesStorage(grads: readonly (Tensor | null | undefined)[], i: number): boolean {
  const s = (grads[i] as Tensor).storage;
  for (let j = 0; j < grads.length; j++) if (j !== i && grads[j] && (grads[j] as Tensor).storage === s) return true;
  return false;
}

/** Checks a backward rule's output against its input's shape and dtype. */
function fitGradient(op: string, input: Tensor, g: Tensor): Tensor {
  if (!shapesEqual(g.shape, input.shape)) {
    throw new ShapeError(`${op} backward: gradient of shape ${fmtShape(g.shape)} for an input of shape ${fmtShape(input.shape)}`);
  }
  return g.dtype === input.dtype ? g : castTo(g, input.dtype);
}

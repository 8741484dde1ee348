import type { DType, TypedArray } from './dtype.js';
import { allocStorage, isFloat } from './dtype.js';
import type { GradNode } from '../autograd/node.js';
import { contiguousStrides, isContiguous, numel } from './shape.js';
import { DTypeError, ValueError, fmtShape } from './errors.js';
import { formatTensor } from './format.js';

/** `a` itself when already frozen (another tensor's shape or strides: safe to share), else a frozen copy. */
function frozenCopy(a: readonly number[]): readonly number[] {
  return Object.isFrozen(a) ? a : Object.freeze(a.slice());
}

/** A nested array of numbers or booleans, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | boolean | NestedArray[];

/**
 * An n-dimensional array: a view (shape, strides, offset) over typed-array storage.
 * Views share storage; `contiguous()` copies. Storage is on the JavaScript heap, so the
 * garbage collector frees it. Most methods are defined by the op files under `src/ops/`.
 */
export class Tensor {
  readonly storage: TypedArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  /** Whether gradients flow to this tensor. Set on leaves by the user; on results by the op. */
  requiresGrad = false;
  /** The accumulated gradient of a leaf after `backward()`. */
  grad: Tensor | null = null;
  /** The graph node that produced this tensor (null for leaves and for results made without grad). */
  gradFn: GradNode | null = null;
  /** Keep `.grad` on this non-leaf tensor during backward (PyTorch's `retainGrad`). */
  retainsGrad = false;

  /** Internal: use `tensor()`, `zeros()` and friends, or the ops. */
  constructor(storage: TypedArray, shape: readonly number[], dtype: DType, strides?: readonly number[], offset = 0) {
    this.storage = storage;
    this.shape = frozenCopy(shape);
    this.strides = strides ? frozenCopy(strides) : Object.freeze(contiguousStrides(shape));
    this.offset = offset;
    this.dtype = dtype;
  }

  /** A fresh zero-filled contiguous tensor (internal helper for ops). */
  static empty(shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(allocStorage(dtype, numel(shape)), shape, dtype);
  }

  get ndim(): number { return this.shape.length; }
  /** Number of elements. */
  numel(): number { return numel(this.shape); }
  /** PyTorch's `size()`: the shape, or one dimension of it. */
  size(): readonly number[];
  size(dim: number): number;
  size(dim?: number): number | readonly number[] {
    if (dim === undefined) return this.shape;
    return this.shape[dim < 0 ? dim + this.shape.length : dim];
  }
  dim(): number { return this.shape.length; }
  isLeaf(): boolean { return this.gradFn === null; }
  isContiguous(): boolean { return isContiguous(this.shape, this.strides); }

  /** Marks a tensor (normally a leaf) as requiring grad; returns this. */
  requiresGrad_(flag = true): this {
    if (!flag && this.gradFn) throw new ValueError('requiresGrad_: cannot turn off requiresGrad on a non-leaf tensor; use detach()');
    if (flag && !isFloat(this.dtype)) throw new DTypeError(`requiresGrad_: only floating-point tensors can require grad, got ${this.dtype}`);
    this.requiresGrad = flag;
    return this;
  }
  /** Keeps `.grad` on a non-leaf tensor during backward. */
  retainGrad(): this {
    this.retainsGrad = true;
    if (this.gradFn) this.gradFn.retained = this;
    return this;
  }

  /** A tensor sharing this one's storage, cut off from the graph. */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, this.dtype, this.strides, this.offset);
  }

  /** The values, contiguous and row-major (a copy when this is a strided view). */
  dataSync(): TypedArray {
    const n = this.numel();
    if (this.isContiguous()) return this.storage.subarray(this.offset, this.offset + n) as TypedArray;
    return this.contiguous().storage;
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.numel() !== 1) throw new ValueError(`item: expected a tensor with one element, got shape ${fmtShape(this.shape)}`);
    return this.storage[this.offset];
  }

  /** Nested arrays of numbers (booleans for bool tensors). */
  toArray(): NestedArray {
    const data = this.dataSync();
    const isBool = this.dtype === 'bool';
    const shape = this.shape;
    let pos = 0;
    const build = (d: number): NestedArray => {
      if (d === shape.length) {
        const v = data[pos++];
        return isBool ? v !== 0 : v;
      }
      const out: NestedArray[] = [];
      for (let i = 0; i < shape[d]; i++) out.push(build(d + 1));
      return out;
    };
    return build(0);
  }

  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }
}

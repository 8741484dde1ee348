import { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/creation.js';
import { indexSelect } from '../../ops/scatter-gather.js';
import { reshape } from '../../ops/movement.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import type { LabelInput, SampleInput } from './types.js';

/** Number of samples of an input: its first dimension (a number is taken as the count itself). */
export function numSamples(x: SampleInput, name = 'X'): number {
  if (typeof x === 'number') {
    if (!Number.isInteger(x) || x < 0) throw new ValueError(`${name}: a sample count must be a non-negative integer, got ${x}`);
    return x;
  }
  if (x instanceof Tensor) {
    if (x.ndim === 0) throw new ShapeError(`${name}: expected an array of samples, got a 0-d tensor`);
    return x.shape[0];
  }
  return (x as ArrayLike<unknown>).length;
}

/**
 * The rows `indices` of an input, in that order, keeping its kind: a Tensor gives a Tensor
 * (indexSelect along dim 0), an array or typed array gives the same kind of array.
 */
export function takeRows<T>(x: T, indices: Int32Array): T {
  if (x instanceof Tensor) return indexSelect(x, 0, new Tensor(indices, [indices.length], 'int32')) as T;
  if (ArrayBuffer.isView(x)) {
    const src = x as unknown as { constructor: new (n: number) => { [i: number]: number }; [i: number]: number };
    const out = new src.constructor(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = src[indices[i]];
    return out as T;
  }
  if (Array.isArray(x)) return Array.from(indices, (i) => x[i]) as T;
  throw new ValueError(`takeRows: expected a Tensor or an array of samples, got ${typeof x}`);
}

/** The values of a 1-D label input as plain numbers or strings. */
export function labelValues(y: LabelInput, name = 'y'): (number | string)[] {
  if (y instanceof Tensor) {
    let t = y;
    if (t.ndim === 2 && t.shape[1] === 1) t = reshape(t, [t.shape[0]]);
    if (t.ndim !== 1) throw new ShapeError(`${name}: expected a 1-D array of labels, got shape [${t.shape.join(', ')}]`);
    return Array.from(t.dataSync() as ArrayLike<number>);
  }
  const arr = Array.from(y as ArrayLike<unknown>);
  return arr.map((v, i) => {
    if (Array.isArray(v) && v.length === 1) v = v[0];
    if (typeof v === 'number' || typeof v === 'string') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    throw new ValueError(`${name}: expected numbers or strings as labels, got ${typeof v} at element ${i}`);
  });
}

function compareLabels(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a), sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * numpy's `np.unique(y, return_index=True, return_inverse=True)`: the sorted distinct labels,
 * the first position of each, and each sample's index into them.
 */
export function uniqueLabels(y: readonly (number | string)[], name = 'y'): { classes: (number | string)[]; firstIndex: number[]; inverse: Int32Array } {
  const first = new Map<number | string, number>();
  y.forEach((v, i) => {
    if (typeof v === 'number' && Number.isNaN(v)) throw new ValueError(`${name}: contains NaN at element ${i}`);
    if (!first.has(v)) first.set(v, i);
  });
  const classes = [...first.keys()].sort(compareLabels);
  const pos = new Map<number | string, number>();
  classes.forEach((c, i) => pos.set(c, i));
  const inverse = Int32Array.from(y, (v) => pos.get(v) as number);
  return { classes, firstIndex: classes.map((c) => first.get(c) as number), inverse };
}

/** The labels as a float64 Tensor (for estimators), strings rejected. */
export function labelsToTensor(y: LabelInput, name = 'y'): Tensor {
  if (y instanceof Tensor) return y;
  const v = labelValues(y, name);
  if (v.some((e) => typeof e === 'string')) throw new ValueError(`${name}: string labels must be encoded as numbers first (e.g. LabelEncoder)`);
  return tensor(v as number[], { dtype: 'float64' });
}

/** 0, 1, ..., n-1. */
export function arange(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Indices of 0..n-1 not in `test` (ascending). */
export function complement(n: number, test: Int32Array): Int32Array {
  const mask = new Uint8Array(n);
  for (const i of test) mask[i] = 1;
  const out = new Int32Array(n - test.length);
  let k = 0;
  for (let i = 0; i < n; i++) if (!mask[i]) out[k++] = i;
  return out;
}

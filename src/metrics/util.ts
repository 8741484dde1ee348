/**
 * Input handling shared by the metrics: label vectors (numbers or strings), label-indicator
 * matrices, score/probability arrays and sample weights, with scikit-learn's target-type rules
 * (`type_of_target`, `_check_targets`, `unique_labels`).
 */
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { reshape } from '../ops/movement.js';
import type { TypedArray } from '../tensor/dtype.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';

/** A class label: a number or a string. */
export type Label = number | string;
/** Labels: a Tensor, a typed array, numbers, strings, or a 0/1 indicator matrix (multilabel). */
export type LabelInput = Tensor | TypedArray | readonly number[] | readonly string[] | readonly Label[] | readonly (readonly number[])[];
/** Scores, probabilities or values: a Tensor, a typed array, numbers or rows of numbers. */
export type NumericInput = Tensor | TypedArray | readonly number[] | readonly (readonly number[])[];

/** scikit-learn's `type_of_target` kinds that the metrics distinguish. */
export type TargetType = 'binary' | 'multiclass' | 'multilabel-indicator' | 'continuous' | 'multiclass-multioutput' | 'continuous-multioutput';

/** A numeric array read from an input: row-major values with its shape (1-D or 2-D). */
export interface Numeric { data: Float64Array; shape: number[] }

/** A target read from an input. 1-D targets have `labels`; indicator matrices have `matrix`. */
export interface Target {
  type: TargetType;
  n: number;
  labels: Label[] | null;
  matrix: Numeric | null;
  /** The distinct labels of a 1-D target, unsorted (empty for indicator matrices). */
  distinct: Label[];
}

/** Reads a numeric 1-D or 2-D input into float64 values; NaN and ±Inf are a ValueError naming `name`. */
export function readNumeric(x: NumericInput, name: string, options: { allowInf?: boolean; maxDim?: number } = {}): Numeric {
  let data: Float64Array;
  let shape: number[];
  if (x instanceof Tensor) {
    const d = x.detach().contiguous().dataSync();
    data = d instanceof Float64Array ? Float64Array.from(d) : Float64Array.from(d as ArrayLike<number>);
    shape = [...x.shape];
  } else if (ArrayBuffer.isView(x)) {
    data = Float64Array.from(x as ArrayLike<number>);
    shape = [data.length];
  } else {
    const arr = x as readonly unknown[];
    if (arr.length > 0 && Array.isArray(arr[0])) {
      const rows = arr as readonly (readonly number[])[];
      const m = rows[0].length;
      data = new Float64Array(rows.length * m);
      rows.forEach((r, i) => {
        if (!Array.isArray(r) || r.length !== m) throw new ShapeError(`${name}: ragged rows: row 0 has ${m} values, row ${i} has ${Array.isArray(r) ? r.length : 'none'}`);
        for (let j = 0; j < m; j++) data[i * m + j] = Number(r[j]);
      });
      shape = [rows.length, m];
    } else {
      data = new Float64Array(arr.length);
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        if (typeof v === 'number') data[i] = v;
        else if (typeof v === 'boolean') data[i] = v ? 1 : 0;
        else throw new ValueError(`${name}: expected numbers, got ${typeof v} at element ${i}`);
      }
      shape = [data.length];
    }
  }
  const maxDim = options.maxDim ?? 2;
  if (shape.length === 0) throw new ShapeError(`${name}: expected an array, got a scalar`);
  if (shape.length > maxDim) throw new ShapeError(`${name}: expected at most ${maxDim} dimensions, got shape ${fmtShape(shape)}`);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isNaN(v)) throw new ValueError(`${name}: contains NaN at element ${i}`);
    if (!options.allowInf && !Number.isFinite(v)) throw new ValueError(`${name}: contains infinity at element ${i}`);
  }
  return { data, shape };
}

/** Reads a 1-D numeric input (a [n, 1] column is flattened). */
export function readVector(x: NumericInput, name: string, options: { allowInf?: boolean } = {}): Float64Array {
  const r = readNumeric(x, name, options);
  if (r.shape.length === 2 && r.shape[1] === 1) return r.data;
  if (r.shape.length !== 1) throw new ShapeError(`${name}: expected a 1-D array, got shape ${fmtShape(r.shape)}`);
  return r.data;
}

/** Reads sample weights (null when absent), checking their length against `n`. */
export function readWeights(w: NumericInput | null | undefined, n: number, name = 'sampleWeight'): Float64Array | null {
  if (w === null || w === undefined) return null;
  const d = readVector(w, name);
  if (d.length !== n) throw new ShapeError(`${name}: expected ${n} weights (one per sample), got ${d.length}`);
  return d;
}

function isStringArray(x: LabelInput): x is readonly Label[] {
  return Array.isArray(x) && x.length > 0 && typeof x[0] === 'string';
}

/** scikit-learn's `type_of_target` for a label input; `name` is used in error messages. */
export function readTarget(y: LabelInput, name: string): Target {
  if (isStringArray(y)) {
    const labels: Label[] = [];
    for (let i = 0; i < y.length; i++) {
      if (typeof y[i] !== 'string') throw new ValueError(`${name}: mix of string and ${typeof y[i]} labels (element ${i})`);
      labels.push(y[i]);
    }
    const distinct = [...new Set(labels)];
    return { type: distinct.length <= 2 ? 'binary' : 'multiclass', n: labels.length, labels, matrix: null, distinct };
  }
  const num = readNumeric(y as NumericInput, name);
  if (num.shape.length === 2 && num.shape[1] !== 1) {
    let indicator = true;
    let integral = true;
    for (const v of num.data) {
      if (v !== 0 && v !== 1) indicator = false;
      if (!Number.isInteger(v)) integral = false;
    }
    const type: TargetType = indicator && num.shape[1] > 1 ? 'multilabel-indicator' : integral ? 'multiclass-multioutput' : 'continuous-multioutput';
    return { type, n: num.shape[0], labels: null, matrix: num, distinct: [] };
  }
  const labels = Array.from(num.data);
  let integral = true;
  for (const v of labels) if (!Number.isInteger(v)) { integral = false; break; }
  const distinct = [...new Set(num.data)];
  const type: TargetType = !integral ? 'continuous' : distinct.length <= 2 ? 'binary' : 'multiclass';
  return { type, n: labels.length, labels, matrix: null, distinct };
}

/** Sorts labels as numpy does: numbers ascending, strings by code point; mixing them is an error. */
export function sortLabels(labels: Iterable<Label>, name = 'labels'): Label[] {
  const out = [...new Set(labels)];
  const hasStr = out.some((l) => typeof l === 'string');
  const hasNum = out.some((l) => typeof l === 'number');
  if (hasStr && hasNum) throw new ValueError(`${name}: mix of string and number labels: ${out.slice(0, 6).map((l) => JSON.stringify(l)).join(', ')}`);
  return hasStr ? (out as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : (out as number[]).sort((a, b) => a - b);
}

/** A pair of targets checked to describe the same classification task (`_check_targets`). */
export interface TargetPair { type: 'binary' | 'multiclass' | 'multilabel-indicator'; yTrue: Target; yPred: Target; n: number }

/** scikit-learn's `_check_targets`: the common type of y_true and y_pred, with length checks. */
export function checkTargets(yTrue: LabelInput, yPred: LabelInput, names: [string, string] = ['yTrue', 'yPred']): TargetPair {
  const a = readTarget(yTrue, names[0]);
  const b = readTarget(yPred, names[1]);
  if (a.n !== b.n) throw new ShapeError(`${names[0]} and ${names[1]} have inconsistent numbers of samples: ${a.n} and ${b.n}`);
  const types = new Set<TargetType>([a.type, b.type]);
  if (types.has('binary') && types.has('multiclass')) types.delete('binary');
  if (types.size > 1) throw new ValueError(`classification metrics can't handle a mix of ${a.type} (${names[0]}) and ${b.type} (${names[1]}) targets`);
  const type = [...types][0];
  if (type !== 'binary' && type !== 'multiclass' && type !== 'multilabel-indicator') {
    throw new ValueError(`${names[0]}: ${type} targets are not supported by classification metrics`);
  }
  if (type === 'multilabel-indicator' && a.matrix && b.matrix && a.matrix.shape[1] !== b.matrix.shape[1]) {
    throw new ShapeError(`${names[0]} and ${names[1]} have different numbers of labels: ${a.matrix.shape[1]} and ${b.matrix.shape[1]}`);
  }
  let t: TargetPair['type'] = type;
  if (type === 'binary') {
    // Binary by each input alone may still be multiclass together ([0, 1] vs [1, 2]).
    if (sortLabels([...a.distinct, ...b.distinct], names[0]).length > 2) t = 'multiclass';
  }
  return { type: t, yTrue: a, yPred: b, n: a.n };
}

/** scikit-learn's `unique_labels` over the targets: sorted labels, or column indices for indicators. */
export function uniqueLabels(...targets: Target[]): Label[] {
  if (targets.some((t) => t.matrix !== null)) return Array.from({ length: targets[0].matrix?.shape[1] ?? 0 }, (_, i) => i);
  return sortLabels(targets.flatMap((t) => t.distinct));
}

/** A Map from label to its position in `labels`. */
export function labelIndex(labels: readonly Label[]): Map<Label, number> {
  const m = new Map<Label, number>();
  labels.forEach((l, i) => { if (!m.has(l)) m.set(l, i); });
  return m;
}

/** Reads a user-given `labels` option (numbers or strings) into a list; empty is an error. */
export function readLabelsOption(labels: LabelInput | null | undefined, name = 'labels'): Label[] | null {
  if (labels === null || labels === undefined) return null;
  const t = readTarget(labels, name);
  if (t.labels === null) throw new ShapeError(`${name}: expected a 1-D list of labels`);
  if (t.labels.length === 0) throw new ValueError(`${name}: 'labels' should contain at least one label`);
  return t.labels;
}

/** Weighted mean (or sum when `normalize` is false) of per-sample values, like `_weighted_sum`. */
export function weightedSum(values: ArrayLike<number>, weights: Float64Array | null, normalize: boolean): number {
  if (values.length === 0) throw new ValueError('yTrue: found an array with 0 samples; at least 1 is required');
  let s = 0;
  let ws = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights ? weights[i] : 1;
    s += values[i] * w;
    ws += w;
  }
  if (!normalize) return s;
  if (ws === 0) throw new ValueError('sampleWeight: weights sum to zero, cannot be normalized');
  return s / ws;
}

/** A float64 Tensor of the values with the given shape. */
export function f64(values: ArrayLike<number>, shape?: number[]): Tensor {
  const t = tensor(Float64Array.from(values), { dtype: 'float64' });
  return shape ? reshape(t, shape) : t;
}

/** Checks one option against its allowed values: a ValueError naming the option otherwise. */
export function checkOption<T>(value: T, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value)) throw new ValueError(`${name}: expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(value)}`);
  return value;
}

/** Checks that two lengths agree: a ShapeError naming both arguments and both lengths. */
export function checkLength(n1: number, n2: number, name1: string, name2: string): void {
  if (n1 !== n2) throw new ShapeError(`${name1} and ${name2} have inconsistent numbers of samples: ${n1} and ${n2}`);
}

/** Warns once per message (scikit-learn's UndefinedMetricWarning with zeroDivision='warn'). */
const warned = new Set<string>();
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`nabla.metrics: ${message}`);
}

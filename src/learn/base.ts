import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import type { NestedArray } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';
import { NotFittedError, ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { castTo } from '../ops/cast.js';
import { reshape } from '../ops/movement.js';

/** What estimators accept as data: a Tensor, nested arrays, or a typed array (1-D). */
export type ArrayInput = Tensor | NestedArray | TypedArray | readonly NestedArray[];

/** Parameters of an estimator: its constructor options. */
export type Params = Record<string, unknown>;

/**
 * The base of every estimator (scikit-learn's `BaseEstimator`). The constructor only stores
 * options; `getParams`/`setParams` read and change them (nested estimators' options appear as
 * `step__option`, as in scikit-learn); `clone` builds an unfitted copy with the same options.
 */
export abstract class BaseEstimator<P extends object = Params> {
  /** The options, with defaults filled in by the subclass. */
  protected params: P;

  constructor(params: P) {
    this.params = { ...params };
  }

  /** The options; with deep (default), nested estimators' options too, as `name__option`. */
  getParams(deep = true): Params {
    const out: Params = { ...(this.params as Params) };
    if (deep) {
      for (const [k, v] of Object.entries(this.params as Params)) {
        if (v instanceof BaseEstimator) for (const [sk, sv] of Object.entries(v.getParams(true))) out[`${k}__${sk}`] = sv;
      }
    }
    return out;
  }

  /** Changes options (unknown names are a ValueError naming the valid ones); returns this. */
  setParams(params: Params): this {
    for (const [key, value] of Object.entries(params)) {
      const sep = key.indexOf('__');
      if (sep >= 0) {
        const owner = (this.params as Params)[key.slice(0, sep)];
        if (!(owner instanceof BaseEstimator)) throw new ValueError(`setParams: ${this.constructor.name} has no nested estimator '${key.slice(0, sep)}'`);
        owner.setParams({ [key.slice(sep + 2)]: value });
        continue;
      }
      if (!(key in (this.params as Params))) {
        throw new ValueError(`setParams: invalid parameter '${key}' for ${this.constructor.name}; valid parameters are ${Object.keys(this.params).join(', ')}`);
      }
      (this.params as Params)[key] = value;
    }
    return this;
  }

  /** An unfitted estimator with the same options (nested estimators cloned too). */
  clone(): this {
    const ctor = this.constructor as new (p: P) => this;
    const p: Params = {};
    for (const [k, v] of Object.entries(this.params as Params)) p[k] = v instanceof BaseEstimator ? v.clone() : v;
    return new ctor(p as P);
  }
}

/** Throws NotFittedError unless `value` is set (a fitted field). */
export function checkFitted<T>(estimator: object, value: T | null | undefined, method = 'predict'): T {
  if (value === null || value === undefined) {
    throw new NotFittedError(`${estimator.constructor.name} is not fitted yet: call fit() before ${method}()`);
  }
  return value;
}

function toTensor(x: ArrayInput): Tensor {
  return x instanceof Tensor ? x : tensor(x as NestedArray, { dtype: 'float64' });
}

/** A 2-D float64 matrix [nSamples, nFeatures] from the input; NaN or ±Inf rejected unless allowed. */
export function toMatrix(x: ArrayInput, name = 'X', options: { allowNaN?: boolean; allowEmpty?: boolean } = {}): Tensor {
  let t = toTensor(x);
  if (t.ndim === 1) throw new ShapeError(`${name}: expected a 2-D array [nSamples, nFeatures], got shape ${fmtShape(t.shape)}; reshape a single feature with reshape([-1, 1])`);
  if (t.ndim !== 2) throw new ShapeError(`${name}: expected a 2-D array [nSamples, nFeatures], got shape ${fmtShape(t.shape)}`);
  if (!options.allowEmpty && t.shape[0] === 0) throw new ValueError(`${name}: found an array with 0 samples; at least 1 is required`);
  t = castTo(t.detach(), 'float64').contiguous();
  checkFinite(t.dataSync(), name, options.allowNaN ?? false);
  return t;
}

/** A 1-D float64 vector [n]; a [n, 1] column is accepted and flattened. */
export function toVector(y: ArrayInput, name = 'y', options: { allowNaN?: boolean } = {}): Tensor {
  let t = toTensor(y);
  if (t.ndim === 2 && t.shape[1] === 1) t = reshape(t, [t.shape[0]]);
  if (t.ndim !== 1) throw new ShapeError(`${name}: expected a 1-D array, got shape ${fmtShape(t.shape)}`);
  t = castTo(t.detach(), 'float64').contiguous();
  checkFinite(t.dataSync(), name, options.allowNaN ?? false);
  return t;
}

/** Plain float64 values of an input, row-major (a copy when the input is not float64). */
export function toFloat64Array(x: ArrayInput): Float64Array {
  const t = toTensor(x);
  const d = t.dataSync();
  return d instanceof Float64Array ? d : Float64Array.from(d);
}

function checkFinite(d: TypedArray, name: string, allowNaN: boolean): void {
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v === Infinity || v === -Infinity) throw new ValueError(`${name}: contains infinity at element ${i}`);
    if (!allowNaN && Number.isNaN(v)) throw new ValueError(`${name}: contains NaN at element ${i}; impute missing values first (e.g. SimpleImputer)`);
  }
}

/** Checks that X and y describe the same number of samples. */
export function checkSameLength(nX: number, nY: number, xName = 'X', yName = 'y'): void {
  if (nX !== nY) throw new ShapeError(`${xName} and ${yName} have inconsistent numbers of samples: ${nX} and ${nY}`);
}

/**
 * Class labels as a fitted classifier keeps them (its `classes`): numbers, or the strings it was
 * fitted on, sorted.
 */
export type ClassLabels = Float64Array | string[];

/** Class labels given to a classifier's fit: numbers (a Tensor or array), or strings (a JS string[]). */
export type LabelInput = ArrayInput | readonly string[];

/**
 * A classifier fitted on string labels, as `fit` types it: `predict` returns the labels as a
 * `string[]` (a Tensor cannot hold strings) and `classes` are the sorted distinct strings.
 */
export type StringLabelled<T> = Omit<T, 'predict' | 'classes'> & { predict(X: ArrayInput): string[]; readonly classes: string[] };

/** Whether labels are strings (a JS array holding a string). */
function isStringLabels(y: unknown): y is readonly string[] {
  return Array.isArray(y) && y.some((v) => typeof v === 'string');
}

/**
 * Reads class labels: a JS array of strings stays a `string[]`; anything else is read as a
 * float64 vector (a [n, 1] column is flattened; NaN and ±Inf are a ValueError).
 */
export function readLabels(y: LabelInput, name = 'y'): ClassLabels {
  if (isStringLabels(y)) {
    const i = y.findIndex((v) => typeof v !== 'string');
    if (i >= 0) throw new ValueError(`${name}: mixes strings and numbers (element ${i} is ${typeof y[i]}); use one type of label`);
    return [...y];
  }
  return toFloat64Array(toVector(y as ArrayInput, name));
}

/** Sorted distinct values of a label vector (numbers or strings), and each sample's index into them. */
export function encodeLabels(y: Float64Array): { classes: Float64Array; indices: Int32Array };
export function encodeLabels(y: ClassLabels): { classes: ClassLabels; indices: Int32Array };
export function encodeLabels(y: ClassLabels): { classes: ClassLabels; indices: Int32Array } {
  const classes: ClassLabels = y instanceof Float64Array ? Float64Array.from(new Set(y)).sort() : [...new Set(y)].sort();
  const pos = new Map<number | string, number>();
  classes.forEach((c: number | string, i: number) => pos.set(c, i));
  const indices = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) indices[i] = pos.get(y[i]) as number;
  return { classes, indices };
}

/**
 * The labels of class indices: a float64 Tensor [n] for numeric classes, a `string[]` for string
 * classes (typed as the Tensor that `predict` declares; `fit`'s StringLabelled overload gives the
 * caller the string[] type).
 */
export function labelsAt(classes: ClassLabels, indices: ArrayLike<number>): Tensor {
  const n = indices.length;
  if (!(classes instanceof Float64Array)) return Array.from(indices, (k) => classes[k]) as unknown as Tensor;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = classes[indices[i]];
  return new Tensor(out, [n], 'float64');
}

/** The index of a label (a class-weight key: a number, or a string for string classes) in classes; −1 when absent. */
export function classIndex(classes: ClassLabels, label: number | string): number {
  return classes instanceof Float64Array ? classes.indexOf(Number(label)) : classes.indexOf(String(label));
}

/** Classes as saved JSON: a plain array of numbers or of strings. */
export function labelsToJSON(classes: ClassLabels): number[] | string[] {
  return classes instanceof Float64Array ? Array.from(classes) : [...classes];
}

/** Classes restored from {@link labelsToJSON}. */
export function labelsFromJSON(json: readonly (number | string)[]): ClassLabels {
  return isStringLabels(json) ? [...json] : Float64Array.from(json as readonly number[]);
}

/** Predictions as plain values: a Tensor's numbers, or a string[] as is. */
function labelValues(pred: Tensor | readonly string[]): ArrayLike<number | string> {
  return pred instanceof Tensor ? toFloat64Array(pred) : pred;
}

/**
 * A classifier: `score` is mean accuracy, as scikit-learn's ClassifierMixin. Labels may be
 * numbers or strings: fitted on a JS `string[]`, `classes` are the sorted distinct strings and
 * `predict` returns a `string[]`.
 */
export abstract class BaseClassifier<P extends object = Params> extends BaseEstimator<P> {
  abstract fit(X: ArrayInput, y: LabelInput): this;
  abstract predict(X: ArrayInput): Tensor;
  score(X: ArrayInput, y: LabelInput): number {
    const pred = labelValues(this.predict(X) as Tensor | string[]);
    const truth = readLabels(y);
    checkSameLength(pred.length, truth.length, 'predictions', 'y');
    let hits = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) hits++;
    return hits / pred.length;
  }
}

/** A regressor: `score` is R², as scikit-learn's RegressorMixin. */
export abstract class BaseRegressor<P extends object = Params> extends BaseEstimator<P> {
  abstract fit(X: ArrayInput, y: ArrayInput): this;
  abstract predict(X: ArrayInput): Tensor;
  score(X: ArrayInput, y: ArrayInput): number {
    const pred = toFloat64Array(this.predict(X));
    const truth = toFloat64Array(toVector(y));
    checkSameLength(pred.length, truth.length, 'predictions', 'y');
    let mean = 0;
    for (const v of truth) mean += v / truth.length;
    let ssRes = 0, ssTot = 0;
    for (let i = 0; i < truth.length; i++) { ssRes += (truth[i] - pred[i]) ** 2; ssTot += (truth[i] - mean) ** 2; }
    // scikit-learn: a constant target scores 1 when predicted exactly, else 0.
    if (ssTot === 0) return ssRes === 0 ? 1 : 0;
    return 1 - ssRes / ssTot;
  }
}

/** A transformer: `fitTransform` is fit then transform unless a subclass does better. */
export abstract class BaseTransformer<P extends object = Params> extends BaseEstimator<P> {
  abstract fit(X: ArrayInput, y?: ArrayInput): this;
  abstract transform(X: ArrayInput): Tensor;
  fitTransform(X: ArrayInput, y?: ArrayInput): Tensor {
    return this.fit(X, y).transform(X);
  }
}

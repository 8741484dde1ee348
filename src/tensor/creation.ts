import { Tensor, type NestedArray } from './tensor.js';
import { allocStorage, dtypeOfArray, isFloat, type DType, type TypedArray } from './dtype.js';
import { assertValidShape, numel } from './shape.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from './errors.js';
import { fillNormal, fillUniform, nextDouble, nextInt } from './random.js';

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

type ShapeArg = number | readonly number[];

function finish(t: Tensor, opts: CreateOptions | undefined): Tensor {
  if (opts?.requiresGrad) {
    if (!isFloat(t.dtype)) throw new DTypeError(`requiresGrad: only floating-point tensors can require grad, got ${t.dtype}`);
    t.requiresGrad = true;
  }
  return t;
}

function toShape(op: string, shape: ShapeArg): number[] {
  const s = typeof shape === 'number' ? [shape] : [...shape];
  assertValidShape(op, s);
  return s;
}

/**
 * A tensor from nested arrays, a typed array or a number. Numbers give float32 unless `dtype`
 * says otherwise (JavaScript has no integer literals, so nabla does not guess int from `1`);
 * booleans give bool; a typed array gives its own dtype and is copied.
 */
export function tensor(data: NestedArray | TypedArray | readonly NestedArray[], opts?: CreateOptions): Tensor {
  if (ArrayBuffer.isView(data)) {
    const src = data as TypedArray;
    const dtype = opts?.dtype ?? dtypeOfArray(src);
    const storage = allocStorage(dtype, src.length);
    if (dtype === 'bool') for (let i = 0; i < src.length; i++) storage[i] = src[i] !== 0 ? 1 : 0;
    else storage.set(src as never);
    return finish(new Tensor(storage, [src.length], dtype), opts);
  }
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const flat: (number | boolean)[] = [];
  let sawBool = false;
  const walk = (v: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof v === 'boolean') { sawBool = true; flat.push(v); return; }
      if (typeof v !== 'number') throw new ValueError(`tensor: expected numbers or booleans, got ${typeof v}`);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[d]) {
      throw new ShapeError(`tensor: ragged nested array: expected length ${shape[d]} at depth ${d} (shape ${fmtShape(shape)})`);
    }
    for (const x of v) walk(x, d + 1);
  };
  walk(data, 0);
  const dtype = opts?.dtype ?? (sawBool ? 'bool' : 'float32');
  const storage = allocStorage(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    storage[i] = dtype === 'bool' ? (v ? 1 : 0) : Number(v);
  }
  return finish(new Tensor(storage, shape, dtype), opts);
}

/** A float tensor from a scalar: shorthand for `tensor(value)`. */
export function scalar(value: number, opts?: CreateOptions): Tensor {
  return tensor(value, opts);
}

export function full(shape: ShapeArg, value: number | boolean, opts?: CreateOptions): Tensor {
  const s = toShape('full', shape);
  const dtype = opts?.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  const t = new Tensor(allocStorage(dtype, numel(s)), s, dtype);
  if (value !== 0 && value !== false) t.storage.fill(Number(value));
  return finish(t, opts);
}
export function zeros(shape: ShapeArg, opts?: CreateOptions): Tensor { return full(shape, 0, opts); }
export function ones(shape: ShapeArg, opts?: CreateOptions): Tensor { return full(shape, 1, opts); }
/** Uninitialised in PyTorch; zero-filled here (typed arrays are always initialised). */
export function empty(shape: ShapeArg, opts?: CreateOptions): Tensor { return full(shape, 0, opts); }

function likeOpts(t: Tensor, opts?: CreateOptions): CreateOptions {
  return { dtype: opts?.dtype ?? t.dtype, requiresGrad: opts?.requiresGrad };
}
export function zerosLike(t: Tensor, opts?: CreateOptions): Tensor { return full(t.shape, 0, likeOpts(t, opts)); }
export function onesLike(t: Tensor, opts?: CreateOptions): Tensor { return full(t.shape, 1, likeOpts(t, opts)); }
export function fullLike(t: Tensor, value: number, opts?: CreateOptions): Tensor { return full(t.shape, value, likeOpts(t, opts)); }
export function emptyLike(t: Tensor, opts?: CreateOptions): Tensor { return full(t.shape, 0, likeOpts(t, opts)); }

/**
 * Values from start to end (exclusive) by step. With integer arguments and no dtype it gives
 * int32 (PyTorch gives int64), otherwise float32.
 */
export function arange(start: number, end?: number, step = 1, opts?: CreateOptions): Tensor {
  if (end === undefined) { end = start; start = 0; }
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be finite and nonzero, got ${step}`);
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new ValueError(`arange: start and end must be finite, got ${start} and ${end}`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const allInt = Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step);
  const dtype = opts?.dtype ?? (allInt ? 'int32' : 'float32');
  const t = new Tensor(allocStorage(dtype, n), [n], dtype);
  for (let i = 0; i < n; i++) t.storage[i] = start + i * step;
  return finish(t, opts);
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, opts?: CreateOptions): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = opts?.dtype ?? 'float32';
  const t = new Tensor(allocStorage(dtype, steps), [steps], dtype);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Like PyTorch, fill symmetrically from both ends so the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) t.storage[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  return finish(t, opts);
}

/** An n×m matrix with ones on the diagonal. */
export function eye(n: number, m = n, opts?: CreateOptions): Tensor {
  const t = zeros([n, m], opts);
  for (let i = 0; i < Math.min(n, m); i++) t.storage[i * m + i] = 1;
  return t;
}

function floatTensor(op: string, shape: ShapeArg, opts?: CreateOptions): Tensor {
  const s = toShape(op, shape);
  const dtype = opts?.dtype ?? 'float32';
  if (!isFloat(dtype)) throw new DTypeError(`${op}: expected a floating-point dtype, got ${dtype}`);
  return new Tensor(allocStorage(dtype, numel(s)), s, dtype);
}

/** Uniform on [0, 1). */
export function rand(shape: ShapeArg, opts?: CreateOptions): Tensor {
  const t = floatTensor('rand', shape, opts);
  fillUniform(t.storage as Float32Array | Float64Array);
  return finish(t, opts);
}
/** Standard normal. */
export function randn(shape: ShapeArg, opts?: CreateOptions): Tensor {
  const t = floatTensor('randn', shape, opts);
  fillNormal(t.storage as Float32Array | Float64Array);
  return finish(t, opts);
}
/** Normal with the given mean and std. */
export function normal(mean: number, std: number, shape: ShapeArg, opts?: CreateOptions): Tensor {
  if (!(std >= 0)) throw new ValueError(`normal: std must be >= 0, got ${std}`);
  const t = floatTensor('normal', shape, opts);
  fillNormal(t.storage as Float32Array | Float64Array, mean, std);
  return finish(t, opts);
}
/** Uniform on [low, high). */
export function uniform(low: number, high: number, shape: ShapeArg, opts?: CreateOptions): Tensor {
  if (!(high >= low)) throw new ValueError(`uniform: expected low <= high, got ${low} and ${high}`);
  const t = floatTensor('uniform', shape, opts);
  fillUniform(t.storage as Float32Array | Float64Array, low, high);
  return finish(t, opts);
}
export function randLike(t: Tensor, opts?: CreateOptions): Tensor { return rand(t.shape, likeOpts(t, opts)); }
export function randnLike(t: Tensor, opts?: CreateOptions): Tensor { return randn(t.shape, likeOpts(t, opts)); }

/** Integers uniform on [low, high); int32 unless dtype says otherwise. */
export function randint(low: number, high: number, shape: ShapeArg, opts?: CreateOptions): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError(`randint: expected integers low < high, got ${low} and ${high}`);
  }
  const s = toShape('randint', shape);
  const dtype = opts?.dtype ?? 'int32';
  const t = new Tensor(allocStorage(dtype, numel(s)), s, dtype);
  for (let i = 0; i < t.storage.length; i++) t.storage[i] = low + nextInt(high - low);
  return finish(t, opts);
}

/** A random permutation of 0..n-1 (Fisher-Yates), int32. */
export function randperm(n: number, opts?: CreateOptions): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`randperm: n must be a non-negative integer, got ${n}`);
  const dtype = opts?.dtype ?? 'int32';
  const t = new Tensor(allocStorage(dtype, n), [n], dtype);
  for (let i = 0; i < n; i++) t.storage[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = nextInt(i + 1);
    const tmp = t.storage[i]; t.storage[i] = t.storage[j]; t.storage[j] = tmp;
  }
  return t;
}

/** Draws 0/1 with probability p (a number, or a tensor of probabilities giving the shape). */
export function bernoulli(p: Tensor | number, shape?: ShapeArg, opts?: CreateOptions): Tensor {
  const probs = typeof p === 'number' ? null : p.dataSync();
  const s = typeof p === 'number' ? toShape('bernoulli', shape ?? []) : [...p.shape];
  const dtype = opts?.dtype ?? (typeof p === 'number' ? 'float32' : p.dtype);
  const t = new Tensor(allocStorage(dtype, numel(s)), s, dtype);
  for (let i = 0; i < t.storage.length; i++) {
    const pi = probs ? probs[i] : (p as number);
    if (!(pi >= 0 && pi <= 1)) throw new ValueError(`bernoulli: probabilities must be in [0, 1], got ${pi}`);
    t.storage[i] = nextDouble() < pi ? 1 : 0;
  }
  return t;
}

/**
 * Samples category indices from each row of non-negative weights (1-D or 2-D), with or
 * without replacement; int32 of shape [numSamples] or [rows, numSamples].
 */
export function multinomial(weights: Tensor, numSamples: number, replacement = false): Tensor {
  if (weights.ndim < 1 || weights.ndim > 2) throw new ShapeError(`multinomial: expected a 1-D or 2-D tensor of weights, got shape ${fmtShape(weights.shape)}`);
  const rows = weights.ndim === 2 ? weights.shape[0] : 1;
  const k = weights.shape[weights.ndim - 1];
  if (!replacement && numSamples > k) throw new ValueError(`multinomial: cannot draw ${numSamples} samples without replacement from ${k} categories`);
  const w = weights.dataSync();
  const out = new Tensor(allocStorage('int32', rows * numSamples), weights.ndim === 2 ? [rows, numSamples] : [numSamples], 'int32');
  const row = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let j = 0; j < k; j++) {
      const v = w[r * k + j];
      if (!(v >= 0) || !Number.isFinite(v)) throw new ValueError(`multinomial: weights must be finite and non-negative, got ${v}`);
      row[j] = v;
      total += v;
    }
    if (total <= 0) throw new ValueError('multinomial: each row of weights must have a positive sum');
    for (let s = 0; s < numSamples; s++) {
      let u = nextDouble() * total;
      let j = 0;
      while (j < k - 1 && (u >= row[j] || row[j] === 0)) { u -= row[j]; j++; }
      while (row[j] === 0) j--; // rounding at the end of the row: step back to a live category
      out.storage[r * numSamples + s] = j;
      if (!replacement) { total -= row[j]; row[j] = 0; }
    }
  }
  return out;
}

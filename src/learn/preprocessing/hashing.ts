import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseEstimator } from '../base.js';
import { categoryName, readCategorical, type CategoricalInput } from './categorical.js';
import { murmurhash3 } from './murmurhash.js';
import { matTensor } from './util.js';

/** One sample for FeatureHasher: a record (dict), [name, value] pairs (pair) or tokens (string). */
export type HashSample = Record<string, number | string> | readonly (readonly [string, number])[] | readonly string[];

export interface FeatureHasherOptions {
  /** Output columns (default 2^20). */
  nFeatures: number;
  /** 'dict' (default), 'pair' or 'string'. */
  inputType: 'dict' | 'pair' | 'string';
  /** Multiply each value by the hash's sign, so collisions cancel in expectation (default true). */
  alternateSign: boolean;
}

/** Column and sign of a feature name, exactly as scikit-learn's _hashing_fast. */
export function hashIndex(name: string, nFeatures: number): { index: number; sign: number } {
  const h = murmurhash3(name, 0, false);
  // abs(-2^31) overflows int32 in C; scikit-learn special-cases it the same way.
  const index = h === -2147483648 ? (2147483647 - (nFeatures - 1)) % nFeatures : Math.abs(h) % nFeatures;
  return { index, sign: h >= 0 ? 1 : -1 };
}

/**
 * The signed hashing trick, scikit-learn's FeatureHasher with dense output: each feature name
 * (with 'dict', a string value v of feature f is the feature `f=v` with value 1) goes to column
 * |murmurhash3(name)| mod nFeatures, times the hash's sign. Stateless: fit does nothing.
 *
 * ```ts
 * const h = new preprocessing.FeatureHasher({ nFeatures: 8 });
 * h.transform([{ dog: 1, cat: 2 }, { dog: 2, run: 5 }]); // [2, 8]
 * ```
 */
export class FeatureHasher extends BaseEstimator<FeatureHasherOptions> {
  constructor(options: Partial<FeatureHasherOptions> = {}) {
    super({ nFeatures: 2 ** 20, inputType: 'dict', alternateSign: true, ...options });
  }

  fit(): this {
    return this;
  }

  transform(samples: readonly HashSample[]): Tensor {
    const { nFeatures, inputType, alternateSign } = this.params;
    if (!(Number.isInteger(nFeatures) && nFeatures >= 1 && nFeatures <= 2147483647)) throw new ValueError(`FeatureHasher: nFeatures must be an integer in [1, 2^31 − 1], got ${nFeatures}`);
    if (!['dict', 'pair', 'string'].includes(inputType)) throw new ValueError(`FeatureHasher: inputType must be 'dict', 'pair' or 'string', got '${String(inputType)}'`);
    const out = new Float64Array(samples.length * nFeatures);
    samples.forEach((s, i) => {
      for (const [name, value] of entries(s, inputType, i)) {
        if (value === 0) continue;
        const { index, sign } = hashIndex(name, nFeatures);
        out[i * nFeatures + index] += alternateSign ? sign * value : value;
      }
    });
    return matTensor(out, samples.length, nFeatures);
  }

  fitTransform(samples: readonly HashSample[]): Tensor {
    return this.transform(samples);
  }
}

function entries(s: HashSample, inputType: string, i: number): [string, number][] {
  if (inputType === 'string') {
    if (!Array.isArray(s)) throw new ValueError(`FeatureHasher: sample ${i} must be a list of strings with inputType 'string'`);
    return (s as string[]).map((t) => [String(t), 1]);
  }
  if (inputType === 'pair') {
    if (!Array.isArray(s)) throw new ValueError(`FeatureHasher: sample ${i} must be a list of [name, value] pairs with inputType 'pair'`);
    return (s as [string, number][]).map(([f, v]) => {
      if (typeof v !== 'number') throw new ValueError(`FeatureHasher: sample ${i}: the value of ${f} must be a number`);
      return [f, v];
    });
  }
  if (Array.isArray(s) || typeof s !== 'object') throw new ValueError(`FeatureHasher: sample ${i} must be a record with inputType 'dict'`);
  return Object.entries(s as Record<string, number | string>).map(([f, v]) => (typeof v === 'string' ? [`${f}=${v}`, 1] : [f, v]));
}

export interface HashedCrossOptions {
  /** Names of the columns, used in the crossed feature's key (default x0, x1, ...). */
  names?: readonly string[];
  /** 'index' (default): one bucket id per pair, [nRows, nPairs]; 'multi-hot': counts over the buckets, [nRows, nFeatures]. */
  output?: 'index' | 'multi-hot';
}

/**
 * Pairwise hashed feature crosses: for each pair [i, j] of columns, the key
 * `${name_i}=${v_i}_X_${name_j}=${v_j}` hashed (MurmurHash3, as FeatureHasher) into nFeatures
 * buckets — e.g. bucketised latitude × longitude as one sparse "grid cell" feature.
 *
 * ```ts
 * const lat = [[3, 7], [3, 8]]; // bucket ids of (latitude, longitude)
 * preprocessing.hashedCrosses(lat, [[0, 1]], 1000, { names: ['lat', 'lon'] }); // [[b0], [b1]]
 * ```
 */
export function hashedCrosses(columns: CategoricalInput, pairs: readonly (readonly [number, number])[], nFeatures: number, options: HashedCrossOptions = {}): Tensor {
  const { names, output = 'index' } = options;
  const t = readCategorical(columns, 'columns');
  if (!(Number.isInteger(nFeatures) && nFeatures >= 1)) throw new ValueError(`hashedCrosses: nFeatures must be a positive integer, got ${nFeatures}`);
  for (const [a, b] of pairs) if (!(a >= 0 && a < t.cols && b >= 0 && b < t.cols)) throw new ValueError(`hashedCrosses: pair [${a}, ${b}] is out of range for ${t.cols} columns`);
  if (output !== 'index' && output !== 'multi-hot') throw new ValueError(`hashedCrosses: output must be 'index' or 'multi-hot', got '${String(output)}'`);
  const name = (j: number) => names?.[j] ?? `x${j}`;
  const width = output === 'index' ? pairs.length : nFeatures;
  const out = new Float64Array(t.rows * width);
  for (let i = 0; i < t.rows; i++) pairs.forEach(([a, b], p) => {
    const key = `${name(a)}=${categoryName(t.columns[a][i])}_X_${name(b)}=${categoryName(t.columns[b][i])}`;
    const { index } = hashIndex(key, nFeatures);
    if (output === 'index') out[i * width + p] = index;
    else out[i * width + index] += 1;
  });
  return matTensor(out, t.rows, width);
}

/**
 * A rule-of-thumb embedding width for a categorical feature with nCategories values.
 * - 'fastai' (default): min(maxSize, round(1.6 · n^0.56)), fastai's `emb_sz_rule` (fastai caps
 *   at 600; the default maxSize 50 keeps small tabular models small). Rounding is Python's
 *   (half to even), as fastai.
 * - 'fourth-root': round(n^0.25), the "fourth root of the number of categories" rule of
 *   Google's ML course, capped at maxSize.
 */
export function embeddingSize(nCategories: number, options: { rule?: 'fastai' | 'fourth-root'; maxSize?: number } = {}): number {
  const { rule = 'fastai', maxSize = 50 } = options;
  if (!(Number.isInteger(nCategories) && nCategories >= 1)) throw new ValueError(`embeddingSize: nCategories must be a positive integer, got ${nCategories}`);
  const raw = rule === 'fastai' ? 1.6 * nCategories ** 0.56 : rule === 'fourth-root' ? nCategories ** 0.25 : NaN;
  if (Number.isNaN(raw)) throw new ValueError(`embeddingSize: rule must be 'fastai' or 'fourth-root', got '${String(rule)}'`);
  return Math.max(1, Math.min(maxSize, roundHalfEven(raw)));
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

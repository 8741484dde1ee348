import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseTransformer, checkFitted, checkSameLength, toVector, type ArrayInput } from '../base.js';
import { checkFeatures, matTensor, percentileSorted, readMatrix, vecTensor, type Mat } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

/** Whether v counts as missing (NaN matches NaN). */
export function isMissing(v: number, missingValues: number): boolean {
  return Number.isNaN(missingValues) ? Number.isNaN(v) : v === missingValues;
}

export interface MissingIndicatorOptions {
  /** The placeholder of a missing value (default NaN). */
  missingValues: number;
  /** 'missing-only' (default: features with a missing value in fit) or 'all'. */
  features: 'missing-only' | 'all';
  /** With 'missing-only', a feature missing in transform but not in fit is an error (default true). */
  errorOnNew: boolean;
}

/**
 * A 0/1 mask of missing values (float64), scikit-learn's MissingIndicator.
 *
 * ```ts
 * new preprocessing.MissingIndicator().fitTransform([[NaN, 1], [2, 3]]); // [[1], [0]]
 * ```
 */
export class MissingIndicator extends BaseTransformer<MissingIndicatorOptions> {
  /** Indices of the features in the output. */
  features: Int32Array | null = null;
  nFeaturesIn: number | null = null;

  constructor(options: Partial<MissingIndicatorOptions> = {}) {
    super({ missingValues: NaN, features: 'missing-only', errorOnNew: true, ...options });
  }

  fit(X: ArrayInput): this {
    const m = readMatrix(X, 'X', true);
    if (this.params.features !== 'all' && this.params.features !== 'missing-only') throw new ValueError(`MissingIndicator: features must be 'missing-only' or 'all', got '${String(this.params.features)}'`);
    const has = missingColumns(m, this.params.missingValues);
    this.features = this.params.features === 'all' ? Int32Array.from({ length: m.cols }, (_, j) => j) : Int32Array.from(has.flatMap((h, j) => (h ? [j] : [])));
    this.nFeaturesIn = m.cols;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const feats = checkFitted(this, this.features, 'transform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, this.nFeaturesIn as number, m.cols);
    const mv = this.params.missingValues;
    if (this.params.features === 'missing-only' && this.params.errorOnNew) {
      const known = new Set(feats);
      const fresh = missingColumns(m, mv).flatMap((h, j) => (h && !known.has(j) ? [j] : []));
      if (fresh.length) throw new ValueError(`MissingIndicator: the features [${fresh.join(', ')}] have missing values in transform but have no missing values in fit`);
    }
    const out = new Float64Array(m.rows * feats.length);
    for (let i = 0; i < m.rows; i++) feats.forEach((j, k) => { out[i * feats.length + k] = isMissing(m.data[i * m.cols + j], mv) ? 1 : 0; });
    return matTensor(out, m.rows, feats.length);
  }

  /** The fitted state as JSON (exact round trip through MissingIndicator.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): MissingIndicator {
    return restoreState(new MissingIndicator(json.params as ConstructorParameters<typeof MissingIndicator>[0]), json);
  }
}

registerEstimator('MissingIndicator', MissingIndicator.fromJSON);

function missingColumns(m: Mat, mv: number): boolean[] {
  const has = new Array<boolean>(m.cols).fill(false);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) if (isMissing(m.data[i * m.cols + j], mv)) has[j] = true;
  return has;
}

export interface SimpleImputerOptions {
  missingValues: number;
  /** 'mean' (default), 'median', 'most_frequent' (ties → smallest) or 'constant'. */
  strategy: 'mean' | 'median' | 'most_frequent' | 'constant';
  /** The fill of 'constant' (default 0). */
  fillValue: number;
  /** Append a MissingIndicator's columns (default false). */
  addIndicator: boolean;
  /** Keep all-missing features (filled with 0; default false drops them, as scikit-learn 1.2). */
  keepEmptyFeatures: boolean;
}

/**
 * Fills missing values with a per-feature statistic, scikit-learn's SimpleImputer (numeric).
 * Features with no observed value are dropped from the output unless keepEmptyFeatures or
 * strategy 'constant'.
 *
 * ```ts
 * new preprocessing.SimpleImputer({ strategy: 'median' }).fitTransform([[1], [NaN], [5], [7]]); // NaN → 5
 * ```
 */
export class SimpleImputer extends BaseTransformer<SimpleImputerOptions> {
  /** The fill value of each feature (NaN for an all-missing feature that is dropped). */
  statistics: Tensor | null = null;
  indicator: MissingIndicator | null = null;
  nFeaturesIn: number | null = null;

  constructor(options: Partial<SimpleImputerOptions> = {}) {
    super({ missingValues: NaN, strategy: 'mean', fillValue: 0, addIndicator: false, keepEmptyFeatures: false, ...options });
  }

  fit(X: ArrayInput): this {
    const { strategy, missingValues: mv, fillValue, keepEmptyFeatures } = this.params;
    if (!['mean', 'median', 'most_frequent', 'constant'].includes(strategy)) throw new ValueError(`SimpleImputer: strategy must be 'mean', 'median', 'most_frequent' or 'constant', got '${String(strategy)}'`);
    const m = readMatrix(X, 'X', true);
    const stats = new Float64Array(m.cols);
    for (let j = 0; j < m.cols; j++) {
      const obs: number[] = [];
      for (let i = 0; i < m.rows; i++) { const v = m.data[i * m.cols + j]; if (!isMissing(v, mv) && !Number.isNaN(v)) obs.push(v); }
      if (strategy === 'constant') stats[j] = fillValue;
      else if (obs.length === 0) stats[j] = keepEmptyFeatures ? 0 : NaN;
      else if (strategy === 'mean') stats[j] = obs.reduce((a, b) => a + b, 0) / obs.length;
      else if (strategy === 'median') stats[j] = percentileSorted(Float64Array.from(obs).sort(), 50);
      else stats[j] = mostFrequent(obs);
    }
    this.statistics = vecTensor(stats);
    this.nFeaturesIn = m.cols;
    this.indicator = this.params.addIndicator ? new MissingIndicator({ missingValues: mv, errorOnNew: false }).fit(matTensor(m.data, m.rows, m.cols)) : null;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const stats = checkFitted(this, this.statistics, 'transform').dataSync() as Float64Array;
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, stats.length, m.cols);
    const keep = Array.from(stats.keys()).filter((j) => !Number.isNaN(stats[j]));
    const ind = this.indicator ? values2d(this.indicator.transform(matTensor(m.data.slice(), m.rows, m.cols))) : null;
    const width = keep.length + (ind?.cols ?? 0);
    const out = new Float64Array(m.rows * width);
    for (let i = 0; i < m.rows; i++) {
      keep.forEach((j, k) => { const v = m.data[i * m.cols + j]; out[i * width + k] = isMissing(v, this.params.missingValues) ? stats[j] : v; });
      if (ind) for (let k = 0; k < ind.cols; k++) out[i * width + keep.length + k] = ind.data[i * ind.cols + k];
    }
    return matTensor(out, m.rows, width);
  }

  /** The fitted state as JSON (exact round trip through SimpleImputer.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): SimpleImputer {
    return restoreState(new SimpleImputer(json.params as ConstructorParameters<typeof SimpleImputer>[0]), json);
  }
}

registerEstimator('SimpleImputer', SimpleImputer.fromJSON);

function values2d(t: Tensor): Mat {
  return { data: t.dataSync() as Float64Array, rows: t.shape[0], cols: t.shape[1] };
}

/** The most frequent value; ties go to the smallest (scipy.stats.mode). */
function mostFrequent(obs: number[]): number {
  const counts = new Map<number, number>();
  for (const v of obs) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = NaN, bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount || (c === bestCount && v < best)) { best = v; bestCount = c; }
  return best;
}

/**
 * Drops the rows of X with any NaN (and the matching entries of y).
 *
 * ```ts
 * preprocessing.dropMissingRows([[1, NaN], [2, 3]], [0, 1]); // { X: [[2, 3]], y: [1] }
 * ```
 */
export function dropMissingRows(X: ArrayInput, y?: ArrayInput): { X: Tensor; y: Tensor | null } {
  const m = readMatrix(X, 'X', true);
  const yv = y === undefined ? null : (toVector(y, 'y', { allowNaN: true }).dataSync() as Float64Array);
  if (yv) checkSameLength(m.rows, yv.length);
  const keep: number[] = [];
  for (let i = 0; i < m.rows; i++) {
    let ok = true;
    for (let j = 0; j < m.cols && ok; j++) if (Number.isNaN(m.data[i * m.cols + j])) ok = false;
    if (ok) keep.push(i);
  }
  const out = new Float64Array(keep.length * m.cols);
  keep.forEach((i, r) => out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols));
  return { X: matTensor(out, keep.length, m.cols), y: yv ? vecTensor(keep.map((i) => yv[i])) : null };
}

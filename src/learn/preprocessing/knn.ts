import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { MissingIndicator, isMissing } from './impute.js';
import { checkFeatures, matTensor, readMatrix, type Mat } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface KNNImputerOptions {
  missingValues: number;
  /** Donors per missing value (default 5). */
  nNeighbors: number;
  /** 'uniform' (default) or 'distance' (1 / distance; a donor at distance 0 takes all the weight). */
  weights: 'uniform' | 'distance';
  addIndicator: boolean;
}

/**
 * scikit-learn's nan_euclidean distance: the Euclidean distance over the coordinates present in
 * both rows, scaled by sqrt(nFeatures / nPresent); NaN when no coordinate is shared.
 */
export function nanEuclidean(a: Float64Array, b: Float64Array, missing: (v: number) => boolean): number {
  let s = 0, present = 0;
  for (let j = 0; j < a.length; j++) {
    if (missing(a[j]) || missing(b[j])) continue;
    s += (a[j] - b[j]) ** 2;
    present++;
  }
  return present === 0 ? NaN : Math.sqrt((s / present) * a.length);
}

/**
 * Fills each missing value with the (weighted) mean of that feature over the nNeighbors nearest
 * training rows that have it, by nan_euclidean distance — scikit-learn's KNNImputer. A row with
 * no comparable donor gets the feature's mean; features missing everywhere in fit are dropped.
 *
 * ```ts
 * new preprocessing.KNNImputer({ nNeighbors: 2 }).fitTransform([[1, 2], [NaN, 3], [7, 6]]);
 * ```
 */
export class KNNImputer extends BaseTransformer<KNNImputerOptions> {
  nFeaturesIn: number | null = null;
  indicator: MissingIndicator | null = null;
  private fitX: Mat | null = null;

  constructor(options: Partial<KNNImputerOptions> = {}) {
    super({ missingValues: NaN, nNeighbors: 5, weights: 'uniform', addIndicator: false, ...options });
  }

  fit(X: ArrayInput): this {
    const { nNeighbors, weights } = this.params;
    if (!(Number.isInteger(nNeighbors) && nNeighbors >= 1)) throw new ValueError(`KNNImputer: nNeighbors must be a positive integer, got ${nNeighbors}`);
    if (weights !== 'uniform' && weights !== 'distance') throw new ValueError(`KNNImputer: weights must be 'uniform' or 'distance', got '${String(weights)}'`);
    this.fitX = readMatrix(X, 'X', true);
    this.nFeaturesIn = this.fitX.cols;
    this.indicator = this.params.addIndicator ? new MissingIndicator({ missingValues: this.params.missingValues, errorOnNew: false }).fit(X) : null;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const F = checkFitted(this, this.fitX, 'transform');
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, F.cols, m.cols);
    const mv = this.params.missingValues;
    const miss = (v: number) => isMissing(v, mv) || Number.isNaN(v);
    const d = F.cols;
    const fitRow = (i: number) => F.data.subarray(i * d, (i + 1) * d);
    const valid = Array.from({ length: d }, (_, j) => { for (let i = 0; i < F.rows; i++) if (!miss(F.data[i * d + j])) return true; return false; });
    const out = m.data.slice();
    for (let i = 0; i < m.rows; i++) {
      const row = m.data.subarray(i * d, (i + 1) * d);
      if (!row.some(miss)) continue;
      const dist = Float64Array.from({ length: F.rows }, (_, r) => nanEuclidean(row, fitRow(r), miss));
      for (let j = 0; j < d; j++) {
        if (!valid[j] || !miss(row[j])) continue;
        const donors = Array.from({ length: F.rows }, (_, r) => r).filter((r) => !miss(F.data[r * d + j]));
        if (donors.every((r) => Number.isNaN(dist[r]))) {
          out[i * d + j] = donors.reduce((s, r) => s + F.data[r * d + j], 0) / donors.length;
          continue;
        }
        const k = Math.min(this.params.nNeighbors, donors.length);
        // Nearest first; NaN distances last (numpy's argpartition); ties by index.
        const key = (r: number) => (Number.isNaN(dist[r]) ? Infinity : dist[r]);
        const near = donors.sort((a, b) => key(a) - key(b) || a - b).slice(0, k);
        let w = near.map(() => 1);
        if (this.params.weights === 'distance') {
          const ds = near.map((r) => dist[r]);
          w = ds.some((x) => x === 0) ? ds.map((x) => (x === 0 ? 1 : 0)) : ds.map((x) => (Number.isNaN(x) ? 0 : 1 / x));
        }
        let num = 0, den = 0;
        near.forEach((r, t) => { num += w[t] * F.data[r * d + j]; den += w[t]; });
        out[i * d + j] = num / den;
      }
    }
    const keep = Array.from({ length: d }, (_, j) => j).filter((j) => valid[j]);
    const ind = this.indicator ? this.indicator.transform(matTensor(m.data.slice(), m.rows, d)) : null;
    const extra = ind ? ind.shape[1] : 0;
    const indData = ind?.dataSync();
    const width = keep.length + extra;
    const res = new Float64Array(m.rows * width);
    for (let i = 0; i < m.rows; i++) {
      keep.forEach((j, k) => { res[i * width + k] = out[i * d + j]; });
      for (let k = 0; k < extra; k++) res[i * width + keep.length + k] = (indData as Float64Array)[i * extra + k];
    }
    return matTensor(res, m.rows, width);
  }

  /** The fitted state as JSON (exact round trip through KNNImputer.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): KNNImputer {
    return restoreState(new KNNImputer(json.params as ConstructorParameters<typeof KNNImputer>[0]), json);
  }
}

registerEstimator('KNNImputer', KNNImputer.fromJSON);

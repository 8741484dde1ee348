import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { nextInt, withSeed } from '../../tensor/random.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { ndtr, ndtri } from './special.js';
import { checkFeatures, matTensor, percentileSorted, readMatrix } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface QuantileTransformerOptions {
  /** Quantiles estimated (default 1000; at most nSamples are used). */
  nQuantiles: number;
  /** 'uniform' (default) or 'normal'. */
  outputDistribution: 'uniform' | 'normal';
  /** Rows used to estimate the quantiles (default 100 000); drawn without replacement when fewer than nSamples. */
  subsample: number;
  /** Seed of the subsampling. */
  randomState: number | undefined;
}

const BOUNDS = 1e-7;

/** numpy.interp: piecewise-linear interpolation over increasing xp (repeated xp: the last one at or below x). */
export function interp(x: number, xp: Float64Array, fp: Float64Array): number {
  const n = xp.length;
  if (x < xp[0]) return fp[0];
  if (x > xp[n - 1]) return fp[n - 1];
  let lo = 0, hi = n;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (xp[mid] <= x) lo = mid + 1; else hi = mid; }
  const j = lo - 1;
  if (j === n - 1 || xp[j] === x) return fp[j];
  const slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
  let r = slope * (x - xp[j]) + fp[j];
  if (Number.isNaN(r)) {
    r = slope * (x - xp[j + 1]) + fp[j + 1];
    if (Number.isNaN(r) && fp[j] === fp[j + 1]) r = fp[j];
  }
  return r;
}

/**
 * Maps each feature through its empirical CDF to a uniform or normal distribution,
 * scikit-learn's QuantileTransformer (dense). NaN ignored in fit, kept in transform.
 *
 * ```ts
 * const qt = new preprocessing.QuantileTransformer({ nQuantiles: 10 }).fit(X);
 * qt.transform(X); // values in [0, 1]
 * ```
 */
export class QuantileTransformer extends BaseTransformer<QuantileTransformerOptions> {
  /** [nQuantiles, nFeatures]. */
  quantiles: Tensor | null = null;
  references: Tensor | null = null;
  nQuantilesFitted: number | null = null;
  nFeaturesIn: number | null = null;
  private q: Float64Array[] | null = null;
  private refs: Float64Array | null = null;

  constructor(options: Partial<QuantileTransformerOptions> = {}) {
    super({ nQuantiles: 1000, outputDistribution: 'uniform', subsample: 100000, randomState: undefined, ...options });
  }

  fit(X: ArrayInput): this {
    const { nQuantiles, outputDistribution, subsample } = this.params;
    if (!(Number.isInteger(nQuantiles) && nQuantiles >= 1)) throw new ValueError(`QuantileTransformer: nQuantiles must be a positive integer, got ${nQuantiles}`);
    if (outputDistribution !== 'uniform' && outputDistribution !== 'normal') throw new ValueError(`QuantileTransformer: outputDistribution must be 'uniform' or 'normal', got '${String(outputDistribution)}'`);
    if (!(Number.isInteger(subsample) && subsample >= 1)) throw new ValueError(`QuantileTransformer: subsample must be a positive integer, got ${subsample}`);
    if (nQuantiles > subsample) throw new ValueError(`QuantileTransformer: the number of quantiles cannot be greater than the number of samples used; got ${nQuantiles} quantiles and subsample ${subsample}`);
    const m = readMatrix(X, 'X', true);
    const nq = Math.max(1, Math.min(nQuantiles, m.rows));
    // numpy.linspace(0, 1, nq): i · step, the last exactly 1.
    const step = nq > 1 ? 1 / (nq - 1) : NaN;
    const refs = Float64Array.from({ length: nq }, (_, i) => (nq === 1 ? 0 : i === nq - 1 ? 1 : i * step));
    const all = Array.from({ length: m.rows }, (_, i) => i);
    // A fresh subsample per feature, all from one seeded stream (as scikit-learn's loop).
    const picks = withSeed(this.params.randomState, () => Array.from({ length: m.cols }, () => (subsample < m.rows ? sampleWithout(m.rows, subsample) : all)));
    const q: Float64Array[] = [];
    for (let j = 0; j < m.cols; j++) {
      const rows = picks[j];
      const col = Float64Array.from(rows.map((i) => m.data[i * m.cols + j]).filter((v) => !Number.isNaN(v))).sort();
      const qs = Float64Array.from(refs, (r) => percentileSorted(col, r * 100));
      for (let k = 1; k < qs.length; k++) if (qs[k] < qs[k - 1]) qs[k] = qs[k - 1]; // np.maximum.accumulate
      q.push(qs);
    }
    const flat = new Float64Array(nq * m.cols);
    q.forEach((qs, j) => qs.forEach((v, k) => { flat[k * m.cols + j] = v; }));
    this.q = q;
    this.refs = refs;
    this.quantiles = matTensor(flat, nq, m.cols);
    this.references = new Tensor(refs.slice(), [nq], 'float64');
    this.nQuantilesFitted = nq;
    this.nFeaturesIn = m.cols;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    return this.run(X, false);
  }

  inverseTransform(X: ArrayInput): Tensor {
    return this.run(X, true);
  }

  private run(X: ArrayInput, inverse: boolean): Tensor {
    const q = checkFitted(this, this.q, inverse ? 'inverseTransform' : 'transform');
    const refs = this.refs as Float64Array;
    const m = readMatrix(X, 'X', true);
    checkFeatures(this, q.length, m.cols);
    const normal = this.params.outputDistribution === 'normal';
    const negQ = q.map((qs) => Float64Array.from(qs, (v) => -v).reverse());
    const negR = Float64Array.from(refs, (v) => -v).reverse();
    const clipMin = ndtri(BOUNDS - 2.220446049250313e-16), clipMax = ndtri(1 - (BOUNDS - 2.220446049250313e-16));
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) {
      let x = m.data[i * m.cols + j];
      if (Number.isNaN(x)) continue;
      const qs = q[j];
      const [lbx, ubx, lby, uby] = inverse ? [0, 1, qs[0], qs[qs.length - 1]] : [qs[0], qs[qs.length - 1], 0, 1];
      if (inverse && normal) x = ndtr(x);
      const low = normal ? x - BOUNDS < lbx : x === lbx;
      const high = normal ? x + BOUNDS > ubx : x === ubx;
      let y = inverse ? interp(x, refs, qs) : 0.5 * (interp(x, qs, refs) - interp(-x, negQ[j], negR));
      if (high) y = uby;
      if (low) y = lby;
      if (!inverse && normal) y = Math.min(Math.max(ndtri(y), clipMin), clipMax);
      m.data[i * m.cols + j] = y;
    }
    return matTensor(m.data, m.rows, m.cols);
  }

  /** The fitted state as JSON (exact round trip through QuantileTransformer.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): QuantileTransformer {
    return restoreState(new QuantileTransformer(json.params as ConstructorParameters<typeof QuantileTransformer>[0]), json);
  }
}

registerEstimator('QuantileTransformer', QuantileTransformer.fromJSON);

/** k distinct indices of [0, n) in random order (partial Fisher-Yates). */
function sampleWithout(n: number, k: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) { const j = i + nextInt(n - i); [a[i], a[j]] = [a[j], a[i]]; }
  return a.slice(0, k);
}

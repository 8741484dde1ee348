import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { nextInt, withSeed } from '../../tensor/random.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { checkFeatures, matTensor, percentileSorted, readMatrix } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface KBinsDiscretizerOptions {
  /** Bins per feature (default 5), one number or one per feature. */
  nBins: number | number[];
  /** 'onehot-dense' (default; 'onehot' is the same here, output is always dense) or 'ordinal'. */
  encode: 'onehot-dense' | 'onehot' | 'ordinal';
  /** 'quantile' (default), 'uniform' or 'kmeans' (1-D k-means from uniform centres). */
  strategy: 'uniform' | 'quantile' | 'kmeans';
  /** With 'quantile', fit on at most this many rows drawn without replacement (default 200 000, as scikit-learn ≥ 1.3); null uses all. */
  subsample: number | null;
  /** Seed of the subsampling. */
  randomState: number | undefined;
}

/** numpy.linspace(a, b, n). */
function linspace(a: number, b: number, n: number): Float64Array {
  const step = (b - a) / (n - 1);
  return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? b : i * step + a));
}

/**
 * Lloyd's k-means on one feature, as scikit-learn's KMeans(init=centres, n_init=1): data
 * centred on its mean, tolerance mean variance · 1e-4, at most 300 iterations, an empty
 * cluster takes the point farthest from its centre.
 */
export function kmeans1d(x: Float64Array, init: Float64Array, maxIter = 300, tol = 1e-4): Float64Array {
  const n = x.length, k = init.length;
  let mean = 0;
  for (const v of x) mean += v;
  mean /= n;
  const xc = x.map((v) => v - mean);
  let variance = 0;
  for (const v of xc) variance += v * v;
  variance /= n;
  const tolerance = variance * tol;
  let centers = init.map((c) => c - mean);
  const labels = new Int32Array(n), old = new Int32Array(n).fill(-1);
  for (let it = 0; it < maxIter; it++) {
    const sums = new Float64Array(k), counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      let best = 0, bd = Infinity;
      for (let c = 0; c < k; c++) { const d = (xc[i] - centers[c]) ** 2; if (d < bd) { bd = d; best = c; } }
      labels[i] = best;
      sums[best] += xc[i];
      counts[best]++;
    }
    const empty = Array.from(counts.keys()).filter((c) => counts[c] === 0);
    if (empty.length) {
      const far = Array.from({ length: n }, (_, i) => i).sort((a, b) => (xc[b] - centers[labels[b]]) ** 2 - (xc[a] - centers[labels[a]]) ** 2 || a - b);
      empty.forEach((c, e) => {
        const i = far[e];
        sums[labels[i]] -= xc[i]; counts[labels[i]]--;
        sums[c] = xc[i]; counts[c] = 1;
      });
    }
    const next = centers.map((c, j) => (counts[j] > 0 ? sums[j] / counts[j] : c));
    let shift = 0;
    for (let c = 0; c < k; c++) shift += (next[c] - centers[c]) ** 2;
    centers = next;
    if (labels.every((l, i) => l === old[i])) break;
    if (shift <= tolerance) break;
    old.set(labels);
  }
  return centers.map((c) => c + mean);
}

/**
 * Bins continuous features, scikit-learn's KBinsDiscretizer: edges by
 * equal width, by quantiles or by 1-D k-means; bins narrower than 1e-8 are removed; a
 * constant feature gets one bin.
 *
 * ```ts
 * const kb = new preprocessing.KBinsDiscretizer({ nBins: 3, encode: 'ordinal', strategy: 'uniform' });
 * kb.fitTransform([[0], [1], [2], [3]]); // [[0], [1], [2], [2]]
 * ```
 */
export class KBinsDiscretizer extends BaseTransformer<KBinsDiscretizerOptions> {
  binEdges: Float64Array[] | null = null;
  nBins: Int32Array | null = null;
  nFeaturesIn: number | null = null;

  constructor(options: Partial<KBinsDiscretizerOptions> = {}) {
    super({ nBins: 5, encode: 'onehot-dense', strategy: 'quantile', subsample: 200000, randomState: undefined, ...options });
  }

  fit(X: ArrayInput): this {
    const { encode, strategy } = this.params;
    if (!['onehot-dense', 'onehot', 'ordinal'].includes(encode)) throw new ValueError(`KBinsDiscretizer: encode must be 'onehot-dense', 'onehot' or 'ordinal', got '${String(encode)}'`);
    if (!['uniform', 'quantile', 'kmeans'].includes(strategy)) throw new ValueError(`KBinsDiscretizer: strategy must be 'uniform', 'quantile' or 'kmeans', got '${String(strategy)}'`);
    const { subsample } = this.params;
    if (subsample !== null && !(Number.isInteger(subsample) && subsample >= 1)) throw new ValueError(`KBinsDiscretizer: subsample must be a positive integer or null, got ${subsample}`);
    let m = readMatrix(X);
    if (strategy === 'quantile' && subsample !== null && m.rows > subsample) {
      const rows = withSeed(this.params.randomState, () => {
        const a = Array.from({ length: m.rows }, (_, i) => i);
        for (let i = 0; i < subsample; i++) { const j = i + nextInt(m.rows - i); [a[i], a[j]] = [a[j], a[i]]; }
        return a.slice(0, subsample);
      });
      const data = new Float64Array(subsample * m.cols);
      rows.forEach((r, k) => data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), k * m.cols));
      m = { data, rows: subsample, cols: m.cols };
    }
    const nb = typeof this.params.nBins === 'number' ? new Array<number>(m.cols).fill(this.params.nBins) : [...this.params.nBins];
    if (nb.length !== m.cols) throw new ValueError(`KBinsDiscretizer: nBins has ${nb.length} entries, but X has ${m.cols} features`);
    nb.forEach((b, j) => { if (!(Number.isInteger(b) && b >= 2)) throw new ValueError(`KBinsDiscretizer: nBins must be integers >= 2, got ${b} for feature ${j}`); });
    const edges: Float64Array[] = [];
    for (let j = 0; j < m.cols; j++) {
      const col = Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
      const sorted = col.slice().sort();
      const lo = sorted[0], hi = sorted[sorted.length - 1];
      if (lo === hi) { nb[j] = 1; edges.push(Float64Array.from([-Infinity, Infinity])); continue; }
      let e: Float64Array;
      if (strategy === 'uniform') e = linspace(lo, hi, nb[j] + 1);
      else if (strategy === 'quantile') e = Float64Array.from(linspace(0, 100, nb[j] + 1), (q) => percentileSorted(sorted, q));
      else {
        const u = linspace(lo, hi, nb[j] + 1);
        const init = Float64Array.from({ length: nb[j] }, (_, c) => (u[c + 1] + u[c]) * 0.5);
        const centers = kmeans1d(col, init).sort();
        e = Float64Array.from([lo, ...Array.from({ length: nb[j] - 1 }, (_, c) => (centers[c + 1] + centers[c]) * 0.5), hi]);
      }
      if (strategy !== 'uniform') {
        e = e.filter((v, k) => k === 0 || v - e[k - 1] > 1e-8);
        nb[j] = e.length - 1;
      }
      edges.push(e);
    }
    this.binEdges = edges;
    this.nBins = Int32Array.from(nb);
    this.nFeaturesIn = m.cols;
    return this;
  }

  transform(X: ArrayInput): Tensor {
    const edges = checkFitted(this, this.binEdges, 'transform');
    const m = readMatrix(X);
    checkFeatures(this, edges.length, m.cols);
    const nb = this.nBins as Int32Array;
    const codes = new Float64Array(m.rows * m.cols);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) {
      const e = edges[j];
      // np.searchsorted(edges[1:-1], x, side='right'): the inner edges at or below x.
      const v = m.data[i * m.cols + j];
      let c = 0;
      for (let k = 1; k < e.length - 1; k++) if (e[k] <= v) c = k;
      codes[i * m.cols + j] = Math.min(Math.max(c, 0), nb[j] - 1);
    }
    if (this.params.encode === 'ordinal') return matTensor(codes, m.rows, m.cols);
    const width = nb.reduce((a, b) => a + b, 0);
    const out = new Float64Array(m.rows * width);
    for (let i = 0; i < m.rows; i++) {
      let off = 0;
      for (let j = 0; j < m.cols; j++) { out[i * width + off + codes[i * m.cols + j]] = 1; off += nb[j]; }
    }
    return matTensor(out, m.rows, width);
  }

  /** Bin codes (ordinal) or one-hot rows back to bin centres. */
  inverseTransform(X: ArrayInput): Tensor {
    const edges = checkFitted(this, this.binEdges, 'inverseTransform');
    const nb = this.nBins as Int32Array;
    const m = readMatrix(X);
    let codes: number[][];
    if (this.params.encode === 'ordinal') codes = Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
    else codes = Array.from({ length: m.rows }, (_, i) => {
      let off = 0;
      return Array.from(nb, (b) => { const row = m.data.subarray(i * m.cols + off, i * m.cols + off + b); off += b; return row.indexOf(Math.max(...row)); });
    });
    const out = new Float64Array(m.rows * edges.length);
    codes.forEach((r, i) => r.forEach((c, j) => { const e = edges[j]; out[i * edges.length + j] = (e[c] + e[c + 1]) * 0.5; }));
    return matTensor(out, m.rows, edges.length);
  }

  /** The fitted state as JSON (exact round trip through KBinsDiscretizer.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): KBinsDiscretizer {
    return restoreState(new KBinsDiscretizer(json.params as ConstructorParameters<typeof KBinsDiscretizer>[0]), json);
  }
}

registerEstimator('KBinsDiscretizer', KBinsDiscretizer.fromJSON);

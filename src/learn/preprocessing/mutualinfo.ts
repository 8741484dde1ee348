import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { withSeed, fillNormal } from '../../tensor/random.js';
import { checkSameLength, encodeLabels, toVector, type ArrayInput } from '../base.js';
import { digamma } from './special.js';
import type { UnivariateScores } from './univariate.js';
import { readMatrix, vecTensor } from './util.js';

export interface MutualInfoOptions {
  /** Which features are discrete: 'auto' (= false for dense input), a boolean for all, a mask (one boolean per feature) or feature indices. */
  discreteFeatures?: 'auto' | boolean | boolean[] | number[];
  /** Neighbours of the kNN estimator for continuous features (default 3). */
  nNeighbors?: number;
  /** Seed of the tiny noise added to continuous features to break ties. */
  randomState?: number;
}

/** Mutual information (nats) between two discrete label vectors, as scikit-learn's mutual_info_score. */
export function discreteMutualInfo(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  const cx = encodeLabels(Float64Array.from(x)), cy = encodeLabels(Float64Array.from(y));
  const nx = cx.classes.length, ny = cy.classes.length;
  if (nx === 1 || ny === 1) return 0;
  const table = new Float64Array(nx * ny);
  for (let i = 0; i < n; i++) table[cx.indices[i] * ny + cy.indices[i]]++;
  const pi = new Float64Array(nx), pj = new Float64Array(ny);
  for (let a = 0; a < nx; a++) for (let b = 0; b < ny; b++) { pi[a] += table[a * ny + b]; pj[b] += table[a * ny + b]; }
  let mi = 0;
  const logN = Math.log(n);
  for (let a = 0; a < nx; a++) for (let b = 0; b < ny; b++) {
    const v = table[a * ny + b];
    if (v === 0) continue;
    const p = v / n;
    const term = p * (Math.log(v) - logN) + p * (-Math.log(pi[a] * pj[b]) + logN + logN);
    if (Math.abs(term) >= 2.220446049250313e-16) mi += term;
  }
  return Math.max(mi, 0);
}

/** Ross's kNN estimate of the MI between a continuous feature c and discrete labels d (scikit-learn's _compute_mi_cd). */
export function continuousDiscreteMutualInfo(c: Float64Array, d: Int32Array, nNeighbors: number): number {
  const n = c.length;
  const radius = new Float64Array(n), k = new Float64Array(n), counts = new Float64Array(n);
  const byLabel = new Map<number, number[]>();
  d.forEach((l, i) => { const g = byLabel.get(l); if (g) g.push(i); else byLabel.set(l, [i]); });
  for (const idx of byLabel.values()) {
    const cnt = idx.length;
    if (cnt > 1) {
      const kk = Math.min(nNeighbors, cnt - 1);
      for (const i of idx) {
        const dist = idx.filter((j) => j !== i).map((j) => Math.abs(c[i] - c[j])).sort((a, b) => a - b);
        // Points strictly closer than the k-th neighbour (np.nextafter(r, 0)).
        radius[i] = dist[kk - 1] > 0 ? nextDown(dist[kk - 1]) : 0;
        k[i] = kk;
      }
    }
    for (const i of idx) counts[i] = cnt;
  }
  const keep = Array.from({ length: n }, (_, i) => i).filter((i) => counts[i] > 1);
  const m = keep.length;
  if (m === 0) return 0;
  const sorted = Float64Array.from(keep, (i) => c[i]).sort();
  let sk = 0, sc = 0, sm = 0;
  for (const i of keep) {
    // Points within radius of c[i], itself included (KDTree.query_radius count).
    const within = countWithin(sorted, c[i], radius[i]);
    sk += digamma(k[i]);
    sc += digamma(counts[i]);
    sm += digamma(within);
  }
  return Math.max(0, digamma(m) + sk / m - sc / m - sm / m);
}

function nextDown(x: number): number {
  const buf = new Float64Array([x]);
  const bits = new BigInt64Array(buf.buffer);
  bits[0] -= 1n;
  return buf[0];
}

/** How many sorted values lie within distance r of v (distances compared as |a − v|, not v ± r, which rounds). */
function countWithin(a: Float64Array, v: number, r: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < v && v - a[mid] > r) lo = mid + 1; else hi = mid; }
  const first = lo;
  hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] <= v || a[mid] - v <= r) lo = mid + 1; else hi = mid; }
  return lo - first;
}

/**
 * Mutual information between each feature and discrete classes, scikit-learn's
 * `mutual_info_classif`. Discrete features use the contingency table (exact parity);
 * continuous features are scaled to unit standard deviation, get noise of relative size 1e-10
 * (drawn from nabla's generator, so not numpy's numbers) and use the kNN estimator of Ross
 * (2014) — equal to scikit-learn's whenever the noise does not reorder tied distances.
 */
export function mutualInfoClassif(X: ArrayInput, y: ArrayInput, options: MutualInfoOptions = {}): UnivariateScores {
  const { discreteFeatures = 'auto', nNeighbors = 3, randomState } = options;
  const m = readMatrix(X);
  const yv = toVector(y).dataSync() as Float64Array;
  checkSameLength(m.rows, yv.length);
  if (!(Number.isInteger(nNeighbors) && nNeighbors > 0)) throw new ValueError(`mutualInfoClassif: nNeighbors must be a positive integer, got ${nNeighbors}`);
  let discrete: boolean[];
  if (Array.isArray(discreteFeatures) && discreteFeatures.length > 0 && typeof discreteFeatures[0] === 'number') {
    discrete = new Array<boolean>(m.cols).fill(false);
    for (const j of discreteFeatures as number[]) {
      if (!(Number.isInteger(j) && j >= 0 && j < m.cols)) throw new ValueError(`mutualInfoClassif: discreteFeatures index ${j} is out of range for ${m.cols} features`);
      discrete[j] = true;
    }
  } else discrete = Array.isArray(discreteFeatures) ? (discreteFeatures as boolean[]) : new Array<boolean>(m.cols).fill(discreteFeatures === true);
  if (discrete.length !== m.cols) throw new ValueError(`mutualInfoClassif: discreteFeatures has ${discrete.length} entries, but X has ${m.cols} features`);
  const labels = encodeLabels(yv).indices;
  const cols = Array.from({ length: m.cols }, (_, j) => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]));
  const noise = new Float64Array(m.rows * m.cols);
  withSeed(randomState, () => fillNormal(noise));
  let q = 0;
  const scores = cols.map((col, j) => {
    if (discrete[j]) return discreteMutualInfo(col, labels);
    let mu = 0, ss = 0, ma = 0;
    for (const v of col) mu += v / col.length;
    for (const v of col) ss += (v - mu) ** 2;
    let sd = Math.sqrt(ss / col.length);
    if (sd < 10 * Number.EPSILON) sd = 1;
    for (let i = 0; i < col.length; i++) { col[i] /= sd; ma += Math.abs(col[i]) / col.length; }
    const amp = 1e-10 * Math.max(1, ma);
    for (let i = 0; i < col.length; i++) col[i] += amp * noise[q++];
    return continuousDiscreteMutualInfo(col, labels, nNeighbors);
  });
  return { scores: vecTensor(scores), pvalues: null };
}

import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { fillNormal, withSeed } from '../../tensor/random.js';
import { registerEstimator } from '../persist.js';
import { BaseEstimator, checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { rowNormsSq, sqDistances } from '../cluster/distance.js';
import { PCA } from './pca.js';
import { QuadTree } from './quadtree.js';
import { binarySearchPerplexity } from './tsneAffinity.js';

/** Options of {@link TSNE}. */
export interface TSNEOptions {
  /** Embedding dimensions (default 2; Barnes–Hut needs 2). */
  nComponents?: number;
  /** Effective number of neighbours (default 30). */
  perplexity?: number;
  /** P is multiplied by this for the first 250 iterations (default 12). */
  earlyExaggeration?: number;
  /** Step size, or 'auto' = max(n / earlyExaggeration / 4, 50) (default). */
  learningRate?: number | 'auto';
  /** Total iterations (default 1000, at least 250). */
  nIter?: number;
  /** Stop after this many iterations without progress (checked every 50; default 300). */
  nIterWithoutProgress?: number;
  /** Stop when the gradient norm falls below this (default 1e-7). */
  minGradNorm?: number;
  /** 'pca' (default, as scikit-learn ≥ 1.2) or 'random'. */
  init?: 'pca' | 'random';
  /** 'barnes_hut' (default; O(n log n) per iteration, 2-D) or 'exact' (O(n²)). */
  method?: 'barnes_hut' | 'exact';
  /** Barnes–Hut accuracy: a cell of width w at distance d is summarised when w/d < angle (default 0.5). */
  angle?: number;
  /** Seed for the initialisation; undefined draws from the global generator. */
  randomState?: number;
}

type TSNEParams = Required<Omit<TSNEOptions, 'randomState'>> & { randomState: number | undefined };

/** A saved {@link TSNE}. */
export interface TSNEJSON { type: 'TSNE'; params: TSNEParams; embedding: number[]; shape: number[]; klDivergence: number; nIter: number; learningRate: number; nFeaturesIn: number }

/** Sparse symmetric joint probabilities: row i's neighbours cols[rowPtr[i]..rowPtr[i+1]) with values. */
interface SparseP { rowPtr: Int32Array; cols: Int32Array; vals: Float64Array }

const EPS = 2.220446049250313e-16;

/**
 * t-distributed stochastic neighbour embedding (scikit-learn's `TSNE`): Gaussian affinities
 * calibrated to a perplexity, a Student-t embedding, KL divergence minimised by gradient descent
 * with momentum (0.5 then 0.8), per-coordinate gains and early exaggeration; Barnes–Hut
 * (quadtree) or exact gradients.
 *
 * ```ts
 * const Y = new learn.TSNE({ perplexity: 30, randomState: 0 }).fitTransform(X); // [n, 2]
 * ```
 */
export class TSNE extends BaseEstimator<TSNEParams> {
  /** The embedding [n, nComponents]. */
  embedding: Tensor | null = null;
  /** KL divergence after optimisation. */
  klDivergence = NaN;
  /** Iterations run. */
  nIter = 0;
  /** The learning rate used. */
  learningRate = NaN;
  nFeaturesIn = 0;

  constructor(options: TSNEOptions = {}) {
    super({ nComponents: 2, perplexity: 30, earlyExaggeration: 12, learningRate: 'auto', nIter: 1000, nIterWithoutProgress: 300, minGradNorm: 1e-7, init: 'pca', method: 'barnes_hut', angle: 0.5, randomState: undefined, ...options });
  }

  fit(X: ArrayInput): this {
    this.fitTransform(X);
    return this;
  }

  /** fit, then the embedding. */
  fitTransform(X: ArrayInput): Tensor {
    const { nComponents: d, perplexity, earlyExaggeration: ee, method, nIter } = this.params;
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    if (!(perplexity > 0) || perplexity >= n) throw new ValueError(`TSNE: perplexity must be in (0, nSamples=${n}), got ${perplexity}`);
    if (method !== 'barnes_hut' && method !== 'exact') throw new ValueError(`TSNE: method must be 'barnes_hut' or 'exact', got '${String(method)}'`);
    if (method === 'barnes_hut' && d !== 2) throw new ValueError(`TSNE: the Barnes–Hut method supports nComponents=2 only, got ${d}; use method 'exact'`);
    if (!(nIter >= 250)) throw new ValueError(`TSNE: nIter should be at least 250, got ${nIter}`);
    const x = xt.dataSync() as Float64Array;
    const lr = this.params.learningRate === 'auto' ? Math.max(n / ee / 4, 50) : this.params.learningRate;
    const P = method === 'exact' ? exactP(x, n, p, perplexity) : knnP(x, n, p, perplexity);
    const y0 = withSeed(this.params.randomState, () => {
      if (this.params.init === 'pca') {
        const z = new PCA({ nComponents: d, svdSolver: 'randomized', randomState: this.params.randomState }).fitTransform(xt).dataSync() as Float64Array;
        let m = 0, s = 0;
        for (let i = 0; i < n; i++) m += z[i * d] / n;
        for (let i = 0; i < n; i++) s += (z[i * d] - m) ** 2 / n;
        const sd = Math.sqrt(s);
        return z.map((v) => (v / sd) * 1e-4);
      }
      const y = new Float64Array(n * d);
      fillNormal(y);
      return y.map((v) => v * 1e-4);
    });
    const grad = (y: Float64Array, exag: number, withError: boolean): { g: Float64Array; kl: number } =>
      method === 'exact' ? exactGrad(y, n, d, P as Float64Array, exag, withError) : bhGrad(y, n, P as SparseP, exag, this.params.angle, withError);
    const y = y0;
    const state = { update: new Float64Array(n * d), gains: new Float64Array(n * d).fill(1) };
    let r = descend(y, grad, state, 0, 250, 0.5, lr, ee, this.params, 250);
    if (nIter > 250) r = descend(y, grad, state, r.it + 1, nIter, 0.8, lr, 1, this.params, this.params.nIterWithoutProgress);
    this.embedding = new Tensor(y, [n, d], 'float64');
    this.klDivergence = r.kl;
    this.nIter = r.it;
    this.learningRate = lr;
    this.nFeaturesIn = p;
    return this.embedding;
  }

  /** The fitted embedding as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): TSNEJSON {
    const e = checkFitted(this, this.embedding, 'toJSON');
    return { type: 'TSNE', params: { ...this.params }, embedding: Array.from(e.dataSync()), shape: [...e.shape], klDivergence: this.klDivergence, nIter: this.nIter, learningRate: this.learningRate, nFeaturesIn: this.nFeaturesIn };
  }

  /** Restores a TSNE saved by toJSON. */
  static fromJSON(json: TSNEJSON): TSNE {
    if (json.type !== 'TSNE') throw new ValueError(`TSNE.fromJSON: expected type 'TSNE', got ${String(json.type)}`);
    const t = new TSNE(json.params);
    t.embedding = new Tensor(Float64Array.from(json.embedding), json.shape, 'float64');
    Object.assign(t, { klDivergence: json.klDivergence, nIter: json.nIter, learningRate: json.learningRate, nFeaturesIn: json.nFeaturesIn });
    return t;
  }
}

registerEstimator('TSNE', TSNE.fromJSON);

/** scikit-learn's `_gradient_descent` with gains (+0.2 / ×0.8, min 0.01); the error is evaluated every 50 iterations. */
function descend(y: Float64Array, grad: (y: Float64Array, exag: number, e: boolean) => { g: Float64Array; kl: number }, st: { update: Float64Array; gains: Float64Array }, start: number, end: number, momentum: number, lr: number, exag: number, o: TSNEParams, withoutProgress: number): { kl: number; it: number } {
  let best = Infinity, bestIt = start, kl = Infinity, i = start;
  for (i = start; i < end; i++) {
    const check = (i + 1) % 50 === 0;
    const r = grad(y, exag, check || i === end - 1);
    const g = r.g;
    if (check || i === end - 1) kl = r.kl;
    let norm = 0;
    for (let k = 0; k < g.length; k++) norm += g[k] * g[k];
    norm = Math.sqrt(norm);
    for (let k = 0; k < g.length; k++) {
      if (st.update[k] * g[k] < 0) st.gains[k] += 0.2; else st.gains[k] *= 0.8;
      if (st.gains[k] < 0.01) st.gains[k] = 0.01;
      st.update[k] = momentum * st.update[k] - lr * st.gains[k] * g[k];
      y[k] += st.update[k];
    }
    if (check) {
      if (kl < best) { best = kl; bestIt = i; } else if (i - bestIt > withoutProgress) break;
      if (norm <= o.minGradNorm) break;
    }
  }
  return { kl, it: Math.min(i, end - 1) };
}

/** Dense joint P [n, n] from all squared distances (exact method). */
function exactP(x: Float64Array, n: number, p: number, perplexity: number): Float64Array {
  const d2 = sqDistances(x, n, p, x, n, rowNormsSq(x, n, p));
  const cand = new Float64Array(n * (n - 1));
  for (let i = 0; i < n; i++) for (let j = 0, c = 0; j < n; j++) if (j !== i) cand[i * (n - 1) + c++] = d2[i * n + j];
  const cond = binarySearchPerplexity(cand, n, n - 1, perplexity);
  const P = new Float64Array(n * n);
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0, c = 0; j < n; j++) if (j !== i) { P[i * n + j] += cond[i * (n - 1) + c]; P[j * n + i] += cond[i * (n - 1) + c]; c++; }
  for (const v of P) sum += v;
  sum = Math.max(sum, EPS);
  for (let i = 0; i < n * n; i++) P[i] = Math.max(P[i] / sum, EPS);
  return P;
}

/** Sparse joint P from the ⌊3·perplexity + 1⌋ nearest neighbours (Barnes–Hut), symmetrised. */
function knnP(x: Float64Array, n: number, p: number, perplexity: number): SparseP {
  const k = Math.min(n - 1, Math.floor(3 * perplexity + 1));
  const xn = rowNormsSq(x, n, p);
  const nbr = new Int32Array(n * k), dist = new Float64Array(n * k);
  const B = 512;
  for (let s = 0; s < n; s += B) {
    const m = Math.min(B, n - s);
    const d2 = sqDistances(x.subarray(s * p, (s + m) * p), m, p, x, n, xn.subarray(s, s + m), xn);
    for (let i = 0; i < m; i++) {
      const row = d2.subarray(i * n, (i + 1) * n), gi = s + i;
      const idx = Array.from({ length: n }, (_, j) => j).filter((j) => j !== gi);
      idx.sort((a, b) => row[a] - row[b] || a - b);
      for (let j = 0; j < k; j++) { nbr[gi * k + j] = idx[j]; dist[gi * k + j] = row[idx[j]]; }
    }
  }
  const cond = binarySearchPerplexity(dist, n, k, perplexity);
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) {
    const c = nbr[i * k + j], v = cond[i * k + j];
    rows[i].set(c, (rows[i].get(c) ?? 0) + v);
    rows[c].set(i, (rows[c].get(i) ?? 0) + v);
  }
  let total = 0;
  for (const r of rows) for (const v of r.values()) total += v;
  total = Math.max(total, EPS);
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i] + rows[i].size;
  const cols = new Int32Array(rowPtr[n]), vals = new Float64Array(rowPtr[n]);
  rows.forEach((r, i) => { let o = rowPtr[i]; for (const [c, v] of [...r.entries()].sort((a, b) => a[0] - b[0])) { cols[o] = c; vals[o++] = v / total; } });
  return { rowPtr, cols, vals };
}

/** Exact KL gradient (Student-t, one degree of freedom): 4·Σ_j (p_ij − q_ij)·(1 + ‖y_i − y_j‖²)⁻¹·(y_i − y_j). */
function exactGrad(y: Float64Array, n: number, d: number, P: Float64Array, exag: number, withError: boolean): { g: Float64Array; kl: number } {
  const w = new Float64Array(n * n);
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    let s = 0;
    for (let f = 0; f < d; f++) { const t = y[i * d + f] - y[j * d + f]; s += t * t; }
    const v = 1 / (1 + s);
    w[i * n + j] = w[j * n + i] = v;
    sum += 2 * v;
  }
  const g = new Float64Array(n * d);
  let kl = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (i === j) continue;
    const q = Math.max(w[i * n + j] / sum, EPS), pij = P[i * n + j] * exag;
    if (withError) kl += pij * Math.log(Math.max(pij, EPS) / q);
    const c = (pij - q) * w[i * n + j];
    for (let f = 0; f < d; f++) g[i * d + f] += 4 * c * (y[i * d + f] - y[j * d + f]);
  }
  return { g, kl };
}

/** Barnes–Hut gradient: exact attraction over P's neighbours, quadtree repulsion. */
function bhGrad(y: Float64Array, n: number, P: SparseP, exag: number, angle: number, withError: boolean): { g: Float64Array; kl: number } {
  const tree = new QuadTree(y, n);
  const neg = new Float64Array(2 * n), f = new Float64Array(2);
  let sumQ = 0;
  for (let i = 0; i < n; i++) { f[0] = 0; f[1] = 0; sumQ += tree.negative(i, angle, f); neg[2 * i] = f[0]; neg[2 * i + 1] = f[1]; }
  const g = new Float64Array(2 * n);
  let kl = 0;
  for (let i = 0; i < n; i++) {
    let px = 0, py = 0;
    for (let e = P.rowPtr[i]; e < P.rowPtr[i + 1]; e++) {
      const j = P.cols[e], pij = P.vals[e] * exag;
      const dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
      const q = 1 / (1 + dx * dx + dy * dy);
      px += pij * q * dx; py += pij * q * dy;
      if (withError) kl += pij * Math.log(Math.max(pij, EPS) / Math.max(q / sumQ, EPS));
    }
    g[2 * i] = 4 * (px - neg[2 * i] / sumQ);
    g[2 * i + 1] = 4 * (py - neg[2 * i + 1] / sumQ);
  }
  return { g, kl };
}

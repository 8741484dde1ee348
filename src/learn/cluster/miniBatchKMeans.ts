import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { nextInt, withSeed } from '../../tensor/random.js';
import { registerEstimator } from '../persist.js';
import { BaseEstimator, checkFitted, toMatrix, type ArrayInput } from '../base.js';
import { rowNormsSq } from './distance.js';
import { kmeansPlusPlus, randomInit } from './kmeansInit.js';
import { assignLabels, centreDistances, inertiaOf } from './kmeansLloyd.js';

/** Options of {@link MiniBatchKMeans}. */
export interface MiniBatchKMeansOptions {
  nClusters?: number;
  /** 'k-means++' (default), 'random' or initial centres [k, p]. */
  init?: 'k-means++' | 'random' | number[][];
  /** Passes over the data (default 100). */
  maxIter?: number;
  /** Samples per step (default 1024). */
  batchSize?: number;
  /** Compute labels and inertia on the full data after fitting (default true). */
  computeLabels?: boolean;
  /** Stop when the squared centre change is ≤ tol × mean variance (default 0: off). */
  tol?: number;
  /** Stop after this many steps without improvement of the smoothed batch inertia (default 10; null: off). */
  maxNoImprovement?: number | null;
  /** Samples drawn to initialise (default 3·batchSize, at least 3·nClusters). */
  initSize?: number | null;
  /** Initialisations compared on a validation batch (default 3, as scikit-learn 1.2). */
  nInit?: number;
  /** Centres with less than this fraction of the largest count are moved to random samples (default 0.01; 0: off). */
  reassignmentRatio?: number;
  randomState?: number;
}

type MBParams = Required<Omit<MiniBatchKMeansOptions, 'randomState'>> & { randomState: number | undefined };

/** A saved {@link MiniBatchKMeans}. */
export interface MiniBatchKMeansJSON { type: 'MiniBatchKMeans'; params: MBParams; clusterCenters: number[]; labels: number[] | null; inertia: number; nIter: number; nSteps: number; nFeaturesIn: number }

/**
 * Mini-batch k-means (scikit-learn's `MiniBatchKMeans`): each step assigns a random batch and
 * moves every centre towards its batch mean with a per-centre learning rate 1 / (samples seen),
 * optionally reassigning rarely used centres; stops on the smoothed batch inertia.
 */
export class MiniBatchKMeans extends BaseEstimator<MBParams> {
  clusterCenters: Tensor | null = null;
  labels: Tensor | null = null;
  inertia = NaN;
  /** Passes over the data, and steps (batches) run. */
  nIter = 0;
  nSteps = 0;
  nFeaturesIn = 0;

  constructor(options: MiniBatchKMeansOptions = {}) {
    super({ nClusters: 8, init: 'k-means++', maxIter: 100, batchSize: 1024, computeLabels: true, tol: 0, maxNoImprovement: 10, initSize: null, nInit: 3, reassignmentRatio: 0.01, randomState: undefined, ...options });
  }

  fit(X: ArrayInput): this {
    const o = this.params, k = o.nClusters;
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    if (!Number.isInteger(k) || k < 1 || n < k) throw new ValueError(`MiniBatchKMeans: nClusters must be an integer in [1, nSamples=${n}], got ${k}`);
    const x = xt.dataSync() as Float64Array;
    const bs = Math.min(o.batchSize, n);
    let initSize = o.initSize ?? 3 * bs;
    if (initSize < k) initSize = 3 * k;
    initSize = Math.min(initSize, n);
    let varMean = 0;
    { const mean = new Float64Array(p); for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) mean[f] += x[i * p + f] / n; for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) varMean += (x[i * p + f] - mean[f]) ** 2 / (n * p); }
    const tol = o.tol * varMean;
    const gather = (idx: Int32Array): Float64Array => { const out = new Float64Array(idx.length * p); idx.forEach((r, i) => out.set(x.subarray(r * p, r * p + p), i * p)); return out; };
    const draw = (m: number): Int32Array => Int32Array.from({ length: m }, () => nextInt(n));
    const ones = new Float64Array(Math.max(bs, initSize)).fill(1);
    const result = withSeed(o.randomState, () => {
      const valid = gather(draw(bs));
      let centers: Float64Array | null = null, bestInertia = Infinity;
      const nInit = typeof o.init === 'string' ? o.nInit : 1;
      for (let r = 0; r < nInit; r++) {
        let c: Float64Array;
        if (typeof o.init !== 'string') {
          c = Float64Array.from(o.init.flat());
          if (c.length !== k * p) throw new ShapeError(`MiniBatchKMeans: init must be [${k}, ${p}]`);
        } else {
          const sub = gather(draw(initSize));
          c = o.init === 'random' ? randomInit(sub, initSize, p, k) : kmeansPlusPlus(sub, initSize, p, k, rowNormsSq(sub, initSize, p), ones.subarray(0, initSize));
        }
        const lab = new Int32Array(bs);
        assignLabels(valid, bs, p, c, k, lab);
        const inertia = inertiaOf(valid, bs, p, ones, c, lab);
        if (inertia < bestInertia) { bestInertia = inertia; centers = c; }
      }
      let cur = centers as Float64Array;
      const counts = new Float64Array(k);
      const nSteps = Math.floor((o.maxIter * n) / bs);
      let ewa: number | null = null, ewaMin: number | null = null, noImprove = 0, sinceReassign = 0, step = 0;
      const lab = new Int32Array(bs);
      for (step = 0; step < nSteps; step++) {
        const batch = gather(draw(bs));
        assignLabels(batch, bs, p, cur, k, lab);
        const batchInertia = inertiaOf(batch, bs, p, ones, cur, lab);
        const next = cur.slice();
        const sums = new Float64Array(k * p), bw = new Float64Array(k);
        for (let i = 0; i < bs; i++) { bw[lab[i]]++; for (let f = 0; f < p; f++) sums[lab[i] * p + f] += batch[i * p + f]; }
        for (let c = 0; c < k; c++) {
          if (bw[c] === 0) continue;
          const total = counts[c] + bw[c];
          for (let f = 0; f < p; f++) next[c * p + f] = (cur[c * p + f] * counts[c] + sums[c * p + f]) / total;
          counts[c] = total;
        }
        sinceReassign++;
        const reassign = counts.some((v) => v === 0) || sinceReassign >= 10 * k;
        if (reassign) sinceReassign = 0;
        if (reassign && o.reassignmentRatio > 0) {
          const maxC = Math.max(...counts);
          const to = Array.from(counts, (v) => v < o.reassignmentRatio * maxC);
          if (to.filter(Boolean).length > 0.5 * bs) {
            const order = Array.from(counts.keys()).sort((a, b) => counts[a] - counts[b]);
            for (const c of order.slice(Math.floor(0.5 * bs))) to[c] = false;
          }
          const chosen = new Set<number>();
          let minKept = Infinity;
          for (let c = 0; c < k; c++) if (!to[c]) minKept = Math.min(minKept, counts[c]);
          for (let c = 0; c < k; c++) {
            if (!to[c]) continue;
            let r = nextInt(bs);
            while (chosen.has(r) && chosen.size < bs) r = nextInt(bs);
            chosen.add(r);
            next.set(batch.subarray(r * p, r * p + p), c * p);
            counts[c] = minKept === Infinity ? 0 : minKept;
          }
        }
        let shift = 0;
        if (tol > 0) for (let i = 0; i < next.length; i++) shift += (next[i] - cur[i]) ** 2;
        cur = next;
        // scikit-learn's _mini_batch_convergence
        if (step === 0) continue;
        const bi = batchInertia / bs;
        if (ewa === null) ewa = bi;
        else { const alpha = Math.min((bs * 2) / (n + 1), 1); ewa = ewa * (1 - alpha) + bi * alpha; }
        if (tol > 0 && shift <= tol) break;
        if (ewaMin === null || ewa < ewaMin) { noImprove = 0; ewaMin = ewa; } else noImprove++;
        if (o.maxNoImprovement !== null && noImprove >= o.maxNoImprovement) break;
      }
      return { centers: cur, steps: Math.min(step + 1, nSteps) };
    });
    this.clusterCenters = new Tensor(result.centers, [k, p], 'float64');
    this.nSteps = result.steps;
    this.nIter = Math.ceil((result.steps * bs) / n);
    this.nFeaturesIn = p;
    if (o.computeLabels) {
      const lab = new Int32Array(n);
      assignLabels(x, n, p, result.centers, k, lab);
      this.labels = new Tensor(lab, [n], 'int32');
      this.inertia = inertiaOf(x, n, p, new Float64Array(n).fill(1), result.centers, lab);
    }
    return this;
  }

  private checkX(X: ArrayInput, method: string): { x: Float64Array; n: number; c: Float64Array } {
    const c = checkFitted(this, this.clusterCenters, method).dataSync() as Float64Array;
    const xt = toMatrix(X, 'X');
    if (xt.shape[1] !== this.nFeaturesIn) throw new ShapeError(`MiniBatchKMeans.${method}: X has ${xt.shape[1]} features, but the model was fitted with ${this.nFeaturesIn}`);
    return { x: xt.dataSync() as Float64Array, n: xt.shape[0], c };
  }

  /** The nearest centre per sample (int32). */
  predict(X: ArrayInput): Tensor {
    const { x, n, c } = this.checkX(X, 'predict');
    const lab = new Int32Array(n);
    assignLabels(x, n, this.nFeaturesIn, c, this.params.nClusters, lab);
    return new Tensor(lab, [n], 'int32');
  }

  /** Euclidean distances to every centre [n, nClusters]. */
  transform(X: ArrayInput): Tensor {
    const { x, n, c } = this.checkX(X, 'transform');
    const k = this.params.nClusters;
    const d = centreDistances(x, n, this.nFeaturesIn, c, k, rowNormsSq(x, n, this.nFeaturesIn));
    return new Tensor(d.map(Math.sqrt), [n, k], 'float64');
  }

  /** Opposite of the inertia of X on the centres. */
  score(X: ArrayInput): number {
    const { x, n, c } = this.checkX(X, 'score');
    const lab = new Int32Array(n);
    assignLabels(x, n, this.nFeaturesIn, c, this.params.nClusters, lab);
    return -inertiaOf(x, n, this.nFeaturesIn, new Float64Array(n).fill(1), c, lab);
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): MiniBatchKMeansJSON {
    const c = checkFitted(this, this.clusterCenters, 'toJSON');
    return { type: 'MiniBatchKMeans', params: { ...this.params }, clusterCenters: Array.from(c.dataSync()), labels: this.labels ? Array.from(this.labels.dataSync()) : null, inertia: this.inertia, nIter: this.nIter, nSteps: this.nSteps, nFeaturesIn: this.nFeaturesIn };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: MiniBatchKMeansJSON): MiniBatchKMeans {
    if (json.type !== 'MiniBatchKMeans') throw new ValueError(`MiniBatchKMeans.fromJSON: expected type 'MiniBatchKMeans', got ${String(json.type)}`);
    const m = new MiniBatchKMeans(json.params);
    m.clusterCenters = new Tensor(Float64Array.from(json.clusterCenters), [json.clusterCenters.length / json.nFeaturesIn, json.nFeaturesIn], 'float64');
    m.labels = json.labels ? new Tensor(Int32Array.from(json.labels), [json.labels.length], 'int32') : null;
    Object.assign(m, { inertia: json.inertia, nIter: json.nIter, nSteps: json.nSteps, nFeaturesIn: json.nFeaturesIn });
    return m;
  }
}

registerEstimator('MiniBatchKMeans', MiniBatchKMeans.fromJSON);

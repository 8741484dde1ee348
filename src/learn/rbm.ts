import { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError } from '../tensor/errors.js';
import { matmul } from '../ops/matmul.js';
import { transpose } from '../ops/movement.js';
import { fillNormal, fillUniform, getRngState, setRngState, withSeed } from '../tensor/random.js';
import { BaseTransformer, checkFitted, toMatrix, type ArrayInput } from './base.js';
import { fromFlat } from './neighbors/flat.js';
import { registerEstimator } from './persist.js';

/** Options of {@link BernoulliRBM} (scikit-learn's defaults). */
export interface BernoulliRBMOptions {
  /** Hidden units (default 256). */
  nComponents?: number;
  /** Learning rate (default 0.1); the update is divided by the batch size. */
  learningRate?: number;
  /** Rows per minibatch (default 10). */
  batchSize?: number;
  /** Passes over the data (default 10). */
  nIter?: number;
  /** Seed of the private random stream (initial weights, Gibbs samples); default: the global stream. */
  randomState?: number | null;
}

/** A saved RBM. */
export interface BernoulliRBMJSON {
  type: 'BernoulliRBM';
  params: Required<BernoulliRBMOptions>;
  components: number[]; interceptHidden: number[]; interceptVisible: number[]; hSamples: number[]; nFeaturesIn: number; rngState: number[] | null;
}

const expit = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const logaddexp0 = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/**
 * A Bernoulli restricted Boltzmann machine (scikit-learn's `BernoulliRBM`): binary visible and
 * hidden units, trained by persistent contrastive divergence (one Gibbs step per minibatch from
 * persistent hidden chains `hSamples`). `transform` gives the hidden units' probabilities;
 * `scoreSamples` the pseudo-likelihood (one random visible unit flipped per row).
 *
 * @example
 * const rbm = new BernoulliRBM({ nComponents: 16, nIter: 5, randomState: 0 }).fit(binaryRows);
 * rbm.transform(binaryRows); // [n, 16] hidden probabilities
 */
export class BernoulliRBM extends BaseTransformer<Required<BernoulliRBMOptions>> {
  /** Weights [nComponents, nFeatures]. */
  components: Tensor | null = null;
  /** Hidden biases [nComponents]. */
  interceptHidden: Float64Array | null = null;
  /** Visible biases [nFeatures]. */
  interceptVisible: Float64Array | null = null;
  /** Persistent chains' hidden states [batchSize, nComponents]. */
  hSamples: Float64Array | null = null;
  /** Number of features seen in fit. */
  nFeaturesIn = 0;
  // The private stream's state after the last draw (randomState given), so draws continue.
  private rngState: number[] | null = null;

  constructor(options: BernoulliRBMOptions = {}) {
    super({ nComponents: 256, learningRate: 0.1, batchSize: 10, nIter: 10, randomState: null, ...options });
  }

  /** Runs fn on the estimator's stream: the seeded private one (continued) or the global one. */
  private draw<R>(fn: () => R, reset = false): R {
    const seed = this.params.randomState;
    if (seed === null || seed === undefined) return fn();
    const run = (): R => { const out = fn(); this.rngState = getRngState(); return out; };
    if (reset || !this.rngState) return withSeed(seed, run);
    const saved = getRngState();
    try {
      setRngState(this.rngState);
      return run();
    } finally { setRngState(saved); }
  }

  /** Trains by persistent contrastive divergence on X (values in [0, 1]); returns this. */
  fit(X: ArrayInput): this {
    const Xm = toMatrix(X, 'X');
    const [n, d] = Xm.shape;
    const { nComponents: k, batchSize, nIter, learningRate } = this.params;
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`BernoulliRBM: nComponents must be a positive integer, got ${k}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`BernoulliRBM: batchSize must be a positive integer, got ${batchSize}`);
    if (!Number.isInteger(nIter) || nIter < 1) throw new ValueError(`BernoulliRBM: nIter must be a positive integer, got ${nIter}`);
    if (!(learningRate > 0)) throw new ValueError(`BernoulliRBM: learningRate must be positive, got ${learningRate}`);
    const data = Xm.dataSync() as Float64Array;
    this.draw(() => {
      const W = new Float64Array(k * d);
      fillNormal(W, 0, 0.01);
      this.components = fromFlat(W, [k, d]);
      this.interceptHidden = new Float64Array(k); this.interceptVisible = new Float64Array(d);
      this.hSamples = new Float64Array(batchSize * k); this.nFeaturesIn = d;
      // scikit-learn's gen_even_slices: nBatches slices of near-equal size covering the rows.
      const nBatches = Math.ceil(n / batchSize);
      const bounds: number[] = [0];
      for (let b = 0; b < nBatches; b++) bounds.push(bounds[b] + Math.floor(n / nBatches) + (b < n % nBatches ? 1 : 0));
      for (let it = 0; it < nIter; it++) {
        for (let b = 0; b < nBatches; b++) this.step(data.subarray(bounds[b] * d, bounds[b + 1] * d), bounds[b + 1] - bounds[b], d);
      }
    }, true);
    return this;
  }

  /**
   * One PCD update on the rows of X as a single minibatch (scikit-learn's partial_fit); the
   * first call initialises the weights. Returns this.
   */
  partialFit(X: ArrayInput): this {
    const Xm = toMatrix(X, 'X');
    const [m, d] = Xm.shape;
    const k = this.params.nComponents;
    if (this.components && d !== this.nFeaturesIn) throw new ShapeError(`BernoulliRBM.partialFit: X has ${d} features, but the RBM was fitted with ${this.nFeaturesIn}`);
    this.draw(() => {
      if (!this.components) {
        if (!Number.isInteger(k) || k < 1) throw new ValueError(`BernoulliRBM: nComponents must be a positive integer, got ${k}`);
        const W = new Float64Array(k * d);
        fillNormal(W, 0, 0.01);
        this.components = fromFlat(W, [k, d]);
        this.interceptHidden = new Float64Array(k); this.interceptVisible = new Float64Array(d);
        this.hSamples = new Float64Array(this.params.batchSize * k); this.nFeaturesIn = d;
      }
      this.step(Xm.dataSync() as Float64Array, m, d);
    });
    return this;
  }

  /** One PCD update on a minibatch vPos [m, d] (scikit-learn's _fit). */
  private step(vPos: Float64Array, m: number, d: number): void {
    const k = this.params.nComponents;
    const W = this.components?.dataSync() as Float64Array;
    const hPos = this.meanHiddens(vPos, m);
    const nChains = (this.hSamples as Float64Array).length / k;
    const vNeg = this.sampleVisibles(this.hSamples as Float64Array, nChains);
    const hNeg = this.meanHiddens(vNeg, nChains);
    const lr = this.params.learningRate / m;
    const pos = matmul(transpose(fromFlat(hPos, [m, k]), 0, 1), fromFlat(Float64Array.from(vPos), [m, d])).dataSync(); // [k, d]
    const neg = matmul(transpose(fromFlat(hNeg, [nChains, k]), 0, 1), fromFlat(vNeg, [nChains, d])).dataSync(); // [k, d]
    const Wn = Float64Array.from(W);
    for (let t = 0; t < Wn.length; t++) Wn[t] += lr * (pos[t] - neg[t]);
    this.components = fromFlat(Wn, [k, d]);
    const bh = this.interceptHidden as Float64Array, bv = this.interceptVisible as Float64Array;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += hPos[i * k + j];
      for (let i = 0; i < nChains; i++) s -= hNeg[i * k + j];
      bh[j] += lr * s;
    }
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += vPos[i * d + j];
      for (let i = 0; i < nChains; i++) s -= vNeg[i * d + j];
      bv[j] += lr * s;
    }
    const u = new Float64Array(hNeg.length);
    fillUniform(u);
    const hs = this.hSamples as Float64Array;
    for (let t = 0; t < hs.length; t++) hs[t] = u[t] < hNeg[t] ? 1 : 0;
  }

  /** Hidden probabilities σ(v Wᵀ + bh) [m, k]. */
  private meanHiddens(v: Float64Array, m: number): Float64Array {
    const k = this.params.nComponents, d = this.nFeaturesIn;
    const p = Float64Array.from(matmul(fromFlat(Float64Array.from(v), [m, d]), transpose(this.components as Tensor, 0, 1)).dataSync() as Float64Array);
    const bh = this.interceptHidden as Float64Array;
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) p[i * k + j] = expit(p[i * k + j] + bh[j]);
    return p;
  }

  /** Binary visible samples given hidden states h [m, k]. */
  private sampleVisibles(h: Float64Array, m: number): Float64Array {
    const k = this.params.nComponents, d = this.nFeaturesIn;
    const p = Float64Array.from(matmul(fromFlat(Float64Array.from(h), [m, k]), this.components as Tensor).dataSync() as Float64Array);
    const bv = this.interceptVisible as Float64Array;
    const u = new Float64Array(m * d);
    fillUniform(u);
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) p[i * d + j] = u[i * d + j] < expit(p[i * d + j] + bv[j]) ? 1 : 0;
    return p;
  }

  private checkX(X: ArrayInput, method: string): { v: Float64Array; m: number } {
    checkFitted(this, this.components, method);
    const Xm = toMatrix(X, 'X');
    if (Xm.shape[1] !== this.nFeaturesIn) throw new ShapeError(`BernoulliRBM.${method}: X has ${Xm.shape[1]} features, but the RBM was fitted with ${this.nFeaturesIn}`);
    return { v: Xm.dataSync() as Float64Array, m: Xm.shape[0] };
  }

  /** Hidden unit probabilities [n, nComponents]. */
  transform(X: ArrayInput): Tensor {
    const { v, m } = this.checkX(X, 'transform');
    return fromFlat(this.meanHiddens(v, m), [m, this.params.nComponents]);
  }

  /** Free energy of each row: −v·bv − Σⱼ log(1 + exp((v Wᵀ + bh)ⱼ)). */
  freeEnergy(X: ArrayInput): Tensor {
    const { v, m } = this.checkX(X, 'freeEnergy');
    return fromFlat(this.freeEnergyOf(v, m), [m]);
  }

  private freeEnergyOf(v: Float64Array, m: number): Float64Array {
    const k = this.params.nComponents, d = this.nFeaturesIn;
    const a = matmul(fromFlat(Float64Array.from(v), [m, d]), transpose(this.components as Tensor, 0, 1)).dataSync();
    const bh = this.interceptHidden as Float64Array, bv = this.interceptVisible as Float64Array;
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s -= v[i * d + j] * bv[j];
      for (let j = 0; j < k; j++) s -= logaddexp0(a[i * k + j] + bh[j]);
      out[i] = s;
    }
    return out;
  }

  /**
   * Pseudo-likelihood of each row with the given visible unit flipped in each row:
   * nFeatures · log σ(F(ṽ) − F(v)) (scikit-learn's score_samples with its random draw made explicit).
   */
  pseudoLikelihood(X: ArrayInput, flipIndices: ArrayLike<number>): Tensor {
    const { v, m } = this.checkX(X, 'pseudoLikelihood');
    const d = this.nFeaturesIn;
    if (flipIndices.length !== m) throw new ShapeError(`BernoulliRBM.pseudoLikelihood: ${flipIndices.length} flip indices for ${m} rows`);
    const vf = Float64Array.from(v);
    for (let i = 0; i < m; i++) {
      const j = flipIndices[i];
      if (!Number.isInteger(j) || j < 0 || j >= d) throw new ValueError(`BernoulliRBM.pseudoLikelihood: flip index ${j} outside [0, ${d})`);
      vf[i * d + j] = 1 - vf[i * d + j];
    }
    const fe = this.freeEnergyOf(v, m), fe2 = this.freeEnergyOf(vf, m);
    // log σ(x) = −log(1 + e^{−x}), computed stably.
    return fromFlat(Float64Array.from(fe, (f, i) => -d * logaddexp0(-(fe2[i] - f))), [m]);
  }

  /** Pseudo-likelihood with one random visible unit flipped per row (drawn from the estimator's stream). */
  scoreSamples(X: ArrayInput): Tensor {
    const { m } = this.checkX(X, 'scoreSamples');
    const d = this.nFeaturesIn;
    const flips = this.draw(() => { const u = new Float64Array(m); fillUniform(u); return Array.from(u, (x) => Math.min(d - 1, Math.floor(x * d))); }, true);
    return this.pseudoLikelihood(X, flips);
  }

  /** One Gibbs step from visible rows v: sample hidden units, then visible units (binary [n, d]). */
  gibbs(X: ArrayInput): Tensor {
    const { v, m } = this.checkX(X, 'gibbs');
    return this.draw(() => {
      const p = this.meanHiddens(v, m);
      const u = new Float64Array(p.length);
      fillUniform(u);
      const h = Float64Array.from(p, (x, t) => (u[t] < x ? 1 : 0));
      return fromFlat(this.sampleVisibles(h, m), [m, this.nFeaturesIn]);
    });
  }

  /** The fitted RBM as plain JSON data (exact round-trip). */
  toJSON(): BernoulliRBMJSON {
    const W = checkFitted(this, this.components, 'toJSON');
    return {
      type: 'BernoulliRBM', params: { ...this.params }, components: Array.from(W.dataSync()), interceptHidden: Array.from(this.interceptHidden as Float64Array),
      interceptVisible: Array.from(this.interceptVisible as Float64Array), hSamples: Array.from(this.hSamples as Float64Array), nFeaturesIn: this.nFeaturesIn, rngState: this.rngState,
    };
  }

  /** Restores an RBM saved by toJSON (or built from given weights: the deterministic parts then match exactly). */
  static fromJSON(json: BernoulliRBMJSON): BernoulliRBM {
    if (json.type !== 'BernoulliRBM') throw new ValueError(`BernoulliRBM.fromJSON: expected type 'BernoulliRBM', got ${String(json.type)}`);
    const rbm = new BernoulliRBM(json.params);
    const k = json.params.nComponents, d = json.nFeaturesIn;
    if (json.components.length !== k * d) throw new ShapeError(`BernoulliRBM.fromJSON: components has ${json.components.length} values, expected ${k}·${d}`);
    rbm.components = fromFlat(Float64Array.from(json.components), [k, d]);
    rbm.interceptHidden = Float64Array.from(json.interceptHidden); rbm.interceptVisible = Float64Array.from(json.interceptVisible);
    rbm.hSamples = Float64Array.from(json.hSamples); rbm.nFeaturesIn = d; rbm.rngState = json.rngState;
    return rbm;
  }
}

registerEstimator('BernoulliRBM', BernoulliRBM.fromJSON);

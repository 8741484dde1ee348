import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { BaseClassifier, checkFitted, classIndex, checkSameLength, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, toFloat64Array, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { checkSerializable, KERNEL_SVM_DEFAULTS, predictKernel, prepareKernel, takeRows, type KernelSVMOptions, type KernelSVMState } from './base.js';
import { ovoDecision, trainOvo } from './libsvm.js';
import { multiclassProbability, sigmoidPredict } from './platt.js';
import { sklearnLibsvmSeed } from './mt19937.js';
import { nextInt } from '../../tensor/random.js';

/** The libsvm seed: scikit-learn's derivation from randomState, else a draw from nabla's generator. */
function libsvmSeed(randomState: number | null | undefined): number {
  return randomState === null || randomState === undefined ? nextInt(2147483647) : sklearnLibsvmSeed(randomState);
}

/** Options of {@link SVC}. */
export interface SVCOptions extends KernelSVMOptions {
  /** Per-class multipliers of C (by label), or 'balanced' (n / (nClasses · count)). Default null. */
  classWeight?: Record<number, number> | 'balanced' | null;
  /** Fit Platt-scaling sigmoids (5-fold internal CV, seeded by randomState) for predictProba. Default false. */
  probability?: boolean;
  /** Shape of decisionFunction for more than two classes: 'ovr' (default, votes + confidences) or 'ovo' (libsvm's pairwise values). */
  decisionFunctionShape?: 'ovr' | 'ovo';
  /** Seed of the probability CV's shuffle (the same folds as scikit-learn's SVC with this random_state). Default null (nabla's global generator). */
  randomState?: number | null;
}

interface SVCState extends KernelSVMState {
  classes: ClassLabels; nSupport: Int32Array; svCoef: Float64Array; rho: Float64Array;
  probA: Float64Array | null; probB: Float64Array | null; fitStatus: number;
}

/** A saved SVC. */
export interface SVCJSON {
  type: 'SVC'; params: Required<SVCOptions>; classes: number[] | string[]; nFeaturesIn: number; gamma: number; support: number[];
  supportVectors: number[]; nSupport: number[]; svCoef: number[]; rho: number[]; probA: number[] | null; probB: number[] | null; fitStatus: number;
}

/**
 * C-support vector classification trained by libsvm's SMO (scikit-learn's `SVC`): WSS3
 * working-set selection, shrinking, an LRU kernel cache; one-vs-one for more than two classes
 * with libsvm's voting (ties go to the lower class); Platt-scaled probabilities.
 *
 * ```ts
 * const clf = new learn.SVC({ C: 10, gamma: 'scale', probability: true, randomState: 0 }).fit(X, y);
 * clf.decisionFunction(X); clf.predictProba(X); clf.supportVectors; clf.dualCoef;
 * ```
 */
export class SVC extends BaseClassifier<Required<SVCOptions>> {
  private state: SVCState | null = null;

  constructor(options: SVCOptions = {}) {
    super({ ...KERNEL_SVM_DEFAULTS, classWeight: null, probability: false, decisionFunctionShape: 'ovr', randomState: null, ...options } as Required<SVCOptions>);
  }

  /** Fits the model; `sampleWeight` rescales C per sample. */
  fit(X: ArrayInput, y: readonly string[], sampleWeight?: ArrayInput | null): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this;
  fit(X: ArrayInput, y: LabelInput, sampleWeight?: ArrayInput | null): this | StringLabelled<this> {
    const who = 'SVC.fit';
    const xt = toMatrix(X, 'X');
    const [n, p] = xt.shape;
    const x = xt.dataSync() as Float64Array;
    const yv = readLabels(y);
    checkSameLength(n, yv.length, 'X', 'y');
    const { classes, indices } = encodeLabels(yv);
    const k = classes.length;
    if (k < 2) throw new ValueError(`${who}: the number of classes has to be greater than one; got ${k} class`);
    if (this.params.decisionFunctionShape !== 'ovr' && this.params.decisionFunctionShape !== 'ovo') throw new ValueError(`${who}: decisionFunctionShape must be 'ovr' or 'ovo', got ${String(this.params.decisionFunctionShape)}`);
    let w: Float64Array | null = null;
    if (sampleWeight !== undefined && sampleWeight !== null) {
      w = toFloat64Array(toVector(sampleWeight, 'sampleWeight'));
      checkSameLength(n, w.length, 'X', 'sampleWeight');
    }
    const cw = new Float64Array(k).fill(1);
    const spec = this.params.classWeight;
    if (spec === 'balanced') {
      const cnt = new Float64Array(k);
      for (const c of indices) cnt[c]++;
      for (let c = 0; c < k; c++) cw[c] = n / (k * cnt[c]);
    } else if (spec) {
      for (const [lab, v] of Object.entries(spec)) { const c = classIndex(classes, lab); if (c >= 0) cw[c] = v; }
    }
    const o = this.params;
    const { kp, cols } = prepareKernel(who, o, x, n, p);
    const m = trainOvo(cols, indices, k, o.C, cw, w, { tol: o.tol, shrinking: o.shrinking, maxIter: o.maxIter }, o.probability, o.probability ? libsvmSeed(o.randomState) : 0);
    this.state = {
      nFeaturesIn: p, gamma: kp.gamma, support: m.support, supportVectors: takeRows(x, p, m.support), classes,
      nSupport: m.nSupport, svCoef: m.svCoef, rho: m.rho, probA: m.probA, probB: m.probB, fitStatus: m.converged ? 0 : 1,
    };
    return this;
  }

  private get s(): SVCState { return checkFitted(this, this.state, 'predict'); }
  /** Sorted class labels. */
  get classes(): ClassLabels { return this.s.classes; }
  get nFeaturesIn(): number { return this.s.nFeaturesIn; }
  /** Indices of the support vectors in the training set, grouped by class. */
  get support(): Tensor { return new Tensor(Int32Array.from(this.s.support), [this.s.support.length], 'int32'); }
  /** Support vectors [nSV, nFeatures]. */
  get supportVectors(): Tensor { const s = this.s; return new Tensor(s.supportVectors.slice(), [s.support.length, s.supportVectors.length / Math.max(s.support.length, 1)], 'float64'); }
  /** Number of support vectors per class. */
  get nSupport(): Tensor { return new Tensor(Int32Array.from(this.s.nSupport), [this.s.nSupport.length], 'int32'); }
  /** Dual coefficients [nClasses − 1, nSV] (negated for two classes, as scikit-learn). */
  get dualCoef(): Tensor {
    const s = this.s, k = s.classes.length;
    const d = k === 2 ? s.svCoef.map((v) => -v) : s.svCoef.slice();
    return new Tensor(d, [k - 1, s.support.length], 'float64');
  }
  /** Intercepts per pair (−rho; rho for two classes, as scikit-learn). */
  get intercept(): Tensor { const s = this.s; return new Tensor(s.rho.map((r) => (s.classes.length === 2 ? r : -r)), [s.rho.length], 'float64'); }
  /** Platt sigmoid parameters per pair (null without probability). */
  get probA(): Float64Array | null { return this.s.probA; }
  get probB(): Float64Array | null { return this.s.probB; }
  /** 0 when the solver converged, 1 when maxIter stopped it. */
  get fitStatus(): number { return this.s.fitStatus; }

  private pairwise(X: ArrayInput, method: string): { dec: Float64Array; n: number } {
    const { K, n } = predictKernel(this, `SVC.${method}`, this.params, this.state, X);
    const s = this.state as SVCState;
    return { dec: ovoDecision(K, n, s.nSupport, s.svCoef, s.rho), n };
  }

  /**
   * Decision values: [n] for two classes (positive → classes[1]); else [n, nClasses] ('ovr':
   * votes plus scaled confidences, scikit-learn's transform) or [n, nPairs] ('ovo').
   */
  decisionFunction(X: ArrayInput): Tensor {
    const { dec, n } = this.pairwise(X, 'decisionFunction');
    const k = this.s.classes.length;
    if (k === 2) return new Tensor(dec.map((v) => -v), [n], 'float64');
    const np = (k * (k - 1)) / 2;
    if (this.params.decisionFunctionShape === 'ovo') return new Tensor(dec, [n, np], 'float64');
    const votes = new Float64Array(n * k), conf = new Float64Array(n * k);
    for (let r = 0; r < n; r++) {
      let q = 0;
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++, q++) {
          const d = dec[r * np + q];
          conf[r * k + a] += d; conf[r * k + b] -= d;
          if (d < 0) votes[r * k + b]++; else votes[r * k + a]++;
        }
      }
      for (let c = 0; c < k; c++) votes[r * k + c] += conf[r * k + c] / (3 * (Math.abs(conf[r * k + c]) + 1));
    }
    return new Tensor(votes, [n, k], 'float64');
  }

  /** libsvm's one-vs-one vote (a pair's positive value votes for the lower class; ties to the lower class). */
  predict(X: ArrayInput): Tensor {
    const { dec, n } = this.pairwise(X, 'predict');
    const classes = this.s.classes, k = classes.length, np = (k * (k - 1)) / 2;
    const out = new Int32Array(n), vote = new Int32Array(k);
    for (let r = 0; r < n; r++) {
      vote.fill(0);
      let q = 0;
      for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++, q++) vote[dec[r * np + q] > 0 ? a : b]++;
      let best = 0;
      for (let c = 1; c < k; c++) if (vote[c] > vote[best]) best = c;
      out[r] = best;
    }
    return labelsAt(classes, out);
  }

  /** Platt-scaled class probabilities [n, nClasses] (needs probability: true). */
  predictProba(X: ArrayInput): Tensor {
    const s = this.s;
    if (!s.probA || !s.probB) throw new ValueError('SVC.predictProba: probability estimates need probability: true at fit');
    const { dec, n } = this.pairwise(X, 'predictProba');
    const k = s.classes.length, np = (k * (k - 1)) / 2, minP = 1e-7;
    const out = new Float64Array(n * k), r = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++, q++) {
          const pr = Math.min(Math.max(sigmoidPredict(dec[i * np + q], s.probA[q], s.probB[q]), minP), 1 - minP);
          r[a * k + b] = pr; r[b * k + a] = 1 - pr;
        }
      }
      out.set(multiclassProbability(k, r), i * k);
    }
    return new Tensor(out, [n, k], 'float64');
  }

  /** Log of predictProba. */
  predictLogProba(X: ArrayInput): Tensor {
    const p = this.predictProba(X);
    return new Tensor((p.dataSync() as Float64Array).map(Math.log), p.shape, 'float64');
  }

  /** The fitted model as plain JSON data. */
  toJSON(): SVCJSON {
    const s = checkFitted(this, this.state, 'toJSON');
    checkSerializable('SVC.toJSON', this.params.kernel);
    return {
      type: 'SVC', params: { ...this.params }, classes: labelsToJSON(s.classes), nFeaturesIn: s.nFeaturesIn, gamma: s.gamma,
      support: Array.from(s.support), supportVectors: Array.from(s.supportVectors), nSupport: Array.from(s.nSupport),
      svCoef: Array.from(s.svCoef), rho: Array.from(s.rho), probA: s.probA ? Array.from(s.probA) : null, probB: s.probB ? Array.from(s.probB) : null, fitStatus: s.fitStatus,
    };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: SVCJSON): SVC {
    if (json.type !== 'SVC') throw new ValueError(`SVC.fromJSON: expected type 'SVC', got ${String(json.type)}`);
    const m = new SVC(json.params);
    m.state = {
      nFeaturesIn: json.nFeaturesIn, gamma: json.gamma, support: Int32Array.from(json.support), supportVectors: Float64Array.from(json.supportVectors),
      classes: labelsFromJSON(json.classes), nSupport: Int32Array.from(json.nSupport), svCoef: Float64Array.from(json.svCoef), rho: Float64Array.from(json.rho),
      probA: json.probA ? Float64Array.from(json.probA) : null, probB: json.probB ? Float64Array.from(json.probB) : null, fitStatus: json.fitStatus,
    };
    return m;
  }
}

registerEstimator('SVC', SVC.fromJSON);

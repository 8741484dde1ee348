/** Logistic regression (scikit-learn's LogisticRegression): binary / one-vs-rest / multinomial, lbfgs and saga. */
import type { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { withSeed } from '../../tensor/random.js';
import { registerEstimator } from '../persist.js';
import { BaseClassifier, checkFitted, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { lbfgs } from './lbfgs.js';
import { logisticObjective, sigmoid, type LogisticProblem } from './logisticLoss.js';
import { sagaLogistic } from './saga.js';
import { rowsOf, linearScores, f64Tensor, checkChoice, checkNumber, arr } from './util.js';
import { checkSameLength } from '../base.js';

/** Options of {@link LogisticRegression} (scikit-learn's names and defaults). */
export interface LogisticRegressionOptions {
  /** 'l2' (default), 'l1' and 'elasticnet' (saga only), or 'none'. */
  penalty?: 'l2' | 'l1' | 'elasticnet' | 'none';
  /** Inverse regularisation strength: the objective is C·Σ loss_i + penalty (default 1). */
  C?: number;
  /** Share of L1 in the elastic-net penalty (default 0.5; used only by 'elasticnet'). */
  l1Ratio?: number;
  fitIntercept?: boolean;
  /** 'lbfgs' (default; L-BFGS with a strong-Wolfe line search) or 'saga'. */
  solver?: 'lbfgs' | 'saga';
  /** lbfgs: stop when max|gradient| ≤ tol; saga: when the relative weight change of an epoch ≤ tol (default 1e-4). */
  tol?: number;
  /** Most iterations (lbfgs) or epochs (saga) (default 100). */
  maxIter?: number;
  /** null (default), 'balanced' (n / (nClasses · count)), or a weight per class label. */
  classWeight?: 'balanced' | Record<string, number> | null;
  /** 'auto' (default: binary → 'ovr', else 'multinomial'), 'ovr' or 'multinomial'. */
  multiClass?: 'auto' | 'ovr' | 'multinomial';
  /** Seed of saga's sample draws. */
  randomState?: number;
}

type Opts = Required<Omit<LogisticRegressionOptions, 'randomState'>> & { randomState?: number };

/** JSON form of a fitted {@link LogisticRegression}. */
export interface LogisticRegressionJSON { type: 'LogisticRegression'; params: LogisticRegressionOptions; classes: number[] | string[]; coef: number[]; intercept: number[]; rows: number; multinomial: boolean; nFeaturesIn: number; nIter: number[] }

/**
 * Logistic regression minimising C·Σ sw_i·loss_i + ½‖w‖² (L2), C·Σ loss + ‖w‖₁ (L1), or the
 * elastic-net mix, as scikit-learn. Binary problems fit one row of `coef` for classes[1];
 * multiclass fits one row per class, jointly (multinomial, softmax) or one-vs-rest.
 *
 * ```ts
 * const clf = new LogisticRegression({ C: 0.5 }).fit(X, y);
 * clf.predictProba(X); // [n, nClasses]
 * ```
 */
export class LogisticRegression extends BaseClassifier<Opts> {
  private coef_: Float64Array | null = null;
  private intercept_: Float64Array | null = null;
  private rows = 1;
  private multinomial = false;
  /** Sorted class labels. */
  classes: ClassLabels | null = null;
  /** Number of features seen by fit. */
  nFeaturesIn: number | null = null;
  /** Iterations (lbfgs) or epochs (saga) per fitted problem. */
  nIter: number[] | null = null;

  constructor(options: LogisticRegressionOptions = {}) {
    super({ penalty: 'l2', C: 1, l1Ratio: 0.5, fitIntercept: true, solver: 'lbfgs', tol: 1e-4, maxIter: 100, classWeight: null, multiClass: 'auto', ...options });
  }

  /** Coefficients [1 (binary) or nClasses, nFeatures]. */
  get coef(): Tensor {
    const c = checkFitted(this, this.coef_, 'coef');
    return f64Tensor(c, [this.rows, c.length / this.rows]);
  }

  /** Intercepts [1 or nClasses]. */
  get intercept(): Tensor {
    return f64Tensor(checkFitted(this, this.intercept_, 'intercept'), [this.rows]);
  }

  fit(X: ArrayInput, y: readonly string[]): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput): this;
  fit(X: ArrayInput, y: LabelInput): this | StringLabelled<this> {
    const o = this.params, op = 'LogisticRegression';
    const penalty = checkChoice(op, 'penalty', o.penalty, ['l2', 'l1', 'elasticnet', 'none'] as const);
    const solver = checkChoice(op, 'solver', o.solver, ['lbfgs', 'saga'] as const);
    const multi = checkChoice(op, 'multiClass', o.multiClass, ['auto', 'ovr', 'multinomial'] as const);
    const C = checkNumber(op, 'C', o.C, 0, true);
    const tol = checkNumber(op, 'tol', o.tol, 0);
    const maxIter = checkNumber(op, 'maxIter', o.maxIter, 1);
    if (solver === 'lbfgs' && (penalty === 'l1' || penalty === 'elasticnet')) throw new ValueError(`${op}: solver 'lbfgs' supports only 'l2' or 'none' penalties, got '${penalty}'; use solver 'saga'`);
    const l1Ratio = penalty === 'elasticnet' ? checkNumber(op, 'l1Ratio', o.l1Ratio, 0) : 0;
    if (l1Ratio > 1) throw new ValueError(`${op}: l1Ratio must be in [0, 1], got ${l1Ratio}`);
    const { data, n, p } = rowsOf(X);
    const yv = readLabels(y);
    checkSameLength(n, yv.length);
    const { classes, indices } = encodeLabels(yv);
    const K = classes.length;
    if (K < 2) throw new ValueError(`${op}: needs samples of at least 2 classes in the data, but the data contain only one class: ${classes[0]}`);
    const multinomial = multi === 'multinomial' || (multi === 'auto' && K > 2);
    // penalty strengths (in units of the summed loss): l2 = 1/C etc.
    const l2 = penalty === 'none' ? 0 : penalty === 'l2' ? 1 / C : penalty === 'l1' ? 0 : (1 - l1Ratio) / C;
    const l1 = penalty === 'l1' ? 1 / C : penalty === 'elasticnet' ? l1Ratio / C : 0;
    const weightsFor = (labels: Int32Array, nCls: number, mapped: ClassLabels): Float64Array => {
      const sw = new Float64Array(n).fill(1);
      const cw = o.classWeight;
      if (cw === 'balanced') {
        const counts = new Float64Array(nCls);
        for (const l of labels) counts[l]++;
        for (let i = 0; i < n; i++) sw[i] = n / (nCls * counts[labels[i]]);
      } else if (cw !== null && typeof cw === 'object') {
        for (let i = 0; i < n; i++) { const w = cw[String(mapped[i])]; if (w !== undefined) sw[i] = w; }
      } else if (cw !== null) throw new ValueError(`${op}: classWeight must be null, 'balanced' or a record of weights, got ${JSON.stringify(cw)}`);
      return sw;
    };
    const solve = (pr: LogisticProblem, k: number): { w: Float64Array; nIter: number } => {
      if (solver === 'lbfgs') {
        const size = k * p + (o.fitIntercept ? k : 0);
        const r = lbfgs((w, g) => logisticObjective(pr, k, l2, w, g), new Float64Array(size), { gtol: tol, maxIter });
        const w = new Float64Array(k * p + k);
        w.set(r.x);
        return { w, nIter: r.nIter };
      }
      const r = withSeed(o.randomState, () => sagaLogistic(pr, k, l2, l1, maxIter, tol));
      return { w: r.w, nIter: r.nIter };
    };
    let coef: Float64Array, intercept: Float64Array, rows: number;
    const nIter: number[] = [];
    if (multinomial) {
      const sw = weightsFor(indices, K, yv);
      const r = solve({ x: data, n, p, y: indices, sw, fitIntercept: o.fitIntercept }, K);
      coef = r.w.slice(0, K * p); intercept = r.w.slice(K * p); rows = K; nIter.push(r.nIter);
      if (K === 2) { coef = coef.slice(p); intercept = intercept.slice(1); rows = 1; } // scikit-learn keeps class 1's row
    } else {
      rows = K === 2 ? 1 : K;
      coef = new Float64Array(rows * p); intercept = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        const pos = K === 2 ? 1 : r;
        const yb = Int32Array.from(indices, (c) => (c === pos ? 1 : 0));
        const sw = o.classWeight === 'balanced' ? weightsFor(yb, 2, yv) : weightsFor(indices, K, yv);
        const res = solve({ x: data, n, p, y: yb, sw, fitIntercept: o.fitIntercept }, 1);
        coef.set(res.w.subarray(0, p), r * p); intercept[r] = res.w[p]; nIter.push(res.nIter);
      }
    }
    this.coef_ = coef; this.intercept_ = intercept; this.rows = rows; this.multinomial = multinomial;
    this.classes = classes; this.nFeaturesIn = p; this.nIter = nIter;
    return this;
  }

  private scores(X: ArrayInput, method: string): { z: Float64Array; n: number } {
    const coef = checkFitted(this, this.coef_, method);
    return linearScores(X, coef, this.intercept_ as Float64Array, this.rows, coef.length / this.rows, `LogisticRegression.${method}`);
  }

  /** Scores X·coefᵀ + intercept: [n] for binary problems, [n, nClasses] otherwise. */
  decisionFunction(X: ArrayInput): Tensor {
    const { z, n } = this.scores(X, 'decisionFunction');
    return f64Tensor(z, this.rows === 1 ? [n] : [n, this.rows]);
  }

  /** Class probabilities [n, nClasses]: sigmoid (binary), softmax (multinomial) or normalised one-vs-rest sigmoids. */
  predictProba(X: ArrayInput): Tensor {
    const { z, n } = this.scores(X, 'predictProba');
    const K = (this.classes as Float64Array).length;
    const out = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
      if (this.rows === 1) {
        if (this.multinomial) { const e = sigmoid(2 * z[i]); out[i * 2] = 1 - e; out[i * 2 + 1] = e; } // softmax of (−z, z)
        else { const e = sigmoid(z[i]); out[i * 2] = 1 - e; out[i * 2 + 1] = e; }
        continue;
      }
      const o = i * K;
      if (this.multinomial) {
        let mx = -Infinity;
        for (let c = 0; c < K; c++) mx = Math.max(mx, z[o + c]);
        let s = 0;
        for (let c = 0; c < K; c++) { out[o + c] = Math.exp(z[o + c] - mx); s += out[o + c]; }
        for (let c = 0; c < K; c++) out[o + c] /= s;
      } else {
        let s = 0;
        for (let c = 0; c < K; c++) { out[o + c] = sigmoid(z[o + c]); s += out[o + c]; }
        for (let c = 0; c < K; c++) out[o + c] /= s;
      }
    }
    return f64Tensor(out, [n, K]);
  }

  /** Log of predictProba. */
  predictLogProba(X: ArrayInput): Tensor {
    const p = this.predictProba(X);
    const d = p.dataSync() as Float64Array;
    return f64Tensor(Float64Array.from(d, Math.log), [...p.shape]);
  }

  /** The class with the highest score. */
  predict(X: ArrayInput): Tensor {
    const { z, n } = this.scores(X, 'predict');
    const classes = this.classes as ClassLabels;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (this.rows === 1) { out[i] = z[i] > 0 ? 1 : 0; continue; }
      let best = 0;
      for (let c = 1; c < this.rows; c++) if (z[i * this.rows + c] > z[i * this.rows + best]) best = c;
      out[i] = best;
    }
    return labelsAt(classes, out);
  }

  /** The fitted model as plain JSON data (exact round-trip through fromJSON). */
  toJSON(): LogisticRegressionJSON {
    const coef = checkFitted(this, this.coef_, 'toJSON');
    return { type: 'LogisticRegression', params: { ...this.params }, classes: labelsToJSON(this.classes as ClassLabels), coef: arr(coef), intercept: arr(this.intercept_ as Float64Array), rows: this.rows, multinomial: this.multinomial, nFeaturesIn: this.nFeaturesIn as number, nIter: this.nIter as number[] };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: LogisticRegressionJSON): LogisticRegression {
    if (json.type !== 'LogisticRegression') throw new ValueError(`LogisticRegression.fromJSON: expected type 'LogisticRegression', got ${String(json.type)}`);
    const m = new LogisticRegression(json.params);
    m.coef_ = Float64Array.from(json.coef); m.intercept_ = Float64Array.from(json.intercept); m.classes = labelsFromJSON(json.classes);
    m.rows = json.rows; m.multinomial = json.multinomial; m.nFeaturesIn = json.nFeaturesIn; m.nIter = json.nIter;
    return m;
  }
}

registerEstimator('LogisticRegression', LogisticRegression.fromJSON);

import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { nextInt, withSeed } from '../../tensor/random.js';
import { BaseClassifier, BaseRegressor, checkFitted, checkSameLength, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, toFloat64Array, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import type { Estimator } from '../modelSelection/types.js';
import { DecisionTreeClassifier } from '../tree/classifier.js';
import { DecisionTreeRegressor } from '../tree/regressor.js';
import { treeSeeds } from './grow.js';
import { alignedProba, argmaxRow, callMethod, checkWidth, loadSub, memberClassesOf, memberTargets, saveSub } from './meta.js';

/** Options of {@link BaggingClassifier} and {@link BaggingRegressor}. */
export interface BaggingOptions {
  /** The base estimator (cloned per member). Default: a DecisionTreeClassifier / DecisionTreeRegressor. */
  estimator?: Estimator | null;
  /** Number of members (default 10). */
  nEstimators?: number;
  /** Samples per member: a count or a fraction in (0, 1] (default 1.0). */
  maxSamples?: number;
  /** Features per member: a count or a fraction in (0, 1] (default 1.0). */
  maxFeatures?: number;
  /** Draw samples with replacement (default true). */
  bootstrap?: boolean;
  /** Draw features with replacement (default false). */
  bootstrapFeatures?: boolean;
  /** Out-of-bag score (needs bootstrap). */
  oobScore?: boolean;
  randomState?: number | null;
}

/** A saved bagging estimator. */
export interface BaggingJSON {
  type: string;
  params: Record<string, unknown>;
  nFeaturesIn: number;
  classes?: number[] | string[];
  estimators: EstimatorJSON[];
  features: number[][];
  oobScore: number | null;
  oob: number[] | null;
}

const BAGGING_DEFAULTS = { estimator: null, nEstimators: 10, maxSamples: 1.0, maxFeatures: 1.0, bootstrap: true, bootstrapFeatures: false, oobScore: false, randomState: null };

function count(v: number, total: number, name: string, who: string): number {
  if (Number.isInteger(v) && v >= 1 && v !== 1) {
    if (v > total) throw new ValueError(`${who}: ${name} must be at most ${total}, got ${v}`);
    return v;
  }
  if (v > 0 && v <= 1) return Math.max(1, Math.floor(v * total));
  throw new ValueError(`${who}: ${name} must be an integer ≥ 1 or a fraction in (0, 1], got ${v}`);
}

/** k distinct draws from [0, n) (partial Fisher–Yates), or k draws with replacement. */
function draw(n: number, k: number, replace: boolean): Int32Array {
  const out = new Int32Array(k);
  if (replace) { for (let i = 0; i < k; i++) out[i] = nextInt(n); return out; }
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) { const j = i + nextInt(n - i); const t = pool[i]; pool[i] = pool[j]; pool[j] = t; out[i] = pool[i]; }
  return out;
}

/** Fits every member on its drawn samples and features; returns the members, features and sample counts. */
function fitMembers(p: Required<BaggingOptions>, base: Estimator, X: Tensor, yv: Float64Array, who: string) {
  const [n, f] = X.shape;
  if (!(Number.isInteger(p.nEstimators) && p.nEstimators >= 1)) throw new ValueError(`${who}: nEstimators must be an integer ≥ 1, got ${p.nEstimators}`);
  if (p.oobScore && !p.bootstrap) throw new ValueError(`${who}: oobScore is only available if bootstrap is true`);
  const ns = count(p.maxSamples, n, 'maxSamples', who), nf = count(p.maxFeatures, f, 'maxFeatures', who);
  const xv = X.dataSync() as Float64Array;
  const seeds = treeSeeds(p.randomState, p.nEstimators);
  const members: Estimator[] = [], features: Int32Array[] = [], counts: Int32Array[] = [];
  for (const seed of seeds) {
    const { feats, rows } = withSeed(seed, () => {
      const fd = draw(f, nf, p.bootstrapFeatures);
      return { feats: nf === f && !p.bootstrapFeatures ? Int32Array.from({ length: f }, (_, j) => j) : fd, rows: draw(n, ns, p.bootstrap) };
    });
    const c = new Int32Array(n);
    for (const r of rows) c[r]++;
    const e = base.clone();
    if ('randomState' in e.getParams(false)) e.setParams({ randomState: seed });
    // Trees take the draw counts as sample weights (as scikit-learn does for estimators with
    // sample_weight); other estimators get the drawn rows.
    const weighted = e instanceof DecisionTreeClassifier || e instanceof DecisionTreeRegressor;
    const take = weighted ? Int32Array.from({ length: n }, (_, i) => i).filter((i) => c[i] > 0) : rows;
    const xs = new Float64Array(take.length * feats.length), ys = new Float64Array(take.length), ws = new Float64Array(take.length);
    take.forEach((r, i) => { for (let j = 0; j < feats.length; j++) xs[i * feats.length + j] = xv[r * f + feats[j]]; ys[i] = yv[r]; ws[i] = c[r]; });
    const xt = new Tensor(xs, [take.length, feats.length], 'float64'), yt = new Tensor(ys, [take.length], 'float64');
    if (weighted) (e.fit as (X: ArrayInput, y: ArrayInput, w: ArrayInput) => unknown).call(e, xt, yt, new Tensor(ws, [take.length], 'float64'));
    else e.fit(xt, yt);
    members.push(e);
    features.push(feats);
    counts.push(c);
  }
  return { members, features, counts };
}

/** The columns `feats` of X (row-major [n, f]). */
function columns(X: Tensor, feats: Int32Array): Tensor {
  const [n, f] = X.shape, v = X.dataSync() as Float64Array, m = feats.length;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = v[i * f + feats[j]];
  return new Tensor(out, [n, m], 'float64');
}

/**
 * Bagging for classification (scikit-learn's `BaggingClassifier`): members fitted on random
 * subsets of samples (with replacement by default) and features; the mean of their
 * probabilities (or of their votes, for members without predictProba) decides.
 */
export class BaggingClassifier extends BaseClassifier<Required<BaggingOptions>> {
  classes: ClassLabels | null = null;
  nFeaturesIn = 0;
  estimators: Estimator[] | null = null;
  /** The feature indices each member was fitted on. */
  estimatorsFeatures: Int32Array[] | null = null;
  oobScore: number | null = null;
  oobDecisionFunction: Tensor | null = null;

  constructor(options: BaggingOptions = {}) {
    super({ ...BAGGING_DEFAULTS, ...options } as Required<BaggingOptions>);
  }

  fit(X: ArrayInput, y: readonly string[]): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput): this;
  fit(X: ArrayInput, y: LabelInput): this | StringLabelled<this> {
    const who = 'BaggingClassifier.fit';
    const x = toMatrix(X, 'X', { allowNaN: true });
    const labels = readLabels(y);
    checkSameLength(x.shape[0], labels.length, 'X', 'y');
    const { classes, indices } = encodeLabels(labels);
    if (classes.length < 2) throw new ValueError(`${who}: y has a single class (${classes[0]}); at least 2 are needed`);
    const r = fitMembers(this.params, this.params.estimator ?? new DecisionTreeClassifier(), x, memberTargets(labels, indices), who);
    this.estimators = r.members;
    this.estimatorsFeatures = r.features;
    this.classes = classes;
    this.nFeaturesIn = x.shape[1];
    this.oobScore = null;
    this.oobDecisionFunction = null;
    if (this.params.oobScore) {
      const n = x.shape[0], k = classes.length, acc = new Float64Array(n * k);
      r.members.forEach((e, j) => {
        const p = this.memberProba(e, columns(x, r.features[j]));
        for (let i = 0; i < n; i++) if (r.counts[j][i] === 0) for (let c = 0; c < k; c++) acc[i * k + c] += p[i * k + c];
      });
      let hits = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += acc[i * k + c];
        if (s > 0) for (let c = 0; c < k; c++) acc[i * k + c] /= s;
        if (argmaxRow(acc, i * k, k) === indices[i]) hits++;
      }
      this.oobScore = hits / n;
      this.oobDecisionFunction = new Tensor(acc, [n, k], 'float64');
    }
    return this;
  }

  private memberProba(e: Estimator, X: Tensor): Float64Array {
    const classes = memberClassesOf(this.classes as ClassLabels), k = classes.length;
    if (typeof e.predictProba === 'function') return alignedProba(e, X, classes, 'BaggingClassifier.predictProba');
    const pred = toFloat64Array(callMethod(e, 'predict', X, 'BaggingClassifier.predictProba'));
    const out = new Float64Array(pred.length * k);
    for (let i = 0; i < pred.length; i++) { const c = classes.indexOf(pred[i]); if (c >= 0) out[i * k + c] = 1; }
    return out;
  }

  /** Mean of the members' probabilities (vote fractions for members without predictProba), [n, nClasses]. */
  predictProba(X: ArrayInput): Tensor {
    const ests = checkFitted(this, this.estimators, 'predictProba');
    const x = checkWidth(X, this.nFeaturesIn, 'BaggingClassifier.predictProba');
    const k = (this.classes as ClassLabels).length, n = x.shape[0];
    const acc = new Float64Array(n * k);
    ests.forEach((e, j) => { const p = this.memberProba(e, columns(x, (this.estimatorsFeatures as Int32Array[])[j])); for (let i = 0; i < acc.length; i++) acc[i] += p[i] / ests.length; });
    return new Tensor(acc, [n, k], 'float64');
  }

  predict(X: ArrayInput): Tensor {
    const p = this.predictProba(X).dataSync() as Float64Array;
    const classes = this.classes as ClassLabels, k = classes.length, n = p.length / k;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = argmaxRow(p, i * k, k);
    return labelsAt(classes, out);
  }

  toJSON(): BaggingJSON {
    const ests = checkFitted(this, this.estimators, 'toJSON');
    return saveBagging('BaggingClassifier', this.params, this.nFeaturesIn, ests, this.estimatorsFeatures as Int32Array[], this.oobScore, this.oobDecisionFunction, this.classes);
  }

  static fromJSON(json: BaggingJSON): BaggingClassifier {
    const b = restoreBagging(json, 'BaggingClassifier', (p) => new BaggingClassifier(p));
    b.classes = labelsFromJSON(json.classes ?? []);
    b.oobDecisionFunction = json.oob ? new Tensor(Float64Array.from(json.oob), [json.oob.length / b.classes.length, b.classes.length], 'float64') : null;
    return b;
  }
}

function saveBagging(type: string, params: Required<BaggingOptions>, nFeaturesIn: number, ests: Estimator[], features: Int32Array[], oobScore: number | null, oob: Tensor | null, classes: ClassLabels | null): BaggingJSON {
  const { estimator, ...rest } = params;
  return {
    type, params: { ...rest, estimator: estimator === null ? null : saveSub(ests[0], `${type}.toJSON`) }, nFeaturesIn,
    ...(classes ? { classes: labelsToJSON(classes) } : {}),
    estimators: ests.map((e) => saveSub(e, `${type}.toJSON`)), features: features.map((f) => Array.from(f)),
    oobScore, oob: oob ? Array.from(oob.dataSync() as Float64Array) : null,
  };
}

function restoreBagging<T extends BaggingClassifier | BaggingRegressor>(json: BaggingJSON, type: string, make: (p: BaggingOptions) => T): T {
  if (json.type !== type) throw new ValueError(`${type}.fromJSON: expected type '${type}', got ${String(json.type)}`);
  const est = json.params.estimator ? loadSub(json.params.estimator as EstimatorJSON).clone() : null;
  const b = make({ ...(json.params as BaggingOptions), estimator: est });
  b.estimators = json.estimators.map(loadSub);
  b.estimatorsFeatures = json.features.map((f) => Int32Array.from(f));
  b.nFeaturesIn = json.nFeaturesIn;
  b.oobScore = json.oobScore;
  return b;
}

/** Bagging for regression (scikit-learn's `BaggingRegressor`): the mean of the members' predictions. */
export class BaggingRegressor extends BaseRegressor<Required<BaggingOptions>> {
  nFeaturesIn = 0;
  estimators: Estimator[] | null = null;
  estimatorsFeatures: Int32Array[] | null = null;
  oobScore: number | null = null;
  oobPrediction: Tensor | null = null;

  constructor(options: BaggingOptions = {}) {
    super({ ...BAGGING_DEFAULTS, ...options } as Required<BaggingOptions>);
  }

  fit(X: ArrayInput, y: ArrayInput): this {
    const who = 'BaggingRegressor.fit';
    const x = toMatrix(X, 'X', { allowNaN: true });
    const yv = toFloat64Array(toVector(y, 'y'));
    checkSameLength(x.shape[0], yv.length, 'X', 'y');
    const r = fitMembers(this.params, this.params.estimator ?? new DecisionTreeRegressor(), x, yv, who);
    this.estimators = r.members;
    this.estimatorsFeatures = r.features;
    this.nFeaturesIn = x.shape[1];
    this.oobScore = null;
    this.oobPrediction = null;
    if (this.params.oobScore) {
      const n = x.shape[0], sum = new Float64Array(n), cnt = new Float64Array(n);
      r.members.forEach((e, j) => {
        const p = toFloat64Array(callMethod(e, 'predict', columns(x, r.features[j]), who));
        for (let i = 0; i < n; i++) if (r.counts[j][i] === 0) { sum[i] += p[i]; cnt[i]++; }
      });
      for (let i = 0; i < n; i++) sum[i] /= cnt[i] === 0 ? 1 : cnt[i];
      let mean = 0;
      for (const v of yv) mean += v / n;
      let res = 0, tot = 0;
      for (let i = 0; i < n; i++) { res += (yv[i] - sum[i]) ** 2; tot += (yv[i] - mean) ** 2; }
      this.oobScore = tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
      this.oobPrediction = new Tensor(sum, [n], 'float64');
    }
    return this;
  }

  predict(X: ArrayInput): Tensor {
    const ests = checkFitted(this, this.estimators, 'predict');
    const x = checkWidth(X, this.nFeaturesIn, 'BaggingRegressor.predict');
    const n = x.shape[0], out = new Float64Array(n);
    ests.forEach((e, j) => {
      const p = toFloat64Array(callMethod(e, 'predict', columns(x, (this.estimatorsFeatures as Int32Array[])[j]), 'BaggingRegressor.predict'));
      for (let i = 0; i < n; i++) out[i] += p[i] / ests.length;
    });
    return new Tensor(out, [n], 'float64');
  }

  toJSON(): BaggingJSON {
    const ests = checkFitted(this, this.estimators, 'toJSON');
    return saveBagging('BaggingRegressor', this.params, this.nFeaturesIn, ests, this.estimatorsFeatures as Int32Array[], this.oobScore, this.oobPrediction, null);
  }

  static fromJSON(json: BaggingJSON): BaggingRegressor {
    const b = restoreBagging(json, 'BaggingRegressor', (p) => new BaggingRegressor(p));
    b.oobPrediction = json.oob ? new Tensor(Float64Array.from(json.oob), [json.oob.length], 'float64') : null;
    return b;
  }
}

registerEstimator('BaggingClassifier', BaggingClassifier.fromJSON);
registerEstimator('BaggingRegressor', BaggingRegressor.fromJSON);

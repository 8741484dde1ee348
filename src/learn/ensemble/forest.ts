import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseClassifier, BaseRegressor, checkFitted, checkSameLength, encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels, toFloat64Array, toMatrix, toVector, type ArrayInput, type ClassLabels, type LabelInput, type StringLabelled } from '../base.js';
import { TreeData } from '../tree/data.js';
import { checkFeatures, TREE_DEFAULTS, type TreeOptions } from '../tree/fit.js';
import { Tree, type TreeJSON } from '../tree/tree.js';
import { DecisionTreeClassifier } from '../tree/classifier.js';
import { DecisionTreeRegressor } from '../tree/regressor.js';
import { treeSeeds, type ForestSpec } from './grow.js';
import { registerEstimator } from '../persist.js';
import { classWeightsFor, type ClassWeight } from '../preprocessing/classweight.js';
import { growTrees } from './parallel.js';

/** Options shared by the forests (scikit-learn's, camelCased). */
export interface ForestOptions extends Omit<TreeOptions, 'randomState'> {
  /** Number of trees (default 100). */
  nEstimators?: number;
  /** Grow each tree on a bootstrap sample (default true for random forests, false for extra trees). */
  bootstrap?: boolean;
  /** Compute the out-of-bag score (needs bootstrap). Default false. */
  oobScore?: boolean;
  /** Bootstrap sample size: a count, a fraction in (0, 1], or null (n, default). */
  maxSamples?: number | null;
  /** Threads for tree building: null/1 sequential, -1 all cores (worker_threads under Node). */
  nJobs?: number | null;
  /** Master seed: each tree's seed is drawn from it. */
  randomState?: number | null;
}

/** The forest defaults (the tree's, with bootstrap). */
export const FOREST_DEFAULTS = {
  ...TREE_DEFAULTS, nEstimators: 100, bootstrap: true, oobScore: false, maxSamples: null, nJobs: null,
} as const;

/** A saved forest. */
export interface ForestJSON<P> {
  type: string;
  params: P;
  nFeaturesIn: number;
  classes?: number[] | string[];
  trees: TreeJSON[];
  oobScore?: number | null;
  oob?: number[] | null;
}

type ForestParams = Required<ForestOptions> & { criterion: string; classWeight?: Record<number, number> | 'balanced' | 'balanced_subsample' | null };

function nBootstrap(p: ForestParams, n: number, who: string): number | null {
  if (!p.bootstrap) {
    if (p.oobScore) throw new ValueError(`${who}: oobScore is only available if bootstrap is true`);
    if (p.maxSamples !== null) throw new ValueError(`${who}: maxSamples needs bootstrap true (got bootstrap false and maxSamples ${p.maxSamples})`);
    return null;
  }
  const m = p.maxSamples;
  if (m === null) return n;
  if (Number.isInteger(m) && m >= 1) {
    if (m > n) throw new ValueError(`${who}: maxSamples must be at most the number of samples (${n}), got ${m}`);
    return m;
  }
  if (m > 0 && m <= 1) return Math.max(Math.round(n * m), 1);
  throw new ValueError(`${who}: maxSamples must be an integer ≥ 1, a fraction in (0, 1] or null, got ${m}`);
}

/** The tree options inside forest params. */
function treeOptions(p: ForestParams): Required<TreeOptions> {
  return {
    splitter: p.splitter, maxDepth: p.maxDepth, minSamplesSplit: p.minSamplesSplit, minSamplesLeaf: p.minSamplesLeaf,
    minWeightFractionLeaf: p.minWeightFractionLeaf, maxFeatures: p.maxFeatures, randomState: null,
    maxLeafNodes: p.maxLeafNodes, minImpurityDecrease: p.minImpurityDecrease, ccpAlpha: p.ccpAlpha,
  };
}

function checkCount(p: ForestParams, who: string): void {
  if (!(Number.isInteger(p.nEstimators) && p.nEstimators >= 1)) throw new ValueError(`${who}: nEstimators must be an integer ≥ 1, got ${p.nEstimators}`);
}

/** Reads X/y/sampleWeight and grows the trees; shared by both forests. */
function fitTrees(p: ForestParams, kind: 'classifier' | 'regressor', X: ArrayInput, y: LabelInput, sampleWeight: ArrayInput | null | undefined, who: string) {
  checkCount(p, who);
  const x = toMatrix(X, 'X', { allowNaN: true });
  const labels = kind === 'classifier' ? readLabels(y) : null;
  const yv = labels === null ? Float64Array.from(toFloat64Array(toVector(y as ArrayInput, 'y'))) : new Float64Array(0);
  const [n, f] = x.shape;
  checkSameLength(n, labels?.length ?? yv.length, 'X', 'y');
  let w: Float64Array | null = null;
  if (sampleWeight !== undefined && sampleWeight !== null) {
    w = Float64Array.from(toFloat64Array(toVector(sampleWeight, 'sampleWeight')));
    checkSameLength(n, w.length, 'X', 'sampleWeight');
  }
  let classes: ClassLabels | null = null, indices: Int32Array | null = null;
  let balancedSubsample = false;
  if (kind === 'classifier') {
    ({ classes, indices } = encodeLabels(labels as ClassLabels));
    if (classes.length < 2) throw new ValueError(`${who}: y has a single class (${classes[0]}); at least 2 are needed`);
    const cw = p.classWeight;
    if (cw === 'balanced_subsample') balancedSubsample = true;
    else if (cw !== null && cw !== undefined) {
      if (cw !== 'balanced' && typeof cw !== 'object') throw new ValueError(`${who}: classWeight must be 'balanced', 'balanced_subsample', a mapping or null, got ${String(cw)}`);
      const perClass = classWeightsFor(cw as ClassWeight, classes, indices);
      w ??= new Float64Array(n).fill(1);
      for (let i = 0; i < n; i++) w[i] *= perClass[indices[i]];
    }
  }
  const spec: ForestSpec = {
    kind, criterion: p.criterion, yIndex: indices, nClasses: classes?.length ?? 0, y: kind === 'regressor' ? yv : null,
    baseWeight: w, nBootstrap: nBootstrap(p, n, who), balancedSubsample, tree: treeOptions(p), who,
  };
  if (kind === 'regressor' && p.criterion === 'poisson') {
    let s = 0;
    for (const v of yv) { if (v < 0) throw new ValueError(`${who}: y has negative values, which the poisson criterion does not allow`); s += v; }
    if (!(s > 0)) throw new ValueError(`${who}: y sums to ${s}; the poisson criterion needs a positive sum`);
  }
  const data = new TreeData(x.dataSync() as Float64Array, n, f);
  const grown = growTrees(data, spec, treeSeeds(p.randomState, p.nEstimators), p.nJobs);
  return { x, n, f, yv, classes, indices, grown };
}

/** Mean of the trees' normalized importances over trees that split (scikit-learn's). */
function meanImportances(trees: Tree[], nFeatures: number): Tensor {
  const out = new Float64Array(nFeatures);
  let used = 0;
  for (const t of trees) {
    if (t.nodeCount <= 1) continue;
    const imp = t.featureImportances();
    for (let j = 0; j < nFeatures; j++) out[j] += imp[j];
    used++;
  }
  let s = 0;
  for (let j = 0; j < nFeatures; j++) { out[j] /= Math.max(used, 1); s += out[j]; }
  if (s > 0) for (let j = 0; j < nFeatures; j++) out[j] /= s;
  return new Tensor(out, [nFeatures], 'float64');
}

/** Adds each tree's normalized leaf class fractions for rows of X into acc [n, k]. */
function addProba(tree: Tree, data: Float64Array, n: number, acc: Float64Array, rows: Int32Array | null): void {
  const k = tree.valueStride;
  const leaves = tree.apply(data, n);
  for (let r = 0; r < n; r++) {
    const o = leaves[r] * k;
    let s = 0;
    for (let c = 0; c < k; c++) s += tree.value[o + c];
    if (s === 0) s = 1;
    const i = rows === null ? r : rows[r];
    for (let c = 0; c < k; c++) acc[i * k + c] += tree.value[o + c] / s;
  }
}

/** The rows of X (row-major) whose count is 0: the out-of-bag samples of one tree. */
function oobRows(counts: Int32Array, X: Float64Array, f: number): { rows: Int32Array; data: Float64Array } {
  let m = 0;
  for (const c of counts) if (c === 0) m++;
  const rows = new Int32Array(m), data = new Float64Array(m * f);
  for (let i = 0, j = 0; i < counts.length; i++) {
    if (counts[i] !== 0) continue;
    rows[j] = i;
    data.set(X.subarray(i * f, i * f + f), j * f);
    j++;
  }
  return { rows, data };
}

/** Options of {@link RandomForestClassifier}. */
export interface RandomForestClassifierOptions extends ForestOptions {
  /** 'gini' (default), 'entropy' or 'log_loss'. */
  criterion?: 'gini' | 'entropy' | 'log_loss' | 'logLoss';
  /** Per-class weights, 'balanced' (on y), 'balanced_subsample' (on each bootstrap sample) or null. */
  classWeight?: Record<number, number> | 'balanced' | 'balanced_subsample' | null;
}

/** Options of {@link RandomForestRegressor}. */
export interface RandomForestRegressorOptions extends ForestOptions {
  /** 'squared_error' (default), 'friedman_mse', 'absolute_error' or 'poisson'. */
  criterion?: 'squared_error' | 'friedman_mse' | 'absolute_error' | 'poisson' | 'squaredError' | 'friedmanMse' | 'absoluteError';
}

/**
 * A random forest classifier (scikit-learn's `RandomForestClassifier`): trees grown on bootstrap
 * samples (bootstrap counts as sample weights on one shared presorted {@link TreeData}), with
 * `maxFeatures` features drawn per split; `predictProba` is the mean of the trees' probabilities.
 * `nJobs` > 1 grows trees on worker threads under Node (the result does not depend on nJobs).
 *
 * ```ts
 * const bc = data.loadBreastCancer();
 * const rf = new learn.RandomForestClassifier({ nEstimators: 200, oobScore: true, randomState: 0 }).fit(bc.data, bc.target);
 * rf.oobScore; rf.featureImportances;
 * ```
 */
export class RandomForestClassifier extends BaseClassifier<Required<RandomForestClassifierOptions>> {
  classes: ClassLabels | null = null;
  nClasses = 0;
  nFeaturesIn = 0;
  /** The fitted trees. */
  trees: Tree[] | null = null;
  /** Out-of-bag accuracy (with oobScore). */
  oobScore: number | null = null;
  /** Out-of-bag class probabilities [n, nClasses] (with oobScore). */
  oobDecisionFunction: Tensor | null = null;
  protected readonly kindName: string = 'RandomForestClassifier';

  constructor(options: RandomForestClassifierOptions = {}) {
    super({ ...FOREST_DEFAULTS, criterion: 'gini', maxFeatures: 'sqrt', classWeight: null, ...options } as Required<RandomForestClassifierOptions>);
  }

  fit(X: ArrayInput, y: readonly string[], sampleWeight?: ArrayInput | null): StringLabelled<this>;
  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this;
  fit(X: ArrayInput, y: LabelInput, sampleWeight?: ArrayInput | null): this | StringLabelled<this> {
    const who = `${this.kindName}.fit`;
    const r = fitTrees(this.params as ForestParams, 'classifier', X, y, sampleWeight, who);
    const classes = r.classes as ClassLabels, k = classes.length;
    this.trees = r.grown.map((g) => g.tree);
    this.classes = classes;
    this.nClasses = k;
    this.nFeaturesIn = r.f;
    this.oobScore = null;
    this.oobDecisionFunction = null;
    if (this.params.oobScore) {
      const acc = new Float64Array(r.n * k);
      const X64 = r.x.dataSync() as Float64Array;
      for (const g of r.grown) {
        const { rows, data } = oobRows(g.counts as Int32Array, X64, r.f);
        if (rows.length > 0) addProba(g.tree, data, rows.length, acc, rows);
      }
      let hits = 0;
      const yi = r.indices as Int32Array;
      for (let i = 0; i < r.n; i++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += acc[i * k + c];
        // scikit-learn divides by the number of OOB predictions; probabilities sum to 1 per tree.
        if (s > 0) for (let c = 0; c < k; c++) acc[i * k + c] /= s;
        let best = 0;
        for (let c = 1; c < k; c++) if (acc[i * k + c] > acc[i * k + best]) best = c;
        if (best === yi[i]) hits++;
      }
      this.oobDecisionFunction = new Tensor(acc, [r.n, k], 'float64');
      this.oobScore = hits / r.n;
    }
    return this;
  }

  /** The trees as fitted DecisionTreeClassifiers (scikit-learn's estimators_). */
  get estimators(): DecisionTreeClassifier[] {
    const trees = checkFitted(this, this.trees, 'estimators');
    return trees.map((t) => {
      const est = new DecisionTreeClassifier({ ...treeOptions(this.params as ForestParams), criterion: this.params.criterion });
      est.tree = t;
      est.classes = this.classes;
      est.nClasses = this.nClasses;
      est.nFeaturesIn = this.nFeaturesIn;
      return est;
    });
  }

  /** Mean of the trees' normalized impurity-decrease importances, float64 [nFeatures]. */
  get featureImportances(): Tensor {
    return meanImportances(checkFitted(this, this.trees, 'featureImportances'), this.nFeaturesIn);
  }

  /** Mean of the trees' class probabilities, float64 [n, nClasses]. */
  predictProba(X: ArrayInput): Tensor {
    const trees = checkFitted(this, this.trees, 'predictProba');
    const x = toMatrix(X, 'X', { allowNaN: true });
    checkFeatures(`${this.kindName}.predictProba`, x, this.nFeaturesIn);
    const n = x.shape[0], k = this.nClasses, data = x.dataSync() as Float64Array;
    const acc = new Float64Array(n * k);
    for (const t of trees) addProba(t, data, n, acc, null);
    for (let i = 0; i < acc.length; i++) acc[i] /= trees.length;
    return new Tensor(acc, [n, k], 'float64');
  }

  /** Log of predictProba. */
  predictLogProba(X: ArrayInput): Tensor {
    const p = this.predictProba(X);
    return new Tensor((p.dataSync() as Float64Array).map(Math.log), p.shape, 'float64');
  }

  /** The class of largest mean probability (first on ties): float64 [n], or string[] for string classes. */
  predict(X: ArrayInput): Tensor {
    const p = this.predictProba(X).dataSync() as Float64Array;
    const k = this.nClasses, n = p.length / k, classes = this.classes as ClassLabels;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
      out[i] = best;
    }
    return labelsAt(classes, out);
  }

  /** Leaf index of each sample in each tree, int32 [n, nEstimators]. */
  apply(X: ArrayInput): Tensor {
    return applyAll(checkFitted(this, this.trees, 'apply'), X, this.nFeaturesIn, this.kindName);
  }

  toJSON(): ForestJSON<Required<RandomForestClassifierOptions>> {
    const trees = checkFitted(this, this.trees, 'toJSON');
    return {
      type: this.kindName, params: { ...this.params }, nFeaturesIn: this.nFeaturesIn, classes: labelsToJSON(this.classes as ClassLabels),
      trees: trees.map((t) => t.toJSON()), oobScore: this.oobScore,
      oob: this.oobDecisionFunction ? Array.from(this.oobDecisionFunction.dataSync() as Float64Array) : null,
    };
  }

  static fromJSON(json: ForestJSON<Required<RandomForestClassifierOptions>>): RandomForestClassifier {
    return restoreClassifier(new RandomForestClassifier(json.params), json, 'RandomForestClassifier');
  }
}

/** Fills a classifier forest from its JSON. */
export function restoreClassifier<T extends RandomForestClassifier>(est: T, json: ForestJSON<unknown>, type: string): T {
  if (json.type !== type) throw new ValueError(`${type}.fromJSON: expected type '${type}', got ${String(json.type)}`);
  const classes = labelsFromJSON(json.classes ?? []);
  est.classes = classes;
  est.nClasses = classes.length;
  est.nFeaturesIn = json.nFeaturesIn;
  est.trees = json.trees.map((t) => Tree.fromJSON(t));
  est.oobScore = json.oobScore ?? null;
  const oob = json.oob;
  est.oobDecisionFunction = oob ? new Tensor(Float64Array.from(oob), [oob.length / classes.length, classes.length], 'float64') : null;
  return est;
}

function applyAll(trees: Tree[], X: ArrayInput, nFeaturesIn: number, who: string): Tensor {
  const x = toMatrix(X, 'X', { allowNaN: true });
  checkFeatures(`${who}.apply`, x, nFeaturesIn);
  const n = x.shape[0], m = trees.length, data = x.dataSync() as Float64Array;
  const out = new Int32Array(n * m);
  trees.forEach((t, j) => { const l = t.apply(data, n); for (let i = 0; i < n; i++) out[i * m + j] = l[i]; });
  return new Tensor(out, [n, m], 'int32');
}

/**
 * A random forest regressor (scikit-learn's `RandomForestRegressor`): the mean of the trees'
 * predictions; maxFeatures defaults to null (every feature: scikit-learn's 1.0, which nabla would
 * read as one feature, as the trees read an integer count).
 *
 * ```ts
 * const d = data.loadDiabetes();
 * const rf = new learn.RandomForestRegressor({ nEstimators: 100, randomState: 0 }).fit(d.data, d.target);
 * ```
 */
export class RandomForestRegressor extends BaseRegressor<Required<RandomForestRegressorOptions>> {
  nFeaturesIn = 0;
  trees: Tree[] | null = null;
  /** Out-of-bag R² (with oobScore). */
  oobScore: number | null = null;
  /** Out-of-bag predictions [n] (with oobScore; NaN-free: samples never out of bag get 0, as scikit-learn). */
  oobPrediction: Tensor | null = null;
  protected readonly kindName: string = 'RandomForestRegressor';

  constructor(options: RandomForestRegressorOptions = {}) {
    super({ ...FOREST_DEFAULTS, criterion: 'squared_error', maxFeatures: null, ...options } as Required<RandomForestRegressorOptions>);
  }

  fit(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput | null): this {
    const who = `${this.kindName}.fit`;
    const r = fitTrees(this.params as ForestParams, 'regressor', X, y, sampleWeight, who);
    this.trees = r.grown.map((g) => g.tree);
    this.nFeaturesIn = r.f;
    this.oobScore = null;
    this.oobPrediction = null;
    if (this.params.oobScore) {
      const sum = new Float64Array(r.n), cnt = new Float64Array(r.n);
      const X64 = r.x.dataSync() as Float64Array;
      for (const g of r.grown) {
        const { rows, data } = oobRows(g.counts as Int32Array, X64, r.f);
        const leaves = g.tree.apply(data, rows.length);
        for (let j = 0; j < rows.length; j++) { sum[rows[j]] += g.tree.value[leaves[j]]; cnt[rows[j]]++; }
      }
      for (let i = 0; i < r.n; i++) sum[i] /= cnt[i] === 0 ? 1 : cnt[i];
      this.oobPrediction = new Tensor(sum, [r.n], 'float64');
      let mean = 0;
      for (const v of r.yv) mean += v / r.n;
      let res = 0, tot = 0;
      for (let i = 0; i < r.n; i++) { res += (r.yv[i] - sum[i]) ** 2; tot += (r.yv[i] - mean) ** 2; }
      this.oobScore = tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
    }
    return this;
  }

  get estimators(): DecisionTreeRegressor[] {
    const trees = checkFitted(this, this.trees, 'estimators');
    return trees.map((t) => {
      const est = new DecisionTreeRegressor({ ...treeOptions(this.params as ForestParams), criterion: this.params.criterion });
      est.tree = t;
      est.nFeaturesIn = this.nFeaturesIn;
      return est;
    });
  }

  get featureImportances(): Tensor {
    return meanImportances(checkFitted(this, this.trees, 'featureImportances'), this.nFeaturesIn);
  }

  /** Mean of the trees' predictions, float64 [n]. */
  predict(X: ArrayInput): Tensor {
    const trees = checkFitted(this, this.trees, 'predict');
    const x = toMatrix(X, 'X', { allowNaN: true });
    checkFeatures(`${this.kindName}.predict`, x, this.nFeaturesIn);
    const n = x.shape[0], data = x.dataSync() as Float64Array;
    const out = new Float64Array(n);
    for (const t of trees) { const l = t.apply(data, n); for (let i = 0; i < n; i++) out[i] += t.value[l[i]]; }
    for (let i = 0; i < n; i++) out[i] /= trees.length;
    return new Tensor(out, [n], 'float64');
  }

  apply(X: ArrayInput): Tensor {
    return applyAll(checkFitted(this, this.trees, 'apply'), X, this.nFeaturesIn, this.kindName);
  }

  toJSON(): ForestJSON<Required<RandomForestRegressorOptions>> {
    const trees = checkFitted(this, this.trees, 'toJSON');
    return {
      type: this.kindName, params: { ...this.params }, nFeaturesIn: this.nFeaturesIn, trees: trees.map((t) => t.toJSON()),
      oobScore: this.oobScore, oob: this.oobPrediction ? Array.from(this.oobPrediction.dataSync() as Float64Array) : null,
    };
  }

  static fromJSON(json: ForestJSON<Required<RandomForestRegressorOptions>>): RandomForestRegressor {
    return restoreRegressor(new RandomForestRegressor(json.params), json, 'RandomForestRegressor');
  }
}

/** Fills a regressor forest from its JSON. */
export function restoreRegressor<T extends RandomForestRegressor>(est: T, json: ForestJSON<unknown>, type: string): T {
  if (json.type !== type) throw new ValueError(`${type}.fromJSON: expected type '${type}', got ${String(json.type)}`);
  est.nFeaturesIn = json.nFeaturesIn;
  est.trees = json.trees.map((t) => Tree.fromJSON(t));
  est.oobScore = json.oobScore ?? null;
  est.oobPrediction = json.oob ? new Tensor(Float64Array.from(json.oob), [json.oob.length], 'float64') : null;
  return est;
}

registerEstimator('RandomForestClassifier', RandomForestClassifier.fromJSON);
registerEstimator('RandomForestRegressor', RandomForestRegressor.fromJSON);

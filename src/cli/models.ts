import {
  LinearRegression, LogisticRegression, Ridge, Lasso, KNeighborsClassifier, KNeighborsRegressor,
  DecisionTreeClassifier, DecisionTreeRegressor, RandomForestClassifier, RandomForestRegressor,
  ExtraTreesClassifier, ExtraTreesRegressor, GradientBoostingClassifier, GradientBoostingRegressor,
  AdaBoostClassifier, AdaBoostRegressor, SVC, SVR, GaussianNB, NeuralNetClassifier, NeuralNetRegressor,
  estimatorFromJSON, type EstimatorJSON, type Params,
} from '../learn/index.js';
import { Sequential, Linear, ReLU } from '../nn/index.js';
import { Tensor } from '../tensor/tensor.js';
import { usage, CliError } from './errors.js';

export type Task = 'classification' | 'regression';

/** What the CLI needs of an estimator. */
export interface CliEstimator {
  fit(X: Tensor, y: Tensor): unknown;
  predict(X: Tensor): Tensor;
  predictProba?(X: Tensor): Tensor;
  getParams(deep?: boolean): Params;
  setParams(p: Params): unknown;
  toJSON?(): EstimatorJSON;
}

type Factory = (options: Params) => CliEstimator;
type Entry = { classification?: Factory; regression?: Factory; description: string };

/** A small MLP for NeuralNet*: Linear → ReLU → Linear, `hidden` units. */
function mlpModule({ nFeatures, nOutputs, hidden = 32 }: { nFeatures: number; nOutputs: number; hidden?: unknown }): Sequential {
  const h = Number(hidden);
  return new Sequential(new Linear(nFeatures, h), new ReLU(), new Linear(h, nOutputs));
}
const MLP_KEYS = ['hidden', 'lr', 'epochs', 'batchSize', 'randomState'];
function mlpOptions(o: Params): Params {
  const { hidden = 32, lr = 0.01, epochs = 60, batchSize = 32, randomState = 0 } = o as Record<string, unknown>;
  return { module: mlpModule, moduleParams: { hidden }, lr, epochs, batchSize, randomState };
}

const c = <T>(K: new (o: never) => T) => (o: Params) => new K(o as never) as unknown as CliEstimator;

/** The --model name → estimator factory table. */
export const MODELS: Record<string, Entry> = {
  linear: { regression: c(LinearRegression), classification: c(LogisticRegression), description: 'least squares (logistic regression for classification)' },
  logistic: { classification: (o) => c(LogisticRegression)({ maxIter: 1000, ...o }), description: 'logistic regression' },
  ridge: { regression: c(Ridge), description: 'ridge regression (L2)' },
  lasso: { regression: c(Lasso), description: 'lasso regression (L1)' },
  knn: { classification: c(KNeighborsClassifier), regression: c(KNeighborsRegressor), description: 'k nearest neighbours' },
  tree: { classification: c(DecisionTreeClassifier), regression: c(DecisionTreeRegressor), description: 'decision tree (CART)' },
  forest: { classification: c(RandomForestClassifier), regression: c(RandomForestRegressor), description: 'random forest' },
  'extra-trees': { classification: c(ExtraTreesClassifier), regression: c(ExtraTreesRegressor), description: 'extremely randomised trees' },
  gbm: { classification: c(GradientBoostingClassifier), regression: c(GradientBoostingRegressor), description: 'histogram gradient boosting' },
  adaboost: { classification: c(AdaBoostClassifier), regression: c(AdaBoostRegressor), description: 'AdaBoost' },
  svm: { classification: (o) => c(SVC)({ probability: true, ...o }), regression: c(SVR), description: 'support vector machine (RBF kernel)' },
  'naive-bayes': { classification: c(GaussianNB), description: 'Gaussian naive Bayes' },
  mlp: {
    classification: (o) => new NeuralNetClassifier(mlpOptions(o) as never) as unknown as CliEstimator,
    regression: (o) => new NeuralNetRegressor(mlpOptions(o) as never) as unknown as CliEstimator,
    description: 'multilayer perceptron (options: hidden, lr, epochs, batchSize)',
  },
};

export const MODEL_NAMES = [...Object.keys(MODELS), 'auto'];

/** The candidates `auto` compares (fast ones). */
export function autoCandidates(task: Task): string[] {
  return task === 'classification' ? ['logistic', 'tree', 'forest', 'gbm'] : ['linear', 'tree', 'forest', 'gbm'];
}

/** Parses `--set key=value` pairs: numbers and booleans are parsed, other values stay strings. */
export function parseSets(sets: readonly string[]): Params {
  const out: Params = {};
  for (const s of sets) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(s);
    if (!m) throw usage(`bad --set '${s}': expected key=value (e.g. --set nEstimators=100)`);
    const v = m[2];
    out[m[1]] = v === 'true' ? true : v === 'false' ? false : v === 'null' ? null : v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
  }
  return out;
}

/** A fresh estimator for `name` and `task` with the user's options (seeded with randomState 0 unless set). */
export function makeEstimator(name: string, task: Task, options: Params): CliEstimator {
  const entry = MODELS[name];
  if (!entry) throw usage(`unknown --model '${name}'; models are: ${MODEL_NAMES.join(', ')}`);
  const factory = entry[task];
  if (!factory) {
    const ok = Object.entries(MODELS).filter(([, e]) => e[task]).map(([n]) => n);
    throw usage(`--model ${name} does not do ${task}; for ${task} use one of: ${ok.join(', ')}, auto`);
  }
  const known = name === 'mlp' ? MLP_KEYS : Object.keys(factory({}).getParams(false));
  const bad = Object.keys(options).filter((k) => !known.includes(k));
  if (bad.length) throw usage(`bad --set: ${name} has no option '${bad[0]}'; its options are: ${known.join(', ')}`);
  let est: CliEstimator;
  try {
    est = factory(options);
    if (name !== 'mlp' && known.includes('randomState') && !('randomState' in options)) est.setParams({ randomState: 0 });
  } catch (e) {
    throw usage(`bad --set for ${name}: ${(e as Error).message}`);
  }
  return est;
}

/** Saved form of a fitted estimator: persist.ts's toJSON for learn estimators; weights for the MLP. */
export function estimatorToJSON(name: string, est: CliEstimator): unknown {
  if (name === 'mlp') {
    const net = est as unknown as { module: { stateDict(): Record<string, Tensor> }; classes?: Float64Array | null; nFeaturesIn: number };
    const p = est.getParams(false) as { moduleParams: { hidden: unknown }; lr: number; epochs: number; batchSize: number };
    const state = Object.fromEntries(Object.entries(net.module.stateDict()).map(([k, t]) => [k, { shape: t.shape, values: Float64Array.from(t.dataSync() as ArrayLike<number>) }]));
    return { type: 'nabla-cli-mlp', params: { hidden: p.moduleParams.hidden, lr: p.lr, epochs: p.epochs, batchSize: p.batchSize }, classes: net.classes ?? null, nFeaturesIn: net.nFeaturesIn, state };
  }
  if (typeof est.toJSON !== 'function') throw new CliError(`the ${name} model cannot be saved`);
  return est.toJSON();
}

/** Restores an estimator saved by estimatorToJSON. */
export function estimatorFromSaved(name: string, task: Task, json: unknown): CliEstimator {
  if (name === 'mlp') {
    const j = json as { params: Params & { hidden: number }; classes: Float64Array | null; nFeaturesIn: number; state: Record<string, { shape: number[]; values: Float64Array }> };
    const est = makeEstimator('mlp', task, j.params);
    const nOutputs = task === 'classification' ? (j.classes?.length ?? 0) : 1;
    const module = mlpModule({ nFeatures: j.nFeaturesIn, nOutputs, hidden: j.params.hidden });
    module.loadStateDict(Object.fromEntries(Object.entries(j.state).map(([k, v]) => [k, new Tensor(Float32Array.from(v.values), v.shape, 'float32')])));
    Object.assign(est, { module, nFeaturesIn: j.nFeaturesIn, ...(task === 'classification' ? { classes: j.classes } : {}) });
    return est;
  }
  return estimatorFromJSON(json as EstimatorJSON) as unknown as CliEstimator;
}

/** Per-feature importances: featureImportances, else |coef| (averaged over classes); null when the model has neither. */
export function importancesOf(est: CliEstimator): Float64Array | null {
  const e = est as unknown as { featureImportances?: Tensor; coef?: Tensor };
  try {
    if ('featureImportances' in e && e.featureImportances) return Float64Array.from(e.featureImportances.dataSync() as ArrayLike<number>);
  } catch { /* not available for this configuration */ }
  try {
    if ('coef' in e && e.coef) {
      const t = e.coef;
      const d = t.dataSync() as ArrayLike<number>;
      const p = t.shape[t.shape.length - 1];
      const rows = d.length / p;
      const out = new Float64Array(p);
      for (let r = 0; r < rows; r++) for (let j = 0; j < p; j++) out[j] += Math.abs(d[r * p + j]) / rows;
      return out;
    }
  } catch { /* no coef */ }
  return null;
}

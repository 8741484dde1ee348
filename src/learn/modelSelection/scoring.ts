import { ValueError } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { toVector, type ArrayInput } from '../base.js';
import { accuracyScore, balancedAccuracyScore, matthewsCorrcoef, precisionScore, recallScore, f1Score } from '../../metrics/classification.js';
import { rocAucScore, averagePrecisionScore } from '../../metrics/ranking.js';
import { logLoss, brierScoreLoss } from '../../metrics/probabilistic.js';
import { explainedVarianceScore, r2Score, maxError, medianAbsoluteError, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, meanSquaredLogError, rootMeanSquaredError } from '../../metrics/regression.js';
import { select } from '../../ops/movement.js';
import type { Estimator, LabelInput } from './types.js';

/** A scorer: fits nothing, scores a fitted estimator on (X, y); greater is better. */
export type Scorer = (estimator: Estimator, X: ArrayInput, y: LabelInput) => number;

/** How a search or cross-validation scores: a scorer name, a scorer, or (undefined) `estimator.score`. */
export type Scoring = string | Scorer | undefined;

/** Several metrics at once: names, or a record of name → scoring. */
export type MultiScoring = readonly string[] | Readonly<Record<string, string | Scorer>>;

/**
 * What a metric-based scorer feeds its metric: predictions, probabilities, decision values, or
 * 'threshold' (decisionFunction when the estimator has it, else predictProba) for ranking metrics.
 */
export type ResponseMethod = 'predict' | 'predictProba' | 'decisionFunction' | 'threshold';

/** Options of makeScorer. */
export interface MakeScorerOptions {
  /** False for a loss: the scorer returns its negation (scikit-learn's `neg_*` names). Default true. */
  greaterIsBetter?: boolean;
  /** What the metric gets as its second argument; default 'predict'. For binary 'predictProba' the positive column is passed. */
  responseMethod?: ResponseMethod;
  /** Extra options passed to the metric. */
  kwargs?: Record<string, unknown>;
}

/** A metric `(yTrue, yPredOrScore, options?)` returning a number (or a 0-d Tensor). */
export type Metric = (yTrue: Tensor, yPred: Tensor, options?: never) => number | Tensor;

/**
 * A scorer from a metric (scikit-learn's `make_scorer`): predicts with the response method,
 * calls the metric, negates it when greater is not better.
 */
export function makeScorer(metric: Metric, options: MakeScorerOptions = {}): Scorer {
  const sign = options.greaterIsBetter === false ? -1 : 1;
  const method = options.responseMethod ?? 'predict';
  return (estimator, X, y) => {
    const m = method === 'threshold' ? (typeof estimator.decisionFunction === 'function' ? 'decisionFunction' : 'predictProba') : method;
    const fn = estimator[m];
    if (typeof fn !== 'function') throw new ValueError(`scorer: ${estimator.constructor.name} has no ${m === 'predictProba' && method === 'threshold' ? 'decisionFunction() or predictProba()' : `${m}()`} method`);
    let out = fn.call(estimator, X);
    if (m === 'predictProba' && out.ndim === 2 && out.shape[1] === 2) out = select(out, 1, 1); // [n, 2] → positive class [n]
    // string labels go to the metric as they are (metrics take string[]); numbers as a vector
    const truth = Array.isArray(y) && y.some((v: unknown) => typeof v === 'string') ? y : toVector(y as ArrayInput, 'y');
    const v = metric(truth as never, out, options.kwargs as never);
    return sign * (typeof v === 'number' ? v : v.item());
  };
}

const registry = new Map<string, Scorer>();

/** Adds (or replaces) a named scorer, usable as `scoring: name` everywhere in model selection. */
export function registerScorer(name: string, scorer: Scorer): void {
  registry.set(name, scorer);
}

/** The names of the registered scorers. */
export function getScorerNames(): string[] {
  return [...registry.keys()].sort();
}

/** The scorer for a scoring option: a name (ValueError listing the valid ones), a function, or `estimator.score`. */
export function getScorer(scoring: Scoring): Scorer {
  if (typeof scoring === 'function') return scoring;
  if (scoring === undefined || scoring === null) return passthroughScorer;
  const s = registry.get(scoring);
  if (!s) throw new ValueError(`scoring: '${scoring}' is not a valid scoring value; valid names are ${getScorerNames().join(', ')} (or pass a scorer function; registerScorer adds names)`);
  return s;
}

/** Named scorers for multi-metric evaluation (a record keeps its names; a list names by itself). */
export function getScorers(scoring: MultiScoring): Record<string, Scorer> {
  const out: Record<string, Scorer> = {};
  if (Array.isArray(scoring)) {
    if (scoring.length === 0) throw new ValueError('scoring: an empty list of metrics was given');
    for (const name of scoring as readonly string[]) {
      if (name in out) throw new ValueError(`scoring: duplicate metric '${name}'`);
      out[name] = getScorer(name);
    }
  } else {
    for (const [name, s] of Object.entries(scoring as Record<string, string | Scorer>)) out[name] = getScorer(s);
  }
  return out;
}

/**
 * A result key: scikit-learn's snake_case key camelCased, e.g. ('mean_test', 'neg_log_loss') →
 * 'meanTestNegLogLoss', ('test', 'score') → 'testScore'.
 */
export function resultKey(prefix: string, metric: string): string {
  return `${prefix}_${metric}`.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `estimator.score(X, y)`, the default scoring. */
export const passthroughScorer: Scorer = (estimator, X, y) => {
  if (typeof estimator.score !== 'function') throw new ValueError(`scoring: ${estimator.constructor.name} has no score() method; pass a scoring name or function`);
  return estimator.score(X, y);
};

// scikit-learn's scorer names (sklearn.metrics.get_scorer_names), on nabla's metrics.
const neg = { greaterIsBetter: false };
const proba: MakeScorerOptions = { responseMethod: 'predictProba' };
const threshold: MakeScorerOptions = { responseMethod: 'threshold' };
const builtins: [string, Metric, MakeScorerOptions?][] = [
  ['explained_variance', explainedVarianceScore], ['r2', r2Score], ['max_error', maxError, neg],
  ['neg_median_absolute_error', medianAbsoluteError, neg], ['neg_mean_absolute_error', meanAbsoluteError, neg],
  ['neg_mean_absolute_percentage_error', meanAbsolutePercentageError, neg], ['neg_mean_squared_error', meanSquaredError, neg],
  ['neg_mean_squared_log_error', meanSquaredLogError, neg], ['neg_root_mean_squared_error', rootMeanSquaredError, neg],
  ['accuracy', accuracyScore], ['balanced_accuracy', balancedAccuracyScore], ['matthews_corrcoef', matthewsCorrcoef],
  ['roc_auc', rocAucScore, threshold], ['average_precision', averagePrecisionScore, threshold],
  ['roc_auc_ovr', rocAucScore, { ...proba, kwargs: { multiClass: 'ovr' } }], ['roc_auc_ovo', rocAucScore, { ...proba, kwargs: { multiClass: 'ovo' } }],
  ['roc_auc_ovr_weighted', rocAucScore, { ...proba, kwargs: { multiClass: 'ovr', average: 'weighted' } }],
  ['roc_auc_ovo_weighted', rocAucScore, { ...proba, kwargs: { multiClass: 'ovo', average: 'weighted' } }],
  ['neg_log_loss', logLoss, { ...proba, greaterIsBetter: false }], ['neg_brier_score', brierScoreLoss, { ...proba, greaterIsBetter: false }],
];
for (const [name, metric, o] of builtins) registerScorer(name, makeScorer(metric, o));
for (const [name, metric] of [['precision', precisionScore], ['recall', recallScore], ['f1', f1Score]] as const) {
  registerScorer(name, makeScorer(metric as Metric));
  for (const average of ['macro', 'micro', 'samples', 'weighted']) registerScorer(`${name}_${average}`, makeScorer(metric as Metric, { kwargs: { average } }));
}

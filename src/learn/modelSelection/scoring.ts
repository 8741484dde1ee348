import { ValueError } from '../../tensor/errors.js';
import { toFloat64Array, type ArrayInput } from '../base.js';
import { select } from '../../ops/movement.js';
import type { Estimator } from './types.js';

/** A scorer: fits nothing, scores a fitted estimator on (X, y); greater is better. */
export type Scorer = (estimator: Estimator, X: ArrayInput, y: ArrayInput) => number;

/** How a search or cross-validation scores: a scorer name, a scorer, or (undefined) `estimator.score`. */
export type Scoring = string | Scorer | undefined;

/** Several metrics at once: names, or a record of name → scoring. */
export type MultiScoring = readonly string[] | Readonly<Record<string, string | Scorer>>;

/** What a metric-based scorer feeds its metric. */
export type ResponseMethod = 'predict' | 'predictProba' | 'decisionFunction';

/** Options of makeScorer. */
export interface MakeScorerOptions {
  /** False for a loss: the scorer returns its negation (scikit-learn's `neg_*` names). Default true. */
  greaterIsBetter?: boolean;
  /** What the metric gets as its second argument; default 'predict'. For binary 'predictProba' the positive column is passed. */
  responseMethod?: ResponseMethod;
  /** Extra options passed to the metric. */
  kwargs?: Record<string, unknown>;
}

/** A metric `(yTrue, yPredOrScore, options?)` returning a number (or a 0-d result). */
export type Metric = (yTrue: ArrayInput, yPred: ArrayInput, options?: never) => unknown;

/**
 * A scorer from a metric (scikit-learn's `make_scorer`): predicts with the response method,
 * calls the metric, negates it when greater is not better.
 */
export function makeScorer(metric: Metric, options: MakeScorerOptions = {}): Scorer {
  const sign = options.greaterIsBetter === false ? -1 : 1;
  const method = options.responseMethod ?? 'predict';
  return (estimator, X, y) => {
    const fn = estimator[method];
    if (typeof fn !== 'function') throw new ValueError(`scorer: ${estimator.constructor.name} has no ${method}() method`);
    let out = fn.call(estimator, X);
    if (method === 'predictProba' && out.ndim === 2 && out.shape[1] === 2) out = select(out, 1, 1); // [n, 2] → positive class [n]
    const v = metric(y, out, options.kwargs as never);
    const num = typeof v === 'number' ? v : Number((v as { item(): number }).item());
    return sign * num;
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

/** `estimator.score(X, y)`, the default scoring. */
export const passthroughScorer: Scorer = (estimator, X, y) => {
  if (typeof estimator.score !== 'function') throw new ValueError(`scoring: ${estimator.constructor.name} has no score() method; pass a scoring name or function`);
  return estimator.score(X, y);
};

// Until the metrics module lands, the basic regression/classification scores are computed here
// from their definitions (same values as scikit-learn); names are scikit-learn's scorer names.
function pair(y: ArrayInput, p: ArrayInput): [Float64Array, Float64Array] {
  const t = toFloat64Array(y), q = toFloat64Array(p);
  if (t.length !== q.length) throw new ValueError(`scorer: y and predictions have inconsistent numbers of samples: ${t.length} and ${q.length}`);
  return [t, q];
}
const accuracy: Metric = (y, p) => { const [t, q] = pair(y, p); let h = 0; t.forEach((v, i) => (h += v === q[i] ? 1 : 0)); return h / t.length; };
const mse: Metric = (y, p) => { const [t, q] = pair(y, p); let s = 0; t.forEach((v, i) => (s += (v - q[i]) ** 2)); return s / t.length; };
const mae: Metric = (y, p) => { const [t, q] = pair(y, p); let s = 0; t.forEach((v, i) => (s += Math.abs(v - q[i]))); return s / t.length; };
const r2: Metric = (y, p) => {
  const [t, q] = pair(y, p);
  const m = t.reduce((a, b) => a + b, 0) / t.length;
  let res = 0, tot = 0;
  t.forEach((v, i) => { res += (v - q[i]) ** 2; tot += (v - m) ** 2; });
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
};
registerScorer('accuracy', makeScorer(accuracy));
registerScorer('r2', makeScorer(r2));
registerScorer('neg_mean_squared_error', makeScorer(mse, { greaterIsBetter: false }));
registerScorer('neg_root_mean_squared_error', makeScorer((y, p) => Math.sqrt(mse(y, p) as number), { greaterIsBetter: false }));
registerScorer('neg_mean_absolute_error', makeScorer(mae, { greaterIsBetter: false }));

import type { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseEstimator, checkFitted, type ArrayInput, type Params } from '../base.js';
import { checkCv, isClassifier, makeSplits, type CV } from './checkCv.js';
import { reportFitFailures, tryFitAndScore } from './crossValidation.js';
import { numSamples } from './indexing.js';
import { parameterGrid, parameterSampler, type ParamDistributions, type ParamGrid } from './parameterGrid.js';
import { getScorer, getScorers, resultKey, type MultiScoring, type Scorer, type Scoring } from './scoring.js';
import type { Estimator, LabelInput } from './types.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { fromPlainJSON, toPlainJSON } from '../state.js';
import { loadSub, saveSub } from '../ensemble/meta.js';

/** Options shared by GridSearchCV and RandomizedSearchCV. */
export interface SearchOptions {
  /** A scorer name or function (default the estimator's own score), or several as a list or record. */
  scoring?: Scoring | MultiScoring;
  /** Folds (default 5, stratified for classifiers), a splitter, or explicit splits. */
  cv?: CV;
  /**
   * Refit the best candidate on all the data (bestEstimator, predict, score); default true. With
   * several metrics, the name of the one that picks the best candidate (or false).
   */
  refit?: boolean | string;
  /** Also score the training folds (meanTrainScore, ...); default false. */
  returnTrainScore?: boolean;
  /** The score recorded when a fit fails, or 'raise' to throw; default NaN (as scikit-learn). */
  errorScore?: number | 'raise';
}

/**
 * A search's results per candidate, in candidate order (scikit-learn's `cv_results_` with
 * camelCased keys): `params`, `meanTestScore`, `stdTestScore`, `rankTestScore` (1 = best, ties
 * share the lowest rank), `split<i>TestScore`, `meanFitTime`, `stdFitTime`, `meanScoreTime`,
 * `stdScoreTime`, `param<Name>` (each candidate's value of a parameter, undefined where a
 * candidate does not set it: `paramAlpha`, `paramRidgeAlpha` for `ridge__alpha`), and with
 * returnTrainScore `meanTrainScore`, `stdTrainScore`, `split<i>TrainScore`. With several metrics `Score` is replaced by each metric's camelCased name (`meanTestR2`,
 * `rankTestNegLogLoss`, `split0TestR2`; see resultKey).
 */
export interface CVResults {
  params: Params[];
  meanTestScore?: Float64Array;
  stdTestScore?: Float64Array;
  rankTestScore?: Int32Array;
  meanFitTime: Float64Array;
  stdFitTime: Float64Array;
  meanScoreTime: Float64Array;
  stdScoreTime: Float64Array;
  meanTrainScore?: Float64Array;
  stdTrainScore?: Float64Array;
  [key: string]: Float64Array | Int32Array | Params[] | unknown[] | undefined;
}

function meanStd(rows: Float64Array[]): [Float64Array, Float64Array] {
  const mean = Float64Array.from(rows, (r) => r.reduce((a, b) => a + b, 0) / r.length);
  const std = Float64Array.from(rows, (r, i) => Math.sqrt(r.reduce((a, b) => a + (b - mean[i]) ** 2, 0) / r.length));
  return [mean, std];
}

/** scikit-learn's ranking: rankdata(-means, 'min'), NaN ranked after every number. */
export function rankScores(means: Float64Array): Int32Array {
  const finite = Array.from(means).filter((v) => !Number.isNaN(v));
  const floor = finite.length ? Math.min(...finite) - 1 : 0;
  const v = Array.from(means, (m) => (Number.isNaN(m) ? floor : m));
  return Int32Array.from(v, (m) => 1 + v.filter((o) => o > m).length);
}

/** The search machinery (scikit-learn's `BaseSearchCV`); subclasses give the candidates. */
export abstract class BaseSearchCV extends BaseEstimator<Params> {
  /** Per-candidate results (fitted state, set by fit). */
  readonly cvResults: CVResults | null = null;
  /** Index of the best candidate (rank 1 of the refit metric). */
  readonly bestIndex: number | null = null;
  /** Mean cross-validated score of the best candidate. */
  readonly bestScore: number | null = null;
  /** Parameters of the best candidate. */
  readonly bestParams: Params | null = null;
  /** The best candidate refitted on all the data (refit: true / a metric name). */
  readonly bestEstimator: Estimator | null = null;
  /** Seconds taken by the refit. */
  readonly refitTime: number | null = null;
  /** Number of cross-validation splits. */
  readonly nSplits: number | null = null;

  /** The candidate parameter sets, in evaluation order. */
  protected abstract candidates(): Params[];

  /** 'classifier' when the searched estimator is one (so an outer cross-validation stratifies). */
  get estimatorType(): string | undefined {
    return isClassifier(this.params.estimator as Estimator) ? 'classifier' : undefined;
  }

  /** Number of features seen by fit (the refitted best estimator's). */
  get nFeaturesIn(): number | null {
    return (this.bestEstimator as { nFeaturesIn?: number | null } | null)?.nFeaturesIn ?? null;
  }

  /** Class labels of the refitted best estimator. */
  get classes(): Tensor | Float64Array | string[] | null {
    return this.bestEstimator?.classes ?? null;
  }

  /** Evaluates every candidate on the same splits, ranks them, and refits the best (unless refit: false). */
  fit(X: ArrayInput, y?: LabelInput, options: { groups?: LabelInput } = {}): this {
    const base = this.params.estimator as Estimator;
    const o = this.params as SearchOptions;
    const n = numSamples(X);
    const splits = makeSplits(checkCv(o.cv, y as LabelInput, isClassifier(base)), X, y as LabelInput, options.groups, n);
    if (splits.length === 0) throw new ValueError(`${this.constructor.name}: cv gave no splits`);
    const multi = o.scoring !== undefined && typeof o.scoring === 'object';
    const scorers: Record<string, Scorer> = multi ? getScorers(o.scoring as MultiScoring) : { score: getScorer(o.scoring as Scoring) };
    const names = Object.keys(scorers);
    const refit = o.refit ?? true;
    if (multi && refit !== false && !(typeof refit === 'string' && names.includes(refit))) {
      throw new ValueError(`${this.constructor.name}: with several metrics, refit must be false or the name of the metric that picks the best candidate (one of ${names.join(', ')}), got ${JSON.stringify(refit)}`);
    }
    const cands = this.candidates();
    if (cands.length === 0) throw new ValueError(`${this.constructor.name}: no candidate parameters to evaluate`);
    const k = splits.length;
    const grid = () => cands.map(() => new Float64Array(k));
    const test: Record<string, Float64Array[]> = {}, train: Record<string, Float64Array[]> = {};
    for (const m of names) { test[m] = grid(); train[m] = grid(); }
    const fitT = grid(), scoreT = grid();
    const failures: Error[] = [];
    cands.forEach((params, c) => {
      const est = base.clone();
      est.setParams(params);
      splits.forEach((s, f) => {
        const r = tryFitAndScore(est, X, y, s.train, s.test, scorers, o.returnTrainScore ?? false, o.errorScore, failures);
        for (const m of names) { test[m][c][f] = r.test[m]; train[m][c][f] = r.train[m] ?? NaN; }
        fitT[c][f] = r.fitTime;
        scoreT[c][f] = r.scoreTime;
      });
    });
    const [meanFitTime, stdFitTime] = meanStd(fitT);
    const [meanScoreTime, stdScoreTime] = meanStd(scoreT);
    reportFitFailures(this.constructor.name, failures, cands.length * k, o.errorScore as number | undefined);
    const res: CVResults = { params: cands, meanFitTime, stdFitTime, meanScoreTime, stdScoreTime };
    for (const p of [...new Set(cands.flatMap((c) => Object.keys(c)))].sort()) res[resultKey('param', p)] = cands.map((c) => c[p]);
    for (const m of names) {
      const sides: ['test' | 'train', Float64Array[]][] = [['test', test[m]]];
      if (o.returnTrainScore) sides.push(['train', train[m]]);
      for (const [side, rows] of sides) {
        const [mean, std] = meanStd(rows);
        res[resultKey(`mean_${side}`, m)] = mean;
        res[resultKey(`std_${side}`, m)] = std;
        if (side === 'test') res[resultKey('rank_test', m)] = rankScores(mean);
        for (let f = 0; f < k; f++) res[resultKey(`split${f}_${side}`, m)] = Float64Array.from(rows, (r) => r[f]);
      }
    }
    const state: Record<string, unknown> = { cvResults: res, nSplits: k, bestIndex: null, bestScore: null, bestParams: null, bestEstimator: null, refitTime: null };
    const pick = multi ? (refit === false ? null : (refit as string)) : 'score';
    if (pick !== null) {
      const rank = res[resultKey('rank_test', pick)] as Int32Array;
      let best = 0;
      rank.forEach((r, i) => { if (r < rank[best]) best = i; });
      Object.assign(state, { bestIndex: best, bestScore: (res[resultKey('mean_test', pick)] as Float64Array)[best], bestParams: { ...cands[best] } });
    }
    if (refit !== false && state.bestParams) {
      const est = base.clone();
      est.setParams(state.bestParams as Params);
      const t0 = performance.now();
      est.fit(X, y);
      Object.assign(state, { refitTime: (performance.now() - t0) / 1000, bestEstimator: est });
    }
    Object.assign(this, state);
    return this;
  }

  private best(method: string): Estimator {
    if ((this.params.refit ?? true) === false) throw new ValueError(`${this.constructor.name}.${method}: only available with refit: true`);
    return checkFitted(this, this.bestEstimator, method);
  }

  private call(method: 'predict' | 'predictProba' | 'decisionFunction' | 'transform', X: ArrayInput): Tensor {
    const est = this.best(method);
    const fn = est[method];
    if (typeof fn !== 'function') throw new ValueError(`${this.constructor.name}.${method}: the best estimator has no ${method}() method`);
    return fn.call(est, X);
  }

  predict(X: ArrayInput): Tensor { return this.call('predict', X); }
  predictProba(X: ArrayInput): Tensor { return this.call('predictProba', X); }
  decisionFunction(X: ArrayInput): Tensor { return this.call('decisionFunction', X); }
  transform(X: ArrayInput): Tensor { return this.call('transform', X); }

  /**
   * The fitted search as JSON: its options, cvResults and the refitted best estimator (saved with
   * its own toJSON). Options that are functions or objects (a custom scorer, a splitter, a
   * distribution) cannot be saved: a ValueError. Loaded, the search's `estimator` is an unfitted
   * clone of the best one.
   */
  toJSON(): SearchJSON {
    const who = `${this.constructor.name}.toJSON`;
    checkFitted(this, this.cvResults, 'toJSON');
    const best = this.bestEstimator;
    if (!best) throw new ValueError(`${who}: a search fitted with refit: false keeps no model to save`);
    const { estimator: _e, ...options } = this.params;
    return {
      type: this.constructor.name as SearchJSON['type'], params: toPlainJSON(options, `${who}: option`) as Params, bestEstimator: saveSub(best, who),
      state: toPlainJSON({ cvResults: this.cvResults, bestIndex: this.bestIndex, bestScore: this.bestScore, bestParams: this.bestParams, refitTime: this.refitTime, nSplits: this.nSplits }, `${who}: result`) as Record<string, unknown>,
    };
  }

  /** The search's scoring of the best estimator on (X, y) (with several metrics, the refit one). */
  score(X: ArrayInput, y?: LabelInput): number {
    const { scoring, refit } = this.params as SearchOptions;
    const scorer = scoring !== undefined && typeof scoring === 'object' ? getScorers(scoring as MultiScoring)[refit as string] : getScorer(scoring as Scoring);
    return scorer(this.best('score'), X, y as ArrayInput);
  }
}

/** A saved search ({@link BaseSearchCV.toJSON}). */
export interface SearchJSON { type: 'GridSearchCV' | 'RandomizedSearchCV'; params: Params; bestEstimator: EstimatorJSON; state: Record<string, unknown> }

/** A search restored from its JSON by `make(estimator, options)`. */
function restoreSearch<T extends BaseSearchCV>(json: SearchJSON, type: SearchJSON['type'], make: (estimator: Estimator, params: Params) => T): T {
  if (json.type !== type) throw new ValueError(`${type}.fromJSON: expected type '${type}', got '${String(json.type)}'`);
  const best = loadSub(json.bestEstimator);
  const search = make(best.clone(), fromPlainJSON(json.params) as Params);
  Object.assign(search, fromPlainJSON(json.state), { bestEstimator: best });
  return search;
}

/**
 * Exhaustive search over a parameter grid by cross-validation (scikit-learn's `GridSearchCV`);
 * candidates in ParameterGrid order (sorted names, last varying fastest), so `cvResults` rows
 * line up with scikit-learn's. Works on any estimator, including a Pipeline (`step__param`).
 *
 * ```ts
 * const gs = new GridSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }, { cv: 5, scoring: 'r2' }).fit(X, y);
 * gs.bestParams; gs.bestScore; gs.predict(Xnew);
 * ```
 */
export class GridSearchCV extends BaseSearchCV {
  constructor(estimator: Estimator, paramGrid: ParamGrid, options: SearchOptions = {}) {
    super({ estimator, paramGrid, ...options });
    parameterGrid(paramGrid); // validate early
  }
  protected candidates(): Params[] {
    return parameterGrid(this.params.paramGrid as ParamGrid);
  }
  override clone(): this {
    const { estimator, paramGrid, ...o } = this.params;
    return new GridSearchCV((estimator as Estimator).clone(), paramGrid as ParamGrid, o) as this;
  }
  /** Restores a search saved by toJSON. */
  static fromJSON(json: SearchJSON): GridSearchCV {
    return restoreSearch(json, 'GridSearchCV', (est, { paramGrid, ...o }) => new GridSearchCV(est, paramGrid as ParamGrid, o));
  }
}

registerEstimator('GridSearchCV', GridSearchCV.fromJSON);

/** Options of RandomizedSearchCV. */
export interface RandomizedSearchOptions extends SearchOptions {
  /** Number of candidates drawn; default 10. */
  nIter?: number;
  /** Seed of the draws; none draws from nabla's global generator. */
  randomState?: number;
}

/**
 * Search over nIter candidates drawn from lists or distributions (scikit-learn's
 * `RandomizedSearchCV`; `uniform`, `logUniform`, `randint` or any `{ rvs(rng) }`).
 */
export class RandomizedSearchCV extends BaseSearchCV {
  constructor(estimator: Estimator, paramDistributions: ParamDistributions, options: RandomizedSearchOptions = {}) {
    super({ estimator, paramDistributions, nIter: 10, ...options });
  }
  protected candidates(): Params[] {
    return parameterSampler(this.params.paramDistributions as ParamDistributions, this.params.nIter as number, this.params.randomState as number | undefined);
  }
  override clone(): this {
    const { estimator, paramDistributions, ...o } = this.params;
    return new RandomizedSearchCV((estimator as Estimator).clone(), paramDistributions as ParamDistributions, o) as this;
  }
  /** Restores a search saved by toJSON. */
  static fromJSON(json: SearchJSON): RandomizedSearchCV {
    return restoreSearch(json, 'RandomizedSearchCV', (est, { paramDistributions, ...o }) => new RandomizedSearchCV(est, paramDistributions as ParamDistributions, o));
  }
}

registerEstimator('RandomizedSearchCV', RandomizedSearchCV.fromJSON);

import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseTransformer, checkFitted, type ArrayInput } from '../base.js';
import { chi2, fClassif, fRegression, type UnivariateScores } from './univariate.js';
import { mutualInfoClassif } from './mutualinfo.js';
import { checkFeatures, readMatrix, values } from './util.js';
import { selectColumns } from './variance.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

/** A univariate scoring function: chi2, fClassif, fRegression, mutualInfoClassif or your own. */
export type ScoreFunc = (X: ArrayInput, y: ArrayInput) => UnivariateScores;

/** The score functions a saved SelectKBest can name. */
const SCORE_FUNCS: Record<string, ScoreFunc> = { chi2, fClassif, fRegression, mutualInfoClassif };

export interface SelectKBestOptions {
  scoreFunc: ScoreFunc;
  /** Features to keep (default 10), or 'all'. */
  k: number | 'all';
}

/**
 * Keeps the k features with the highest scores, scikit-learn's SelectKBest (NaN scores rank
 * lowest; among equal scores the later feature wins, as its stable argsort).
 *
 * ```ts
 * const sel = new preprocessing.SelectKBest({ scoreFunc: preprocessing.chi2, k: 2 }).fit(X, y);
 * sel.scores; sel.pvalues; sel.transform(X);
 * ```
 */
export class SelectKBest extends BaseTransformer<SelectKBestOptions> {
  scores: Tensor | null = null;
  pvalues: Tensor | null = null;
  nFeaturesIn: number | null = null;
  private keep: number[] | null = null;

  constructor(options: Partial<SelectKBestOptions> = {}) {
    super({ scoreFunc: fClassif, k: 10, ...options });
  }

  fit(X: ArrayInput, y?: ArrayInput): this {
    if (y === undefined) throw new ValueError('SelectKBest: fit needs y (the target of the univariate scores)');
    const m = readMatrix(X);
    const { k } = this.params;
    if (k !== 'all' && !(Number.isInteger(k) && k >= 0 && k <= m.cols)) throw new ValueError(`SelectKBest: k should be 'all' or an integer in [0, nFeatures = ${m.cols}]; got ${String(k)}`);
    const res = this.params.scoreFunc(X, y);
    const s = values(res.scores);
    const clean = Array.from(s, (v) => (Number.isNaN(v) ? -Number.MAX_VALUE : v));
    const order = Array.from(clean.keys()).sort((a, b) => clean[a] - clean[b] || a - b);
    const kk = k === 'all' ? m.cols : k;
    this.keep = order.slice(m.cols - kk).sort((a, b) => a - b);
    this.scores = res.scores;
    this.pvalues = res.pvalues;
    this.nFeaturesIn = m.cols;
    return this;
  }

  getSupport(indices = false): boolean[] | number[] {
    const keep = checkFitted(this, this.keep, 'getSupport');
    if (indices) return [...keep];
    const set = new Set(keep);
    return Array.from({ length: this.nFeaturesIn as number }, (_, j) => set.has(j));
  }

  transform(X: ArrayInput): Tensor {
    const keep = checkFitted(this, this.keep, 'transform');
    const m = readMatrix(X);
    checkFeatures(this, this.nFeaturesIn as number, m.cols);
    return selectColumns(m, keep);
  }

  /** The fitted state as JSON (exact round trip through SelectKBest.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    const name = Object.entries(SCORE_FUNCS).find(([, f]) => f === this.params.scoreFunc)?.[0];
    if (!name) throw new ValueError(`SelectKBest.toJSON: a custom scoreFunc cannot be saved; the built-in ones are ${Object.keys(SCORE_FUNCS).join(', ')}`);
    const { scoreFunc: _f, ...params } = this.params;
    return stateToJSON(this, 'nFeaturesIn', { ...params, scoreFunc: name });
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): SelectKBest {
    const p = json.params as { scoreFunc: string; k: number | 'all' };
    const scoreFunc = SCORE_FUNCS[p.scoreFunc];
    if (!scoreFunc) throw new ValueError(`SelectKBest.fromJSON: unknown scoreFunc '${String(p.scoreFunc)}'`);
    const restored = restoreState(new SelectKBest({ ...p, scoreFunc }), json);
    (restored as unknown as { params: SelectKBestOptions }).params = { ...p, scoreFunc };
    return restored;
  }
}

registerEstimator('SelectKBest', SelectKBest.fromJSON);

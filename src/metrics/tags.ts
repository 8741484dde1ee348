/**
 * Metric property tags (as the metric lists of scikit-learn's metrics/tests/test_common.py):
 * what each metric takes and which invariances it has. The shared invariance suite
 * (test/metrics/invariance.test.ts) is driven by this table. Tags describe the default options
 * (e.g. f1Score with average 'binary' is symmetric; with 'weighted' it is not).
 */
import type { Tensor } from '../tensor/tensor.js';
import * as cls from './classification.js';
import * as rank from './ranking.js';
import * as reg from './regression.js';

/** What a metric takes and which invariances it has. */
export interface MetricTags {
  /** Kind of input: hard labels, scores/probabilities, or continuous targets. */
  input: 'labels' | 'scores' | 'probabilities' | 'regression';
  /** f(a, b) = f(b, a). */
  symmetric: boolean;
  /** The second argument is a score or probability (not hard labels). */
  needsProbabilities: boolean;
  /** Accepts an `average` option. */
  supportsAveraging: boolean;
  /** Rejects multiclass targets with a typed error. */
  binaryOnly: boolean;
  /** Accepts [n, nOutputs] regression targets. */
  multioutput: boolean;
  /** Higher is better (a score) rather than lower (a loss). */
  greaterIsBetter: boolean;
  /** Accepts a `sampleWeight` option. */
  sampleWeight: boolean;
  /**
   * Integer weights act exactly as repeated samples (and unit weights as none). False for the
   * median, whose weighted form takes the lower middle value on ties of the weight CDF.
   */
  weightsAreRepeats: boolean;
}

/** A metric as the suite calls it: (yTrue, yPredOrScore, options) → number or Tensor. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MetricFn = (a: any, b: any, options?: any) => number | Tensor;

const t = (o: Partial<MetricTags> & Pick<MetricTags, 'input'>): MetricTags => ({
  symmetric: false, needsProbabilities: o.input === 'scores' || o.input === 'probabilities', supportsAveraging: false,
  binaryOnly: false, multioutput: false, greaterIsBetter: true, sampleWeight: true, weightsAreRepeats: o.sampleWeight ?? true, ...o,
});

/** Each exported scalar metric with its tags. */
export const METRICS: Record<string, { fn: MetricFn; tags: MetricTags }> = {
  accuracyScore: { fn: cls.accuracyScore, tags: t({ input: 'labels', symmetric: true }) },
  balancedAccuracyScore: { fn: cls.balancedAccuracyScore, tags: t({ input: 'labels' }) },
  precisionScore: { fn: cls.precisionScore, tags: t({ input: 'labels', supportsAveraging: true }) },
  recallScore: { fn: cls.recallScore, tags: t({ input: 'labels', supportsAveraging: true }) },
  specificityScore: { fn: cls.specificityScore, tags: t({ input: 'labels', supportsAveraging: true }) },
  f1Score: { fn: cls.f1Score, tags: t({ input: 'labels', supportsAveraging: true, symmetric: true }) },
  matthewsCorrcoef: { fn: cls.matthewsCorrcoef, tags: t({ input: 'labels', symmetric: true }) },
  cohenKappaScore: { fn: cls.cohenKappaScore, tags: t({ input: 'labels', symmetric: true }) },
  logLoss: { fn: cls.logLoss, tags: t({ input: 'probabilities', greaterIsBetter: false }) },
  hingeLoss: { fn: cls.hingeLoss, tags: t({ input: 'scores', greaterIsBetter: false }) },
  brierScoreLoss: { fn: cls.brierScoreLoss, tags: t({ input: 'probabilities', binaryOnly: true, greaterIsBetter: false }) },
  rocAucScore: { fn: rank.rocAucScore, tags: t({ input: 'scores', supportsAveraging: true }) },
  averagePrecisionScore: { fn: rank.averagePrecisionScore, tags: t({ input: 'scores', supportsAveraging: true, binaryOnly: true }) },
  topKAccuracyScore: { fn: rank.topKAccuracyScore, tags: t({ input: 'scores' }) },
  meanSquaredError: { fn: reg.meanSquaredError, tags: t({ input: 'regression', symmetric: true, multioutput: true, greaterIsBetter: false }) },
  rootMeanSquaredError: { fn: reg.rootMeanSquaredError, tags: t({ input: 'regression', symmetric: true, multioutput: true, greaterIsBetter: false }) },
  meanAbsoluteError: { fn: reg.meanAbsoluteError, tags: t({ input: 'regression', symmetric: true, multioutput: true, greaterIsBetter: false }) },
  medianAbsoluteError: { fn: reg.medianAbsoluteError, tags: t({ input: 'regression', symmetric: true, multioutput: true, greaterIsBetter: false, weightsAreRepeats: false }) },
  meanAbsolutePercentageError: { fn: reg.meanAbsolutePercentageError, tags: t({ input: 'regression', multioutput: true, greaterIsBetter: false }) },
  meanSquaredLogError: { fn: reg.meanSquaredLogError, tags: t({ input: 'regression', symmetric: true, multioutput: true, greaterIsBetter: false }) },
  r2Score: { fn: reg.r2Score, tags: t({ input: 'regression', multioutput: true }) },
  explainedVarianceScore: { fn: reg.explainedVarianceScore, tags: t({ input: 'regression', multioutput: true }) },
  maxError: { fn: reg.maxError, tags: t({ input: 'regression', symmetric: true, greaterIsBetter: false, sampleWeight: false }) },
};

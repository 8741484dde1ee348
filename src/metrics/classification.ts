/**
 * Classification metrics on hard labels: accuracy, balanced accuracy, Matthews correlation and
 * Cohen's kappa. The set-wise metrics (precision, recall, F, specificity) live in prf.ts, the
 * confusion matrices in confusion.ts, the report in report.ts and the probabilistic losses in
 * probabilistic.ts; all are re-exported here.
 */
import { ValueError } from '../tensor/errors.js';
import { confusionMatrix } from './confusion.js';
import {
  checkOption, checkTargets, readWeights, warnOnce, weightedSum,
  type LabelInput, type NumericInput,
} from './util.js';

export { confusionMatrix, multilabelConfusionMatrix, typeErrorCounts, type ConfusionMatrixOptions, type TypeErrorCounts } from './confusion.js';
export {
  precisionScore, recallScore, sensitivityScore, specificityScore, f1Score, fbetaScore, precisionRecallFscoreSupport,
  type Average, type ZeroDivision, type SetwiseOptions, type FbetaOptions, type PRFS,
} from './prf.js';
export { classificationReport, type ClassificationReportOptions, type ReportDict } from './report.js';
export { logLoss, hingeLoss, brierScoreLoss } from './probabilistic.js';

function matrixOf(yTrue: LabelInput, yPred: LabelInput, sampleWeight: NumericInput | null | undefined, labels?: LabelInput | null): { c: Float64Array; k: number } {
  const cm = confusionMatrix(yTrue, yPred, { sampleWeight, labels });
  return { c: Float64Array.from(cm.dataSync()), k: cm.shape[0] };
}

/**
 * The fraction (or, with `normalize: false`, the weighted count) of samples whose predicted
 * label equals the true one; for multilabel indicators, the whole row must match (subset accuracy).
 *
 * @example
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5
 */
export function accuracyScore(yTrue: LabelInput, yPred: LabelInput, options: { normalize?: boolean; sampleWeight?: NumericInput | null } = {}): number {
  const pair = checkTargets(yTrue, yPred);
  const w = readWeights(options.sampleWeight, pair.n);
  const hit = new Float64Array(pair.n);
  if (pair.type === 'multilabel-indicator') {
    const a = pair.yTrue.matrix!.data, b = pair.yPred.matrix!.data, m = pair.yTrue.matrix!.shape[1];
    for (let i = 0; i < pair.n; i++) {
      let same = 1;
      for (let j = 0; j < m; j++) if (a[i * m + j] !== b[i * m + j]) { same = 0; break; }
      hit[i] = same;
    }
  } else {
    const a = pair.yTrue.labels!, b = pair.yPred.labels!;
    for (let i = 0; i < pair.n; i++) hit[i] = a[i] === b[i] ? 1 : 0;
  }
  return weightedSum(hit, w, options.normalize ?? true);
}

/**
 * The mean of the per-class recalls (classes absent from yTrue are left out, with a warning);
 * `adjusted` rescales so that chance scores 0 and perfect scores 1.
 */
export function balancedAccuracyScore(yTrue: LabelInput, yPred: LabelInput, options: { sampleWeight?: NumericInput | null; adjusted?: boolean } = {}): number {
  const { c, k } = matrixOf(yTrue, yPred, options.sampleWeight);
  const perClass: number[] = [];
  for (let i = 0; i < k; i++) {
    let row = 0;
    for (let j = 0; j < k; j++) row += c[i * k + j];
    if (row === 0) { warnOnce('balancedAccuracyScore: yPred contains classes not in yTrue'); continue; }
    perClass.push(c[i * k + i] / row);
  }
  let score = perClass.reduce((a, b) => a + b, 0) / perClass.length;
  if (options.adjusted) {
    const chance = 1 / perClass.length;
    score = (score - chance) / (1 - chance);
  }
  return score;
}

/**
 * The Matthews correlation coefficient (binary and multiclass): +1 perfect, 0 chance, −1
 * inverse; 0 when a marginal is constant.
 */
export function matthewsCorrcoef(yTrue: LabelInput, yPred: LabelInput, options: { sampleWeight?: NumericInput | null } = {}): number {
  const pair = checkTargets(yTrue, yPred);
  if (pair.type === 'multilabel-indicator') throw new ValueError('matthewsCorrcoef: multilabel-indicator targets are not supported (yTrue)');
  const { c, k } = matrixOf(yTrue, yPred, options.sampleWeight);
  const t = new Float64Array(k), p = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < k; i++) {
    correct += c[i * k + i];
    for (let j = 0; j < k; j++) { t[i] += c[i * k + j]; p[j] += c[i * k + j]; }
  }
  const n = p.reduce((a, b) => a + b, 0);
  let tp = 0, pp = 0, tt = 0;
  for (let i = 0; i < k; i++) { tp += t[i] * p[i]; pp += p[i] * p[i]; tt += t[i] * t[i]; }
  const covTP = correct * n - tp, covPP = n * n - pp, covTT = n * n - tt;
  if (covPP * covTT === 0) return 0;
  return covTP / Math.sqrt(covTT * covPP);
}

/**
 * Cohen's kappa, the agreement of two annotators beyond chance: 1 − Σ w·O / Σ w·E, with
 * unweighted (0/1), 'linear' |i − j| or 'quadratic' (i − j)² disagreement weights.
 */
export function cohenKappaScore(y1: LabelInput, y2: LabelInput, options: { labels?: LabelInput | null; weights?: 'linear' | 'quadratic' | null; sampleWeight?: NumericInput | null } = {}): number {
  const weights = checkOption(options.weights ?? null, ['linear', 'quadratic', null], 'weights');
  checkTargets(y1, y2, ['y1', 'y2']);
  const { c, k } = matrixOf(y1, y2, options.sampleWeight, options.labels);
  const s0 = new Float64Array(k), s1 = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) { s0[j] += c[i * k + j]; s1[i] += c[i * k + j]; }
  const total = s0.reduce((a, b) => a + b, 0);
  let num = 0, den = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weights === null ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) ** 2;
      num += w * c[i * k + j];
      den += (w * s0[i] * s1[j]) / total; // expected = outer(sum0, sum1) / total
    }
  }
  return 1 - num / den;
}

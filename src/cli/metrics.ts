import { rocAucScore } from '../metrics/ranking.js';
import { r2Score } from '../metrics/regression.js';
import type { Task } from './models.js';

/** Metric name → value. */
export type Scores = Record<string, number>;

/**
 * Classification scores from class indices (-1 = a label the model never saw): accuracy, F1 macro
 * over the true and predicted classes, and ROC-AUC when binary with probabilities.
 */
export function classificationScores(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, proba: Float64Array | null, nClasses: number): Scores {
  const n = yTrue.length;
  let correct = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) correct++;
  const labels = [...new Set([...Array.from(yTrue), ...Array.from(yPred)])];
  const f1s = labels.map((c) => {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < n; i++) {
      if (yPred[i] === c && yTrue[i] === c) tp++;
      else if (yPred[i] === c) fp++;
      else if (yTrue[i] === c) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const out: Scores = { accuracy: correct / n, f1Macro: f1s.reduce((a, b) => a + b, 0) / f1s.length };
  if (nClasses === 2 && proba && Array.from(yTrue).every((v) => v === 0 || v === 1) && new Set(Array.from(yTrue)).size === 2) {
    const score = Float64Array.from({ length: n }, (_, i) => proba[i * 2 + 1]);
    out.rocAuc = rocAucScore(Float64Array.from(yTrue), score);
  }
  return out;
}

/** Regression scores: R², RMSE, MAE. */
export function regressionScores(yTrue: Float64Array, yPred: Float64Array): Scores {
  const n = yTrue.length;
  let se = 0, ae = 0;
  for (let i = 0; i < n; i++) { const d = yTrue[i] - yPred[i]; se += d * d; ae += Math.abs(d); }
  return { r2: r2Score(yTrue, yPred), rmse: Math.sqrt(se / n), mae: ae / n };
}

/** Confusion matrix [true][predicted] over class indices 0..k-1 (unseen labels are left out). */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] >= 0 && yPred[i] >= 0) m[yTrue[i]][yPred[i]]++;
  return m;
}

/** Residual summary (y − ŷ): mean, std and quantiles. */
export function residualSummary(yTrue: Float64Array, yPred: Float64Array): Scores {
  const r = Float64Array.from(yTrue, (v, i) => v - yPred[i]).sort();
  const q = (p: number): number => { const x = p * (r.length - 1); const lo = Math.floor(x); return r[lo] + (r[Math.min(lo + 1, r.length - 1)] - r[lo]) * (x - lo); };
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const std = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / r.length);
  return { mean, std, min: r[0], q25: q(0.25), median: q(0.5), q75: q(0.75), max: r[r.length - 1] };
}

/** The metric that ranks models (higher is better). */
export function primaryMetric(task: Task): string {
  return task === 'classification' ? 'accuracy' : 'r2';
}

/** Mean and (population) standard deviation of per-fold scores. */
export function summarise(folds: Scores[]): Record<string, { mean: number; std: number; folds: number[] }> {
  const out: Record<string, { mean: number; std: number; folds: number[] }> = {};
  for (const k of Object.keys(folds[0] ?? {})) {
    const v = folds.map((f) => f[k]).filter((x) => x !== undefined);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    out[k] = { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length), folds: v };
  }
  return out;
}

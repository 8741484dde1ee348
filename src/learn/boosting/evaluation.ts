import { ValueError } from '../../tensor/errors.js';

/** Validation metrics for early stopping (XGBoost's eval_metric names). */
export type EvalMetric = 'logloss' | 'mlogloss' | 'auc' | 'rmse' | 'mae' | 'error' | 'merror' | 'poisson-nloglik';

/** Whether a larger value of the metric is better. */
export function maximises(metric: EvalMetric): boolean {
  return metric === 'auc';
}

/**
 * The metric of predictions `pred` (probabilities [n] or [n, k] for classification, values for
 * regression) against targets y (class indices for classification).
 */
export function evaluate(metric: EvalMetric, y: Float64Array, pred: Float64Array, k: number): number {
  const n = y.length;
  const eps = 1e-15;
  let s = 0;
  switch (metric) {
    case 'logloss':
      for (let i = 0; i < n; i++) { const q = Math.min(1 - eps, Math.max(eps, pred[i])); s -= y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q); }
      return s / n;
    case 'mlogloss':
      for (let i = 0; i < n; i++) s -= Math.log(Math.max(eps, pred[i * k + y[i]]));
      return s / n;
    case 'error':
      for (let i = 0; i < n; i++) s += (pred[i] > 0.5 ? 1 : 0) !== y[i] ? 1 : 0;
      return s / n;
    case 'merror':
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (pred[i * k + c] > pred[i * k + best]) best = c;
        s += best !== y[i] ? 1 : 0;
      }
      return s / n;
    case 'rmse':
      for (let i = 0; i < n; i++) s += (pred[i] - y[i]) ** 2;
      return Math.sqrt(s / n);
    case 'mae':
      for (let i = 0; i < n; i++) s += Math.abs(pred[i] - y[i]);
      return s / n;
    case 'poisson-nloglik':
      for (let i = 0; i < n; i++) s += pred[i] - y[i] * Math.log(Math.max(pred[i], eps));
      return s / n;
    case 'auc':
      return binaryAuc(y, pred);
    default:
      throw new ValueError(`evalMetric: expected one of logloss, mlogloss, auc, rmse, mae, error, merror, poisson-nloglik, got ${String(metric)}`);
  }
}

/** Area under the ROC curve of scores for labels 0/1 (ties count one half). */
export function binaryAuc(y: Float64Array, score: Float64Array): number {
  const n = y.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let pos = 0, rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && score[idx[j]] === score[idx[i]]) j++;
    const rank = (i + j + 1) / 2;
    for (let t = i; t < j; t++) if (y[idx[t]] === 1) { pos++; rankSum += rank; }
    i = j;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

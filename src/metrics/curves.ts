/**
 * Threshold curves of a binary scorer: ROC, precision-recall and DET, built on the cumulative
 * true/false positive counts at each distinct score (scikit-learn's `_binary_clf_curve`; ties in
 * the scores share one threshold).
 */
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { argsort } from '../ops/sort.js';
import { ValueError } from '../tensor/errors.js';
import { checkLength, f64, readTarget, readVector, readWeights, sortLabels, warnOnce, type Label, type LabelInput, type NumericInput } from './util.js';

/** Cumulative counts at each distinct score, highest first. */
export interface ClfCounts { fps: Float64Array; tps: Float64Array; thresholds: Float64Array }

/** The positive label as scikit-learn's `_check_pos_label_consistency`: 1 for {0,1}/{−1,1} targets, else required. */
export function resolvePosLabel(pos: Label | null | undefined, y: readonly Label[], name = 'yTrue'): Label {
  if (pos !== null && pos !== undefined) return pos;
  const classes = sortLabels(y, name);
  const ok = classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1);
  if (!ok) throw new ValueError(`posLabel: ${name} takes values in {${classes.map((c) => JSON.stringify(c)).join(', ')}} and posLabel is not specified: either make ${name} take values in {0, 1} or {-1, 1} or pass posLabel explicitly`);
  return 1;
}

/**
 * False and true positive (weighted) counts when predicting positive for scores ≥ each distinct
 * threshold, thresholds decreasing. Zero-weight samples are dropped first, as scikit-learn does.
 */
export function binaryClfCurve(yTrue: LabelInput, yScore: NumericInput, posLabel?: Label | null, sampleWeight?: NumericInput | null, scoreName = 'yScore'): ClfCounts {
  const t = readTarget(yTrue, 'yTrue');
  if (t.labels === null) throw new ValueError(`yTrue: ${t.type} targets are not supported; expected a binary 1-D label vector`);
  if (!(t.type === 'binary' || (t.type === 'multiclass' && posLabel !== null && posLabel !== undefined))) throw new ValueError(`yTrue: ${t.type} format is not supported (a binary target is needed, or give posLabel)`);
  const s = readVector(yScore, scoreName);
  checkLength(t.labels.length, s.length, 'yTrue', scoreName);
  const w0 = readWeights(sampleWeight, s.length);
  let y = t.labels;
  let score = s;
  let w = w0;
  if (w0) {
    const keep: number[] = [];
    for (let i = 0; i < w0.length; i++) if (w0[i] !== 0) keep.push(i);
    y = keep.map((i) => t.labels![i]);
    score = Float64Array.from(keep, (i) => s[i]);
    w = Float64Array.from(keep, (i) => w0[i]);
  }
  const pos = resolvePosLabel(posLabel, y);
  const n = score.length;
  // Stable ascending sort (the engine's kernel), then reversed: numpy's argsort(kind='mergesort')[::-1].
  const order = Int32Array.from(argsort(tensor(score, { dtype: 'float64' }), 0).dataSync()).reverse();
  const fpsL: number[] = [], tpsL: number[] = [], thL: number[] = [];
  let tp = 0, fp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    const wi = w ? w[i] : 1;
    if (y[i] === pos) tp += wi; else fp += wi;
    if (r === n - 1 || score[order[r + 1]] !== score[i]) { tpsL.push(tp); fpsL.push(w ? fp : r + 1 - tp); thL.push(score[i]); }
  }
  return { fps: Float64Array.from(fpsL), tps: Float64Array.from(tpsL), thresholds: Float64Array.from(thL) };
}

/** A ROC curve: false/true positive rates at decreasing thresholds (float64 Tensors). */
export interface RocCurve { fpr: Tensor; tpr: Tensor; thresholds: Tensor }
/** Options of the curves. */
export interface CurveOptions { posLabel?: Label | null; sampleWeight?: NumericInput | null }

/** ROC points as plain arrays (used by rocAucScore). */
export function rocPoints(yTrue: LabelInput, yScore: NumericInput, o: CurveOptions & { dropIntermediate?: boolean } = {}): { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array } {
  let { fps, tps, thresholds } = binaryClfCurve(yTrue, yScore, o.posLabel, o.sampleWeight);
  if ((o.dropIntermediate ?? true) && fps.length > 2) {
    // Keep the corners: points where the second difference of fps or tps is non-zero.
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      // np.diff(x, 2) = (x[i+1] − x[i]) − (x[i] − x[i−1]), in that order (weighted counts are floats).
      if ((fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]) !== 0 || (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]) !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => fps[i]);
    tps = Float64Array.from(keep, (i) => tps[i]);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m), tpr = new Float64Array(m), th = new Float64Array(m);
  // scikit-learn 1.2: the first threshold is max(score) + 1 (1.3+ uses +inf).
  th[0] = thresholds[0] + 1;
  th.set(thresholds, 1);
  const fTot = fps[fps.length - 1], tTot = tps[tps.length - 1];
  if (!(fTot > 0)) warnOnce('rocCurve: no negative samples in yTrue, false positive value should be meaningless');
  if (!(tTot > 0)) warnOnce('rocCurve: no positive samples in yTrue, true positive value should be meaningless');
  for (let i = 1; i < m; i++) {
    fpr[i] = fTot > 0 ? fps[i - 1] / fTot : NaN;
    tpr[i] = tTot > 0 ? tps[i - 1] / tTot : NaN;
  }
  if (!(fTot > 0)) fpr[0] = NaN;
  if (!(tTot > 0)) tpr[0] = NaN;
  return { fpr, tpr, thresholds: th };
}

/**
 * The receiver operating characteristic: fpr and tpr when predicting positive for scores ≥ each
 * threshold. The first point is (0, 0) at threshold max(score) + 1 (as the installed
 * scikit-learn 1.2); `dropIntermediate` (default true) drops points on straight segments.
 *
 * @example
 * const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 */
export function rocCurve(yTrue: LabelInput, yScore: NumericInput, options: CurveOptions & { dropIntermediate?: boolean } = {}): RocCurve {
  const r = rocPoints(yTrue, yScore, options);
  return { fpr: f64(r.fpr), tpr: f64(r.tpr), thresholds: f64(r.thresholds) };
}

/** Precision-recall points as plain arrays (used by averagePrecisionScore). */
export function prPoints(yTrue: LabelInput, probasPred: NumericInput, o: CurveOptions = {}): { precision: Float64Array; recall: Float64Array; thresholds: Float64Array } {
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, probasPred, o.posLabel, o.sampleWeight, 'probasPred');
  const m = tps.length;
  const precision = new Float64Array(m + 1), recall = new Float64Array(m + 1);
  const tTot = tps[m - 1];
  if (tTot === 0) warnOnce('precisionRecallCurve: no positive class found in yTrue, recall is set to one for all thresholds');
  for (let i = 0; i < m; i++) {
    const ps = tps[i] + fps[i];
    precision[m - 1 - i] = ps !== 0 ? tps[i] / ps : 0;
    recall[m - 1 - i] = tTot === 0 ? 1 : tps[i] / tTot;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: thresholds.slice().reverse() };
}

/**
 * Precision and recall at increasing thresholds, ending at (precision 1, recall 0) with no
 * threshold (so `thresholds` has one element fewer), as scikit-learn 1.2.
 */
export function precisionRecallCurve(yTrue: LabelInput, probasPred: NumericInput, options: CurveOptions = {}): { precision: Tensor; recall: Tensor; thresholds: Tensor } {
  const r = prPoints(yTrue, probasPred, options);
  return { precision: f64(r.precision), recall: f64(r.recall), thresholds: f64(r.thresholds) };
}

/**
 * The detection error tradeoff curve: false positive and false negative rates at increasing
 * thresholds, trimmed to the informative range, as scikit-learn's `det_curve`.
 */
export function detCurve(yTrue: LabelInput, yScore: NumericInput, options: CurveOptions = {}): { fpr: Tensor; fnr: Tensor; thresholds: Tensor } {
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, yScore, options.posLabel, options.sampleWeight);
  const t = readTarget(yTrue, 'yTrue');
  if (new Set(t.labels).size !== 2) throw new ValueError('yTrue: only one class present; the detection error tradeoff curve is not defined in that case');
  const m = tps.length;
  const pCount = tps[m - 1], nCount = fps[m - 1];
  // first: the last index whose fps equals fps[0]; last: the first index reaching all positives.
  let first = 0;
  while (first + 1 < m && fps[first + 1] <= fps[0]) first++;
  let last = 0;
  while (last < m && tps[last] < pCount) last++;
  last = Math.min(last + 1, m);
  const fpr: number[] = [], fnr: number[] = [], th: number[] = [];
  for (let i = last - 1; i >= first; i--) {
    fpr.push(fps[i] / nCount);
    fnr.push((pCount - tps[i]) / pCount);
    th.push(thresholds[i]);
  }
  return { fpr: f64(fpr), fnr: f64(fnr), thresholds: f64(th) };
}

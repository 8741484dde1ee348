/**
 * Confusion matrices: the multiclass matrix, the per-label 2×2 matrices the set-wise metrics
 * (precision, recall, F) are built from, and binary Type I / Type II error counts.
 */
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { reshape } from '../ops/movement.js';
import { ValueError } from '../tensor/errors.js';
import {
  checkOption, checkTargets, f64, labelIndex, readLabelsOption, readWeights, uniqueLabels,
  type Label, type LabelInput, type NumericInput, type TargetPair,
} from './util.js';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** The labels indexing the rows and columns (default: the sorted labels present). */
  labels?: LabelInput | null;
  sampleWeight?: NumericInput | null;
  /** Divide by the row sums ('true'), column sums ('pred') or the total ('all'). */
  normalize?: 'true' | 'pred' | 'all' | null;
}

/**
 * The confusion matrix C[i, j]: (weighted) count of samples of true class i predicted as j.
 * Integer counts come back as an int32 Tensor; weighted or normalized ones as float64.
 *
 * @example
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]).toArray(); // [[2,0,0],[0,0,1],[1,0,2]]
 */
export function confusionMatrix(yTrue: LabelInput, yPred: LabelInput, options: ConfusionMatrixOptions = {}): Tensor {
  const pair = checkTargets(yTrue, yPred);
  if (pair.type === 'multilabel-indicator') throw new ValueError('confusionMatrix: multilabel-indicator targets are not supported; use multilabelConfusionMatrix');
  const normalize = checkOption(options.normalize ?? null, ['true', 'pred', 'all', null], 'normalize');
  const w = readWeights(options.sampleWeight, pair.n);
  let labels = readLabelsOption(options.labels);
  const yt = pair.yTrue.labels as Label[];
  const yp = pair.yPred.labels as Label[];
  if (labels === null) labels = uniqueLabels(pair.yTrue, pair.yPred);
  else if (pair.n > 0 && !yt.some((l) => (labels as Label[]).includes(l))) throw new ValueError('labels: at least one label specified must be in yTrue');
  const k = labels.length;
  const idx = labelIndex(labels);
  const cm = new Float64Array(k * k);
  for (let i = 0; i < pair.n; i++) {
    const a = idx.get(yt[i]);
    const b = idx.get(yp[i]);
    if (a === undefined || b === undefined) continue; // samples outside `labels` are dropped
    cm[a * k + b] += w ? w[i] : 1;
  }
  if (normalize !== null) {
    const div = (v: number, d: number): number => (d === 0 ? 0 : v / d); // nan_to_num as sklearn
    if (normalize === 'all') {
      let s = 0;
      for (const v of cm) s += v;
      for (let i = 0; i < cm.length; i++) cm[i] = div(cm[i], s);
    } else {
      const sums = new Float64Array(k);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sums[normalize === 'true' ? i : j] += cm[i * k + j];
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) cm[i * k + j] = div(cm[i * k + j], sums[normalize === 'true' ? i : j]);
    }
  }
  // [k, k]
  if (w === null && normalize === null) return reshape(tensor(Int32Array.from(cm), { dtype: 'int32' }), [k, k]);
  return f64(cm, [k, k]);
}

/** Per-label sufficient statistics: true positives, predicted and true (weighted) counts, totals. */
export interface LabelCounts { tp: Float64Array; pred: Float64Array; true: Float64Array; tn: Float64Array; labels: Label[] }

/**
 * The statistics behind scikit-learn's `multilabel_confusion_matrix`: per label (or per sample
 * when `samplewise`, multilabel only). `labels` keeps the user's order; absent labels count zero.
 */
export function labelCounts(pair: TargetPair, w: Float64Array | null, labelsOpt: Label[] | null, samplewise = false): LabelCounts {
  const present = uniqueLabels(pair.yTrue, pair.yPred);
  const labels = labelsOpt ?? present;
  if (pair.type !== 'multilabel-indicator') {
    if (samplewise) throw new ValueError("average: 'samples' is only available for multilabel (indicator) targets");
    const k = labels.length;
    const idx = labelIndex(labels);
    const tp = new Float64Array(k), pred = new Float64Array(k), tru = new Float64Array(k);
    const yt = pair.yTrue.labels as Label[];
    const yp = pair.yPred.labels as Label[];
    let total = 0;
    for (let i = 0; i < pair.n; i++) {
      const wi = w ? w[i] : 1;
      total += wi;
      const a = idx.get(yt[i]);
      const b = idx.get(yp[i]);
      if (a !== undefined) tru[a] += wi;
      if (b !== undefined) pred[b] += wi;
      if (a !== undefined && yt[i] === yp[i]) tp[a] += wi;
    }
    const tn = tp.map((t, j) => total - t - (pred[j] - t) - (tru[j] - t));
    return { tp, pred, true: tru, tn, labels };
  }
  const mt = pair.yTrue.matrix!, mp = pair.yPred.matrix!;
  const m = mt.shape[1];
  const cols = labels.map((l) => {
    if (typeof l !== 'number' || !Number.isInteger(l) || l < 0 || l >= m) throw new ValueError(`labels: all labels must be in [0, ${m}) for multilabel targets, got ${JSON.stringify(l)}`);
    return l;
  });
  const size = samplewise ? pair.n : cols.length;
  const tp = new Float64Array(size), pred = new Float64Array(size), tru = new Float64Array(size), tn = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < pair.n; i++) {
    const wi = w ? w[i] : 1;
    total += wi;
    cols.forEach((c, j) => {
      const t = mt.data[i * m + c], p = mp.data[i * m + c];
      const o = samplewise ? i : j;
      if (t) tru[o] += wi;
      if (p) pred[o] += wi;
      if (t && p) tp[o] += wi;
    });
  }
  for (let o = 0; o < size; o++) {
    const base = samplewise ? (w ? w[o] : 1) * cols.length : total;
    tn[o] = base - tp[o] - (pred[o] - tp[o]) - (tru[o] - tp[o]);
  }
  return { tp, pred, true: tru, tn, labels };
}

/** Options of {@link multilabelConfusionMatrix}. */
export interface MultilabelConfusionOptions { labels?: LabelInput | null; sampleWeight?: NumericInput | null; samplewise?: boolean }

/**
 * One-vs-rest 2×2 confusion matrices [[tn, fp], [fn, tp]] per label, shape [nLabels, 2, 2]
 * (per sample with `samplewise`, multilabel only), as scikit-learn's `multilabel_confusion_matrix`.
 */
export function multilabelConfusionMatrix(yTrue: LabelInput, yPred: LabelInput, options: MultilabelConfusionOptions = {}): Tensor {
  const pair = checkTargets(yTrue, yPred);
  const w = readWeights(options.sampleWeight, pair.n);
  const c = labelCounts(pair, w, readLabelsOption(options.labels), options.samplewise ?? false);
  const out = new Float64Array(c.tp.length * 4);
  for (let j = 0; j < c.tp.length; j++) out.set([c.tn[j], c.pred[j] - c.tp[j], c.true[j] - c.tp[j], c.tp[j]], j * 4);
  // [nLabels, 2, 2]
  return f64(out, [c.tp.length, 2, 2]);
}

/** Type I (false positive) and Type II (false negative) error counts of a binary problem. */
export interface TypeErrorCounts { typeI: number; typeII: number }

/**
 * The number of Type I errors (false positives) and Type II errors (false negatives) for the
 * positive class `posLabel` (default 1) of a binary problem; weighted when `sampleWeight` is given.
 */
export function typeErrorCounts(yTrue: LabelInput, yPred: LabelInput, options: { posLabel?: Label; sampleWeight?: NumericInput | null } = {}): TypeErrorCounts {
  const pair = checkTargets(yTrue, yPred);
  if (pair.type !== 'binary') throw new ValueError(`typeErrorCounts: expected a binary problem, got ${pair.type} targets (yTrue)`);
  const pos = options.posLabel ?? 1;
  const w = readWeights(options.sampleWeight, pair.n);
  const present = uniqueLabels(pair.yTrue, pair.yPred);
  if (present.length === 2 && !present.includes(pos)) throw new ValueError(`posLabel: ${JSON.stringify(pos)} is not a valid label; it should be one of ${JSON.stringify(present)}`);
  const c = labelCounts(pair, w, [pos]);
  return { typeI: c.pred[0] - c.tp[0], typeII: c.true[0] - c.tp[0] };
}

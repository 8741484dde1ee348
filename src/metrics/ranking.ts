/**
 * Ranking metrics on scores: area under the ROC curve (binary, multiclass one-vs-rest and
 * one-vs-one, multilabel, partial AUC), average precision, top-k accuracy, and the trapezoidal
 * `auc`. The curves themselves are in curves.ts and re-exported here.
 */
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { argsort } from '../ops/sort.js';
import { reshape } from '../ops/movement.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { prPoints, rocPoints } from './curves.js';
import {
  checkLength, checkOption, f64, labelIndex, readLabelsOption, readNumeric, readTarget, readWeights, sortLabels, warnOnce, weightedSum,
  type Label, type LabelInput, type Numeric, type NumericInput,
} from './util.js';

export { rocCurve, precisionRecallCurve, detCurve, binaryClfCurve, type RocCurve, type CurveOptions } from './curves.js';

/** Area under a curve by the trapezoidal rule; x must be monotonic (either direction). */
export function auc(x: NumericInput, y: NumericInput): number {
  const xs = readNumeric(x, 'x').data, ys = readNumeric(y, 'y').data;
  checkLength(xs.length, ys.length, 'x', 'y');
  if (xs.length < 2) throw new ValueError(`x: at least 2 points are needed to compute area under curve, got ${xs.length}`);
  return trapz(xs, ys);
}

function trapz(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  let dir = 1;
  let dec = false, inc = false;
  for (let i = 1; i < xs.length; i++) { if (xs[i] < xs[i - 1]) dec = true; if (xs[i] > xs[i - 1]) inc = true; }
  if (dec) { if (inc) throw new ValueError('x: is neither increasing nor decreasing'); dir = -1; }
  let a = 0;
  for (let i = 1; i < xs.length; i++) a += ((xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1])) / 2;
  return dir * a;
}

type BinaryMetric = (y: Label[], s: Float64Array, w: Float64Array | null) => number;

function binaryRocAuc(maxFpr: number | null): BinaryMetric {
  return (y, s, w) => {
    if (new Set(y).size !== 2) throw new ValueError('yTrue: only one class present; ROC AUC score is not defined in that case');
    const { fpr, tpr } = rocPoints(y as number[], s, { sampleWeight: w });
    if (maxFpr === null || maxFpr === 1) return trapz(fpr, tpr);
    if (!(maxFpr > 0 && maxFpr <= 1)) throw new ValueError(`maxFpr: expected a value in (0, 1], got ${maxFpr}`);
    let stop = 0;
    while (stop < fpr.length && fpr[stop] <= maxFpr) stop++;
    const x0 = fpr[stop - 1], x1 = fpr[stop], y0 = tpr[stop - 1], y1 = tpr[stop];
    const xs = [...fpr.slice(0, stop), maxFpr];
    const ys = [...tpr.slice(0, stop), y0 + ((y1 - y0) / (x1 - x0)) * (maxFpr - x0)];
    const partial = trapz(xs, ys);
    const minArea = 0.5 * maxFpr ** 2, maxArea = maxFpr;
    // McClish correction: 0.5 for a chance curve, 1 for a perfect one.
    return 0.5 * (1 + (partial - minArea) / (maxArea - minArea));
  };
}

/** Averaging over labels of the score-based metrics. */
export type BinaryAverage = 'micro' | 'macro' | 'weighted' | 'samples' | null;

/** scikit-learn's `_average_binary_score` over the columns of indicator/score matrices. */
function averageBinary(metric: BinaryMetric, Y: Numeric, S: Numeric, average: BinaryAverage, w: Float64Array | null): number | Tensor {
  const [n, m] = Y.shape;
  if (S.shape.length !== 2 || S.shape[0] !== n || S.shape[1] !== m) throw new ShapeError(`yScore: expected shape [${n}, ${m}] like yTrue, got ${fmtShape(S.shape)}`);
  if (average === 'micro') return metric(Array.from(Y.data), S.data, w ? Float64Array.from({ length: n * m }, (_, i) => w[Math.floor(i / m)]) : null);
  let avgWeight: Float64Array | null = null;
  let scoreWeight = w;
  if (average === 'weighted') {
    avgWeight = new Float64Array(m);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) avgWeight[j] += Y.data[i * m + j] * (w ? w[i] : 1);
    if (Math.abs(avgWeight.reduce((a, b) => a + b, 0)) <= 1e-8) return 0;
  }
  const bySample = average === 'samples';
  if (bySample) { avgWeight = w; scoreWeight = null; }
  const count = bySample ? n : m;
  const scores = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    const yc: Label[] = [];
    const sc = new Float64Array(bySample ? m : n);
    for (let r = 0; r < sc.length; r++) {
      const idx = bySample ? c * m + r : r * m + c;
      yc.push(Y.data[idx]);
      sc[r] = S.data[idx];
    }
    scores[c] = metric(yc, sc, scoreWeight);
  }
  if (average === null) return f64(scores);
  if (avgWeight) for (let c = 0; c < count; c++) if (avgWeight[c] === 0) scores[c] = 0;
  return weightedSum(scores, avgWeight, true);
}

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /** 'macro' (default), 'weighted', 'micro' (ovr/multilabel), 'samples' (multilabel) or null. */
  average?: BinaryAverage;
  sampleWeight?: NumericInput | null;
  /** Standardized partial AUC over fpr ∈ [0, maxFpr] (binary only). */
  maxFpr?: number | null;
  /** Multiclass strategy: 'ovr' or 'ovo'; the default 'raise' rejects multiclass input. */
  multiClass?: 'raise' | 'ovr' | 'ovo';
  /** Class labels (ordered) matching yScore's columns in the multiclass case. */
  labels?: LabelInput | null;
}

function indicator(y: Label[], classes: Label[]): Numeric {
  const idx = labelIndex(classes);
  const data = new Float64Array(y.length * classes.length);
  y.forEach((l, i) => { const j = idx.get(l); if (j !== undefined) data[i * classes.length + j] = 1; });
  return { data, shape: [y.length, classes.length] };
}

function multiclassClasses(y: Label[], labels: Label[] | null, nCols: number): Label[] {
  if (labels === null) {
    const classes = sortLabels(y, 'yTrue');
    if (classes.length !== nCols) throw new ValueError(`yScore: the number of classes in yTrue (${classes.length}) is not equal to the number of columns in yScore (${nCols})`);
    return classes;
  }
  const classes = sortLabels(labels, 'labels');
  if (classes.length !== labels.length) throw new ValueError('labels: must be unique');
  if (!classes.every((c, i) => c === labels[i])) throw new ValueError('labels: must be ordered');
  if (classes.length !== nCols) throw new ValueError(`labels: the number of given labels, ${classes.length}, is not equal to the number of columns in yScore, ${nCols}`);
  if (y.some((l) => !classes.includes(l))) throw new ValueError("yTrue: contains labels not in parameter 'labels'");
  return classes;
}

/**
 * Area under the ROC curve. Binary: yScore is the score of the greater label. Multiclass:
 * yScore is [n, nClasses] probabilities with `multiClass` 'ovr' or 'ovo'. Multilabel: one
 * column per label, averaged.
 *
 * @example
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAucScore(yTrue: LabelInput, yScore: NumericInput, options: RocAucOptions & { average: null }): Tensor;
export function rocAucScore(yTrue: LabelInput, yScore: NumericInput, options?: RocAucOptions & { average?: Exclude<BinaryAverage, null> }): number;
export function rocAucScore(yTrue: LabelInput, yScore: NumericInput, options?: RocAucOptions): number | Tensor;
export function rocAucScore(yTrue: LabelInput, yScore: NumericInput, options: RocAucOptions = {}): number | Tensor {
  const average = checkOption<BinaryAverage>(options.average === undefined ? 'macro' : options.average, ['micro', 'macro', 'weighted', 'samples', null], 'average');
  const maxFpr = options.maxFpr ?? null;
  const t = readTarget(yTrue, 'yTrue');
  const s = readNumeric(yScore, 'yScore');
  checkLength(t.n, s.shape[0], 'yTrue', 'yScore');
  const w = readWeights(options.sampleWeight, t.n);
  if (t.type === 'multiclass' || (t.type === 'binary' && s.shape.length === 2 && s.shape[1] > 2)) {
    if (maxFpr !== null && maxFpr !== 1) throw new ValueError(`maxFpr: partial AUC computation is not available in the multiclass setting; maxFpr must be null, got ${maxFpr}`);
    const mc = checkOption(options.multiClass ?? 'raise', ['raise', 'ovr', 'ovo'], 'multiClass');
    if (mc === 'raise') throw new ValueError("multiClass: yTrue is multiclass; set multiClass to 'ovr' or 'ovo'");
    if (s.shape.length !== 2) throw new ShapeError(`yScore: a multiclass target needs scores of shape [nSamples, nClasses], got ${fmtShape(s.shape)}`);
    const [n, k] = s.shape;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += s.data[i * k + j];
      if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) throw new ValueError(`yScore: target scores need to be probabilities for multiclass ROC AUC, i.e. rows should sum to 1 (row ${i} sums to ${sum})`);
    }
    const allowed: BinaryAverage[] = mc === 'ovr' ? ['micro', 'macro', 'weighted', null] : ['macro', 'weighted'];
    checkOption<BinaryAverage>(average, allowed, 'average');
    const classes = multiclassClasses(t.labels!, readLabelsOption(options.labels), k);
    if (mc === 'ovr') return averageBinary(binaryRocAuc(null), indicator(t.labels!, classes), s, average, w);
    if (w) throw new ValueError("sampleWeight: not supported for multiclass one-vs-one ROC AUC; must be null with multiClass 'ovo'");
    const idx = labelIndex(classes);
    const enc = t.labels!.map((l) => idx.get(l) as number);
    const present = [...new Set(enc)].sort((a, b) => a - b);
    const pairScores: number[] = [], prevalence: number[] = [];
    const metric = binaryRocAuc(null);
    for (let p = 0; p < present.length; p++) {
      for (let q = p + 1; q < present.length; q++) {
        const a = present[p], b = present[q];
        const rows = enc.map((e, i) => (e === a || e === b ? i : -1)).filter((i) => i >= 0);
        const sa = metric(rows.map((i) => (enc[i] === a ? 1 : 0)), Float64Array.from(rows, (i) => s.data[i * k + a]), null);
        const sb = metric(rows.map((i) => (enc[i] === b ? 1 : 0)), Float64Array.from(rows, (i) => s.data[i * k + b]), null);
        pairScores.push((sa + sb) / 2);
        prevalence.push(rows.length / n);
      }
    }
    return weightedSum(pairScores, average === 'weighted' ? Float64Array.from(prevalence) : null, true);
  }
  if (t.type === 'binary') {
    if (s.shape.length === 2 && s.shape[1] !== 1) throw new ShapeError(`yScore: a binary target needs 1-D scores (of the greater label), got shape ${fmtShape(s.shape)}`);
    const classes = sortLabels(t.labels!, 'yTrue');
    const y01 = t.labels!.map((l) => (classes.length === 2 && l === classes[1] ? 1 : 0));
    return binaryRocAuc(maxFpr)(y01, s.data, w);
  }
  if (t.type === 'multilabel-indicator') return averageBinary(binaryRocAuc(maxFpr), t.matrix!, s, average, w);
  throw new ValueError(`yTrue: ${t.type} format is not supported`);
}

/** Options of {@link averagePrecisionScore}. */
export interface AveragePrecisionOptions { average?: BinaryAverage; posLabel?: Label; sampleWeight?: NumericInput | null }

function binaryAP(pos: Label): BinaryMetric {
  return (y, s, w) => {
    const { precision, recall } = prPoints(y, s, { posLabel: pos, sampleWeight: w });
    let ap = 0;
    for (let i = 0; i + 1 < recall.length; i++) ap += (recall[i + 1] - recall[i]) * precision[i];
    return -ap;
  };
}

/**
 * Average precision: Σ (Rₙ − Rₙ₋₁)·Pₙ over the precision-recall curve (no interpolation).
 * Binary with `posLabel` (default 1), or multilabel averaged over columns.
 */
export function averagePrecisionScore(yTrue: LabelInput, yScore: NumericInput, options: AveragePrecisionOptions & { average: null }): Tensor;
export function averagePrecisionScore(yTrue: LabelInput, yScore: NumericInput, options?: AveragePrecisionOptions & { average?: Exclude<BinaryAverage, null> }): number;
export function averagePrecisionScore(yTrue: LabelInput, yScore: NumericInput, options?: AveragePrecisionOptions): number | Tensor;
export function averagePrecisionScore(yTrue: LabelInput, yScore: NumericInput, options: AveragePrecisionOptions = {}): number | Tensor {
  const average = checkOption<BinaryAverage>(options.average === undefined ? 'macro' : options.average, ['micro', 'macro', 'weighted', 'samples', null], 'average');
  const pos = options.posLabel ?? 1;
  const t = readTarget(yTrue, 'yTrue');
  const s = readNumeric(yScore, 'yScore');
  checkLength(t.n, s.shape[0], 'yTrue', 'yScore');
  const w = readWeights(options.sampleWeight, t.n);
  if (t.type === 'multilabel-indicator') {
    if (pos !== 1) throw new ValueError('posLabel: fixed to 1 for multilabel-indicator yTrue; do not set it or set it to 1');
    return averageBinary(binaryAP(1), t.matrix!, s, average, w);
  }
  if (t.type !== 'binary') throw new ValueError(`yTrue: ${t.type} format is not supported by averagePrecisionScore`);
  const present = sortLabels(t.labels!, 'yTrue');
  if (present.length === 2 && !present.includes(pos)) throw new ValueError(`posLabel: ${JSON.stringify(pos)} is not a valid label; it should be one of ${JSON.stringify(present)}`);
  if (s.shape.length === 2 && s.shape[1] !== 1) throw new ShapeError(`yScore: a binary target needs 1-D scores, got shape ${fmtShape(s.shape)}`);
  return binaryAP(pos)(t.labels!, s.data, w);
}

/**
 * The fraction of samples whose true label is among the k highest-scored classes. yScore is
 * [n, nClasses] (columns in sorted label order, or the order of `labels`), or 1-D for binary.
 */
export function topKAccuracyScore(yTrue: LabelInput, yScore: NumericInput, options: { k?: number; normalize?: boolean; sampleWeight?: NumericInput | null; labels?: LabelInput | null } = {}): number {
  const k = options.k ?? 2;
  const t = readTarget(yTrue, 'yTrue');
  if (t.labels === null) throw new ValueError(`yTrue: expected 'binary' or 'multiclass' targets, got '${t.type}'`);
  const labels = readLabelsOption(options.labels);
  let type = t.type;
  if (type === 'binary' && labels !== null && labels.length > 2) type = 'multiclass';
  if (type !== 'binary' && type !== 'multiclass') throw new ValueError(`yTrue: expected 'binary' or 'multiclass' targets, got '${type}'`);
  const s = readNumeric(yScore, 'yScore');
  if (type === 'binary' && s.shape.length === 2 && s.shape[1] !== 1) throw new ValueError(`yScore: yTrue is binary while yScore is 2-D with ${s.shape[1]} classes; if yTrue does not contain all the labels, labels must be provided`);
  checkLength(t.n, s.shape[0], 'yTrue', 'yScore');
  const w = readWeights(options.sampleWeight, t.n);
  const nCols = s.shape.length === 2 && type === 'multiclass' ? s.shape[1] : 2;
  const classes = multiclassClasses(t.labels, labels, nCols);
  if (k >= classes.length) warnOnce(`topKAccuracyScore: k (${k}) greater than or equal to nClasses (${classes.length}) will result in a perfect score and is therefore meaningless`);
  const idx = labelIndex(classes);
  const enc = t.labels.map((l) => idx.get(l) as number);
  const hits = new Float64Array(t.n);
  if (type === 'binary') {
    let lo = Infinity, hi = -Infinity;
    for (const v of s.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const thr = lo >= 0 && hi <= 1 ? 0.5 : 0;
    for (let i = 0; i < t.n; i++) hits[i] = k === 1 ? ((s.data[i] > thr ? 1 : 0) === enc[i] ? 1 : 0) : 1;
  } else {
    const m = s.shape[1];
    // numpy: argsort(kind='mergesort')[:, ::-1] — stable ascending per row, reversed, so ties
    // rank the higher column first. [n, m] int32
    const order = argsort(reshape(tensor(s.data, { dtype: 'float64' }), [t.n, m]), 1).dataSync();
    for (let i = 0; i < t.n; i++) {
      let hit = 0;
      for (let r = 0; r < Math.min(k, m); r++) if (order[i * m + m - 1 - r] === enc[i]) hit = 1;
      hits[i] = hit;
    }
  }
  return weightedSum(hits, w, options.normalize ?? true);
}

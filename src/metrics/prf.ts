/**
 * Set-wise classification metrics: precision, recall (sensitivity), specificity, F-beta and
 * precisionRecallFscoreSupport, with scikit-learn's averaging ('binary', 'micro', 'macro',
 * 'weighted', 'samples', null) and zeroDivision rules.
 */
import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { labelCounts } from './confusion.js';
import {
  checkOption, checkTargets, f64, readLabelsOption, readWeights, uniqueLabels, warnOnce,
  type Label, type LabelInput, type NumericInput,
} from './util.js';

/** How per-label scores are combined; null returns one score per label. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'samples' | null;
/** The value of an ill-defined ratio (0/0): 'warn' gives 0 and warns once. */
export type ZeroDivision = 'warn' | 0 | 1 | number;

/** Options shared by the set-wise metrics. */
export interface SetwiseOptions {
  /** Labels to include (and their order when average is null). */
  labels?: LabelInput | null;
  /** The positive class when average is 'binary' (default 1). */
  posLabel?: Label;
  /** Default 'binary'. */
  average?: Average;
  sampleWeight?: NumericInput | null;
  /** Default 'warn'. NaN (a nabla extension, as scikit-learn ≥ 1.3) excludes the label from averages. */
  zeroDivision?: ZeroDivision;
}

/** Options of F-beta and precisionRecallFscoreSupport. */
export interface FbetaOptions extends SetwiseOptions { beta?: number }

interface Stats { precision: Float64Array; recall: Float64Array; fscore: Float64Array; specificity: Float64Array; support: Float64Array; weights: Float64Array | null; labels: Label[]; predTotal: number }

const AVERAGES: readonly Average[] = ['binary', 'micro', 'macro', 'weighted', 'samples', null];

function checkZeroDivision(z: ZeroDivision): void {
  if (z !== 'warn' && z !== 0 && z !== 1 && !Number.isNaN(z)) throw new ValueError(`zeroDivision: expected 'warn', 0, 1 or NaN, got ${JSON.stringify(z)}`);
}

/** num/den elementwise; 0/0 → the zeroDivision value, with a warning for 'warn' when `warn` is set. */
function divide(num: Float64Array, den: Float64Array, z: ZeroDivision, warn: string | null): Float64Array {
  const out = new Float64Array(num.length);
  let ill = false;
  for (let i = 0; i < num.length; i++) {
    if (den[i] === 0) { ill = true; out[i] = z === 'warn' ? 0 : z; } else out[i] = num[i] / den[i];
  }
  if (ill && z === 'warn' && warn) warnOnce(`${warn.replace('|', ' ill-defined and being set to 0.0 in ')}; use zeroDivision to control this behavior`);
  return out;
}

/** The per-label (or per-sample, or pooled for micro) statistics before averaging. */
function stats(yTrue: LabelInput, yPred: LabelInput, o: FbetaOptions, warnFor: readonly string[]): Stats {
  const average = checkOption(o.average === undefined ? 'binary' : o.average, AVERAGES, 'average');
  const z = o.zeroDivision ?? 'warn';
  checkZeroDivision(z);
  const beta = o.beta ?? 1;
  if (!(beta >= 0)) throw new ValueError(`beta: should be >= 0 in the F-beta score, got ${beta}`);
  const pair = checkTargets(yTrue, yPred);
  const w = readWeights(o.sampleWeight, pair.n);
  let labels = readLabelsOption(o.labels);
  if (average === 'binary') {
    if (pair.type !== 'binary') throw new ValueError(`average: target is ${pair.type} but average='binary'; choose another average setting, one of 'micro', 'macro', 'weighted'${pair.type === 'multilabel-indicator' ? ", 'samples'" : ''}, null`);
    const pos = o.posLabel ?? 1;
    const present = uniqueLabels(pair.yTrue, pair.yPred);
    if (!present.includes(pos) && present.length >= 2) throw new ValueError(`posLabel: ${JSON.stringify(pos)} is not a valid label; it should be one of ${JSON.stringify(present)}`);
    labels = [pos];
  }
  const c = labelCounts(pair, w, labels, average === 'samples');
  let { tp, pred, true: tru, tn } = c;
  const predTotal = pred.reduce((a, b) => a + b, 0);
  if (average === 'micro') {
    const s = (a: Float64Array): Float64Array => Float64Array.of(a.reduce((x, y) => x + y, 0));
    tp = s(tp); pred = s(pred); tru = s(tru); tn = s(tn);
  }
  const wf = (m: string): string | null => (warnFor.includes(m) ? m : null);
  const andF = warnFor.includes('f-score') ? ' and F-score' : '';
  const precision = divide(tp, pred, z, wf('precision') && `Precision${andF ? ' and F-score are' : ' is'}|labels with no predicted samples`);
  const recall = divide(tp, tru, z, wf('recall') && `Recall${andF ? ' and F-score are' : ' is'}|labels with no true samples`);
  const negatives = tn.map((t, i) => t + (pred[i] - tp[i]));
  const specificity = divide(tn, negatives, z, wf('specificity') && 'Specificity is|labels with no negative samples');
  if (z === 'warn' && warnFor.length === 1 && warnFor[0] === 'f-score') {
    for (let i = 0; i < tru.length; i++) if (tru[i] === 0 && pred[i] === 0) { warnOnce('F-score is ill-defined and being set to 0.0 in labels with no true nor predicted samples; use zeroDivision to control this behavior'); break; }
  }
  const b2 = beta * beta;
  const fscore = new Float64Array(tp.length);
  for (let i = 0; i < tp.length; i++) {
    if (typeof z === 'number' && Number.isNaN(z)) {
      // scikit-learn ≥ 1.3: F from the counts; NaN only when tp + fp + fn = 0.
      const fp = pred[i] - tp[i], fn = tru[i] - tp[i];
      const den = (1 + b2) * tp[i] + b2 * fn + fp;
      fscore[i] = beta === Infinity ? recall[i] : den === 0 ? NaN : ((1 + b2) * tp[i]) / den;
    } else if (beta === Infinity) fscore[i] = recall[i];
    else {
      let den = b2 * precision[i] + recall[i];
      if (den === 0) den = 1;
      fscore[i] = ((1 + b2) * precision[i] * recall[i]) / den;
    }
  }
  const weights = average === 'weighted' ? tru : average === 'samples' ? w : null;
  return { precision, recall, fscore, specificity, support: tru, weights, labels: c.labels, predTotal };
}

/** np.average with optional weights; NaN entries (zeroDivision NaN) are left out. */
function average(v: Float64Array, w: Float64Array | null): number {
  let s = 0, ws = 0, skipped = false;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) { skipped = true; continue; }
    const wi = w ? w[i] : 1;
    s += v[i] * wi;
    ws += wi;
  }
  if (ws === 0) {
    if (v.length === 0 || w === null || skipped) return NaN;
    throw new ValueError('sampleWeight: weights sum to zero, cannot be normalized');
  }
  return s / ws;
}

type Which = 'precision' | 'recall' | 'fscore' | 'specificity';

function reduce(st: Stats, which: Which, avg: Average, z: ZeroDivision): number | Tensor {
  if (avg === null) return f64(st[which]);
  if (avg === 'weighted') {
    const total = st.support.reduce((a, b) => a + b, 0);
    if (total === 0) {
      // No true samples of any selected label: scikit-learn's special case.
      const zv = z === 'warn' ? 0 : (z as number);
      return which === 'recall' || st.predTotal === 0 ? zv : 0;
    }
  }
  return average(st[which], st.weights);
}

function run(yTrue: LabelInput, yPred: LabelInput, o: FbetaOptions, which: Which, warnFor: readonly string[]): number | Tensor {
  const st = stats(yTrue, yPred, o, warnFor);
  return reduce(st, which, o.average === undefined ? 'binary' : o.average, o.zeroDivision ?? 'warn');
}

/** Precision tp / (tp + fp). A number when averaged, a Tensor per label when `average` is null. */
export function precisionScore(yTrue: LabelInput, yPred: LabelInput, options: SetwiseOptions & { average: null }): Tensor;
export function precisionScore(yTrue: LabelInput, yPred: LabelInput, options?: SetwiseOptions & { average?: Exclude<Average, null> }): number;
export function precisionScore(yTrue: LabelInput, yPred: LabelInput, options?: SetwiseOptions): number | Tensor;
export function precisionScore(yTrue: LabelInput, yPred: LabelInput, options: SetwiseOptions = {}): number | Tensor {
  return run(yTrue, yPred, options, 'precision', ['precision']);
}

/** Recall (sensitivity, true positive rate) tp / (tp + fn). */
export function recallScore(yTrue: LabelInput, yPred: LabelInput, options: SetwiseOptions & { average: null }): Tensor;
export function recallScore(yTrue: LabelInput, yPred: LabelInput, options?: SetwiseOptions & { average?: Exclude<Average, null> }): number;
export function recallScore(yTrue: LabelInput, yPred: LabelInput, options?: SetwiseOptions): number | Tensor;
export function recallScore(yTrue: LabelInput, yPred: LabelInput, options: SetwiseOptions = {}): number | Tensor {
  return run(yTrue, yPred, options, 'recall', ['recall']);
}

/** Sensitivity: the same as {@link recallScore}. */
export const sensitivityScore = recallScore;

/**
 * Specificity (true negative rate) tn / (tn + fp), with the same averaging as recall (a nabla
 * extra; for a binary problem it is the recall of the negative class).
 */
export function specificityScore(yTrue: LabelInput, yPred: LabelInput, options: SetwiseOptions & { average: null }): Tensor;
export function specificityScore(yTrue: LabelInput, yPred: LabelInput, options?: SetwiseOptions & { average?: Exclude<Average, null> }): number;
export function specificityScore(yTrue: LabelInput, yPred: LabelInput, options?: SetwiseOptions): number | Tensor;
export function specificityScore(yTrue: LabelInput, yPred: LabelInput, options: SetwiseOptions = {}): number | Tensor {
  return run(yTrue, yPred, options, 'specificity', ['specificity']);
}

/** F-beta: the weighted harmonic mean of precision and recall, (1 + β²)·P·R / (β²·P + R). */
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, beta: number, options: SetwiseOptions & { average: null }): Tensor;
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, beta: number, options?: SetwiseOptions & { average?: Exclude<Average, null> }): number;
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, beta: number, options?: SetwiseOptions): number | Tensor;
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, beta: number, options: SetwiseOptions = {}): number | Tensor {
  return run(yTrue, yPred, { ...options, beta }, 'fscore', ['f-score']);
}

/**
 * F1: the harmonic mean of precision and recall.
 *
 * @example
 * f1Score([0, 1, 1, 0], [0, 1, 0, 0]); // 0.666…
 */
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options: SetwiseOptions & { average: null }): Tensor;
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options?: SetwiseOptions & { average?: Exclude<Average, null> }): number;
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options?: SetwiseOptions): number | Tensor;
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options: SetwiseOptions = {}): number | Tensor {
  return fbetaScore(yTrue, yPred, 1, options);
}

/** The result of {@link precisionRecallFscoreSupport}: numbers when averaged (support null), else Tensors. */
export interface PRFS { precision: number | Tensor; recall: number | Tensor; fbetaScore: number | Tensor; support: Tensor | null }

/** Precision, recall, F-beta and support (true counts) per label or averaged. Default average null. */
export function precisionRecallFscoreSupport(yTrue: LabelInput, yPred: LabelInput, options: FbetaOptions = {}): PRFS {
  const o: FbetaOptions = { ...options, average: options.average === undefined ? null : options.average };
  const st = stats(yTrue, yPred, o, ['precision', 'recall', 'f-score']);
  const avg = o.average as Average;
  const z = o.zeroDivision ?? 'warn';
  return {
    precision: reduce(st, 'precision', avg, z),
    recall: reduce(st, 'recall', avg, z),
    fbetaScore: reduce(st, 'fscore', avg, z),
    support: avg === null ? f64(st.support) : null,
  };
}

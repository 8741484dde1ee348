/**
 * Losses on predicted probabilities or decision values: log loss (cross-entropy), hinge loss
 * (binary and Crammer-Singer multiclass) and the Brier score.
 */
import { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import {
  labelIndex, readLabelsOption, readNumeric, readTarget, readWeights, sortLabels, weightedSum,
  type Label, type LabelInput, type NumericInput,
} from './util.js';

function yLabels(y: LabelInput, name: string): Label[] {
  const t = readTarget(y, name);
  if (t.labels === null) throw new ShapeError(`${name}: expected a 1-D array of labels, got shape ${fmtShape(t.matrix!.shape)}`);
  return t.labels;
}

function encode(y: Label[], classes: Label[], name: string): Int32Array {
  const idx = labelIndex(classes);
  return Int32Array.from(y, (l) => {
    const i = idx.get(l);
    if (i === undefined) throw new ValueError(`${name}: contains label ${JSON.stringify(l)} not in labels ${JSON.stringify(classes)}`);
    return i;
  });
}

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** Clip probabilities to [eps, 1 − eps]; 'auto' (default) is the machine epsilon of yPred's dtype. */
  eps?: number | 'auto';
  /** Mean (default) or sum of the per-sample losses. */
  normalize?: boolean;
  sampleWeight?: NumericInput | null;
  /** All class labels, when yTrue does not contain every class. */
  labels?: LabelInput | null;
}

/**
 * Log loss (cross-entropy) −Σ log p(true class), with scikit-learn 1.2's handling: probabilities
 * clipped to [eps, 1 − eps] and rows renormalized; a 1-D yPred is P(greater label).
 *
 * @example
 * logLoss(['spam', 'ham', 'ham', 'spam'], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]); // 0.2162…
 */
export function logLoss(yTrue: LabelInput, yPred: NumericInput, options: LogLossOptions = {}): number {
  const pr = readNumeric(yPred, 'yPred');
  const y = yLabels(yTrue, 'yTrue');
  const n = pr.shape[0];
  if (y.length !== n) throw new ShapeError(`yTrue and yPred have inconsistent numbers of samples: ${y.length} and ${n}`);
  const w = readWeights(options.sampleWeight, n);
  const eps = options.eps === undefined || options.eps === 'auto'
    ? (yPred instanceof Tensor && yPred.dtype === 'float32' ? 2 ** -23 : 2 ** -52)
    : options.eps;
  const given = readLabelsOption(options.labels);
  const classes = sortLabels(given ?? y, given ? 'labels' : 'yTrue');
  if (classes.length === 1) {
    throw new ValueError(given
      ? `labels: needs at least two labels for logLoss, got ${JSON.stringify(classes)}`
      : `yTrue: contains only one label (${JSON.stringify(classes[0])}); provide the true labels explicitly through the labels option`);
  }
  const t = encode(y, classes, 'yTrue');
  const m = pr.shape.length === 1 || pr.shape[1] === 1 ? 2 : pr.shape[1];
  if (m !== classes.length) {
    throw new ValueError(given
      ? `yPred: the number of classes in labels (${classes.length}) differs from yPred's ${m} columns`
      : `yTrue and yPred contain different numbers of classes ${classes.length}, ${m}; provide the true labels explicitly through the labels option`);
  }
  const clip = (p: number): number => Math.min(Math.max(p, eps), 1 - eps);
  const loss = new Float64Array(n);
  const row = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    if (m === 2 && (pr.shape.length === 1 || pr.shape[1] === 1)) {
      const p = clip(pr.data[i]);
      row[0] = 1 - p; row[1] = p;
    } else for (let j = 0; j < m; j++) row[j] = clip(pr.data[i * m + j]);
    let s = 0;
    for (let j = 0; j < m; j++) s += row[j];
    loss[i] = -Math.log(row[t[i]] / s);
  }
  return weightedSum(loss, w, options.normalize ?? true);
}

/**
 * The average hinge loss max(0, 1 − margin). Binary: margin = y·decision with the greater label
 * as +1; multiclass (Crammer-Singer): margin = decision[true] − max over the other classes,
 * with `predDecision` of shape [n, nClasses] in sorted label order.
 */
export function hingeLoss(yTrue: LabelInput, predDecision: NumericInput, options: { labels?: LabelInput | null; sampleWeight?: NumericInput | null } = {}): number {
  const y = yLabels(yTrue, 'yTrue');
  const d = readNumeric(predDecision, 'predDecision');
  const n = d.shape[0];
  if (y.length !== n) throw new ShapeError(`yTrue and predDecision have inconsistent numbers of samples: ${y.length} and ${n}`);
  const w = readWeights(options.sampleWeight, n);
  const given = readLabelsOption(options.labels);
  const classes = sortLabels(given ?? y, given ? 'labels' : 'yTrue');
  const losses = new Float64Array(n);
  if (classes.length > 2) {
    if (d.shape.length !== 2) throw new ShapeError(`predDecision: with a multiclass target its shape must be [nSamples, nClasses] = [${n}, ${classes.length}], got ${fmtShape(d.shape)}`);
    const m = d.shape[1];
    if (m !== classes.length) {
      throw new ShapeError(given
        ? `predDecision: shape ${fmtShape(d.shape)} is not consistent with the ${classes.length} classes in labels`
        : `predDecision: has ${m} columns but yTrue has ${classes.length} classes; include all labels in yTrue or pass the labels option`);
    }
    const t = encode(y, classes, 'yTrue');
    for (let i = 0; i < n; i++) {
      let other = -Infinity;
      for (let j = 0; j < m; j++) if (j !== t[i]) other = Math.max(other, d.data[i * m + j]);
      losses[i] = Math.max(0, 1 - (d.data[i * m + t[i]] - other));
    }
  } else {
    if (d.shape.length === 2 && d.shape[1] !== 1) throw new ShapeError(`predDecision: with a binary target expected a 1-D array, got shape ${fmtShape(d.shape)}`);
    const own = sortLabels(y, 'yTrue'); // the binarizer is fit on yTrue, as in scikit-learn
    for (let i = 0; i < n; i++) {
      const s = own.length === 2 && y[i] === own[1] ? 1 : -1;
      losses[i] = Math.max(0, 1 - s * d.data[i]);
    }
  }
  return weightedSum(losses, w, true);
}

/**
 * The Brier score: mean squared difference between P(positive) and the 0/1 outcome. The positive
 * class is `posLabel`, else 1 for {0, 1} / {−1, 1} targets, else the greater numeric label.
 */
export function brierScoreLoss(yTrue: LabelInput, yProb: NumericInput, options: { sampleWeight?: NumericInput | null; posLabel?: Label | null } = {}): number {
  const tgt = readTarget(yTrue, 'yTrue');
  const p = readNumeric(yProb, 'yProb');
  if (p.shape.length === 2 && p.shape[1] !== 1) throw new ShapeError(`yProb: expected a 1-D array of probabilities, got shape ${fmtShape(p.shape)}`);
  if (tgt.labels === null || tgt.type !== 'binary') throw new ValueError(`yTrue: only binary classification is supported; the type of the target is ${tgt.type}`);
  const y = tgt.labels;
  if (y.length !== p.data.length) throw new ShapeError(`yTrue and yProb have inconsistent numbers of samples: ${y.length} and ${p.data.length}`);
  const w = readWeights(options.sampleWeight, y.length);
  for (const v of p.data) {
    if (v > 1) throw new ValueError('yProb: contains values greater than 1');
    if (v < 0) throw new ValueError('yProb: contains values less than 0');
  }
  let pos = options.posLabel ?? null;
  if (pos === null) {
    const classes = sortLabels(y, 'yTrue');
    const ok = classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1);
    if (ok) pos = 1;
    else if (typeof classes[0] === 'number') pos = classes[classes.length - 1];
    else throw new ValueError(`yTrue: takes values in {${classes.map((c) => JSON.stringify(c)).join(', ')}} and posLabel is not specified; pass posLabel explicitly`);
  }
  const sq = Float64Array.from(y, (l, i) => ((l === pos ? 1 : 0) - p.data[i]) ** 2);
  return weightedSum(sq, w, true);
}

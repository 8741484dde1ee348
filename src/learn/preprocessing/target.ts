import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseEstimator, checkFitted, checkSameLength } from '../base.js';
import { KFold } from '../modelSelection/kFold.js';
import { StratifiedKFold } from '../modelSelection/stratifiedKFold.js';
import { categoryIndex, fitCategories, readCategorical, sortCategories, type Category, type CategoricalInput, type CatTable } from './categorical.js';
import { readLabels, type LabelInput } from './label.js';
import { checkFeatures, matTensor } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface TargetEncoderOptions {
  categories: 'auto' | Category[][];
  /** 'auto' (binary for two labels, else continuous), 'binary' or 'continuous'. */
  targetType: 'auto' | 'binary' | 'continuous';
  /** 'auto' (empirical Bayes shrinkage) or m ≥ 0: (sum + m · mean) / (count + m). */
  smooth: 'auto' | number;
  /** Folds of the cross-fitting in fitTransform (default 5). */
  cv: number;
  /** Shuffle before cutting folds (default true). */
  shuffle: boolean;
  randomState: number | undefined;
}

/**
 * Each category's (shrunk) target mean for one feature, as scikit-learn's
 * _fit_encoding_fast(_auto_smooth). Codes of -1 (unknown) are skipped.
 */
export function fitEncoding(codes: Int32Array, y: Float64Array, nCats: number, smooth: 'auto' | number): { encoding: Float64Array; mean: number } {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v;
  mean /= n;
  const sums = new Float64Array(nCats), counts = new Float64Array(nCats);
  codes.forEach((c, i) => { if (c >= 0) { sums[c] += y[i]; counts[c]++; } });
  const enc = new Float64Array(nCats);
  if (smooth === 'auto') {
    let variance = 0;
    for (const v of y) variance += (v - mean) ** 2;
    variance /= n;
    const means = sums.map((s, c) => s / counts[c]);
    const ssd = new Float64Array(nCats);
    codes.forEach((c, i) => { if (c >= 0) ssd[c] += (y[i] - means[c]) ** 2; });
    for (let c = 0; c < nCats; c++) {
      // Shrinkage λ = n_c σ² / (n_c σ² + σ_c²): the category's mean weighed by its reliability.
      const lambda = (variance * counts[c]) / (variance * counts[c] + ssd[c] / counts[c]);
      enc[c] = Number.isNaN(lambda) ? mean : lambda * means[c] + (1 - lambda) * mean;
    }
  } else for (let c = 0; c < nCats; c++) enc[c] = (sums[c] + smooth * mean) / (counts[c] + smooth);
  return { encoding: enc, mean };
}

/**
 * Encodes each category by a shrunk mean of the target, scikit-learn 1.3's TargetEncoder
 * (binary and continuous targets). `fitTransform` cross-fits: each fold is encoded with
 * statistics from the other folds (KFold, or StratifiedKFold for binary targets), so the
 * encoding of a training row never saw its own target; `transform` uses the full-data fit.
 * Unknown categories encode as the target mean.
 *
 * ```ts
 * const te = new preprocessing.TargetEncoder({ randomState: 0 });
 * const Xtrain = te.fitTransform([['a'], ['b'], ['a'], ...], [1, 0, 1, ...]);
 * te.transform([['a'], ['zzz']]);
 * ```
 */
export class TargetEncoder extends BaseEstimator<TargetEncoderOptions> {
  categories: Category[][] | null = null;
  /** Per feature, the encoding of each category. */
  encodings: Float64Array[] | null = null;
  targetMean: number | null = null;
  targetType: 'binary' | 'continuous' | null = null;
  /** The two labels of a binary target (the second encodes as 1). */
  classes: Category[] | null = null;
  nFeaturesIn: number | null = null;

  constructor(options: Partial<TargetEncoderOptions> = {}) {
    super({ categories: 'auto', targetType: 'auto', smooth: 'auto', cv: 5, shuffle: true, randomState: undefined, ...options });
  }

  private prepare(X: CategoricalInput, y: LabelInput): { t: CatTable; codes: Int32Array[]; yv: Float64Array } {
    const { smooth, cv } = this.params;
    if (smooth !== 'auto' && !(typeof smooth === 'number' && smooth >= 0)) throw new ValueError(`TargetEncoder: smooth must be 'auto' or a non-negative number, got ${String(smooth)}`);
    if (!(Number.isInteger(cv) && cv >= 2)) throw new ValueError(`TargetEncoder: cv must be an integer >= 2, got ${cv}`);
    const t = readCategorical(X);
    const labels = readLabels(y);
    checkSameLength(t.rows, labels.length);
    const uniq = sortCategories(labels, 'TargetEncoder: y');
    let type = this.params.targetType;
    if (type === 'auto') {
      const continuous = labels.every((v) => typeof v === 'number') && labels.some((v) => !Number.isInteger(v));
      if (!continuous && uniq.length > 2) throw new ValueError(`TargetEncoder: y has ${uniq.length} classes; only binary and continuous targets are supported`);
      type = continuous ? 'continuous' : 'binary';
    }
    let yv: Float64Array;
    if (type === 'binary') {
      if (uniq.length > 2) throw new ValueError(`TargetEncoder: a binary target must have at most 2 labels, got ${uniq.length}`);
      this.classes = uniq;
      yv = Float64Array.from(labels, (v) => (uniq.length === 2 && v === uniq[1] ? 1 : 0));
    } else {
      if (labels.some((v) => typeof v !== 'number' || Number.isNaN(v))) throw new ValueError('TargetEncoder: a continuous target must be finite numbers');
      this.classes = null;
      yv = Float64Array.from(labels as number[]);
    }
    this.targetType = type;
    const cats = fitCategories(t, this.params.categories, 'TargetEncoder');
    const codes = cats.map((c, j) => { const idx = categoryIndex(c); return Int32Array.from(t.columns[j], (v) => idx(v)); });
    this.categories = cats;
    this.nFeaturesIn = t.cols;
    return { t, codes, yv };
  }

  fit(X: CategoricalInput, y: LabelInput): this {
    const { codes, yv } = this.prepare(X, y);
    const cats = this.categories as Category[][];
    this.encodings = codes.map((c, j) => fitEncoding(c, yv, cats[j].length, this.params.smooth).encoding);
    this.targetMean = yv.reduce((a, b) => a + b, 0) / yv.length;
    return this;
  }

  /** Fits on all data (for later transform) and returns the cross-fitted encoding of X. */
  fitTransform(X: CategoricalInput, y: LabelInput): Tensor {
    this.fit(X, y);
    const { t, codes, yv } = this.prepare(X, y);
    const { cv, shuffle, randomState } = this.params;
    const cats = this.categories as Category[][];
    const opts = { nSplits: cv, shuffle, randomState: shuffle ? randomState : undefined };
    const splitter = this.targetType === 'continuous' ? new KFold(opts) : new StratifiedKFold(opts);
    const out = new Float64Array(t.rows * t.cols);
    for (const { train, test } of splitter.split(t.rows, Array.from(yv))) {
      const yTrain = Float64Array.from(train, (i) => yv[i]);
      codes.forEach((c, j) => {
        const { encoding, mean } = fitEncoding(Int32Array.from(train, (i) => c[i]), yTrain, cats[j].length, this.params.smooth);
        for (const i of test) out[i * t.cols + j] = c[i] < 0 ? mean : encoding[c[i]];
      });
    }
    return matTensor(out, t.rows, t.cols);
  }

  transform(X: CategoricalInput): Tensor {
    const enc = checkFitted(this, this.encodings, 'transform');
    const t = readCategorical(X);
    checkFeatures(this, enc.length, t.cols);
    const cats = this.categories as Category[][];
    const out = new Float64Array(t.rows * t.cols);
    cats.forEach((c, j) => {
      const idx = categoryIndex(c);
      for (let i = 0; i < t.rows; i++) { const k = idx(t.columns[j][i]); out[i * t.cols + j] = k < 0 ? (this.targetMean as number) : enc[j][k]; }
    });
    return matTensor(out, t.rows, t.cols);
  }

  /** The fitted state as JSON (exact round trip through TargetEncoder.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): TargetEncoder {
    return restoreState(new TargetEncoder(json.params as ConstructorParameters<typeof TargetEncoder>[0]), json);
  }
}

registerEstimator('TargetEncoder', TargetEncoder.fromJSON);

/**
 * Descriptive statistics used when evaluating and teaching models: covariance and correlation
 * matrices (numpy's `cov`/`corrcoef`, scipy's `spearmanr`), entropy (scipy.stats.entropy),
 * mutual information of two discrete variables and the information gain of a split.
 * The bias-variance decomposition lives in ./bias-variance.ts.
 */
import { Tensor } from '../tensor/tensor.js';
import { matmul } from '../ops/matmul.js';
import { transpose } from '../ops/movement.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { f64, readNumeric, readTarget, type LabelInput, type Label, type NumericInput } from './util.js';

/** Options of {@link cov} and {@link corrcoef}, as numpy's. */
export interface CovOptions {
  /** Each row is a variable and each column an observation (numpy's default true). */
  rowvar?: boolean;
  /** Normalise by N (true) instead of N - 1; ignored when ddof is given. */
  bias?: boolean;
  /** Delta degrees of freedom: the divisor is N - ddof (default 1, or 0 with bias). */
  ddof?: number;
}

/** Variables as rows [nVars, nObs] of float64, joining an optional second input as numpy does. */
function variables(m: NumericInput, y: NumericInput | undefined, rowvar: boolean, fn: string): { data: Float64Array; k: number; n: number } {
  const parts: { data: Float64Array; k: number; n: number }[] = [];
  for (const [x, name] of [[m, 'm'], [y, 'y']] as const) {
    if (x === undefined) continue;
    const r = readNumeric(x, `${fn}: ${name}`);
    let k: number, n: number, data: Float64Array;
    if (r.shape.length === 1) { k = 1; n = r.shape[0]; data = r.data; }
    else if (rowvar) { [k, n] = r.shape; data = r.data; }
    else {
      [n, k] = r.shape;
      data = new Float64Array(k * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) data[j * n + i] = r.data[i * k + j];
    }
    parts.push({ data, k, n });
  }
  if (parts.length === 2 && parts[0].n !== parts[1].n) {
    throw new ShapeError(`${fn}: m and y have different numbers of observations: ${parts[0].n} and ${parts[1].n}`);
  }
  if (parts.length === 1) return parts[0];
  const k = parts[0].k + parts[1].k;
  const data = new Float64Array(k * parts[0].n);
  data.set(parts[0].data);
  data.set(parts[1].data, parts[0].data.length);
  return { data, k, n: parts[0].n };
}

/**
 * The covariance matrix, as `numpy.cov(m, y, rowvar, bias, ddof)`: [nVars, nVars], or a 0-d
 * tensor for a single variable (numpy squeezes). With N - ddof <= 0 the result is ±Inf/NaN, as numpy's.
 * @example cov([[0, 1, 2], [2, 1, 0]]) // [[1, -1], [-1, 1]]
 */
export function cov(m: NumericInput, y?: NumericInput, options: CovOptions = {}): Tensor {
  const { data, k, n } = variables(m, y, options.rowvar ?? true, 'cov');
  const ddof = options.ddof ?? (options.bias ? 0 : 1);
  const centred = new Float64Array(data.length);
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += data[i * n + j];
    const mu = s / n;
    for (let j = 0; j < n; j++) centred[i * n + j] = data[i * n + j] - mu;
  }
  const x = f64(centred, [k, n]);
  // [k, n] @ [n, k] -> [k, k], divided by the degrees of freedom.
  const c = matmul(x, transpose(x, 0, 1)).contiguous().dataSync() as Float64Array;
  const out = Float64Array.from(c, (v) => v / (n - ddof));
  // numpy squeezes: a single variable gives a 0-d result.
  return k === 1 ? f64(out).reshape([]) : f64(out, [k, k]);
}

/**
 * Pearson correlation coefficients, as `numpy.corrcoef(x, y, rowvar)`: cov / (σ_i σ_j), clipped
 * to [-1, 1]. A constant variable gives NaN, as numpy's.
 */
export function corrcoef(x: NumericInput, y?: NumericInput, options: { rowvar?: boolean } = {}): Tensor {
  const c = cov(x, y, { rowvar: options.rowvar });
  if (c.ndim === 0) { const v = c.item(); return f64([v / v]).reshape([]); }
  const k = c.shape[0];
  const d = c.dataSync() as Float64Array;
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const r = d[i * k + j] / Math.sqrt(d[i * k + i]) / Math.sqrt(d[j * k + j]);
      out[i * k + j] = Number.isNaN(r) ? r : Math.min(1, Math.max(-1, r));
    }
  }
  return f64(out, [k, k]);
}

/** Ranks with ties given their average rank (1-based), as `scipy.stats.rankdata(method='average')`. */
export function rankData(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t]] = avg;
    i = j + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation, as `scipy.stats.spearmanr(a, b, axis=0).statistic`: Pearson's r
 * of the average ranks. Two vectors (or a 2-column matrix) give a number; a matrix with more
 * variables (columns; rows with axis 1) gives the [nVars, nVars] matrix.
 */
export function spearmanr(a: NumericInput, b?: NumericInput, options: { axis?: 0 | 1 } = {}): number | Tensor {
  const axis = options.axis ?? 0;
  if (axis !== 0 && axis !== 1) throw new ValueError(`spearmanr: axis must be 0 or 1, got ${String(axis)}`);
  const { data, k, n } = variables(a, b, axis === 1, 'spearmanr');
  if (k < 2) throw new ValueError(`spearmanr: needs at least two variables, got ${k} (pass b, or a matrix with ≥ 2 ${axis === 0 ? 'columns' : 'rows'})`);
  const ranked = new Float64Array(k * n);
  for (let i = 0; i < k; i++) ranked.set(rankData(data.subarray(i * n, (i + 1) * n)), i * n);
  const r = corrcoef(f64(ranked, [k, n]));
  return k === 2 ? (r.dataSync() as Float64Array)[1] : r;
}

/**
 * Shannon entropy of a distribution, as `scipy.stats.entropy(pk, qk, base)`: pk (probabilities
 * or counts) is normalised to sum to 1; H = -Σ p log p. With qk, the Kullback-Leibler
 * divergence Σ p log(p / q). Natural log unless `base` is given.
 */
export function entropy(pk: NumericInput, qk?: NumericInput | null, options: { base?: number } = {}): number {
  const p = readNumeric(pk, 'entropy: pk', { maxDim: 1 }).data;
  let ps = 0;
  for (const v of p) {
    if (v < 0) throw new ValueError(`entropy: pk must be non-negative, got ${v}`);
    ps += v;
  }
  let s = 0;
  if (qk === undefined || qk === null) {
    for (const v of p) { const x = v / ps; if (x > 0) s -= x * Math.log(x); }
  } else {
    const q = readNumeric(qk, 'entropy: qk', { maxDim: 1 }).data;
    if (q.length !== p.length) throw new ShapeError(`entropy: pk and qk have different lengths: ${p.length} and ${q.length}`);
    let qs = 0;
    for (const v of q) qs += v;
    for (let i = 0; i < p.length; i++) {
      const x = p[i] / ps, y = q[i] / qs;
      if (x > 0) s += y > 0 ? x * Math.log(x / y) : Infinity;
    }
  }
  return options.base === undefined ? s : s / Math.log(options.base);
}

/** Labels (numbers or strings) as indices into their distinct values (first-seen order), and how many values. */
export function codes(x: LabelInput, name: string): { idx: Int32Array; k: number } {
  const t = readTarget(x, name);
  if (t.labels === null) throw new ShapeError(`${name}: expected a 1-D array of labels, got shape ${fmtShape(t.matrix?.shape ?? [])}`);
  const pos = new Map<Label, number>();
  const idx = new Int32Array(t.labels.length);
  t.labels.forEach((l, i) => {
    let p = pos.get(l);
    if (p === undefined) { p = pos.size; pos.set(l, p); }
    idx[i] = p;
  });
  return { idx, k: pos.size };
}

/**
 * Mutual information I(X; Y) of two discrete variables from paired samples (numbers or strings):
 * Σ p(x, y) log(p(x, y) / (p(x) p(y))). Natural log unless `base` is given (2 for bits); equal to
 * scikit-learn's mutual_info_score with the natural log.
 */
export function mutualInformation(x: LabelInput, y: LabelInput, options: { base?: number } = {}): number {
  const a = codes(x, 'mutualInformation: x');
  const b = codes(y, 'mutualInformation: y');
  const n = a.idx.length;
  if (b.idx.length !== n) throw new ShapeError(`mutualInformation: x and y have inconsistent numbers of samples: ${n} and ${b.idx.length}`);
  const joint = new Float64Array(a.k * b.k);
  for (let i = 0; i < n; i++) joint[a.idx[i] * b.k + b.idx[i]]++;
  const pa = new Float64Array(a.k), pb = new Float64Array(b.k);
  for (let i = 0; i < a.k; i++) for (let j = 0; j < b.k; j++) { pa[i] += joint[i * b.k + j]; pb[j] += joint[i * b.k + j]; }
  let s = 0;
  for (let i = 0; i < a.k; i++) {
    for (let j = 0; j < b.k; j++) {
      const c = joint[i * b.k + j];
      if (c > 0) s += (c / n) * (Math.log(c) + Math.log(n) - Math.log(pa[i]) - Math.log(pb[j]));
    }
  }
  s = Math.max(s, 0);
  return options.base === undefined ? s : s / Math.log(options.base);
}

/** Entropy of a label sample (counts of each value), in the given base. */
function labelEntropy(labels: LabelInput, name: string, base: number): number {
  const { idx, k } = codes(labels, name);
  const counts = new Float64Array(k);
  for (const i of idx) counts[i]++;
  return idx.length === 0 ? 0 : entropy(counts, undefined, { base });
}

/**
 * The information gain of splitting `parentLabels` into the child groups `splits`, as used to
 * grow decision trees: H(parent) - Σ (|child| / |parent|) H(child). In bits unless `base` says
 * otherwise. The children must partition the parent (their sizes must add up).
 * @example informationGain(['y','y','n','n'], [['y','y'], ['n','n']]) // 1
 */
export function informationGain(parentLabels: LabelInput, splits: readonly LabelInput[], options: { base?: number } = {}): number {
  const base = options.base ?? 2;
  const parent = codes(parentLabels, 'informationGain: parentLabels');
  const n = parent.idx.length;
  if (n === 0) throw new ValueError('informationGain: parentLabels is empty');
  let total = 0, weighted = 0;
  splits.forEach((s, i) => {
    const m = codes(s, `informationGain: splits[${i}]`).idx.length;
    total += m;
    if (m > 0) weighted += (m / n) * labelEntropy(s, `informationGain: splits[${i}]`, base);
  });
  if (total !== n) throw new ShapeError(`informationGain: the splits hold ${total} samples but parentLabels has ${n}; the splits must partition the parent`);
  return labelEntropy(parentLabels, 'informationGain: parentLabels', base) - weighted;
}

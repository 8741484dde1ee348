import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { checkSameLength, encodeLabels, toVector, type ArrayInput } from '../base.js';
import { chi2Sf, fSf } from './special.js';
import { readMatrix, vecTensor } from './util.js';

/** Scores and p-values of a univariate test, one per feature. */
export interface UnivariateScores { scores: Tensor; pvalues: Tensor | null }

function readXy(X: ArrayInput, y: ArrayInput, op: string) {
  const m = readMatrix(X);
  const yv = toVector(y).dataSync() as Float64Array;
  checkSameLength(m.rows, yv.length);
  if (m.rows === 0) throw new ValueError(`${op}: X has no samples`);
  return { m, yv };
}

/**
 * χ² statistic between each non-negative feature and the classes, scikit-learn's `chi2`
 * (observed = per-class feature sums; p-values from χ²(nClasses − 1)).
 */
export function chi2(X: ArrayInput, y: ArrayInput): UnivariateScores {
  const { m, yv } = readXy(X, y, 'chi2');
  for (const v of m.data) if (v < 0) throw new ValueError('chi2: input X must be non-negative');
  const { classes, indices } = encodeLabels(yv);
  // scikit-learn binarises y; a single class still gives two columns (Y and 1 − Y).
  const nc = Math.max(classes.length, 2);
  const observed = new Float64Array(nc * m.cols);
  const classCount = new Float64Array(nc);
  for (let i = 0; i < m.rows; i++) {
    const c = classes.length === 1 ? 1 : indices[i];
    classCount[c]++;
    for (let j = 0; j < m.cols; j++) observed[c * m.cols + j] += m.data[i * m.cols + j];
  }
  const scores = new Float64Array(m.cols), p = new Float64Array(m.cols);
  for (let j = 0; j < m.cols; j++) {
    let total = 0;
    for (let c = 0; c < nc; c++) total += observed[c * m.cols + j];
    let s = 0;
    for (let c = 0; c < nc; c++) {
      const expected = (classCount[c] / m.rows) * total;
      s += (observed[c * m.cols + j] - expected) ** 2 / expected;
    }
    scores[j] = s;
    p[j] = chi2Sf(s, nc - 1);
  }
  return { scores: vecTensor(scores), pvalues: vecTensor(p) };
}

/** ANOVA F statistic of each feature across the classes, scikit-learn's `f_classif` (f_oneway). */
export function fClassif(X: ArrayInput, y: ArrayInput): UnivariateScores {
  const { m, yv } = readXy(X, y, 'fClassif');
  const { classes, indices } = encodeLabels(yv);
  const k = classes.length;
  const nPer = new Float64Array(k);
  for (const c of indices) nPer[c]++;
  const scores = new Float64Array(m.cols), p = new Float64Array(m.cols);
  for (let j = 0; j < m.cols; j++) {
    const sums = new Float64Array(k);
    let ssAll = 0;
    for (let i = 0; i < m.rows; i++) { const v = m.data[i * m.cols + j]; sums[indices[i]] += v; ssAll += v * v; }
    let sumAll = 0, ssArgs = 0;
    for (let c = 0; c < k; c++) { sumAll += sums[c]; ssArgs += (sums[c] * sums[c]) / nPer[c]; }
    const sqAll = sumAll * sumAll;
    const sstot = ssAll - sqAll / m.rows;
    const ssbn = ssArgs - sqAll / m.rows;
    const sswn = sstot - ssbn;
    const dfbn = k - 1, dfwn = m.rows - k;
    const f = ssbn / dfbn / (sswn / dfwn);
    scores[j] = f;
    p[j] = fSf(f, dfbn, dfwn);
  }
  return { scores: vecTensor(scores), pvalues: vecTensor(p) };
}

/**
 * F statistic of each feature's univariate linear regression on y, scikit-learn's
 * `f_regression` (center, forceFinite defaults true: a constant feature scores 0 with p 1).
 */
export function fRegression(X: ArrayInput, y: ArrayInput, options: { center?: boolean; forceFinite?: boolean } = {}): UnivariateScores {
  const { center = true, forceFinite = true } = options;
  const { m, yv } = readXy(X, y, 'fRegression');
  const n = m.rows;
  let ym = 0;
  if (center) { for (const v of yv) ym += v; ym /= n; }
  const yc = Float64Array.from(yv, (v) => v - ym);
  let yn = 0;
  for (const v of yc) yn += v * v;
  yn = Math.sqrt(yn);
  const dof = n - (center ? 2 : 1);
  const scores = new Float64Array(m.cols), p = new Float64Array(m.cols);
  for (let j = 0; j < m.cols; j++) {
    let xm = 0, sq = 0, dot = 0;
    for (let i = 0; i < n; i++) { const v = m.data[i * m.cols + j]; xm += v; sq += v * v; dot += yc[i] * v; }
    xm /= n;
    const xnorm = center ? Math.sqrt(sq - n * xm * xm) : Math.sqrt(sq);
    let r = dot / xnorm / yn;
    if (forceFinite && !Number.isFinite(r)) r = 0;
    const r2 = r * r;
    let f = (r2 / (1 - r2)) * dof;
    let pv = fSf(f, 1, dof);
    if (forceFinite && !Number.isFinite(f)) {
      if (Number.isNaN(f)) { f = 0; pv = 1; } else f = Number.MAX_VALUE;
    }
    scores[j] = f;
    p[j] = pv;
  }
  return { scores: vecTensor(scores), pvalues: vecTensor(p) };
}

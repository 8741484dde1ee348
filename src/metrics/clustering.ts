/**
 * Clustering metrics with scikit-learn's names and semantics: silhouette, Davies-Bouldin and
 * Calinski-Harabasz (from the data), and the label-agreement scores adjusted Rand index,
 * (normalised / adjusted) mutual information, homogeneity, completeness and V-measure.
 * Labels may be numbers or strings; every score is invariant to renaming the labels.
 */
import { Tensor } from '../tensor/tensor.js';
import { matmul } from '../ops/matmul.js';
import { transpose } from '../ops/movement.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { checkOption, f64, readNumeric, type LabelInput, type NumericInput } from './util.js';
import { codes } from './statistics.js';

/** How mutual information is normalised: the generalised mean of H(true) and H(pred). */
export type AverageMethod = 'arithmetic' | 'geometric' | 'min' | 'max';

function checkNumberOfLabels(k: number, n: number, fn: string): void {
  if (!(k > 1 && k < n)) throw new ValueError(`${fn}: number of labels is ${k}; valid values are 2 to nSamples - 1 = ${n - 1} (inclusive)`);
}

/** X [n, d] and its labels as codes, checked for length. */
function dataAndLabels(X: NumericInput, labels: LabelInput, fn: string): { x: Float64Array; n: number; d: number; idx: Int32Array; k: number } {
  const r = readNumeric(X, `${fn}: X`);
  if (r.shape.length !== 2) throw new ShapeError(`${fn}: X must be 2-D [nSamples, nFeatures], got shape ${fmtShape(r.shape)}`);
  const { idx, k } = codes(labels, `${fn}: labels`);
  if (idx.length !== r.shape[0]) throw new ShapeError(`${fn}: X and labels have inconsistent numbers of samples: ${r.shape[0]} and ${idx.length}`);
  return { x: r.data, n: r.shape[0], d: r.shape[1], idx, k };
}

/** Pairwise Euclidean distances [n, m] through one GEMM: sqrt(max(0, |a|² + |b|² - 2 a·b)), as scikit-learn. */
export function euclideanDistances(a: Float64Array, n: number, b: Float64Array, m: number, d: number, same = false): Float64Array {
  // [n, d] @ [d, m] -> [n, m]
  const dot = matmul(f64(a, [n, d]), transpose(f64(b, [m, d]), 0, 1)).contiguous().dataSync() as Float64Array;
  const na = new Float64Array(n), nb = new Float64Array(m);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) na[i] += a[i * d + j] ** 2;
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) nb[i] += b[i * d + j] ** 2;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) out[i * m + j] = Math.sqrt(Math.max(0, na[i] - 2 * dot[i * m + j] + nb[j]));
    if (same) out[i * m + i] = 0;
  }
  return out;
}

/**
 * The silhouette coefficient of every sample, as scikit-learn's silhouette_samples: (b - a) /
 * max(a, b) with a the mean distance to the other members of its cluster and b the smallest mean
 * distance to another cluster; 0 for members of singleton clusters.
 * `metric: 'precomputed'` takes X as a square distance matrix with a zero diagonal.
 */
export function silhouetteSamples(X: NumericInput, labels: LabelInput, options: { metric?: 'euclidean' | 'precomputed' } = {}): Tensor {
  const metric = checkOption(options.metric ?? 'euclidean', ['euclidean', 'precomputed'] as const, 'silhouetteSamples: metric');
  const { x, n, d, idx, k } = dataAndLabels(X, labels, 'silhouetteSamples');
  let dist: Float64Array;
  if (metric === 'precomputed') {
    if (d !== n) throw new ShapeError(`silhouetteSamples: a precomputed distance matrix must be square, got [${n}, ${d}]`);
    for (let i = 0; i < n; i++) if (Math.abs(x[i * n + i]) > 100 * Number.EPSILON) throw new ValueError('silhouetteSamples: the precomputed distance matrix contains non-zero elements on the diagonal');
    dist = x;
  } else dist = euclideanDistances(x, n, x, n, d, true);
  checkNumberOfLabels(k, n, 'silhouetteSamples');
  const freq = new Float64Array(k);
  for (const c of idx) freq[c]++;
  const out = new Float64Array(n);
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) sums[idx[j]] += dist[i * n + j];
    const own = idx[i];
    const a = sums[own] / (freq[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[c] / freq[c]);
    const s = (b - a) / Math.max(a, b);
    out[i] = Number.isFinite(s) ? s : 0; // a singleton's 0/0 (np.nan_to_num)
  }
  return f64(out);
}

/** The mean silhouette coefficient over all samples (scikit-learn's silhouette_score, no sampling). */
export function silhouetteScore(X: NumericInput, labels: LabelInput, options: { metric?: 'euclidean' | 'precomputed' } = {}): number {
  const s = silhouetteSamples(X, labels, options).dataSync() as Float64Array;
  let t = 0;
  for (const v of s) t += v;
  return t / s.length;
}

/**
 * The Davies-Bouldin index (lower is better): the mean over clusters of the largest
 * (s_i + s_j) / d(c_i, c_j), s the mean distance of members to their centroid.
 */
export function daviesBouldinScore(X: NumericInput, labels: LabelInput): number {
  const { x, n, d, idx, k } = dataAndLabels(X, labels, 'daviesBouldinScore');
  checkNumberOfLabels(k, n, 'daviesBouldinScore');
  const { centroids, counts } = centroidsOf(x, n, d, idx, k);
  const intra = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (x[i * d + j] - centroids[idx[i] * d + j]) ** 2;
    intra[idx[i]] += Math.sqrt(s) / counts[idx[i]];
  }
  const cd = euclideanDistances(centroids, k, centroids, k, d, true);
  // np.allclose(v, 0): every |v| <= 1e-8.
  if (intra.every((v) => Math.abs(v) <= 1e-8) || cd.every((v) => Math.abs(v) <= 1e-8)) return 0;
  let total = 0;
  for (let i = 0; i < k; i++) {
    let best = -Infinity;
    for (let j = 0; j < k; j++) {
      const dist = cd[i * k + j] === 0 ? Infinity : cd[i * k + j];
      best = Math.max(best, (intra[i] + intra[j]) / dist);
    }
    total += best;
  }
  return total / k;
}

function centroidsOf(x: Float64Array, n: number, d: number, idx: Int32Array, k: number): { centroids: Float64Array; counts: Float64Array } {
  const centroids = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) { counts[idx[i]]++; for (let j = 0; j < d; j++) centroids[idx[i] * d + j] += x[i * d + j]; }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centroids[c * d + j] /= counts[c];
  return { centroids, counts };
}

/** The Calinski-Harabasz index (variance ratio; higher is better); 1 when every cluster is a point. */
export function calinskiHarabaszScore(X: NumericInput, labels: LabelInput): number {
  const { x, n, d, idx, k } = dataAndLabels(X, labels, 'calinskiHarabaszScore');
  checkNumberOfLabels(k, n, 'calinskiHarabaszScore');
  const { centroids, counts } = centroidsOf(x, n, d, idx, k);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  let extra = 0, intra = 0;
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) extra += counts[c] * (centroids[c * d + j] - mean[j]) ** 2;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) intra += (x[i * d + j] - centroids[idx[i] * d + j]) ** 2;
  return intra === 0 ? 1 : (extra * (n - k)) / (intra * (k - 1));
}

/** The contingency table of two labelings: counts [kTrue, kPred] with the marginals. */
interface Contingency { c: Float64Array; kt: number; kp: number; rows: Float64Array; cols: Float64Array; n: number }

function contingency(labelsTrue: LabelInput, labelsPred: LabelInput, fn: string): Contingency {
  const a = codes(labelsTrue, `${fn}: labelsTrue`);
  const b = codes(labelsPred, `${fn}: labelsPred`);
  if (a.idx.length !== b.idx.length) throw new ShapeError(`${fn}: labelsTrue and labelsPred have inconsistent numbers of samples: ${a.idx.length} and ${b.idx.length}`);
  const c = new Float64Array(a.k * b.k);
  const rows = new Float64Array(a.k), cols = new Float64Array(b.k);
  for (let i = 0; i < a.idx.length; i++) { c[a.idx[i] * b.k + b.idx[i]]++; rows[a.idx[i]]++; cols[b.idx[i]]++; }
  return { c, kt: a.k, kp: b.k, rows, cols, n: a.idx.length };
}

/**
 * The adjusted Rand index: the Rand index (agreement over all pairs of samples) corrected for
 * chance, 1 for identical partitions, about 0 for random ones, as scikit-learn's adjusted_rand_score.
 */
export function adjustedRandScore(labelsTrue: LabelInput, labelsPred: LabelInput): number {
  const { c, rows, cols, n } = contingency(labelsTrue, labelsPred, 'adjustedRandScore');
  let sq = 0, rowDot = 0, colDot = 0;
  for (const v of c) sq += v * v;
  for (const v of rows) rowDot += v * v;
  for (const v of cols) colDot += v * v;
  // The pair confusion matrix (scikit-learn's pair_confusion_matrix); integers, exact in float64 up to 2^53.
  const tp = sq - n, fp = rowDot - sq, fn = colDot - sq, tn = n * n - fp - fn - sq;
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

function miFromContingency(t: Contingency): number {
  if (t.kt === 1 || t.kp === 1) return 0;
  let mi = 0;
  for (let i = 0; i < t.kt; i++) {
    for (let j = 0; j < t.kp; j++) {
      const v = t.c[i * t.kp + j];
      if (v === 0) continue;
      const p = v / t.n;
      const term = p * (Math.log(v) - Math.log(t.n)) + p * (-Math.log(t.rows[i] * t.cols[j]) + Math.log(t.n) + Math.log(t.n));
      mi += Math.abs(term) < Number.EPSILON ? 0 : term;
    }
  }
  return Math.max(mi, 0);
}

function labelEntropy(counts: Float64Array, n: number): number {
  if (n === 0) return 1;
  const nz = Array.from(counts).filter((v) => v > 0);
  if (nz.length === 1) return 0;
  let h = 0;
  for (const v of nz) h -= (v / n) * (Math.log(v) - Math.log(n));
  return h;
}

/** Mutual information of two labelings in nats (scikit-learn's mutual_info_score). */
export function mutualInfoScore(labelsTrue: LabelInput, labelsPred: LabelInput): number {
  return miFromContingency(contingency(labelsTrue, labelsPred, 'mutualInfoScore'));
}

function generalizedAverage(u: number, v: number, method: AverageMethod): number {
  if (method === 'min') return Math.min(u, v);
  if (method === 'geometric') return Math.sqrt(u * v);
  if (method === 'arithmetic') return (u + v) / 2;
  return Math.max(u, v);
}

const METHODS = ['arithmetic', 'geometric', 'min', 'max'] as const;

/**
 * Mutual information normalised by a generalised mean of the two label entropies (default
 * arithmetic), as scikit-learn's normalized_mutual_info_score; 1 when both labelings have a
 * single cluster.
 */
export function normalizedMutualInfoScore(labelsTrue: LabelInput, labelsPred: LabelInput, options: { averageMethod?: AverageMethod } = {}): number {
  const method = checkOption(options.averageMethod ?? 'arithmetic', METHODS, 'normalizedMutualInfoScore: averageMethod');
  const t = contingency(labelsTrue, labelsPred, 'normalizedMutualInfoScore');
  if ((t.kt === 1 && t.kp === 1) || (t.kt === 0 && t.kp === 0)) return 1;
  const mi = miFromContingency(t);
  if (mi === 0) return 0;
  return mi / generalizedAverage(labelEntropy(t.rows, t.n), labelEntropy(t.cols, t.n), method);
}

/** log(k!) for k = 0..n, by cumulative sums (all of EMI's gamma arguments are integers). */
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) out[k] = out[k - 1] + Math.log(k);
  return out;
}

/** The expected mutual information of two random labelings with the given marginals (Vinh et al. 2009). */
function expectedMutualInformation(t: Contingency): number {
  const { rows: a, cols: b, n } = t;
  if (a.length === 1 || b.length === 1) return 0;
  const lf = logFactorials(n);
  let emi = 0;
  for (const ai of a) {
    for (const bj of b) {
      const start = Math.max(1, ai + bj - n), end = Math.min(ai, bj);
      for (let nij = start; nij <= end; nij++) {
        const term2 = Math.log(n) + Math.log(nij) - Math.log(ai) - Math.log(bj);
        const gln = lf[ai] + lf[bj] + lf[n - ai] + lf[n - bj] - lf[nij] - lf[n] - lf[ai - nij] - lf[bj - nij] - lf[n - ai - bj + nij];
        emi += (nij / n) * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}

/** Mutual information adjusted for chance (scikit-learn's adjusted_mutual_info_score). */
export function adjustedMutualInfoScore(labelsTrue: LabelInput, labelsPred: LabelInput, options: { averageMethod?: AverageMethod } = {}): number {
  const method = checkOption(options.averageMethod ?? 'arithmetic', METHODS, 'adjustedMutualInfoScore: averageMethod');
  const t = contingency(labelsTrue, labelsPred, 'adjustedMutualInfoScore');
  if ((t.kt === 1 && t.kp === 1) || (t.kt === 0 && t.kp === 0)) return 1;
  const mi = miFromContingency(t);
  const emi = expectedMutualInformation(t);
  const norm = generalizedAverage(labelEntropy(t.rows, t.n), labelEntropy(t.cols, t.n), method);
  let den = norm - emi;
  den = den < 0 ? Math.min(den, -Number.EPSILON) : Math.max(den, Number.EPSILON);
  return (mi - emi) / den;
}

/** Homogeneity, completeness and their weighted harmonic mean, the V-measure (beta = 1 by default). */
export function homogeneityCompletenessVMeasure(labelsTrue: LabelInput, labelsPred: LabelInput, options: { beta?: number } = {}): { homogeneity: number; completeness: number; vMeasure: number } {
  const beta = options.beta ?? 1;
  const t = contingency(labelsTrue, labelsPred, 'homogeneityCompletenessVMeasure');
  if (t.n === 0) return { homogeneity: 1, completeness: 1, vMeasure: 1 };
  const hc = labelEntropy(t.rows, t.n), hk = labelEntropy(t.cols, t.n);
  const mi = miFromContingency(t);
  const homogeneity = hc ? mi / hc : 1;
  const completeness = hk ? mi / hk : 1;
  const vMeasure = homogeneity + completeness === 0 ? 0 : ((1 + beta) * homogeneity * completeness) / (beta * homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}

/** Each cluster contains only members of a single class (1 is perfect). */
export function homogeneityScore(labelsTrue: LabelInput, labelsPred: LabelInput): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred).homogeneity;
}

/** All members of a class are assigned to the same cluster (1 is perfect). */
export function completenessScore(labelsTrue: LabelInput, labelsPred: LabelInput): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred).completeness;
}

/** The V-measure: harmonic mean of homogeneity and completeness (weighted by beta). */
export function vMeasureScore(labelsTrue: LabelInput, labelsPred: LabelInput, options: { beta?: number } = {}): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred, options).vMeasure;
}

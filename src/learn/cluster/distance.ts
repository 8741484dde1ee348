import { gemm } from '../../linalg/matrix.js';
import { nativeCentredCopy } from './native.js';

/** Squared row norms of a row-major [n, p] matrix. */
export function rowNormsSq(x: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * p, e = j + p; j < e; j++) s += x[j] * x[j];
    out[i] = s;
  }
  return out;
}

/**
 * A centred copy of row-major src [n, p], its column means and the sum of the squared centred
 * values (with the centred rows' squared norms when `withNorms`): the native kernel when there
 * is one.
 */
export function centredCopy(src: Float64Array, n: number, p: number, withNorms = false): { x: Float64Array; mean: Float64Array; sumSq: number; norms: Float64Array | null } {
  const fast = nativeCentredCopy(src, n, p, withNorms);
  if (fast !== null) return fast;
  const mean = new Float64Array(p), x = new Float64Array(n * p);
  for (let i = 0, o = 0; i < n; i++, o += p) for (let f = 0; f < p; f++) mean[f] += src[o + f];
  for (let f = 0; f < p; f++) mean[f] /= n;
  let sumSq = 0;
  for (let i = 0, o = 0; i < n; i++, o += p) for (let f = 0; f < p; f++) { const t = src[o + f] - mean[f]; x[o + f] = t; sumSq += t * t; }
  return { x, mean, sumSq, norms: withNorms ? rowNormsSq(x, n, p) : null };
}

/**
 * Squared Euclidean distances [n, k] between the rows of x [n, p] and c [k, p], as one GEMM:
 * ‖x‖² + ‖c‖² − 2·x·cᵀ (clamped at 0). `xNorm` (‖x‖² per row) is added only when given, since
 * argmin over centres does not need it.
 */
export function sqDistances(x: Float64Array, n: number, p: number, c: Float64Array, k: number, xNorm: Float64Array | null, cNorm?: Float64Array): Float64Array {
  const d = gemm(x, n, p, false, c, k, p, true); // [n, k] = x·cᵀ
  const cn = cNorm ?? rowNormsSq(c, k, p);
  for (let i = 0; i < n; i++) {
    const xi = xNorm ? xNorm[i] : 0;
    for (let j = 0, o = i * k; j < k; j++, o++) {
      const v = xi + cn[j] - 2 * d[o];
      d[o] = xNorm && v < 0 ? 0 : v;
    }
  }
  return d;
}

/** Exact squared distance between row i of a and row j of b (both with p columns). */
export function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, p: number): number {
  let s = 0;
  for (let f = 0, ai = i * p, bj = j * p; f < p; f++) { const t = a[ai + f] - b[bj + f]; s += t * t; }
  return s;
}

import { backend } from '../../backend/index.js';
import { rowNormsSq, sqDist, sqDistances } from './distance.js';
import { nativeAssign, nativeDistances } from './native.js';

/** The result of one k-means run. */
export interface KMeansRun { centers: Float64Array; labels: Int32Array; inertia: number; nIter: number }

const CHUNK = 4096;

/** Assigns every sample to its nearest centre (one GEMM per chunk of rows); fills labels, returns nothing. */
export function assignLabels(x: Float64Array, n: number, p: number, centers: Float64Array, k: number, labels: Int32Array): void {
  lloydPass(x, n, p, centers, k, labels, null, null, null);
}

/**
 * One pass of Lloyd's E-step over chunks of rows: x·cᵀ on the backend's GEMM into a reused
 * buffer, argmin of ‖c‖² − 2x·c, and (when `sums` is given) the weighted per-cluster sums for the
 * M-step while the chunk is still in cache.
 */
export function lloydPass(x: Float64Array, n: number, p: number, centers: Float64Array, k: number, labels: Int32Array, sw: Float64Array | null, sums: Float64Array | null, wIn: Float64Array | null): void {
  // the native backend fuses the distances, argmin and sums in one register-blocked pass
  if (nativeAssign(x, n, p, centers, k, labels, sw, sums, wIn)) return;
  const cn = rowNormsSq(centers, k, p);
  const buf = new Float64Array(Math.min(CHUNK, n) * k);
  const be = backend();
  for (let s = 0; s < n; s += CHUNK) {
    const m = Math.min(CHUNK, n - s);
    const d = m * k === buf.length ? buf : buf.subarray(0, m * k);
    be.matmul(
      { data: x, shape: [1, m, p], strides: [0, p, 1], offset: s * p },
      { data: centers, shape: [1, p, k], strides: [0, 1, p], offset: 0 },
      d,
    );
    for (let i = 0; i < m; i++) {
      const o = i * k;
      let best = 0, bv = cn[0] - 2 * d[o];
      for (let j = 1; j < k; j++) { const v = cn[j] - 2 * d[o + j]; if (v < bv) { bv = v; best = j; } }
      const row = s + i;
      labels[row] = best;
      if (sums !== null) {
        const w = (sw as Float64Array)[row];
        (wIn as Float64Array)[best] += w;
        const a = row * p, b = best * p;
        if (w === 1) for (let f = 0; f < p; f++) sums[b + f] += x[a + f];
        else for (let f = 0; f < p; f++) sums[b + f] += x[a + f] * w;
      }
    }
  }
}

/**
 * Squared distances [n, k] from the rows of x to the centres (‖c‖² − 2x·c, plus ‖x‖² and clamped
 * at 0 when xNorm is given): the native kernel when there is one, else one GEMM (sqDistances).
 */
export function centreDistances(x: Float64Array, n: number, p: number, c: Float64Array, k: number, xNorm: Float64Array | null): Float64Array {
  return nativeDistances(x, n, p, c, k, xNorm) ?? sqDistances(x, n, p, c, k, xNorm);
}

/**
 * New centres as weighted means of their samples (scikit-learn's M-step); an empty cluster takes
 * the sample farthest from its old centre (`_relocate_empty_clusters_dense`). Returns [k, p].
 */
export function updateCenters(x: Float64Array, n: number, p: number, sw: Float64Array, old: Float64Array, k: number, labels: Int32Array): Float64Array {
  const sums = new Float64Array(k * p), wIn = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const l = labels[i], w = sw[i];
    wIn[l] += w;
    if (w === 1) for (let f = 0, a = i * p, b = l * p; f < p; f++) sums[b + f] += x[a + f];
    else for (let f = 0, a = i * p, b = l * p; f < p; f++) sums[b + f] += x[a + f] * w;
  }
  return finishCenters(x, n, p, sw, old, k, labels, sums, wIn);
}

/** Divides the per-cluster sums by their weights, relocating empty clusters first (see updateCenters). */
export function finishCenters(x: Float64Array, n: number, p: number, sw: Float64Array, old: Float64Array, k: number, labels: Int32Array, sums: Float64Array, wIn: Float64Array): Float64Array {
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (wIn[j] === 0) empty.push(j);
  if (empty.length > 0) {
    const dist = new Float64Array(n);
    for (let i = 0; i < n; i++) dist[i] = sqDist(x, i, old, labels[i], p);
    const far = Array.from(dist.keys()).sort((a, b) => dist[b] - dist[a]).slice(0, empty.length);
    empty.forEach((newId, e) => {
      const idx = far[e], w = sw[idx], oldId = labels[idx];
      for (let f = 0; f < p; f++) { sums[oldId * p + f] -= x[idx * p + f] * w; sums[newId * p + f] = x[idx * p + f] * w; }
      wIn[newId] = w;
      wIn[oldId] -= w;
    });
  }
  for (let j = 0; j < k; j++) {
    if (wIn[j] === 0) { for (let f = 0; f < p; f++) sums[j * p + f] = old[j * p + f]; continue; }
    const inv = 1 / wIn[j];
    for (let f = 0; f < p; f++) sums[j * p + f] *= inv;
  }
  return sums;
}

/** Σ weight · ‖x − centre(label)‖² */
export function inertiaOf(x: Float64Array, n: number, p: number, sw: Float64Array, centers: Float64Array, labels: Int32Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += sw[i] * sqDist(x, i, centers, labels[i], p);
  return s;
}

/** Whether two label vectors are equal (strict convergence). */
export function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Σ_j ‖a_j − b_j‖² over all centres. */
export function centerShiftSq(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) { const t = a[i] - b[i]; s += t * t; }
  return s;
}

/**
 * Lloyd's algorithm (scikit-learn's `_kmeans_single_lloyd`): stop when the labels stop changing
 * (strict convergence) or the squared centre shift is ≤ tol; without strict convergence the
 * labels are recomputed once for the final centres.
 */
export function lloyd(x: Float64Array, n: number, p: number, sw: Float64Array, init: Float64Array, k: number, maxIter: number, tol: number): KMeansRun {
  let centers: Float64Array = init.slice();
  const labels = new Int32Array(n), old = new Int32Array(n).fill(-1);
  let strict = false, it = 0;
  for (it = 0; it < maxIter; it++) {
    const sums = new Float64Array(k * p), wIn = new Float64Array(k);
    lloydPass(x, n, p, centers, k, labels, sw, sums, wIn);
    const next = finishCenters(x, n, p, sw, centers, k, labels, sums, wIn);
    const shift = centerShiftSq(next, centers);
    centers = next;
    if (sameLabels(labels, old)) { strict = true; break; }
    if (shift <= tol) break;
    old.set(labels);
  }
  if (!strict) assignLabels(x, n, p, centers, k, labels);
  return { centers, labels, inertia: inertiaOf(x, n, p, sw, centers, labels), nIter: Math.min(it + 1, maxIter) };
}

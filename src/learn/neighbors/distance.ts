import { fromFlat } from './flat.js';
import { tensor } from '../../tensor/creation.js';
import { matmul } from '../../ops/matmul.js';
import { contiguous } from '../../ops/cast.js';
import type { Tensor } from '../../tensor/tensor.js';
import { transpose } from '../../ops/movement.js';
import { ValueError } from '../../tensor/errors.js';

/** Distance metrics supported by the neighbours estimators. */
export type NeighborsMetric = 'euclidean' | 'manhattan' | 'minkowski' | 'cosine';

/** The metric after resolving minkowski with p = 1 or 2 (scikit-learn's effective_metric_). */
export type EffectiveMetric = { kind: 'euclidean' } | { kind: 'manhattan' } | { kind: 'minkowski'; p: number } | { kind: 'cosine' };

/** Resolves scikit-learn's effective metric: minkowski with p=2 is euclidean, p=1 manhattan. */
export function effectiveMetric(metric: NeighborsMetric, p: number, who: string): EffectiveMetric {
  if (metric === 'minkowski') {
    if (!(p >= 1)) throw new ValueError(`${who}: p must be >= 1 for the minkowski metric, got ${p}`);
    if (p === 2) return { kind: 'euclidean' };
    if (p === 1) return { kind: 'manhattan' };
    if (p === Infinity) throw new ValueError(`${who}: p = Infinity (chebyshev) is not supported`);
    return { kind: 'minkowski', p };
  }
  if (metric === 'euclidean' || metric === 'manhattan' || metric === 'cosine') return { kind: metric };
  throw new ValueError(`${who}: metric must be 'euclidean', 'manhattan', 'minkowski' or 'cosine', got '${String(metric)}'`);
}

/**
 * The "reduced" distance used for ranking (squared for euclidean, sum |d|^p for minkowski) of
 * two rows; {@link finishDistance} turns it into the true distance.
 */
export function reducedDistance(m: EffectiveMetric, a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  if (m.kind === 'euclidean') for (let j = 0; j < d; j++) { const t = a[ao + j] - b[bo + j]; s += t * t; }
  else if (m.kind === 'manhattan') for (let j = 0; j < d; j++) s += Math.abs(a[ao + j] - b[bo + j]);
  else if (m.kind === 'minkowski') for (let j = 0; j < d; j++) s += Math.abs(a[ao + j] - b[bo + j]) ** m.p;
  else throw new ValueError('reducedDistance: cosine has no reduced form');
  return s;
}

/** The true distance from a reduced one. */
export function finishDistance(m: EffectiveMetric, r: number): number {
  if (m.kind === 'euclidean') return Math.sqrt(r);
  if (m.kind === 'minkowski') return r ** (1 / m.p);
  return r;
}

/**
 * Reduced distances of a block of query rows Q [nq, d] to all fitted rows F [n, d] → [nq, n].
 * Euclidean uses ‖q‖² − 2 q·f + ‖f‖² with the engine's matmul (clamped at 0); cosine uses
 * 1 − q̂·f̂ on L2-normalised rows (zero rows stay zero, so their distance is 1), clipped to
 * [0, 2] as scikit-learn's cosine_distances.
 */
export function reducedBlock(m: EffectiveMetric, Q: Float64Array, nq: number, F: Float64Array, n: number, d: number, fNorms: Float64Array | null, fT?: Tensor): Float64Array {
  const out = new Float64Array(nq * n);
  if (m.kind === 'euclidean' || m.kind === 'cosine') {
    let q = Q;
    if (m.kind === 'cosine') q = normalizeRows(Q, nq, d);
    const qt = fromFlat(q, [nq, d]);
    const g = matmul(qt, fT ?? fittedTransposed(m, F, n, d)).contiguous().dataSync() as Float64Array; // [nq, n]
    if (m.kind === 'cosine') {
      for (let i = 0; i < out.length; i++) out[i] = Math.min(2, Math.max(0, 1 - g[i]));
      return out;
    }
    const fn = fNorms ?? rowSquaredNorms(F, n, d);
    for (let i = 0; i < nq; i++) {
      let qn = 0;
      for (let j = 0; j < d; j++) qn += Q[i * d + j] * Q[i * d + j];
      for (let k = 0; k < n; k++) out[i * n + k] = Math.max(0, qn - 2 * g[i * n + k] + fn[k]);
    }
    return out;
  }
  for (let i = 0; i < nq; i++) for (let k = 0; k < n; k++) out[i * n + k] = reducedDistance(m, Q, i * d, F, k * d, d);
  return out;
}

/** The fitted rows as a contiguous [d, n] tensor (L2-normalised for cosine), the right operand of the distance matmul. */
export function fittedTransposed(m: EffectiveMetric, F: Float64Array, n: number, d: number): Tensor {
  return contiguous(transpose(fromFlat(m.kind === 'cosine' ? normalizeRows(F, n, d) : F, [n, d]), 0, 1));
}

/** Squared L2 norm of each row. */
export function rowSquaredNorms(A: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < d; j++) s += A[i * d + j] ** 2; out[i] = s; }
  return out;
}

function normalizeRows(A: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(A.length);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += A[i * d + j] ** 2;
    const norm = Math.sqrt(s);
    for (let j = 0; j < d; j++) out[i * d + j] = norm === 0 ? 0 : A[i * d + j] / norm;
  }
  return out;
}

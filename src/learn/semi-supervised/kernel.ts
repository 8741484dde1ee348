import { ValueError } from '../../tensor/errors.js';
import { NEIGHBORS_DEFAULTS, NeighborsIndex } from '../neighbors/base.js';
import { reducedBlock, rowSquaredNorms } from '../neighbors/distance.js';

/** The graph kernel of label propagation / spreading. */
export type GraphKernel = 'rbf' | 'knn';

/**
 * The RBF kernel exp(−γ‖a − b‖²) of query rows Q [nq, d] against fitted rows F [n, d] → [nq, n]
 * (squared distances from the engine's matmul, as scikit-learn's euclidean_distances).
 */
export function rbfBlock(Q: Float64Array, nq: number, F: Float64Array, n: number, d: number, gamma: number): Float64Array {
  const sq = reducedBlock({ kind: 'euclidean' }, Q, nq, F, n, d, rowSquaredNorms(F, n, d));
  for (let i = 0; i < sq.length; i++) sq[i] = Math.exp(-gamma * sq[i]);
  return sq;
}

/**
 * The affinity matrix [n, n] of the fitted rows: RBF (diagonal exactly 1, as scikit-learn sets
 * the self-distance to 0) or the kNN connectivity graph (row i has ones at its k nearest rows,
 * itself included, as NearestNeighbors.kneighbors_graph on the training rows).
 */
export function affinity(kernel: GraphKernel, X: Float64Array, n: number, d: number, gamma: number, nNeighbors: number, who: string): { W: Float64Array; index: NeighborsIndex | null } {
  if (kernel === 'rbf') {
    const W = rbfBlock(X, n, X, n, d, gamma);
    for (let i = 0; i < n; i++) W[i * n + i] = 1;
    return { W, index: null };
  }
  if (kernel !== 'knn') throw new ValueError(`${who}: kernel must be 'rbf' or 'knn', got '${String(kernel)}'`);
  if (!Number.isInteger(nNeighbors) || nNeighbors < 1 || nNeighbors > n) throw new ValueError(`${who}: nNeighbors must be an integer in [1, nSamples = ${n}], got ${nNeighbors}`);
  const index = new NeighborsIndex(X, n, d, { ...NEIGHBORS_DEFAULTS, nNeighbors }, who);
  const { idx } = index.query(X, n, nNeighbors);
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < nNeighbors; j++) W[i * n + idx[i * nNeighbors + j]] = 1;
  return { W, index };
}

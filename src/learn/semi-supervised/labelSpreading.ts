import { ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { BaseLabelPropagation, type LabelPropagationJSON, type LabelSpreadingOptions } from './propagation.js';

/**
 * Label spreading (scikit-learn's `LabelSpreading`, Zhou et al. 2004): iterates
 * F ← alpha · S F + (1 − alpha) · Y with S = D^{-1/2} W D^{-1/2} (zero diagonal; D the column
 * sums of W off the diagonal, as scipy's normalised Laplacian), so labeled rows may change.
 *
 * @example
 * new LabelSpreading({ kernel: 'knn', nNeighbors: 2, alpha: 0.2 }).fit([[0], [0.1], [5], [5.1]], [0, -1, 1, -1]);
 */
export class LabelSpreading extends BaseLabelPropagation {
  protected readonly variant = 'spreading' as const;

  constructor(options: LabelSpreadingOptions = {}) {
    super({ kernel: 'rbf', gamma: 20, nNeighbors: 7, maxIter: 30, tol: 1e-3, alpha: 0.2, ...options });
  }

  protected buildGraph(W: Float64Array, n: number): Float64Array {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) w[j] += W[i * n + j];
    for (let j = 0; j < n; j++) w[j] = w[j] === 0 ? 1 : Math.sqrt(w[j]);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) W[i * n + j] = i === j ? 0 : W[i * n + j] / w[j] / w[i];
    return W;
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: LabelPropagationJSON): LabelSpreading {
    if (json.type !== 'LabelSpreading') throw new ValueError(`LabelSpreading.fromJSON: expected type 'LabelSpreading', got ${String(json.type)}`);
    return new LabelSpreading(json.params).restore(json);
  }
}

registerEstimator('LabelSpreading', LabelSpreading.fromJSON);

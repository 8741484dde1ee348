import { ValueError } from '../../tensor/errors.js';
import { registerEstimator } from '../persist.js';
import { BaseLabelPropagation, type LabelPropagationJSON, type LabelPropagationOptions } from './propagation.js';

/**
 * Label propagation (scikit-learn's `LabelPropagation`, Zhu & Ghahramani 2002): the affinity
 * matrix, each row divided by its column's sum, is applied repeatedly to the label
 * distributions; unlabeled rows are renormalised and labeled rows clamped to their labels.
 *
 * @example
 * const lp = new LabelPropagation({ kernel: 'knn', nNeighbors: 2 }).fit([[0], [0.1], [5], [5.1]], [0, -1, 1, -1]);
 * lp.transduction; // [0, 0, 1, 1]
 */
export class LabelPropagation extends BaseLabelPropagation {
  protected readonly variant = 'propagation' as const;

  constructor(options: LabelPropagationOptions = {}) {
    super({ kernel: 'rbf', gamma: 20, nNeighbors: 7, maxIter: 1000, tol: 1e-3, alpha: 0, ...options });
  }

  protected buildGraph(W: Float64Array, n: number): Float64Array {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) col[j] += W[i * n + j];
    if (this.params.kernel === 'knn') {
      // scikit-learn divides the sparse kNN graph by np.diag(normalizer), i.e. by the first
      // column's sum only; rows are renormalised every iteration, so only the scale differs.
      for (let t = 0; t < W.length; t++) W[t] /= col[0];
      return W;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) W[i * n + j] /= col[i];
    return W;
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: LabelPropagationJSON): LabelPropagation {
    if (json.type !== 'LabelPropagation') throw new ValueError(`LabelPropagation.fromJSON: expected type 'LabelPropagation', got ${String(json.type)}`);
    return new LabelPropagation(json.params).restore(json);
  }
}

registerEstimator('LabelPropagation', LabelPropagation.fromJSON);

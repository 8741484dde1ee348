import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseEstimator, checkFitted } from '../base.js';
import { categoryIndex, categoryName, fitCategories, readCategorical, type Category, type CategoricalInput } from './categorical.js';
import { checkKnown } from './onehot.js';
import { checkFeatures, matTensor } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface OrdinalEncoderOptions {
  categories: 'auto' | Category[][];
  /** 'error' (default) or 'use_encoded_value' (unknowns become unknownValue). */
  handleUnknown: 'error' | 'use_encoded_value';
  /** The code of unknown categories with 'use_encoded_value' (an integer or NaN). */
  unknownValue: number | null;
  /** The code of a missing (NaN) value (default NaN), as scikit-learn's encoded_missing_value. */
  encodedMissingValue: number;
}

/**
 * Each category → its index in the feature's sorted categories (float64), scikit-learn's
 * OrdinalEncoder.
 *
 * ```ts
 * new preprocessing.OrdinalEncoder().fitTransform([['b'], ['a'], ['c']]); // [[1], [0], [2]]
 * ```
 */
export class OrdinalEncoder extends BaseEstimator<OrdinalEncoderOptions> {
  categories: Category[][] | null = null;
  nFeaturesIn: number | null = null;

  constructor(options: Partial<OrdinalEncoderOptions> = {}) {
    super({ categories: 'auto', handleUnknown: 'error', unknownValue: null, encodedMissingValue: NaN, ...options });
  }

  fit(X: CategoricalInput): this {
    const { handleUnknown, unknownValue } = this.params;
    if (handleUnknown === 'use_encoded_value') {
      if (unknownValue === null || !(Number.isInteger(unknownValue) || Number.isNaN(unknownValue))) throw new ValueError(`OrdinalEncoder: unknownValue must be an integer or NaN when handleUnknown is 'use_encoded_value', got ${String(unknownValue)}`);
    } else if (handleUnknown !== 'error') throw new ValueError(`OrdinalEncoder: handleUnknown must be 'error' or 'use_encoded_value', got '${String(handleUnknown)}'`);
    const t = readCategorical(X);
    const cats = fitCategories(t, this.params.categories, 'OrdinalEncoder');
    if (this.params.categories !== 'auto') checkKnown(t.columns, cats);
    if (handleUnknown === 'use_encoded_value' && unknownValue !== null && !Number.isNaN(unknownValue)) {
      cats.forEach((c, j) => { if (unknownValue >= 0 && unknownValue < c.length) throw new ValueError(`OrdinalEncoder: unknownValue ${unknownValue} is already the code of a category of feature ${j}`); });
    }
    this.categories = cats;
    this.nFeaturesIn = t.cols;
    return this;
  }

  transform(X: CategoricalInput): Tensor {
    const cats = checkFitted(this, this.categories, 'transform');
    const t = readCategorical(X);
    checkFeatures(this, cats.length, t.cols);
    const out = new Float64Array(t.rows * t.cols);
    cats.forEach((c, j) => {
      const index = categoryIndex(c);
      for (let i = 0; i < t.rows; i++) {
        const v = t.columns[j][i];
        if (typeof v === 'number' && Number.isNaN(v) && c.some((x) => typeof x === 'number' && Number.isNaN(x))) { out[i * t.cols + j] = this.params.encodedMissingValue; continue; }
        const k = index(v);
        if (k < 0) {
          if (this.params.handleUnknown === 'error') throw new ValueError(`OrdinalEncoder: found unknown category ${categoryName(t.columns[j][i])} in column ${j} during transform`);
          out[i * t.cols + j] = this.params.unknownValue as number;
        } else out[i * t.cols + j] = k;
      }
    });
    return matTensor(out, t.rows, t.cols);
  }

  fitTransform(X: CategoricalInput): Tensor {
    return this.fit(X).transform(X);
  }

  /** Codes back to categories (unknown codes → null). */
  inverseTransform(X: Tensor | readonly (readonly number[])[]): (Category | null)[][] {
    const cats = checkFitted(this, this.categories, 'inverseTransform');
    const rows = X instanceof Tensor ? (X.toArray() as number[][]) : X;
    return rows.map((row) => cats.map((c, j) => (Number.isInteger(row[j]) && row[j] >= 0 && row[j] < c.length ? c[row[j]] : null)));
  }

  /** The fitted state as JSON (exact round trip through OrdinalEncoder.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): OrdinalEncoder {
    return restoreState(new OrdinalEncoder(json.params as ConstructorParameters<typeof OrdinalEncoder>[0]), json);
  }
}

registerEstimator('OrdinalEncoder', OrdinalEncoder.fromJSON);

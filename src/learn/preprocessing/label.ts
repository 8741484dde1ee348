import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { BaseEstimator, checkFitted } from '../base.js';
import { categoryIndex, categoryName, sortCategories, type Category } from './categorical.js';
import { vecTensor } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

/** 1-D labels: numbers or strings, or a 1-D tensor. */
export type LabelInput = Tensor | readonly Category[];

/** Reads 1-D labels. */
export function readLabels(y: LabelInput, name = 'y'): Category[] {
  if (y instanceof Tensor) {
    if (y.ndim !== 1) throw new ShapeError(`${name}: expected a 1-D array of labels, got ${y.ndim}-D`);
    return Array.from(y.dataSync(), Number);
  }
  if (!Array.isArray(y)) throw new ValueError(`${name}: expected a 1-D array of labels`);
  y.forEach((v, i) => { if (typeof v !== 'number' && typeof v !== 'string') throw new ShapeError(`${name}: expected a 1-D array of numbers or strings, element ${i} is ${Array.isArray(v) ? 'an array' : typeof v}`); });
  return [...y];
}

/**
 * Labels → 0 … nClasses − 1 in sorted order, scikit-learn's LabelEncoder.
 *
 * ```ts
 * const le = new preprocessing.LabelEncoder().fit(['paris', 'tokyo', 'paris']);
 * le.transform(['tokyo']);   // [1]
 * le.inverseTransform([0]);  // ['paris']
 * ```
 */
export class LabelEncoder extends BaseEstimator<Record<string, never>> {
  classes: Category[] | null = null;

  constructor() {
    super({});
  }

  fit(y: LabelInput): this {
    this.classes = sortCategories(readLabels(y), 'LabelEncoder: y');
    return this;
  }

  transform(y: LabelInput): Tensor {
    const classes = checkFitted(this, this.classes, 'transform');
    const index = categoryIndex(classes);
    return vecTensor(readLabels(y).map((v) => {
      const k = index(v);
      if (k < 0) throw new ValueError(`LabelEncoder: y contains previously unseen label ${categoryName(v)}`);
      return k;
    }));
  }

  fitTransform(y: LabelInput): Tensor {
    return this.fit(y).transform(y);
  }

  inverseTransform(codes: Tensor | readonly number[]): Category[] {
    const classes = checkFitted(this, this.classes, 'inverseTransform');
    const c = codes instanceof Tensor ? Array.from(codes.dataSync(), Number) : codes;
    return c.map((k) => {
      if (!Number.isInteger(k) || k < 0 || k >= classes.length) throw new ValueError(`LabelEncoder: code ${k} is not in [0, ${classes.length - 1}]`);
      return classes[k];
    });
  }

  /** The fitted state as JSON (exact round trip through LabelEncoder.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this, 'classes');
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): LabelEncoder {
    return restoreState(new LabelEncoder(), json);
  }
}

registerEstimator('LabelEncoder', LabelEncoder.fromJSON);

import type { Tensor } from '../../tensor/tensor.js';
import type { ArrayInput, Params } from '../base.js';

/** One train/test split: indices into the samples (ascending unless the splitter shuffles). */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/** Labels (targets or groups): numbers or strings, a Tensor or any 1-D array. */
export type LabelInput = ArrayInput | readonly (string | number)[];

/** Data whose first dimension indexes the samples; or just the number of samples. */
export type SampleInput = ArrayInput | readonly unknown[] | number;

/** A cross-validation splitter (scikit-learn's `BaseCrossValidator`). */
export interface Splitter {
  /** The train/test index pairs for the samples of X (y / groups where the splitter needs them). */
  split(X: SampleInput, y?: LabelInput | null, groups?: LabelInput | null): Split[];
  /** How many splits `split` returns. */
  getNSplits(X?: SampleInput, y?: LabelInput | null, groups?: LabelInput | null): number;
}

/**
 * What model selection needs of an estimator: scikit-learn's duck-typed contract. `fit` returns
 * the estimator; `clone` an unfitted copy; the prediction methods it has are used by name.
 */
export interface Estimator {
  fit(X: ArrayInput, y?: LabelInput): unknown;
  clone(): Estimator;
  getParams(deep?: boolean): Params;
  setParams(params: Params): unknown;
  predict?(X: ArrayInput): Tensor;
  predictProba?(X: ArrayInput): Tensor;
  decisionFunction?(X: ArrayInput): Tensor;
  transform?(X: ArrayInput): Tensor;
  score?(X: ArrayInput, y?: LabelInput): number;
  /** Class labels, for classifiers (sorted; strings when fitted on strings), once fitted. */
  readonly classes?: Tensor | Float64Array | string[] | null;
}

import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseEstimator, checkFitted } from '../base.js';
import { categoryIndex, categoryName, fitCategories, readCategorical, type Category, type CategoricalInput } from './categorical.js';
import { checkFeatures, matTensor } from './util.js';

export interface OneHotEncoderOptions {
  /** 'auto' (sorted distinct values of each column) or one list per column. */
  categories: 'auto' | Category[][];
  /** Drop one column per feature: null (default), 'first', 'if_binary' (only 2-category features) or one category per feature. */
  drop: null | 'first' | 'if_binary' | Category[];
  /** Unknown categories in transform: 'error' (default), or all-zero rows ('ignore'; 'infrequent_if_exist' acts as 'ignore', since infrequent grouping is not implemented). */
  handleUnknown: 'error' | 'ignore' | 'infrequent_if_exist';
}

/**
 * One 0/1 column per category of each feature, scikit-learn's OneHotEncoder with dense output.
 * Works on number or string columns.
 *
 * ```ts
 * const enc = new preprocessing.OneHotEncoder().fit([['a', 1], ['b', 2], ['a', 3]]);
 * enc.transform([['b', 3]]); // [[0, 1, 0, 0, 1]]
 * enc.getFeatureNamesOut();  // ['x0_a', 'x0_b', 'x1_1', 'x1_2', 'x1_3']
 * ```
 */
export class OneHotEncoder extends BaseEstimator<OneHotEncoderOptions> {
  /** The categories of each feature, in column order. */
  categories: Category[][] | null = null;
  /** Per feature, the index of the dropped category, or null (null overall when nothing is dropped). */
  dropIdx: (number | null)[] | null = null;
  nFeaturesIn: number | null = null;

  constructor(options: Partial<OneHotEncoderOptions> = {}) {
    super({ categories: 'auto', drop: null, handleUnknown: 'error', ...options });
  }

  fit(X: CategoricalInput): this {
    const t = readCategorical(X);
    const cats = fitCategories(t, this.params.categories, 'OneHotEncoder');
    if (this.params.categories !== 'auto') checkKnown(t.columns, cats);
    const { drop } = this.params;
    let dropIdx: (number | null)[] | null = null;
    if (drop === 'first') dropIdx = cats.map(() => 0);
    else if (drop === 'if_binary') dropIdx = cats.map((c) => (c.length === 2 ? 0 : null));
    else if (Array.isArray(drop)) {
      if (drop.length !== t.cols) throw new ValueError(`OneHotEncoder: drop has ${drop.length} entries, but X has ${t.cols} features`);
      dropIdx = drop.map((d, j) => {
        const k = categoryIndex(cats[j])(d);
        if (k < 0) throw new ValueError(`OneHotEncoder: drop category ${categoryName(d)} of feature ${j} is not among its categories`);
        return k;
      });
    } else if (drop !== null) throw new ValueError(`OneHotEncoder: drop must be null, 'first', 'if_binary' or a list, got ${String(drop)}`);
    this.categories = cats;
    this.dropIdx = dropIdx;
    this.nFeaturesIn = t.cols;
    return this;
  }

  /** The 0/1 matrix [nSamples, total kept categories] (float64). */
  transform(X: CategoricalInput): Tensor {
    const cats = checkFitted(this, this.categories, 'transform');
    const t = readCategorical(X);
    checkFeatures(this, cats.length, t.cols);
    const widths = cats.map((c, j) => c.length - (this.dropIdx?.[j] != null ? 1 : 0));
    const width = widths.reduce((a, b) => a + b, 0);
    const out = new Float64Array(t.rows * width);
    let offset = 0;
    cats.forEach((c, j) => {
      const index = categoryIndex(c);
      const dropped = this.dropIdx?.[j] ?? null;
      for (let i = 0; i < t.rows; i++) {
        let k = index(t.columns[j][i]);
        if (k < 0) {
          if (this.params.handleUnknown === 'error') throw new ValueError(`OneHotEncoder: found unknown category ${categoryName(t.columns[j][i])} in column ${j} during transform`);
          continue;
        }
        if (dropped !== null) { if (k === dropped) continue; if (k > dropped) k--; }
        out[i * width + offset + k] = 1;
      }
      offset += widths[j];
    });
    return matTensor(out, t.rows, width);
  }

  fitTransform(X: CategoricalInput): Tensor {
    return this.fit(X).transform(X);
  }

  /** Categories back from one-hot rows; an all-zero block is the dropped category, or null if unknown. */
  inverseTransform(X: Tensor | readonly (readonly number[])[]): (Category | null)[][] {
    const cats = checkFitted(this, this.categories, 'inverseTransform');
    const rows = X instanceof Tensor ? (X.toArray() as number[][]) : X;
    return rows.map((row) => {
      let offset = 0;
      return cats.map((c, j) => {
        const dropped = this.dropIdx?.[j] ?? null;
        const w = c.length - (dropped !== null ? 1 : 0);
        let best = -1;
        for (let k = 0; k < w; k++) if (row[offset + k] > 0 && (best < 0 || row[offset + k] > row[offset + best])) best = k;
        offset += w;
        if (best < 0) return dropped !== null ? c[dropped] : null;
        return c[dropped !== null && best >= dropped ? best + 1 : best];
      });
    });
  }

  /** Output column names, `${feature}_${category}` (features named x0, x1, ... unless given). */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const cats = checkFitted(this, this.categories, 'getFeatureNamesOut');
    const names: string[] = [];
    cats.forEach((c, j) => c.forEach((v, k) => {
      if (this.dropIdx?.[j] !== k) names.push(`${inputFeatures?.[j] ?? `x${j}`}_${pyName(v)}`);
    }));
    return names;
  }
}

/** With given categories, every training value must be among them (scikit-learn raises). */
export function checkKnown(columns: Category[][], cats: Category[][]): void {
  columns.forEach((col, j) => {
    const index = categoryIndex(cats[j]);
    for (const v of col) if (index(v) < 0) throw new ValueError(`found unknown category ${categoryName(v)} in column ${j} during fit`);
  });
}

/** A category as Python prints it in feature names: float categories keep a '.0' (nabla's numbers are float64). */
function pyName(v: Category): string {
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  return categoryName(v);
}

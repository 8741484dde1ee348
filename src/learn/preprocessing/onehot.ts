import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseEstimator, checkFitted } from '../base.js';
import { categoryIndex, categoryName, fitCategories, readCategorical, type Category, type CategoricalInput } from './categorical.js';
import { checkFeatures, matTensor } from './util.js';
import { registerEstimator, type EstimatorJSON } from '../persist.js';
import { restoreState, stateToJSON } from '../state.js';

export interface OneHotEncoderOptions {
  /** 'auto' (sorted distinct values of each column) or one list per column. */
  categories: 'auto' | Category[][];
  /** Drop one column per feature: null (default), 'first', 'if_binary' (only 2-column features) or one category per feature. */
  drop: null | 'first' | 'if_binary' | Category[];
  /** Unknown categories in transform: 'error' (default), 'ignore' (all-zero block) or 'infrequent_if_exist' (the infrequent column when the feature has one, else zeros). */
  handleUnknown: 'error' | 'ignore' | 'infrequent_if_exist';
  /** Categories seen fewer times are grouped as infrequent: an integer count ≥ 1, or a fraction of the samples in (0, 1). */
  minFrequency: number | null;
  /** At most this many output columns per feature, the rarest categories grouped as infrequent. */
  maxCategories: number | null;
}

/**
 * One 0/1 column per category of each feature, scikit-learn's OneHotEncoder with dense output
 * (infrequent categories grouped into one last column per feature, as scikit-learn 1.2).
 * Works on number or string columns.
 *
 * ```ts
 * const enc = new preprocessing.OneHotEncoder().fit([['a', 1], ['b', 2], ['a', 3]]);
 * enc.transform([['b', 3]]); // [[0, 1, 0, 0, 1]]
 * enc.getFeatureNamesOut();  // ['x0_a', 'x0_b', 'x1_1.0', 'x1_2.0', 'x1_3.0']
 * ```
 */
export class OneHotEncoder extends BaseEstimator<OneHotEncoderOptions> {
  /** The categories of each feature, in column order. */
  categories: Category[][] | null = null;
  /** Per feature, the dropped output column (after infrequent grouping), or null; null overall when nothing is dropped. */
  dropIdx: (number | null)[] | null = null;
  /** Per feature, the categories grouped as infrequent, or null. */
  infrequentCategories: (Category[] | null)[] | null = null;
  nFeaturesIn: number | null = null;
  /** Per feature: category index → output column before dropping. */
  private mapping: Int32Array[] | null = null;
  private nOut: number[] | null = null;

  constructor(options: Partial<OneHotEncoderOptions> = {}) {
    super({ categories: 'auto', drop: null, handleUnknown: 'error', minFrequency: null, maxCategories: null, ...options });
  }

  fit(X: CategoricalInput): this {
    const t = readCategorical(X);
    const { handleUnknown, minFrequency, maxCategories } = this.params;
    if (!['error', 'ignore', 'infrequent_if_exist'].includes(handleUnknown)) throw new ValueError(`OneHotEncoder: handleUnknown must be 'error', 'ignore' or 'infrequent_if_exist', got '${String(handleUnknown)}'`);
    if (minFrequency !== null && !((Number.isInteger(minFrequency) && minFrequency >= 1) || (minFrequency > 0 && minFrequency < 1))) throw new ValueError(`OneHotEncoder: minFrequency must be an integer >= 1 or a fraction in (0, 1), got ${minFrequency}`);
    if (maxCategories !== null && !(Number.isInteger(maxCategories) && maxCategories >= 1)) throw new ValueError(`OneHotEncoder: maxCategories must be an integer >= 1, got ${maxCategories}`);
    const cats = fitCategories(t, this.params.categories, 'OneHotEncoder');
    if (this.params.categories !== 'auto') checkKnown(t.columns, cats);
    const grouping = minFrequency !== null || maxCategories !== null;
    const infrequent = cats.map((c, j) => (grouping ? infrequentIndices(countsOf(t.columns[j], c), t.rows, minFrequency, maxCategories) : null));
    this.mapping = cats.map((c, j) => {
      const inf = new Set(infrequent[j] ?? []);
      const nFrequent = c.length - inf.size;
      let next = 0;
      return Int32Array.from(c, (_, k) => (inf.has(k) ? nFrequent : next++));
    });
    this.nOut = cats.map((c, j) => c.length - (infrequent[j]?.length ?? 0) + (infrequent[j] ? 1 : 0));
    this.infrequentCategories = cats.map((c, j) => infrequent[j]?.map((k) => c[k]) ?? null);
    const { drop } = this.params;
    let dropIdx: (number | null)[] | null = null;
    if (drop === 'first') dropIdx = cats.map(() => 0);
    else if (drop === 'if_binary') dropIdx = this.nOut.map((n) => (n === 2 ? 0 : null));
    else if (Array.isArray(drop)) {
      if (drop.length !== t.cols) throw new ValueError(`OneHotEncoder: drop has ${drop.length} entries, but X has ${t.cols} features`);
      dropIdx = drop.map((d, j) => {
        const k = categoryIndex(cats[j])(d);
        if (k < 0) throw new ValueError(`OneHotEncoder: drop category ${categoryName(d)} of feature ${j} is not among its categories`);
        if (infrequent[j]?.includes(k)) throw new ValueError(`OneHotEncoder: unable to drop category ${categoryName(d)} from feature ${j} because it is infrequent`);
        return (this.mapping as Int32Array[])[j][k];
      });
    } else if (drop !== null) throw new ValueError(`OneHotEncoder: drop must be null, 'first', 'if_binary' or a list, got ${String(drop)}`);
    this.categories = cats;
    this.dropIdx = dropIdx;
    this.nFeaturesIn = t.cols;
    return this;
  }

  /** The 0/1 matrix [nSamples, total output columns] (float64). */
  transform(X: CategoricalInput): Tensor {
    const cats = checkFitted(this, this.categories, 'transform');
    const mapping = this.mapping as Int32Array[], nOut = this.nOut as number[];
    const t = readCategorical(X);
    checkFeatures(this, cats.length, t.cols);
    const widths = nOut.map((n, j) => n - (this.dropIdx?.[j] != null ? 1 : 0));
    const width = widths.reduce((a, b) => a + b, 0);
    const out = new Float64Array(t.rows * width);
    let offset = 0;
    cats.forEach((c, j) => {
      const index = categoryIndex(c);
      const dropped = this.dropIdx?.[j] ?? null;
      const hasInfrequent = this.infrequentCategories?.[j] != null;
      for (let i = 0; i < t.rows; i++) {
        const k = index(t.columns[j][i]);
        let col: number;
        if (k < 0) {
          if (this.params.handleUnknown === 'error') throw new ValueError(`OneHotEncoder: found unknown category ${categoryName(t.columns[j][i])} in column ${j} during transform`);
          if (this.params.handleUnknown !== 'infrequent_if_exist' || !hasInfrequent) continue;
          col = nOut[j] - 1;
        } else col = mapping[j][k];
        if (dropped !== null) { if (col === dropped) continue; if (col > dropped) col--; }
        out[i * width + offset + col] = 1;
      }
      offset += widths[j];
    });
    return matTensor(out, t.rows, width);
  }

  fitTransform(X: CategoricalInput): Tensor {
    return this.fit(X).transform(X);
  }

  /** Categories back from one-hot rows; an all-zero block is the dropped category, else null; the infrequent column gives 'infrequent_sklearn'. */
  inverseTransform(X: Tensor | readonly (readonly number[])[]): (Category | null)[][] {
    checkFitted(this, this.categories, 'inverseTransform');
    const outputs = this.outputCategories();
    const rows = X instanceof Tensor ? (X.toArray() as number[][]) : X;
    return rows.map((row) => {
      let offset = 0;
      return outputs.map((labels, j) => {
        const dropped = this.dropIdx?.[j] ?? null;
        const kept = labels.filter((_, k) => k !== dropped);
        let best = -1;
        for (let k = 0; k < kept.length; k++) if (row[offset + k] > 0 && (best < 0 || row[offset + k] > row[offset + best])) best = k;
        offset += kept.length;
        if (best < 0) return dropped !== null ? labels[dropped] : null;
        return kept[best];
      });
    });
  }

  /** Output column names, `${feature}_${category}` (features named x0, x1, ... unless given); the infrequent column is `${feature}_infrequent_sklearn`. */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    checkFitted(this, this.categories, 'getFeatureNamesOut');
    return this.outputCategories().flatMap((labels, j) => labels
      .filter((_, k) => this.dropIdx?.[j] !== k)
      .map((v) => `${inputFeatures?.[j] ?? `x${j}`}_${pyName(v)}`));
  }

  /** Per feature, the label of each output column before dropping. */
  private outputCategories(): Category[][] {
    const cats = this.categories as Category[][];
    return cats.map((c, j) => {
      const inf = this.infrequentCategories?.[j];
      const frequent = inf ? c.filter((_, k) => (this.mapping as Int32Array[])[j][k] < (this.nOut as number[])[j] - 1) : c;
      return inf ? [...frequent, 'infrequent_sklearn'] : [...c];
    });
  }

  /** The fitted state as JSON (exact round trip through OneHotEncoder.fromJSON / estimatorFromJSON). */
  toJSON(): EstimatorJSON {
    return stateToJSON(this);
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: EstimatorJSON): OneHotEncoder {
    return restoreState(new OneHotEncoder(json.params as ConstructorParameters<typeof OneHotEncoder>[0]), json);
  }
}

registerEstimator('OneHotEncoder', OneHotEncoder.fromJSON);

function countsOf(column: Category[], cats: Category[]): Float64Array {
  const index = categoryIndex(cats);
  const counts = new Float64Array(cats.length);
  for (const v of column) { const k = index(v); if (k >= 0) counts[k]++; }
  return counts;
}

/** scikit-learn's _identify_infrequent: below minFrequency, then the rarest beyond maxCategories − 1 (stable by count). */
function infrequentIndices(counts: Float64Array, n: number, minFrequency: number | null, maxCategories: number | null): number[] | null {
  const mask = Array.from(counts, (c) => (minFrequency === null ? false : c < (minFrequency >= 1 ? minFrequency : n * minFrequency)));
  const current = counts.length - mask.filter(Boolean).length + 1;
  if (maxCategories !== null && maxCategories < current) {
    const order = Array.from(counts.keys()).sort((a, b) => counts[a] - counts[b] || a - b);
    // numpy's [: -maxCategories + 1] (empty when maxCategories is 1).
    const take = maxCategories === 1 ? 0 : order.length - (maxCategories - 1);
    for (const k of order.slice(0, Math.max(0, take))) mask[k] = true;
  }
  const out = mask.flatMap((m, k) => (m ? [k] : []));
  return out.length ? out : null;
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

import { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError } from '../tensor/errors.js';
import { BaseEstimator, checkFitted, toMatrix, type ArrayInput, type LabelInput, type Params } from './base.js';
import { estimatorFromJSON, registerEstimator, type EstimatorJSON } from './persist.js';

/** The input of a ColumnTransformer: a numeric matrix, or rows mixing numbers and strings (categorical columns). */
export type ColumnInput = ArrayInput | readonly (readonly (number | string)[])[];

/** What a block needs of its transformer (numeric ones take a matrix, encoders take rows of categories). */
export interface ColumnBlockTransformer {
  fit(X: never, y?: never): unknown;
  transform(X: never): Tensor;
  clone(): ColumnBlockTransformer;
  getParams(deep?: boolean): Params;
  setParams(params: Params): unknown;
}

/** One block: a name, a transformer (or 'passthrough' / 'drop') and the column indices it reads. */
export type ColumnSpec = readonly [string, ColumnBlockTransformer | 'passthrough' | 'drop', readonly number[]];

/** Options of {@link ColumnTransformer}. */
export interface ColumnTransformerOptions {
  transformers: readonly ColumnSpec[];
  /** The columns no block names: dropped (default) or passed through at the end. */
  remainder?: 'drop' | 'passthrough';
}

/** A saved ColumnTransformer. */
export interface ColumnTransformerJSON {
  type: 'ColumnTransformer';
  params: { remainder: 'drop' | 'passthrough' };
  blocks: [string, EstimatorJSON | 'passthrough' | 'drop', number[]][];
  nFeaturesIn: number;
}

type Rows = readonly (readonly (number | string)[])[];

/** The rows of X as plain arrays (a Tensor is read as float64 rows), with its width. */
function readRows(X: ColumnInput): { rows: Rows | Tensor; n: number; width: number } {
  if (X instanceof Tensor) {
    if (X.ndim !== 2) throw new ShapeError(`ColumnTransformer: X must be 2-D [nSamples, nFeatures], got ${X.ndim}-D`);
    return { rows: X, n: X.shape[0], width: X.shape[1] };
  }
  if (!Array.isArray(X) || (X.length > 0 && !Array.isArray(X[0]))) throw new ShapeError('ColumnTransformer: X must be a 2-D array of rows');
  const rows = X as Rows;
  if (rows.length === 0) throw new ValueError('ColumnTransformer: X: found an array with 0 samples; at least 1 is required');
  const width = rows[0].length;
  rows.forEach((r, i) => { if (r.length !== width) throw new ShapeError(`ColumnTransformer: row ${i} has ${r.length} values, expected ${width}`); });
  return { rows, n: rows.length, width };
}

/** The given columns of X: a Tensor for tensor input, else the selected row values. */
function selectColumns(rows: Rows | Tensor, cols: readonly number[]): ColumnInput {
  if (rows instanceof Tensor) {
    const x = toMatrix(rows, 'X', { allowNaN: true });
    const [n, p] = x.shape, d = x.dataSync();
    const out = new Float64Array(n * cols.length);
    for (let i = 0; i < n; i++) for (let k = 0; k < cols.length; k++) out[i * cols.length + k] = d[i * p + cols[k]];
    return new Tensor(out, [n, cols.length], 'float64');
  }
  return rows.map((r) => cols.map((j) => r[j]));
}

/**
 * Applies a transformer to each group of columns and puts the results side by side
 * (scikit-learn's `ColumnTransformer`; columns are given by index). Rows may mix numbers and
 * strings, so categorical columns can go to a OneHotEncoder and numeric ones to a scaler.
 *
 * ```ts
 * const ct = new ColumnTransformer({ transformers: [
 *   ['city', new preprocessing.OneHotEncoder(), [0]],
 *   ['num', new preprocessing.StandardScaler(), [1, 2]],
 * ] });
 * ct.fitTransform([['paris', 1, 2], ['tokyo', 3, 4]]); // [[1, 0, -1, -1], [0, 1, 1, 1]]
 * ```
 */
export class ColumnTransformer extends BaseEstimator<{ transformers: ColumnSpec[]; remainder: 'drop' | 'passthrough' }> {
  /** Number of columns seen in fit. */
  nFeaturesIn: number | null = null;
  /** The fitted blocks (the remainder last, when passed through). */
  transformers: ColumnSpec[] | null = null;

  constructor(options: ColumnTransformerOptions) {
    const remainder = options.remainder ?? 'drop';
    if (remainder !== 'drop' && remainder !== 'passthrough') throw new ValueError(`ColumnTransformer: remainder must be 'drop' or 'passthrough', got ${String(remainder)}`);
    const names = new Set<string>();
    for (const spec of options.transformers ?? []) {
      if (!Array.isArray(spec) || spec.length !== 3 || typeof spec[0] !== 'string') throw new ValueError('ColumnTransformer: each transformer must be a [name, transformer, columns] triple');
      if (names.has(spec[0])) throw new ValueError(`ColumnTransformer: names must be unique: '${spec[0]}' appears twice`);
      if (spec[0] === 'remainder' || spec[0].includes('__')) throw new ValueError(`ColumnTransformer: '${spec[0]}' is not a valid name ('remainder' is reserved; no '__')`);
      names.add(spec[0]);
      const t = spec[1];
      if (t !== 'drop' && t !== 'passthrough' && (typeof t?.fit !== 'function' || typeof t.transform !== 'function')) throw new ValueError(`ColumnTransformer: '${spec[0]}' must be a transformer (fit and transform), 'passthrough' or 'drop'`);
    }
    super({ transformers: [...(options.transformers ?? [])], remainder });
  }

  override getParams(deep = true): Params {
    const out: Params = { ...this.params };
    if (deep) for (const [name, t] of this.params.transformers) if (t instanceof BaseEstimator) for (const [k, v] of Object.entries(t.getParams(true))) out[`${name}__${k}`] = v;
    return out;
  }

  /** Changes options; `name__option` reaches the named block's transformer. */
  override setParams(params: Params): this {
    for (const [key, value] of Object.entries(params)) {
      const sep = key.indexOf('__');
      if (sep < 0) { super.setParams({ [key]: value }); continue; }
      const block = this.params.transformers.find(([name]) => name === key.slice(0, sep));
      if (!block || typeof block[1] === 'string') throw new ValueError(`setParams: ColumnTransformer has no transformer named '${key.slice(0, sep)}'`);
      block[1].setParams({ [key.slice(sep + 2)]: value });
    }
    return this;
  }

  override clone(): this {
    const transformers = this.params.transformers.map(([n, t, c]) => [n, typeof t === 'string' ? t : t.clone(), [...c]] as ColumnSpec);
    return new ColumnTransformer({ transformers, remainder: this.params.remainder }) as this;
  }

  /** The blocks to apply to X of `width` columns: the given ones, then the remainder. */
  private blocks(width: number): ColumnSpec[] {
    const used = new Set<number>();
    for (const [name, , cols] of this.params.transformers) {
      for (const j of cols) {
        if (!Number.isInteger(j) || j < 0 || j >= width) throw new ValueError(`ColumnTransformer: '${name}' names column ${j}, but X has ${width} columns`);
        used.add(j);
      }
    }
    const blocks = this.params.transformers.filter(([, t]) => t !== 'drop');
    const rest = Array.from({ length: width }, (_, j) => j).filter((j) => !used.has(j));
    if (this.params.remainder === 'passthrough' && rest.length > 0) blocks.push(['remainder', 'passthrough', rest]);
    return blocks;
  }

  /** Fits every block on its columns; returns this. */
  fit(X: ColumnInput, y?: LabelInput): this {
    this.fitTransform(X, y);
    return this;
  }

  /** Fits every block and returns the blocks' outputs side by side, float64 [n, total]. */
  fitTransform(X: ColumnInput, y?: LabelInput): Tensor {
    const { rows, n, width } = readRows(X);
    const fitted = this.blocks(width).map(([name, t, cols]) => [name, typeof t === 'string' ? t : t.clone(), cols] as ColumnSpec);
    const outs = fitted.map(([, t, cols]) => {
      const part = selectColumns(rows, cols);
      if (t === 'passthrough' || t === 'drop') return toMatrix(part as ArrayInput, 'X');
      const ft = (t as { fitTransform?: (X: unknown, y?: unknown) => Tensor }).fitTransform;
      return typeof ft === 'function' ? ft.call(t, part, y) : ((t.fit as (X: unknown, y?: unknown) => unknown).call(t, part, y), (t.transform as (X: unknown) => Tensor).call(t, part));
    });
    this.transformers = fitted;
    this.nFeaturesIn = width;
    return hstack(outs, n);
  }

  /** Each fitted block applied to its columns, side by side, float64 [n, total]. */
  transform(X: ColumnInput): Tensor {
    const blocks = checkFitted(this, this.transformers, 'transform');
    const { rows, n, width } = readRows(X);
    if (width !== this.nFeaturesIn) throw new ShapeError(`ColumnTransformer: X has ${width} features, but the transformer was fitted with ${this.nFeaturesIn} features`);
    return hstack(blocks.map(([, t, cols]) => {
      const part = selectColumns(rows, cols);
      return t === 'passthrough' || t === 'drop' ? toMatrix(part as ArrayInput, 'X') : (t.transform as (X: unknown) => Tensor).call(t, part);
    }), n);
  }

  /** The fitted blocks as JSON (every transformer saved with its own toJSON). */
  toJSON(): ColumnTransformerJSON {
    const blocks = checkFitted(this, this.transformers, 'toJSON');
    return {
      type: 'ColumnTransformer', params: { remainder: this.params.remainder }, nFeaturesIn: this.nFeaturesIn as number,
      blocks: blocks.map(([name, t, cols]) => {
        if (typeof t === 'string') return [name, t, [...cols]];
        const save = (t as { toJSON?: () => EstimatorJSON }).toJSON;
        if (typeof save !== 'function') throw new ValueError(`ColumnTransformer.toJSON: '${name}' (${t.constructor.name}) cannot be saved: it has no toJSON()`);
        return [name, save.call(t), [...cols]];
      }),
    };
  }

  /** Restores a transformer saved by toJSON. */
  static fromJSON(json: ColumnTransformerJSON): ColumnTransformer {
    if (json.type !== 'ColumnTransformer') throw new ValueError(`ColumnTransformer.fromJSON: expected type 'ColumnTransformer', got '${String(json.type)}'`);
    const blocks = json.blocks.map(([name, t, cols]) => [name, typeof t === 'string' ? t : estimatorFromJSON(t) as unknown as ColumnBlockTransformer, cols] as ColumnSpec);
    const ct = new ColumnTransformer({ transformers: blocks.filter(([name]) => name !== 'remainder'), remainder: json.params.remainder });
    ct.transformers = blocks;
    ct.nFeaturesIn = json.nFeaturesIn;
    return ct;
  }
}

/** Float64 blocks [n, w_j] side by side: [n, Σ w_j]. */
function hstack(blocks: Tensor[], n: number): Tensor {
  const widths = blocks.map((b) => (b.ndim === 1 ? 1 : b.shape[1]));
  const total = widths.reduce((a, b) => a + b, 0);
  const out = new Float64Array(n * total);
  let off = 0;
  blocks.forEach((b, k) => {
    const w = widths[k], d = b.contiguous().dataSync();
    for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) out[i * total + off + j] = Number(d[i * w + j]);
    off += w;
  });
  return new Tensor(out, [n, total], 'float64');
}

registerEstimator('ColumnTransformer', ColumnTransformer.fromJSON);

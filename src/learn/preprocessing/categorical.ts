import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';

/** A categorical value: a number or a string (NaN is a missing value). */
export type Category = number | string;

/** Categorical data: rows of numbers or strings, or a 2-D tensor. */
export type CategoricalInput = Tensor | readonly (readonly Category[])[];

/** A categorical table read column by column. */
export interface CatTable { rows: number; cols: number; columns: Category[][] }

/** ±Infinity is no category (scikit-learn's encoders reject it); NaN is the missing-value category. */
function checkNoInfinity(t: CatTable, name: string): CatTable {
  t.columns.forEach((col, j) => col.forEach((v, i) => {
    if (v === Infinity || v === -Infinity) throw new ValueError(`${name}: contains infinity at row ${i}, column ${j}`);
  }));
  return t;
}

/** Reads categorical rows (or a 2-D tensor) into columns; ragged rows are a ShapeError, ±Infinity a ValueError. */
export function readCategorical(X: CategoricalInput, name = 'X'): CatTable {
  if (X instanceof Tensor) {
    if (X.ndim !== 2) throw new ShapeError(`${name}: expected a 2-D array [nSamples, nFeatures], got ${X.ndim}-D`);
    const [rows, cols] = X.shape;
    if (rows === 0) throw new ValueError(`${name}: found an array with 0 samples; at least 1 is required`);
    const d = X.dataSync();
    const columns = Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => Number(d[i * cols + j])));
    return checkNoInfinity({ rows, cols, columns }, name);
  }
  if (!Array.isArray(X)) throw new ValueError(`${name}: expected rows of numbers or strings`);
  const rows = X.length;
  if (rows === 0) throw new ValueError(`${name}: found an array with 0 samples; at least 1 is required`);
  if (!Array.isArray(X[0])) throw new ShapeError(`${name}: expected a 2-D array [nSamples, nFeatures]; wrap a single feature as [[v0], [v1], ...]`);
  const cols = X[0].length;
  const columns: Category[][] = Array.from({ length: cols }, () => new Array<Category>(rows));
  X.forEach((row, i) => {
    if (row.length !== cols) throw new ShapeError(`${name}: row ${i} has ${row.length} values, expected ${cols}`);
    row.forEach((v: unknown, j: number) => {
      if (typeof v !== 'number' && typeof v !== 'string') throw new ValueError(`${name}: row ${i}, column ${j}: expected a number or string, got ${typeof v}`);
      columns[j][i] = v as Category;
    });
  });
  return checkNoInfinity({ rows, cols, columns }, name);
}

/** Sorts categories as numpy does: numbers ascending with NaN last, or strings by code unit. */
export function sortCategories(values: readonly Category[], name = 'X'): Category[] {
  const kinds = new Set(values.map((v) => typeof v));
  if (kinds.size > 1) throw new ValueError(`${name}: a column mixes numbers and strings; encode each column with one type`);
  const uniq = [...new Set(values.map((v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN#' : v)))].map((v) => (v === 'NaN#' ? NaN : v));
  return uniq.sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
      if (Number.isNaN(b)) return -1;
      return a - b;
    }
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  });
}

/** A lookup from category to its index (NaN matched to NaN). */
export function categoryIndex(categories: readonly Category[]): (v: Category) => number {
  const map = new Map<Category, number>();
  let nanIdx = -1;
  categories.forEach((c, i) => { if (typeof c === 'number' && Number.isNaN(c)) nanIdx = i; else map.set(c, i); });
  return (v) => (typeof v === 'number' && Number.isNaN(v) ? nanIdx : map.get(v) ?? -1);
}

/** Fitted categories of each column: 'auto' (sorted distinct values) or given lists. */
export function fitCategories(t: CatTable, given: 'auto' | readonly (readonly Category[])[], owner: string): Category[][] {
  if (given === 'auto') return t.columns.map((c, j) => sortCategories(c, `${owner}: column ${j}`));
  if (given.length !== t.cols) throw new ShapeError(`${owner}: categories has ${given.length} lists, but X has ${t.cols} features`);
  return given.map((c) => [...c]);
}

/** A readable name of a category for error messages and feature names. */
export function categoryName(v: Category): string {
  return typeof v === 'number' && Number.isNaN(v) ? 'nan' : String(v);
}

import type { Table } from '../learn/preprocessing/table.js';
import { Tensor } from '../tensor/tensor.js';
import { CliError } from './errors.js';
import { labelsOf } from './table.js';
import type { Task } from './models.js';

/** The target column, encoded: class indices (classification) or values (regression). */
export interface Target {
  y: Float64Array;
  classes: string[] | null;
}

/** Infers the task: a string/bool target, or one with few distinct integers, is classification. */
export function inferTask(t: Table, target: string): Task {
  const v = t.values[target];
  if (Array.isArray(v) || t.types[target] === 'bool') return 'classification';
  const present = Array.from(v).filter((x) => !Number.isNaN(x));
  const distinct = new Set(present);
  return present.every(Number.isInteger) && distinct.size <= Math.max(2, Math.min(20, Math.floor(present.length / 5))) ? 'classification' : 'regression';
}

/** Rows whose target is present. */
export function labelledRows(t: Table, target: string): number[] {
  const miss = t.missing[target];
  return Array.from({ length: t.nRows }, (_, i) => i).filter((i) => !miss[i]);
}

/** Encodes the target of `rows`; `classes` fixes the label order (unseen labels → -1). */
export function encodeTarget(t: Table, target: string, task: Task, path: string, classes?: string[] | null): Target {
  if (task === 'regression') {
    const v = t.values[target];
    if (Array.isArray(v)) {
      const bad = v.find((s) => s !== '' && Number.isNaN(Number(s)));
      throw new CliError(`${path}: target column '${target}' is not numeric (e.g. ${JSON.stringify(bad)}), so it cannot be regressed; use --task classification`);
    }
    return { y: Float64Array.from(v), classes: null };
  }
  const labels = labelsOf(t, target);
  const cls = classes ?? sortLabels([...new Set(labels)]);
  const idx = new Map(cls.map((c, j) => [c, j]));
  return { y: Float64Array.from(labels, (l) => idx.get(l) ?? -1), classes: cls };
}

function sortLabels(ls: string[]): string[] {
  return ls.every((l) => l !== '' && !Number.isNaN(Number(l))) ? ls.sort((a, b) => Number(a) - Number(b)) : ls.sort();
}

/** The table restricted to `rows`. */
export function subsetTable(t: Table, rows: readonly number[]): Table {
  const pick = <T>(v: ArrayLike<T>): T[] => rows.map((i) => v[i]);
  const values: Table['values'] = {};
  const missing: Table['missing'] = {};
  for (const c of t.columns) {
    const v = t.values[c];
    values[c] = Array.isArray(v) ? pick(v) : Float64Array.from(pick(v));
    missing[c] = Uint8Array.from(pick(t.missing[c]));
  }
  return { columns: t.columns, types: t.types, values, missing, nRows: rows.length, toTensor: () => { throw new Error('subsetTable: toTensor is not used by the CLI'); } };
}

/** A float64 matrix tensor. */
export function matrix(data: Float64Array, n: number, p: number): Tensor {
  return new Tensor(data, [n, p], 'float64');
}

/** A float64 vector tensor. */
export function vector(y: Float64Array): Tensor {
  return new Tensor(y, [y.length], 'float64');
}

/** Seeded shuffled (stratified when `strata` is given) fold assignment 0..k-1. */
export function assignFolds(n: number, k: number, strata: Float64Array | null, seed = 0): Int32Array {
  let s = seed >>> 0;
  const rand = (): number => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  if (strata) order.sort((a, b) => strata[a] - strata[b]);
  const fold = new Int32Array(n);
  order.forEach((row, pos) => { fold[row] = pos % k; });
  return fold;
}

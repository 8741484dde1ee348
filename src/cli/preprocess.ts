import type { ColumnType, Table } from '../learn/preprocessing/table.js';
import { CliError } from './errors.js';

/** One input column's fitted encoding: numeric (median-imputed, standardised) or categorical (one-hot, missing its own category, unknown ignored). */
export type ColumnStep =
  | { column: string; kind: 'numeric'; type: ColumnType; median: number; mean: number; scale: number }
  | { column: string; kind: 'categorical'; categories: string[] };

/** The fitted preprocessing saved in a model file. */
export interface PreprocessJSON {
  steps: ColumnStep[];
}

function median(v: number[]): number {
  if (v.length === 0) return 0;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Fits the preprocessing on the training table's feature columns. */
export function fitPreprocess(t: Table, columns: readonly string[]): PreprocessJSON {
  const steps = columns.map((column): ColumnStep => {
    const v = t.values[column];
    if (Array.isArray(v)) return { column, kind: 'categorical', categories: [...new Set(v)].sort() };
    const present = Array.from(v).filter((x) => !Number.isNaN(x));
    const med = median(present);
    const filled = Array.from(v, (x) => (Number.isNaN(x) ? med : x));
    const mean = filled.reduce((a, b) => a + b, 0) / filled.length;
    const sd = Math.sqrt(filled.reduce((a, b) => a + (b - mean) ** 2, 0) / filled.length);
    return { column, kind: 'numeric', type: t.types[column], median: med, mean, scale: sd > 0 ? sd : 1 };
  });
  return { steps };
}

/** The encoded feature names, in column order. */
export function featureNames(p: PreprocessJSON): string[] {
  return p.steps.flatMap((s) => (s.kind === 'numeric' ? [s.column] : s.categories.map((c) => `${s.column}=${c === '' ? '(missing)' : c}`)));
}

/** The column types to read new data with, so a column is parsed as it was at training time. */
export function inputTypes(p: PreprocessJSON): Record<string, ColumnType> {
  return Object.fromEntries(p.steps.map((s) => [s.column, s.kind === 'numeric' ? s.type : 'string']));
}

/** Encodes a table into a row-major float64 matrix [nRows, nFeatures]. */
export function transform(p: PreprocessJSON, t: Table, path: string): { data: Float64Array; nFeatures: number } {
  const missing = p.steps.filter((s) => !t.columns.includes(s.column)).map((s) => s.column);
  if (missing.length) throw new CliError(`${path} lacks the model's input column(s) ${missing.map((c) => `'${c}'`).join(', ')}; columns are: ${t.columns.join(', ')}`);
  const width = p.steps.reduce((a, s) => a + (s.kind === 'numeric' ? 1 : s.categories.length), 0);
  const n = t.nRows;
  const out = new Float64Array(n * width);
  let off = 0;
  for (const s of p.steps) {
    const v = t.values[s.column];
    if (s.kind === 'numeric') {
      const num = v as Float64Array;
      for (let i = 0; i < n; i++) out[i * width + off] = ((Number.isNaN(num[i]) ? s.median : num[i]) - s.mean) / s.scale;
      off += 1;
    } else {
      const idx = new Map(s.categories.map((c, j) => [c, j]));
      const strs = Array.isArray(v) ? v : Array.from(v, (x) => (Number.isNaN(x) ? '' : String(x)));
      for (let i = 0; i < n; i++) {
        const j = idx.get(strs[i]);
        if (j !== undefined) out[i * width + off + j] = 1;
      }
      off += s.categories.length;
    }
  }
  return { data: out, nFeatures: width };
}

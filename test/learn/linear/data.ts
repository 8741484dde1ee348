// Datasets of the linear-model parity fixtures, rebuilt with nabla's loaders.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDiabetes, loadBreastCancer, loadIris, loadBoston } from '../../../src/data/tabular.js';

// dist/test/learn/linear → the repository root; else the working directory (a private build)
const beside = fileURLToPath(new URL('../../../../test/fixtures/learn/linear.json', import.meta.url));
export const FIX = JSON.parse(readFileSync(existsSync(beside) ? beside : join(process.cwd(), 'test', 'fixtures', 'learn', 'linear.json'), 'utf8'));

function standardise(rows: number[][]): number[][] {
  const n = rows.length, p = rows[0].length;
  const mean = new Array<number>(p).fill(0), sd = new Array<number>(p).fill(0);
  for (const r of rows) r.forEach((v, j) => { mean[j] += v / n; });
  for (const r of rows) r.forEach((v, j) => { sd[j] += (v - mean[j]) ** 2 / n; });
  return rows.map((r) => r.map((v, j) => (v - mean[j]) / Math.sqrt(sd[j])));
}

function rowsOf(t: { shape: readonly number[]; dataSync(): ArrayLike<number> }): number[][] {
  const d = Array.from(t.dataSync()), p = t.shape[1];
  return Array.from({ length: t.shape[0] }, (_, i) => d.slice(i * p, (i + 1) * p));
}

/** X rows and y of a fixture data name. */
export function dataset(name: string): { X: number[][]; y: number[] } {
  if (name === 'diabetes' || name === 'diabetesRaw' || name === 'diabetesWide' || name === 'diabetesStd') {
    const b = loadDiabetes({ scaled: name !== 'diabetesRaw' && name !== 'diabetesStd' });
    let X = rowsOf(b.data), y = Array.from(b.target.dataSync());
    if (name === 'diabetesWide') { X = X.slice(0, 8); y = y.slice(0, 8); }
    if (name === 'diabetesStd') X = standardise(X);
    return { X, y };
  }
  if (name === 'boston') { const b = loadBoston(); return { X: rowsOf(b.data), y: Array.from(b.target.dataSync()) }; }
  const b = name === 'cancer' ? loadBreastCancer() : loadIris();
  return { X: standardise(rowsOf(b.data)), y: Array.from(b.target.dataSync()) };
}

/** Largest |a − b| over nested arrays of equal shape. */
export function maxDiff(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return Infinity;
    return a.reduce((m: number, v, i) => Math.max(m, maxDiff(v, b[i])), 0);
  }
  return Math.abs((a as number) - (b as number));
}

/** A tensor's values as nested arrays (a 0-d tensor gives its number). */
export function nested(t: { shape: readonly number[]; dataSync(): ArrayLike<number> }): unknown {
  const d = Array.from(t.dataSync());
  const build = (dim: number, off: number): unknown => {
    if (dim === t.shape.length) return d[off];
    const stride = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: t.shape[dim] }, (_, i) => build(dim + 1, off + i * stride));
  };
  return build(0, 0);
}

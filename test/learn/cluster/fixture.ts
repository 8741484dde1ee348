import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Tensor } from '../../../src/tensor/tensor.js';

/** Reads test/fixtures/learn/<name>.json, found above the compiled test or from the working directory. */
export function readFixture<T>(name: string): T {
  const rel = join('test', 'fixtures', 'learn', `${name}.json`);
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return JSON.parse(readFileSync(join(dir, rel), 'utf8')) as T;
  }
  return JSON.parse(readFileSync(join(process.cwd(), rel), 'utf8')) as T;
}

/** Max |a − b| over two flat lists. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A fixture's stored matrix (the generator stores the data so tests need no bundled files). */
export function dataset(name: string, stored: Record<string, number[][]>): Tensor {
  const rows = stored[name];
  return new Tensor(Float64Array.from(rows.flat()), [rows.length, rows[0].length], 'float64');
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The scikit-learn fixtures (tools/parity_learn/model_selection.py); tests run from the repo root. */
export const fixture = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/learn/model_selection.json'), 'utf8'));

/** Asserts elementwise closeness (relative to max(1, |expected|)). */
export function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9, what = ''): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (!(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) throw new Error(`${what}[${i}]: ${a} != ${e}`);
  }
}

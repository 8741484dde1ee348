// Loads a parity fixture from test/fixtures/learn (written by tools/parity_learn/*.py).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor.js';

export interface FixtureCase { fn: string; args: unknown[]; kwargs: Record<string, unknown>; out: unknown }

/** The repository root: the first directory above this file holding test/fixtures. */
function root(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'test', 'fixtures', 'learn'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

export function loadFixture(name: string): { cases: FixtureCase[] } {
  return JSON.parse(readFileSync(join(root(), 'test', 'fixtures', 'learn', name), 'utf8')) as { cases: FixtureCase[] };
}

/** Deep comparison of numbers (abs/rel tolerance), arrays, Tensors and plain objects. */
export function assertClose(actual: unknown, expected: unknown, tol = 1e-9, path = 'out'): void {
  if (actual instanceof Tensor) actual = actual.ndim === 0 ? actual.item() : actual.toArray();
  if (typeof expected === 'number' || expected === null) {
    const e = expected === null ? NaN : expected;
    assert.equal(typeof actual, 'number', `${path}: expected a number, got ${typeof actual}`);
    const a = actual as number;
    if (Number.isNaN(e)) { assert.ok(Number.isNaN(a), `${path}: expected NaN, got ${a}`); return; }
    if (!Number.isFinite(e)) { assert.equal(a, e, path); return; }
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${path}: ${a} vs expected ${e}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array`);
    const a = actual as unknown[];
    assert.equal(a.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertClose(a[i], e, tol, `${path}[${i}]`));
    return;
  }
  if (typeof expected === 'object') {
    for (const [k, e] of Object.entries(expected as Record<string, unknown>)) assertClose((actual as Record<string, unknown>)[k], e, tol, `${path}.${k}`);
    return;
  }
  assert.deepEqual(actual, expected, path);
}

// Replays test/fixtures/learn/metrics_core.json (tools/parity_learn/metrics_core.py, scikit-learn)
// against nabla's metrics: values to 1e-9 (float64), and a typed error wherever scikit-learn raises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as metrics from '../../src/metrics/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { NablaError } from '../../src/tensor/errors.js';

// The fixture is found above the compiled test (dist/test/metrics), else from the working directory.
function fixturePath(): string {
  const rel = join('test', 'fixtures', 'learn', 'metrics_core.json');
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return join(dir, rel);
  }
  return join(process.cwd(), rel);
}
const fixture = JSON.parse(readFileSync(fixturePath(), 'utf8'), (_k, v) =>
  v && typeof v === 'object' && '__float__' in v ? ({ nan: NaN, inf: Infinity, '-inf': -Infinity } as Record<string, number>)[v.__float__] : v);

interface Case { fn: string; args: unknown[]; kwargs: Record<string, unknown>; expected?: unknown; error?: boolean; message?: string }

function plain(x: unknown): unknown {
  if (x instanceof Tensor) return x.toArray();
  if (x && typeof x === 'object' && !Array.isArray(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}

function close(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: expected a number, got ${JSON.stringify(actual)}`);
    const a = actual as number;
    if (Number.isNaN(expected)) return assert.ok(Number.isNaN(a), `${path}: expected NaN, got ${a}`);
    if (!Number.isFinite(expected)) return assert.equal(a, expected, path);
    assert.ok(Math.abs(a - expected) <= 1e-9 + 1e-9 * Math.abs(expected), `${path}: ${a} != ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal((actual as unknown[]).length, expected.length, `${path}: length`);
    expected.forEach((e, i) => close((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path}: expected an object`);
    for (const [k, v] of Object.entries(expected)) close((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else assert.equal(actual, expected, path);
}

const fns = metrics as unknown as Record<string, (...a: unknown[]) => unknown>;
const cases = fixture.cases as Case[];

test(`fixture from scikit-learn ${fixture.sklearn} has cases`, () => assert.ok(cases.length > 500));

cases.forEach((c, i) => {
  const name = `${i} ${c.fn} ${JSON.stringify(c.kwargs).replace(/\[[^\]]{40,}\]/g, '[…]').slice(0, 90)}`;
  test(name, () => {
    const fn = fns[c.fn];
    assert.equal(typeof fn, 'function', `metrics.${c.fn} is missing`);
    const call = (): unknown => fn(...c.args, c.kwargs);
    if (c.error) {
      assert.throws(call, (e: unknown) => e instanceof NablaError, `scikit-learn raised: ${c.message}`);
      return;
    }
    close(plain(call()), c.expected, c.fn);
  });
});

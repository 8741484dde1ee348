import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadNative } from '../../../src/backend/native/load.js';

type Fn = (...a: unknown[]) => void;
const sel = ((): Fn | null => { const r = loadNative(); return 'addon' in r ? ((r.addon as unknown as { knnSelect?: Fn }).knnSelect ?? null) : null; })();

test('native knnSelect: the k smallest (reduced distance, index) per row, and bounds checks', { skip: sel === null && 'addon lacks knnSelect' }, () => {
  const f = sel as Fn;
  // one row, n = 5: r_t = qn − 2g + fn with g chosen so r = [4, 1, 1, 0 (clamped from −1), 9]
  const g = Float64Array.from([0, 1.5, 1.5, 2.5, -2]), qn = Float64Array.from([1]), fn = Float64Array.from([3, 3, 3, 3, 4]);
  const od = new Float64Array(3), oi = new Int32Array(3);
  f(g, qn, fn, new Float64Array([1, 5, 3]), od, oi);
  const pairs = Array.from(oi, (t, j) => [od[j], t]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.deepEqual(pairs, [[0, 3], [1, 1], [1, 2]]);
  assert.throws(() => f(g, qn, fn, new Float64Array([1, 5, 6]), od, oi), RangeError);
  assert.throws(() => f(g, qn, fn, new Float64Array([2, 5, 3]), od, oi), RangeError);
  assert.throws(() => f(g, qn, new Float64Array(4), new Float64Array([1, 5, 3]), od, oi), RangeError);
  assert.throws(() => f(g, qn, fn, new Float64Array([1, 5, 3]), new Float64Array(2), oi), RangeError);
  assert.throws(() => f(g, qn, fn, new Float64Array([1, 5, 3]), od, new Float64Array(3)), RangeError);
});

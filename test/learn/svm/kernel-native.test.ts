import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KernelColumns, type KernelParams } from '../../../src/learn/svm/kernel.js';
import { nativeSvmEntries } from '../../../src/learn/svm/native.js';
import { loadNative } from '../../../src/backend/native/load.js';

function data(n: number, p: number): Float64Array {
  let s = 7;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  return Float64Array.from({ length: n * p }, () => rnd() * 2 - 1);
}

test('KernelColumns.qEntries: signed float32 Q entries equal y_i y_j K from the kernel block on both backends', () => {
  const n = 41, p = 7, x = data(n, p);
  const rows = Int32Array.from({ length: n }, (_, i) => (i * 17) % n);
  const signs = Int8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1));
  for (const kernel of ['linear', 'poly', 'rbf', 'sigmoid'] as const) {
    const kp: KernelParams = { kernel, gamma: 0.3, coef0: 0.5, degree: 3 };
    const k = new KernelColumns(kp, x, n, p, 200);
    for (const i of [0, 5, 40]) {
      const out = new Float32Array(n).fill(NaN);
      k.qEntries(i, rows, signs, -1, 3, 38, out);
      for (let j = 0; j < n; j++) {
        if (j < 3 || j >= 38) { assert.ok(Number.isNaN(out[j]), `${kernel}: entry ${j} outside [start, end) was written`); continue; }
        let d = 0;
        for (let t = 0; t < p; t++) d += x[i * p + t] * x[rows[j] * p + t];
        let sa = 0, sb = 0;
        for (let t = 0; t < p; t++) { sa += x[i * p + t] ** 2; sb += x[rows[j] * p + t] ** 2; }
        const kv = kernel === 'linear' ? d : kernel === 'poly' ? (0.3 * d + 0.5) ** 3 : kernel === 'rbf' ? Math.exp(-0.3 * Math.max(sa + sb - 2 * d, 0)) : Math.tanh(0.3 * d + 0.5);
        const want = -signs[j] * kv;
        assert.ok(Math.abs(out[j] - want) <= 2e-7 * Math.max(1, Math.abs(want)), `${kernel} i=${i} j=${j}: ${out[j]} vs ${want}`);
      }
    }
  }
});

test('native svmKernelEntries: bounds-checked arguments (RangeError, nothing written)', { skip: !('addon' in loadNative()) && 'addon not built' }, () => {
  const addon = (loadNative() as { addon: { svmKernelEntries?: unknown } }).addon;
  if (typeof addon.svmKernelEntries !== 'function') return;
  const f = addon.svmKernelEntries as (...a: unknown[]) => void;
  const x = data(4, 3), sq = new Float64Array(4), out = new Float32Array(4);
  const rows = Int32Array.from([0, 1, 2, 3]);
  const args = (i: number, start: number, end: number, kind = 2, n = 4, p = 3): Float64Array => new Float64Array([n, p, i, start, end, kind, 1, 0, 3, 1]);
  assert.throws(() => f(x, sq, Int32Array.from([0, 1, 4, 2]), new Int8Array(0), out, args(0, 0, 4)), RangeError);
  assert.throws(() => f(x, sq, rows, new Int8Array(0), out, args(4, 0, 4)), RangeError);
  assert.throws(() => f(x, sq, rows, new Int8Array(0), new Float32Array(3), args(0, 0, 4)), RangeError);
  assert.throws(() => f(x, sq, rows, new Int8Array(2), out, args(0, 0, 4)), RangeError);
  assert.throws(() => f(x, new Float64Array(2), rows, new Int8Array(0), out, args(0, 0, 4)), RangeError);
  assert.throws(() => f(x, sq, rows, new Int8Array(0), out, args(0, 0, 4, 2, 5)), RangeError);
  assert.throws(() => f(x, sq, rows, new Int8Array(0), out, args(0, 3, 2)), RangeError);
  assert.throws(() => f(x, sq, rows, new Int8Array(0), out, args(0, 0, 4, 7)), RangeError);
  assert.throws(() => f(Float32Array.from(x), sq, rows, new Int8Array(0), out, args(0, 0, 4)), RangeError);
  assert.ok(out.every((v) => v === 0));
  assert.equal(typeof nativeSvmEntries, 'function');
});

test('native svmSelectJ / svmUpdateG: the solver loops\' values and bounds checks', { skip: !('addon' in loadNative()) && 'addon not built' }, () => {
  const addon = (loadNative() as unknown as { addon: { svmSelectJ?: (...a: unknown[]) => void; svmUpdateG?: (...a: unknown[]) => void } }).addon;
  if (typeof addon.svmSelectJ !== 'function' || typeof addon.svmUpdateG !== 'function') return;
  const G = Float64Array.from([-1, 0.5, -0.25, 2]), y = Int8Array.from([1, -1, 1, -1]), status = Uint8Array.from([2, 0, 2, 1]);
  const QD = Float64Array.from([1, 1, 1, 1]), Qi = Float32Array.from([1, -0.5, 0.25, 0.75]), out = new Float64Array(3);
  addon.svmSelectJ(G, y, status, QD, Qi, new Float64Array([4, 1, 1, 2, 1e-12]), out);
  // by hand: j=0 (y=+1, FREE): gd = 1 − 1 = 0; j=1 (y=−1, LOWER): gd = 1 − 0.5 = 0.5, qc = 1 + 1 − 0.5·2 = 1, od = −0.25;
  // j=2 (y=+1, FREE): gd = 0.75, qc = 2 − 0.5 = 1.5, od = −0.375; j=3 (y=−1, UPPER): skipped;
  // gmax2 = max(G_0, −G_1, G_2) = −0.25
  assert.deepEqual(Array.from(out), [-0.25, 2, -0.375]);
  const o2 = new Float64Array(2);
  (addon as { svmSelectI?: (...a: unknown[]) => void }).svmSelectI?.(G, y, status, new Float64Array([4]), o2);
  // i: max over y=+1 not UPPER of −G (1 at t=0, 0.25 at t=2) and y=−1 not LOWER of G (t=3: 2) → t=3
  if ((addon as { svmSelectI?: unknown }).svmSelectI) assert.deepEqual(Array.from(o2), [2, 3]);
  const G2 = Float64Array.from([1, 2, 3, 4]);
  addon.svmUpdateG(G2, Qi, Float32Array.from([2, 2, 2, 2]), new Float64Array([3, 2, -0.5]));
  assert.deepEqual(Array.from(G2), [1 + 2 - 1, 2 - 1 - 1, 3 + 0.5 - 1, 4]);
  assert.throws(() => addon.svmSelectJ?.(G, y, status, QD, Qi, new Float64Array([5, 1, 1, 2, 1e-12]), out), RangeError);
  assert.throws(() => addon.svmSelectJ?.(G, Uint8Array.from(y), status, QD, Qi, new Float64Array([4, 1, 1, 2, 1e-12]), out), RangeError);
  assert.throws(() => addon.svmUpdateG?.(G2, Qi, new Float32Array(2), new Float64Array([3, 1, 1])), RangeError);
  assert.throws(() => addon.svmUpdateG?.(G2, Qi, Qi, new Float64Array([-1, 1, 1])), RangeError);
});

/**
 * Core ops at the edges, each expected value checked against PyTorch 2 (torch.<op> on the same
 * input): rounding, Python-style modulo, NaN handling, extreme inputs, shape corner cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';

const f = (a: nb.NestedArray, o?: nb.CreateOptions) => nb.tensor(a, o);
const i32 = { dtype: 'int32' } as const;
const near = (a: nb.NestedArray, b: number[], tol = 1e-6) => {
  const x = a as number[];
  assert.equal(x.length, b.length);
  x.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol * (1 + Math.abs(b[i])), `[${i}] ${v} vs ${b[i]}`));
};

test('rounding and integer division as PyTorch', () => {
  assert.deepEqual(nb.round(f([0.5, 1.5, 2.5, -0.5, -2.5])).toArray(), [0, 2, 2, -0, -2]);
  assert.deepEqual(nb.trunc(f([-1.5])).toArray(), [-1]);
  assert.deepEqual(nb.remainder(f([-3, 3, -3.5]), 2).toArray(), [1, 1, 0.5]);
  assert.deepEqual(nb.remainder(f([-3, 3]), -2).toArray(), [-1, -1]);
  assert.deepEqual(nb.floorDivide(f([-7, 7], i32), 2).toArray(), [-4, 3]);
  assert.deepEqual(nb.floorDivide(f([-7.5, 7]), 2).toArray(), [-4, 3]);
  assert.deepEqual(nb.div(f([1, -1, 0]), 0).toArray(), [Infinity, -Infinity, NaN]);
});

test('NaN handling of comparisons, extremes and clamp', () => {
  assert.deepEqual(nb.maximum(f([NaN, 1]), f([0, NaN])).toArray(), [NaN, NaN]);
  assert.deepEqual(nb.minimum(f([NaN, 1]), f([0, NaN])).toArray(), [NaN, NaN]);
  assert.equal(nb.argmin(f([1, NaN, 0])).item(), 1);
  assert.equal(nb.argmax(f([NaN, NaN])).item(), 0);
  assert.ok(Number.isNaN(nb.min(f([1, NaN, 0])).item()));
  assert.deepEqual(nb.clamp(f([NaN]), 0, 1).toArray(), [NaN]);
  assert.deepEqual(nb.relu(f([NaN, -1])).toArray(), [NaN, 0]);
  assert.deepEqual(nb.eq(f([NaN]), f([NaN])).toArray(), [false]);
  assert.deepEqual(nb.ne(f([NaN]), f([NaN])).toArray(), [true]);
});

test('clamp with min > max gives max everywhere (PyTorch: min(max(x, lo), hi))', () => {
  assert.deepEqual(nb.clamp(f([1, 2, 3]), 2.5, 1.5).toArray(), [1.5, 1.5, 1.5]);
});

test('extreme inputs stay finite where the math is', () => {
  near(nb.sigmoid(f([-1000, 1000])).toArray(), [0, 1]);
  near(nb.tanh(f([-1000, 1000])).toArray(), [-1, 1]);
  near(nb.softplus(f([-1000, 1000, 10])).toArray(), [0, 1000, 10.000045776367188]);
  near(nb.logSoftmax(f([1000, 0]), 0).toArray(), [0, -1000]);
  assert.deepEqual(nb.log(f([0, -1])).toArray(), [-Infinity, NaN]);
  assert.deepEqual(nb.rsqrt(f([0])).toArray(), [Infinity]);
  const em = nb.expm1(f([1e-10], { dtype: 'float64' })).item(); // exp(x) - 1 would give 1.000000082740371e-10
  assert.ok(Math.abs(em / 1.00000000005e-10 - 1) < 1e-14, `expm1: ${em}`);
  near(nb.atan2(f([1, -1, 0]), f([0, 0, -1])).toArray(), [Math.PI / 2, -Math.PI / 2, Math.PI]);
});

test('shape corner cases', () => {
  assert.deepEqual([...nb.matmul(nb.ones([3]), nb.ones([2, 3, 4])).shape], [2, 4]);
  assert.deepEqual([...nb.matmul(nb.ones([2, 3, 4]), nb.ones([4])).shape], [2, 3]);
  assert.deepEqual([...nb.squeeze(f(3)).shape], []);
  assert.deepEqual([...nb.unsqueeze(nb.ones([2, 3]), -1).shape], [2, 3, 1]);
  assert.equal(nb.sum(f(3), 0).item(), 3);
  assert.equal(nb.max(f(3), 0).values.item(), 3);
  assert.deepEqual([...nb.reshape(nb.zeros([0, 3]), [3, -1]).shape], [3, 0]);
  assert.deepEqual([...nb.slice(f([1, 2, 3]), 0, 2, 1).shape], [0]);
  assert.deepEqual(nb.narrow(f([1, 2, 3, 4]), 0, -2, 2).toArray(), [3, 4]);
  assert.deepEqual([...nb.argmax(nb.ones([2, 3]), undefined, true).shape], [1, 1]);
  assert.throws(() => nb.expand(f([1, 2]), [-1, 2]), (e: Error) => e instanceof nb.ShapeError && /-1 is only allowed for existing dims/.test(e.message));
  assert.deepEqual(nb.expand(f([[1], [2]]), [2, -1, 3]).toArray(), [[[1, 1, 1], [2, 2, 2]], [[1, 1, 1], [2, 2, 2]]]);
});

test('reductions over dim 0 of a 0-d tensor return the value (as PyTorch)', () => {
  const x = nb.tensor(3);
  assert.equal(nb.sum(x, 0).item(), 3);
  assert.equal(nb.mean(x, 0).item(), 3);
  assert.equal(nb.mean(x, -1, true).item(), 3);
  assert.equal(nb.prod(x, [0]).item(), 3);
  assert.equal(nb.amax(x, 0).item(), 3);
  assert.equal(nb.logsumexp(x, 0).item(), 3);
  assert.equal(nb.norm(nb.tensor(-3), 2, 0).item(), 3);
  assert.ok(Number.isNaN(nb.var(x, 0).item())); // one sample, correction 1
  assert.equal(nb.var(x, 0, { correction: 0 }).item(), 0);
  assert.deepEqual([...nb.sum(x, 0).shape], []);
  assert.throws(() => nb.sum(x, 1), nb.IndexError);
});

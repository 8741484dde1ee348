import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

const f64 = (...shape: number[]) => nb.randn(shape, { dtype: 'float64', requiresGrad: true });
const i32 = (data: nb.NestedArray[]) => nb.tensor(data, { dtype: 'int32' });

test('gather: along each dim, smaller index, 0-d', () => {
  const x = nb.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(nb.gather(x, 1, i32([[2, 0], [1, 1]])).toArray(), [[3, 1], [5, 5]]);
  assert.deepEqual(nb.gather(x, 0, i32([[1, 0, 1]])).toArray(), [[4, 2, 6]]);
  assert.deepEqual(x.gather(-1, i32([[0], [2]])).toArray(), [[1], [6]]);
  assert.equal(nb.gather(nb.scalar(7), 0, nb.tensor(0, { dtype: 'int32' })).item(), 7);
  assert.deepEqual(nb.gather(x, 1, nb.zeros([2, 0], { dtype: 'int32' })).shape, [2, 0]);
});

test('gather: non-contiguous input and index', () => {
  const x = nb.tensor([[1, 2, 3], [4, 5, 6]]).t(); // [[1, 4], [2, 5], [3, 6]]
  const idx = i32([[1, 0, 1], [0, 0, 1]]).t(); // [[1, 0], [0, 0], [1, 1]]
  assert.deepEqual(nb.gather(x, 1, idx).toArray(), [[4, 1], [2, 2], [6, 6]]);
});

test('gather: errors', () => {
  const x = nb.zeros([2, 3]);
  assert.throws(() => nb.gather(x, 1, i32([[3]])), (e: Error) => e instanceof nb.IndexError && /3/.test(e.message) && /dimension 1/.test(e.message));
  assert.throws(() => nb.gather(x, 1, i32([[-1]])), nb.IndexError);
  assert.throws(() => nb.gather(x, 1, nb.tensor([[0]])), (e: Error) => e instanceof nb.DTypeError && /float32/.test(e.message));
  assert.throws(() => nb.gather(x, 1, i32([0])), nb.ShapeError);
  assert.throws(() => nb.gather(x, 1, i32([[0], [0], [0]])), nb.ShapeError);
  assert.throws(() => nb.gather(x, 2, i32([[0]])), nb.IndexError);
});

test('gather: gradcheck and gradgradcheck (repeated indices accumulate)', () => {
  const idx = i32([[0, 0, 2, 1], [1, 1, 1, 0]]);
  assert.ok(gradcheck((t) => nb.gather(t, 1, idx), [f64(2, 3)]));
  assert.ok(gradgradcheck((t) => nb.gather(nb.mul(t, t), 1, idx), [f64(2, 3)]));
  const w = nb.ones([3], { requiresGrad: true });
  nb.gather(w, 0, i32([0, 0, 2])).sum().backward();
  assert.deepEqual((w.grad as nb.Tensor).toArray(), [2, 0, 1]);
});

test('scatter: tensor and scalar sources, reduce add', () => {
  const x = nb.zeros([2, 3]);
  const out = nb.scatter(x, 1, i32([[2, 0], [1, 2]]), nb.tensor([[1, 2], [3, 4]]));
  assert.deepEqual(out.toArray(), [[2, 0, 1], [0, 3, 4]]);
  assert.deepEqual(x.toArray(), [[0, 0, 0], [0, 0, 0]]); // not in place
  assert.deepEqual(x.scatter(0, i32([[1, 0, 1]]), 5).toArray(), [[0, 5, 0], [5, 0, 5]]);
  assert.deepEqual(nb.scatter(x, 1, i32([[0, 0]]), nb.ones([1, 2]), { reduce: 'add' }).toArray(), [[2, 0, 0], [0, 0, 0]]);
  assert.throws(() => nb.scatter(x, 1, i32([[3]]), 1), nb.IndexError);
  assert.throws(() => nb.scatter(x, 1, i32([[0, 1]]), nb.ones([1, 1])), nb.ShapeError);
  assert.throws(() => nb.scatter(x, 1, nb.tensor([[0]]), 1), nb.DTypeError);
});

test('scatter: gradients (x zeroed where written, src gathered)', () => {
  const idx = i32([[2, 0], [1, 2]]);
  assert.ok(gradcheck((a, s) => nb.scatter(a, 1, idx, s), [f64(2, 3), f64(2, 2)]));
  assert.ok(gradcheck((a) => nb.scatter(a, 0, i32([[1, 0, 1]]), 3.5), [f64(2, 3)]));
  const x = nb.ones([2, 3], { requiresGrad: true });
  nb.scatter(x, 1, idx, 0).sum().backward();
  assert.deepEqual((x.grad as nb.Tensor).toArray(), [[0, 1, 0], [1, 0, 0]]);
});

test('scatterAdd: accumulates repeats; gradients; non-contiguous src', () => {
  const out = nb.scatterAdd(nb.zeros([3]), 0, i32([0, 2, 0, 0]), nb.tensor([1, 2, 3, 4]));
  assert.deepEqual(out.toArray(), [8, 0, 2]);
  const src = nb.tensor([[1, 2], [3, 4]]).t(); // [[1, 3], [2, 4]]
  assert.deepEqual(nb.scatterAdd(nb.zeros([2, 2]), 1, i32([[1, 1], [0, 1]]), src).toArray(), [[0, 4], [2, 4]]);
  const idx = i32([[0, 1, 0], [2, 2, 2]]);
  assert.ok(gradcheck((a, s) => nb.scatterAdd(a, 1, idx, s), [f64(2, 3), f64(2, 3)]));
  assert.ok(gradgradcheck((a, s) => nb.scatterAdd(a, 1, idx, nb.mul(s, s)), [f64(2, 3), f64(2, 3)]));
  const nan = nb.scatterAdd(nb.zeros([2]), 0, i32([1]), nb.tensor([NaN])).dataSync();
  assert.equal(nan[0], 0);
  assert.ok(Number.isNaN(nan[1]));
});

test('indexSelect: rows, columns, repeats, empty, errors', () => {
  const x = nb.tensor([[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(nb.indexSelect(x, 0, i32([2, 0, 2])).toArray(), [[5, 6], [1, 2], [5, 6]]);
  assert.deepEqual(x.indexSelect(1, i32([1])).toArray(), [[2], [4], [6]]);
  assert.deepEqual(nb.indexSelect(x.t(), 1, i32([1, 1])).toArray(), [[3, 3], [4, 4]]);
  assert.deepEqual(nb.indexSelect(x, 0, nb.zeros([0], { dtype: 'int32' })).shape, [0, 2]);
  assert.deepEqual(nb.indexSelect(x, 0, nb.tensor(1, { dtype: 'int32' })).toArray(), [[3, 4]]);
  assert.throws(() => nb.indexSelect(x, 0, i32([3])), (e: Error) => e instanceof nb.IndexError && /size 3/.test(e.message));
  assert.throws(() => nb.indexSelect(x, 0, nb.tensor([0])), nb.DTypeError);
  assert.throws(() => nb.indexSelect(x, 0, i32([[0]])), nb.ShapeError);
});

test('indexSelect/indexAdd: each is the other\'s backward, to second order', () => {
  const idx = i32([3, 0, 3, 1]);
  assert.ok(gradcheck((t) => nb.indexSelect(t, 0, idx), [f64(4, 2)]));
  assert.ok(gradcheck((t) => nb.indexSelect(t, 1, idx), [f64(2, 4)]));
  assert.ok(gradgradcheck((t) => nb.indexSelect(nb.mul(t, t), 0, idx), [f64(4, 2)]));
  assert.ok(gradcheck((a, s) => nb.indexAdd(a, 0, idx, s, { alpha: 2 }), [f64(4, 2), f64(4, 2)]));
  assert.ok(gradgradcheck((a, s) => nb.indexAdd(a, 1, i32([0, 0]), nb.mul(s, s)), [f64(2, 3), f64(2, 2)]));
});

test('indexAdd: values and shape errors', () => {
  const out = nb.indexAdd(nb.zeros([3, 2]), 0, i32([2, 2, 0]), nb.tensor([[1, 1], [2, 2], [3, 3]]));
  assert.deepEqual(out.toArray(), [[3, 3], [0, 0], [3, 3]]);
  assert.throws(() => nb.indexAdd(nb.zeros([3, 2]), 0, i32([0]), nb.ones([2, 2])), nb.ShapeError);
});

// ---------------------------------------------------------------- kernels vs naive loops

/** Row-major coordinates of flat position i in shape. */
function coordsOf(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { c[d] = i % shape[d]; i = Math.floor(i / shape[d]); }
  return c;
}
function flatOf(c: readonly number[], shape: readonly number[]): number {
  let f = 0;
  for (let d = 0; d < shape.length; d++) f = f * shape[d] + c[d];
  return f;
}
/** A random tensor of `shape` made non-contiguous by permuting a larger one back. */
function strided(shape: number[]): nb.Tensor {
  const rev = [...shape].reverse();
  return nb.randn(rev).permute(rev.map((_, i) => rev.length - 1 - i));
}

test('gather/scatterAdd/indexSelect/indexAdd kernels match naive loops on strided 3-D inputs', () => {
  nb.manualSeed(3);
  for (let trial = 0; trial < 12; trial++) {
    const shape = [2 + (trial % 3), 3, 2 + (trial % 2)];
    const dim = trial % 3;
    const x = strided(shape);
    const xv = x.contiguous().dataSync();
    // gather with an index smaller outside dim and longer along it
    const ishape = shape.map((s, d) => (d === dim ? s + 1 : Math.max(1, s - 1)));
    const index = nb.randint(0, shape[dim], ishape).permute([0, 1, 2]);
    const iv = index.dataSync();
    const got = nb.gather(x, dim, index.transpose(0, 2).contiguous().transpose(0, 2)).dataSync();
    for (let i = 0; i < got.length; i++) {
      const c = coordsOf(i, ishape);
      c[dim] = iv[i];
      assert.equal(got[i], xv[flatOf(c, shape)], `gather trial ${trial} element ${i}`);
    }
    // scatterAdd of a strided src is the adjoint: <gather(x), s> == <x, scatterAdd(0, s)>
    const s = strided(ishape);
    const sa = nb.scatterAdd(nb.zeros(shape), dim, index, s).dataSync();
    const sv = s.contiguous().dataSync();
    const want = new Float64Array(xv.length);
    for (let i = 0; i < sv.length; i++) {
      const c = coordsOf(i, ishape);
      c[dim] = iv[i];
      want[flatOf(c, shape)] += sv[i];
    }
    want.forEach((w, i) => assert.ok(Math.abs(w - sa[i]) < 1e-5, `scatterAdd trial ${trial} element ${i}: ${sa[i]} vs ${w}`));
    // indexSelect / indexAdd along dim
    const sel = [shape[dim] - 1, 0, shape[dim] - 1];
    const isel = nb.indexSelect(x, dim, nb.tensor(sel, { dtype: 'int32' }));
    const oshape = shape.map((n, d) => (d === dim ? sel.length : n));
    const ov = isel.dataSync();
    for (let i = 0; i < ov.length; i++) {
      const c = coordsOf(i, oshape);
      c[dim] = sel[c[dim]];
      assert.equal(ov[i], xv[flatOf(c, shape)], `indexSelect trial ${trial} element ${i}`);
    }
    const src = strided(oshape);
    const ia = nb.indexAdd(nb.zeros(shape), dim, nb.tensor(sel, { dtype: 'int32' }), src).dataSync();
    const srcv = src.contiguous().dataSync();
    const want2 = new Float64Array(xv.length);
    for (let i = 0; i < srcv.length; i++) {
      const c = coordsOf(i, oshape);
      c[dim] = sel[c[dim]];
      want2[flatOf(c, shape)] += srcv[i];
    }
    want2.forEach((w, i) => assert.ok(Math.abs(w - ia[i]) < 1e-5, `indexAdd trial ${trial} element ${i}: ${ia[i]} vs ${w}`));
  }
});

test('backward keeps its own copy of the index', () => {
  const idx = i32([0, 0]);
  const w = nb.ones([3], { requiresGrad: true });
  const y = nb.gather(w, 0, idx);
  idx.storage[0] = 2; // changed after the forward
  y.sum().backward();
  assert.deepEqual((w.grad as nb.Tensor).toArray(), [2, 0, 0]);
});

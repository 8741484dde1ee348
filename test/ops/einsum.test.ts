import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

const same = (a: nb.Tensor, b: nb.Tensor, tol = 1e-5) => {
  assert.deepEqual([...a.shape], [...b.shape]);
  assert.ok(nb.allclose(a, b, tol, tol), `${a.toString()}\nvs\n${b.toString()}`);
};
const r = (...s: number[]) => nb.randn(s);

test('einsum: products against matmul and friends', () => {
  const a = r(3, 4), b = r(4, 5), v = r(4), w = r(4);
  same(nb.einsum('ij,jk->ik', a, b), nb.matmul(a, b));
  same(nb.einsum('ij,jk', a, b), nb.matmul(a, b)); // implicit output
  const A = r(2, 3, 4), B = r(2, 4, 5);
  same(nb.einsum('bij,bjk->bik', A, B), nb.bmm(A, B));
  same(nb.einsum('...ij,...jk->...ik', A, B), nb.matmul(A, B));
  same(nb.einsum('...ij,jk->...ik', A, b), nb.matmul(A, b)); // broadcast batch
  same(nb.einsum('bij,jk->bik', A, b), nb.matmul(A, b));
  same(nb.einsum('i,i->', v, w), nb.dot(v, w));
  same(nb.einsum('i,j->ij', v, r(3).mul(0).add(1)), nb.outer(v, nb.ones([3])));
  const q = r(2, 3, 5, 4), k = r(2, 3, 6, 4);
  same(nb.einsum('bhqd,bhkd->bhqk', q, k), nb.matmul(q, k.transpose(-1, -2)));
  same(nb.einsum('ij,ij->i', a, a), nb.sum(nb.mul(a, a), 1));
  same(nb.einsum('ij,jk,kl->il', a, b, r(5, 2).mul(0).add(1)), nb.matmul(nb.matmul(a, b), nb.ones([5, 2])));
});

test('einsum: single operand: transpose, sums, diagonal, trace', () => {
  const a = r(3, 4);
  same(nb.einsum('ij->ji', a), a.t());
  same(nb.einsum('ij->', a), nb.sum(a));
  same(nb.einsum('ij->j', a), nb.sum(a, 0));
  const m = nb.arange(9, undefined, 1, { dtype: 'float32' }).reshape([3, 3]);
  assert.deepEqual(nb.einsum('ii->i', m).toArray(), [0, 4, 8]);
  assert.equal(nb.einsum('ii', m).item(), 12);
  assert.equal(nb.einsum('ii->', m).item(), 12);
  assert.deepEqual(nb.einsum('...ii->...i', r(2, 3, 3).mul(0).add(m)).toArray(), [[0, 4, 8], [0, 4, 8]]);
});

test('einsum: integer operands, broadcasting size-1 dims, non-contiguous', () => {
  const a = nb.tensor([[1, 2], [3, 4]], { dtype: 'int32' });
  const e = nb.einsum('ij,jk->ik', a, a);
  assert.equal(e.dtype, 'int32');
  assert.deepEqual(e.toArray(), [[7, 10], [15, 22]]);
  const x = r(3, 1), y = r(1, 4);
  same(nb.einsum('ij,ij->ij', x, y), nb.mul(x, y));
  const t = r(4, 3);
  same(nb.einsum('ij,jk->ik', t.t(), r(4, 2).mul(0).add(1)), nb.matmul(t.t(), nb.ones([4, 2])));
});

test('einsum: invalid equations are ValueErrors naming the problem; size clashes ShapeErrors', () => {
  const a = r(2, 3);
  assert.throws(() => nb.einsum('ij,jk->ik', a), (e: Error) => e instanceof nb.ValueError && /2 operand term/.test(e.message));
  assert.throws(() => nb.einsum('ijk->i', a), (e: Error) => e instanceof nb.ValueError && /3 labels but the operand has 2 dims/.test(e.message));
  assert.throws(() => nb.einsum('ij->z', a), (e: Error) => e instanceof nb.ValueError && /'z'/.test(e.message));
  assert.throws(() => nb.einsum('ij->ii', a), (e: Error) => e instanceof nb.ValueError && /repeats/.test(e.message));
  assert.throws(() => nb.einsum('i1->i', a), (e: Error) => e instanceof nb.ValueError && /invalid character '1'/.test(e.message));
  assert.throws(() => nb.einsum('ij->i->j', a), nb.ValueError);
  assert.throws(() => nb.einsum('ij,ij->i', a, r(3, 2)), (e: Error) => e instanceof nb.ShapeError && /label 'i' has size 2/.test(e.message));
  assert.throws(() => nb.einsum('ii->i', a), nb.ShapeError);
});

test('einsum: gradcheck and gradgradcheck', () => {
  const f64 = (...s: number[]) => nb.randn(s, { dtype: 'float64', requiresGrad: true });
  gradcheck((a, b) => nb.einsum('ij,jk->ik', a, b), [f64(2, 3), f64(3, 2)]);
  gradcheck((a, b) => nb.einsum('bij,bjk->bik', a, b), [f64(2, 2, 3), f64(2, 3, 2)]);
  gradcheck((a) => nb.einsum('ii->i', a), [f64(3, 3)]);
  gradcheck((a) => nb.einsum('ii', a), [f64(3, 3)]);
  gradcheck((a, b) => nb.einsum('bhqd,bhkd->bhqk', a, b), [f64(1, 2, 2, 3), f64(1, 2, 3, 3)]);
  gradcheck((a, b) => nb.einsum('i,j->ij', a, b), [f64(3), f64(2)]);
  gradgradcheck((a, b) => nb.einsum('ij,jk->ik', a, b), [f64(2, 3), f64(3, 2)]);
});

test('einsum: zero-size dims', () => {
  assert.deepEqual(nb.einsum('ij,jk->ik', nb.zeros([2, 0]), nb.zeros([0, 3])).toArray(), [[0, 0, 0], [0, 0, 0]]);
  assert.deepEqual([...nb.einsum('bij,bjk->bik', nb.zeros([0, 2, 3]), nb.zeros([0, 3, 4])).shape], [0, 2, 4]);
  assert.equal(nb.einsum('i,i->', nb.zeros([0]), nb.zeros([0])).item(), 0);
});

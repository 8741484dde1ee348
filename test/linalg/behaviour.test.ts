// nabla/linalg beyond the NumPy fixture: the large-matrix paths (CholeskyQR2 on GEMM and its
// Householder fallback), full/thin shapes, sign conventions, float32, batching, strided and
// grad-requiring inputs, empty matrices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as linalg from '../../src/linalg/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { randn, tensor, zeros } from '../../src/tensor/creation.js';
import { manualSeed } from '../../src/tensor/random.js';
import { transpose } from '../../src/ops/movement.js';
import { assertClose, flat, mat, maxAbs, mul, orthError, tr, type M } from './helpers.js';

/** An m×n matrix with the given singular values: Q₁·diag(s)·Q₂ᵀ from QRs of Gaussian matrices. */
function withSingularValues(m: number, n: number, s: number[]): { A: Tensor; s: Float64Array } {
  const q1 = mat(linalg.qr(randn([m, s.length], { dtype: 'float64' })).Q as Tensor);
  const q2 = mat(linalg.qr(randn([n, s.length], { dtype: 'float64' })).Q as Tensor);
  const d = Float64Array.from(q1.d);
  for (let i = 0; i < m; i++) for (let j = 0; j < s.length; j++) d[i * s.length + j] *= s[j];
  const a = mul({ r: m, c: s.length, d }, tr(q2));
  return { A: new Tensor(a.d, [m, n], 'float64'), s: Float64Array.from(s) };
}

function logspace(k: number, cond: number): number[] {
  return Array.from({ length: k }, (_, i) => 10 ** (-Math.log10(cond) * i / (k - 1)));
}

function checkSVD(A: Tensor, sTrue: Float64Array, relTol: number, what: string): void {
  const { U, S, Vh } = linalg.svd(A, { fullMatrices: false });
  const s = flat(S);
  for (let i = 0; i < s.length; i++) assert.ok(Math.abs(s[i] - sTrue[i]) <= relTol * sTrue[i] + 1e-14 * sTrue[0], `${what}: s[${i}] = ${s[i]} vs ${sTrue[i]}`);
  const u = mat(U as Tensor), vh = mat(Vh as Tensor), a = mat(A);
  assert.ok(orthError(u) < 1e-13, `${what}: UᵀU − I = ${orthError(u)}`);
  assert.ok(orthError(tr(vh)) < 1e-13, `${what}: VVᵀ − I = ${orthError(tr(vh))}`);
  const us: M = { r: u.r, c: u.c, d: u.d.map((v, i) => v * s[i % u.c]) };
  assertClose(mul(us, vh).d, a.d, 1e-13, `${what}: U·S·Vh − A`);
}

test('svd of a big tall matrix (the CholeskyQR2 path) is accurate: random, κ = 1e6 and κ = 1e12 (Householder fallback)', () => {
  manualSeed(7);
  for (const cond of [10, 1e6, 1e12]) {
    const { A, s } = withSingularValues(2000, 25, logspace(25, cond));
    checkSVD(A, s, cond < 1e7 ? 1e-9 : 1e-3, `κ=${cond}`);
  }
});

test('svd of a big tall rank-deficient matrix: the zero singular values come out at rounding level', () => {
  manualSeed(8);
  const sv = [...logspace(10, 100), 0, 0, 0, 0, 0];
  const { A, s } = withSingularValues(1500, 30, sv);
  const got = flat(linalg.svdvals(A));
  for (let i = 0; i < 15; i++) assert.ok(Math.abs(got[i] - s[i]) < 1e-12, `s[${i}] = ${got[i]}`);
  assert.equal(linalg.matrixRank(A), 10);
  // the minimum-norm least-squares solution equals pinv(A)·b
  const b = randn([1500], { dtype: 'float64' });
  const x = flat(linalg.lstsq(A, b).solution);
  const xp = mul(mat(linalg.pinv(A, { rtol: null })), { r: 1500, c: 1, d: flat(b) }).d;
  assertClose(x, xp, 1e-9, 'lstsq = pinv·b');
});

test('full and thin SVD shapes, tall and wide; full U and Vh are orthogonal', () => {
  manualSeed(1);
  for (const [m, n] of [[7, 3], [3, 7], [4, 4], [5, 1], [1, 5]]) {
    const A = randn([m, n], { dtype: 'float64' });
    const k = Math.min(m, n);
    const full = linalg.svd(A);
    assert.deepEqual([full.U!.shape, full.S.shape, full.Vh!.shape], [[m, m], [k], [n, n]]);
    assert.ok(orthError(mat(full.U!)) < 1e-14 && orthError(mat(full.Vh!)) < 1e-14);
    const thin = linalg.svd(A, { fullMatrices: false });
    assert.deepEqual([thin.U!.shape, thin.Vh!.shape], [[m, k], [k, n]]);
    assertClose(flat(full.S), flat(thin.S), 1e-14, 'S full vs thin');
    const noUV = linalg.svd(A, { computeUV: false });
    assert.equal(noUV.U, null);
    assertClose(flat(noUV.S), flat(thin.S), 1e-14, 'S without U, V');
  }
});

test('sign convention: the largest-magnitude entry of each left singular vector and each eigenvector is positive', () => {
  manualSeed(2);
  const check = (q: M, k: number): void => {
    for (let j = 0; j < k; j++) {
      let best = 0;
      for (let i = 0; i < q.r; i++) if (Math.abs(q.d[i * q.c + j]) > Math.abs(best)) best = q.d[i * q.c + j];
      assert.ok(best > 0, `column ${j}`);
    }
  };
  for (const [m, n] of [[6, 4], [4, 6], [300, 3]]) check(mat(linalg.svd(randn([m, n], { dtype: 'float64' }), { fullMatrices: false }).U!), Math.min(m, n));
  const B = mat(randn([5, 5], { dtype: 'float64' }));
  check(mat(linalg.eigh(new Tensor(mul(B, tr(B)).d, [5, 5], 'float64')).eigenvectors), 5);
});

test('float32 input: computed in float64, returned as float32 close to the float64 answer', () => {
  manualSeed(3);
  const A64 = randn([6, 6], { dtype: 'float64' });
  const A32 = A64.to('float32');
  const b = randn([6], { dtype: 'float64' });
  const pairs: [Tensor, Tensor][] = [
    [linalg.solve(A32, b.to('float32')), linalg.solve(A32.to('float64'), b.to('float32').to('float64'))],
    [linalg.inv(A32), linalg.inv(A32.to('float64'))],
    [linalg.svd(A32).S, linalg.svd(A32.to('float64')).S],
    [linalg.qr(A32).R, linalg.qr(A32.to('float64')).R],
    [linalg.det(A32), linalg.det(A32.to('float64'))],
    [linalg.pinv(A32), linalg.pinv(A32.to('float64'))],
  ];
  for (const [got, want] of pairs) {
    assert.equal(got.dtype, 'float32');
    assertClose(flat(got), flat(want), 1e-6, 'float32 vs float64');
  }
  // mixed float32/float64 operands give float64
  assert.equal(linalg.solve(A32, b).dtype, 'float64');
});

test('batched inputs: each matrix of the stack is decomposed on its own; solve broadcasts batch dims', () => {
  manualSeed(4);
  const A = randn([2, 3, 4, 4], { dtype: 'float64' });
  const B = randn([4, 2], { dtype: 'float64' });
  const X = linalg.solve(A, B);
  assert.deepEqual(X.shape, [2, 3, 4, 2]);
  const a = flat(A), x = flat(X), inv = flat(linalg.inv(A)), det = flat(linalg.det(A));
  for (let k = 0; k < 6; k++) {
    const Ak = tensor(Array.from({ length: 4 }, (_, i) => Array.from(a.subarray(k * 16 + i * 4, k * 16 + i * 4 + 4))), { dtype: 'float64' });
    assertClose(x.subarray(k * 8, k * 8 + 8), flat(linalg.solve(Ak, B)), 1e-14, `solve batch ${k}`);
    assertClose(inv.subarray(k * 16, k * 16 + 16), flat(linalg.inv(Ak)), 1e-14, `inv batch ${k}`);
    assertClose(det.subarray(k, k + 1), flat(linalg.det(Ak)), 1e-14, `det batch ${k}`);
  }
  assert.deepEqual(linalg.svd(A, { fullMatrices: false }).U!.shape, [2, 3, 4, 4]);
  assert.deepEqual(linalg.eigh(A).eigenvalues.shape, [2, 3, 4]);
  assert.deepEqual(linalg.qr(randn([2, 5, 3], { dtype: 'float64' })).Q!.shape, [2, 5, 3]);
});

test('strided (transposed) inputs and inputs that require grad are read by value; outputs do not require grad', () => {
  manualSeed(5);
  const A = randn([5, 5], { dtype: 'float64' });
  const At = transpose(A, 0, 1);
  assertClose(flat(linalg.inv(At)), flat(linalg.inv(tensor(At.toArray(), { dtype: 'float64' }))), 0, 'inv of a transposed view');
  const G = randn([5, 5], { dtype: 'float64', requiresGrad: true });
  const out = linalg.svd(G).S;
  assert.equal(out.requiresGrad, false);
  assert.equal(linalg.solve(G, A).requiresGrad, false);
});

test('empty and degenerate matrices', () => {
  assert.equal(flat(linalg.det(zeros([0, 0], { dtype: 'float64' })))[0], 1);
  const e = linalg.svd(zeros([0, 3], { dtype: 'float64' }));
  assert.deepEqual([e.U!.shape, e.S.shape, e.Vh!.shape], [[0, 0], [0], [3, 3]]);
  assert.deepEqual(linalg.svd(zeros([4, 0], { dtype: 'float64' }), { fullMatrices: false }).U!.shape, [4, 0]);
  assert.deepEqual(linalg.qr(zeros([3, 0], { dtype: 'float64' })).R.shape, [0, 0]);
  assert.deepEqual(linalg.inv(zeros([0, 0], { dtype: 'float64' })).shape, [0, 0]);
  const z = linalg.svd(zeros([3, 2], { dtype: 'float64' }));
  assert.deepEqual(Array.from(flat(z.S)), [0, 0]);
  assert.ok(orthError(mat(z.U!)) < 1e-15);
  assert.equal(linalg.matrixRank(zeros([3, 2], { dtype: 'float64' })), 0);
  assert.deepEqual(Array.from(flat(linalg.pinv(zeros([3, 2], { dtype: 'float64' })))), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(flat(linalg.eigvalsh(zeros([0, 0], { dtype: 'float64' })))), []);
});

test('qr mode "r" returns only R; complete mode gives a square orthogonal Q', () => {
  manualSeed(6);
  const A = randn([6, 3], { dtype: 'float64' });
  const r = linalg.qr(A, { mode: 'r' });
  assert.equal(r.Q, null);
  assertClose(flat(r.R), flat(linalg.qr(A).R), 0, 'R');
  const c = linalg.qr(A, { mode: 'complete' });
  assert.deepEqual([c.Q!.shape, c.R.shape], [[6, 6], [6, 3]]);
  assert.ok(orthError(mat(c.Q!)) < 1e-14);
  assert.ok(maxAbs(flat(c.R).subarray(9)) === 0, 'rows below n are zero');
});

test('cholesky upper = transpose of lower; eigh reads only the requested triangle', () => {
  const A = [[4, 2, 0.4], [2, 5, 3], [0.4, 3, 6]];
  const L = mat(linalg.cholesky(A)), U = mat(linalg.cholesky(A, { upper: true }));
  assertClose(U.d, tr(L).d, 0, 'U = Lᵀ');
  assertClose(mul(L, tr(L)).d, mat(A).d, 1e-15, 'L·Lᵀ = A');
  const garbageAbove = [[4, 99, 99], [2, 5, 99], [0.4, 3, 6]];
  const garbageBelow = [[4, 2, 0.4], [-7, 5, 3], [-7, -7, 6]];
  assertClose(flat(linalg.eigvalsh(garbageAbove)), flat(linalg.eigvalsh(A)), 1e-15, 'lower');
  assertClose(flat(linalg.eigvalsh(garbageBelow, 'U')), flat(linalg.eigvalsh(A)), 1e-15, 'upper');
});

test('slogdet avoids the overflow of det', () => {
  const n = 200;
  const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1e4 : 0)));
  assert.equal(flat(linalg.det(A))[0], Infinity);
  const { sign, logabsdet } = linalg.slogdet(A);
  assert.equal(flat(sign)[0], 1);
  assert.ok(Math.abs(flat(logabsdet)[0] - n * Math.log(1e4)) < 1e-9);
});

test('blocked (compact WY) Householder QR agrees with the unblocked one and stays orthogonal', () => {
  manualSeed(9);
  const A = randn([260, 150], { dtype: 'float64' });
  const big = linalg.qr(A); // 150 ≥ 2 panels: blocked
  const q = mat(big.Q!), r = mat(big.R);
  assertClose(mul(q, r).d, mat(A).d, 1e-13, 'Q·R − A');
  assert.ok(orthError(q) < 1e-13, `QᵀQ − I: ${orthError(q)}`);
  // the first 40 columns factor on their own (unblocked path): same R block and Q columns
  const head = tensor((A.toArray() as number[][]).map((row) => row.slice(0, 40)), { dtype: 'float64' });
  const small = linalg.qr(head);
  const rs = mat(small.R), qs = mat(small.Q!);
  for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) assert.ok(Math.abs(r.d[i * 150 + j] - rs.d[i * 40 + j]) < 1e-12, `R[${i}, ${j}]`);
  for (let i = 0; i < 260; i++) for (let j = 0; j < 40; j++) assert.ok(Math.abs(q.d[i * 150 + j] - qs.d[i * 40 + j]) < 1e-12, `Q[${i}, ${j}]`);
  const full = linalg.qr(A, { mode: 'complete' });
  assert.ok(orthError(mat(full.Q!)) < 1e-13);
  assertClose(mul(mat(full.Q!), mat(full.R)).d, mat(A).d, 1e-13, 'complete Q·R − A');
  // the QR least-squares driver (blocked Qᵀb) matches the SVD driver on a full-rank system
  const b = randn([260, 130], { dtype: 'float64' });
  assertClose(flat(linalg.lstsq(A, b, { driver: 'gels' }).solution), flat(linalg.lstsq(A, b).solution), 1e-10, 'gels vs gelsd');
  const wide = randn([100, 260], { dtype: 'float64' });
  const y = randn([100], { dtype: 'float64' });
  assertClose(flat(linalg.lstsq(wide, y, { driver: 'gels' }).solution), flat(linalg.lstsq(wide, y).solution), 1e-10, 'wide gels vs gelsd');
  // full SVD of a tall matrix through the complete blocked QR
  const s = linalg.svd(A);
  assert.ok(orthError(mat(s.U!)) < 1e-13);
});

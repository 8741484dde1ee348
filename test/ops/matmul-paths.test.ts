import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';

// Randomised checks of the GEMM paths chosen by shape and layout (on the native backend: the
// long-dot-product path for A @ B^T with few outputs, the transposing B packing of x @ W^T, the
// narrow 8-row microkernel, the few-row and packed paths), against a float64 reference
// computed here, on both backends.

/** The float64 product of row-major a [M, K] and b [K, N] given as plain arrays. */
function reference(a: ArrayLike<number>, b: ArrayLike<number>, M: number, K: number, N: number): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < K; k++) {
      const x = a[i * K + k];
      for (let j = 0; j < N; j++) c[i * N + j] += x * b[k * N + j];
    }
  }
  return c;
}

function check(got: ArrayLike<number>, want: Float64Array, K: number, dtype: 'float32' | 'float64', what: string): void {
  assert.equal(got.length, want.length, what);
  const tol = dtype === 'float32' ? 2e-5 * Math.sqrt(K) : 1e-12 * K;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    assert.ok(err <= tol * (1 + Math.abs(want[i])), `${what} [${i}]: ${got[i]} vs ${want[i]}`);
  }
}

/** x [M, K] @ w^T with w [N, K] (B's columns contiguous), and the same with a contiguous B. */
function checkShape(M: number, K: number, N: number, dtype: 'float32' | 'float64'): void {
  const x = nb.randn([M, K], { dtype });
  const w = nb.randn([N, K], { dtype });
  const xs = x.dataSync(), wt = nb.contiguous(nb.transpose(w, 0, 1)).dataSync(); // [K, N]
  const want = reference(xs, wt, M, K, N);
  check(nb.matmul(x, nb.transpose(w, 0, 1)).dataSync(), want, K, dtype, `[${M}, ${K}] @ [${N}, ${K}]^T ${dtype}`);
  check(nb.matmul(x, nb.contiguous(nb.transpose(w, 0, 1))).dataSync(), want, K, dtype, `[${M}, ${K}] @ [${K}, ${N}] ${dtype}`);
  // A transposed too: (x^T)^T @ w^T
  const xt = nb.contiguous(nb.transpose(x, 0, 1));
  check(nb.matmul(nb.transpose(xt, 0, 1), nb.transpose(w, 0, 1)).dataSync(), want, K, dtype, `[${K}, ${M}]^T @ [${N}, ${K}]^T ${dtype}`);
}

test('matmul: few outputs from long dot products (A @ B^T, K up to thousands), every edge tile', () => {
  nb.manualSeed(1);
  // M x N at most 4096 with K >= 256 takes the dot-product path; the others the packed one.
  for (const [M, K, N] of [[6, 3000, 25], [16, 1600, 150], [1, 700, 9], [7, 257, 1], [13, 513, 37], [5, 256, 3], [64, 300, 64], [17, 300, 241], [2, 4100, 5]]) {
    checkShape(M, K, N, 'float32');
  }
  for (const [M, K, N] of [[6, 900, 25], [9, 300, 11], [4, 129, 7]]) checkShape(M, K, N, 'float64');
});

test('matmul: x @ W^T with the transposing B packing (K not a multiple of 16, N past one panel)', () => {
  nb.manualSeed(2);
  for (const [M, K, N] of [[20, 100, 70], [33, 37, 32], [128, 300, 96], [14, 16, 33], [3, 785, 64]]) checkShape(M, K, N, 'float32');
  checkShape(20, 37, 70, 'float64');
});

test('matmul: row counts that fit a narrower microkernel (16 rows: two panels of 8)', () => {
  nb.manualSeed(8);
  for (const [M, K, N] of [[16, 150, 100], [16, 37, 50], [30, 300, 48], [16, 64, 1000], [8, 20, 49], [16, 257, 97]]) checkShape(M, K, N, 'float32');
  checkShape(16, 150, 100, 'float64');
});

test('matmul: batched A @ B^T through the dot path, broadcast weight, strided batch', () => {
  nb.manualSeed(3);
  const a = nb.randn([4, 6, 300]), b = nb.randn([4, 25, 300]);
  const got = nb.matmul(a, nb.transpose(b, 1, 2)).dataSync();
  for (let t = 0; t < 4; t++) {
    const at = nb.select(a, 0, t).dataSync(), bt = nb.contiguous(nb.transpose(nb.select(b, 0, t), 0, 1)).dataSync();
    check(got.subarray(t * 150, (t + 1) * 150), reference(at, bt, 6, 300, 25), 300, 'float32', `batch ${t}`);
  }
  // one B for every batch entry (broadcast)
  const w = nb.randn([10, 400]);
  const x = nb.randn([3, 5, 400]);
  const y = nb.matmul(x, nb.transpose(w, 0, 1)).dataSync();
  const wt = nb.contiguous(nb.transpose(w, 0, 1)).dataSync();
  for (let t = 0; t < 3; t++) check(y.subarray(t * 50, (t + 1) * 50), reference(nb.select(x, 0, t).dataSync(), wt, 5, 400, 10), 400, 'float32', `broadcast ${t}`);
});

test('matmul: NaN and Inf propagate through the dot path', () => {
  const x = nb.ones([3, 300]), w = nb.ones([4, 300]);
  const xs = x.dataSync();
  xs[1 * 300 + 299] = NaN; // the last (partial-vector) k of row 1
  xs[2 * 300 + 5] = Infinity;
  const y = nb.matmul(x, nb.transpose(w, 0, 1)).toArray() as number[][];
  assert.deepEqual(y[0], [300, 300, 300, 300]);
  assert.ok(y[1].every((v) => Number.isNaN(v)));
  assert.ok(y[2].every((v) => v === Infinity));
});
